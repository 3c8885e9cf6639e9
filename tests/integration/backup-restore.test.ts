// Backup and restore of the local stack (issue 13 §2), on stacks of this file's own (never the
// shared test stack): a backup taken while rows are being written restores into a fresh stack
// folder with every table exactly as it was at the end of the backup — console-made schema, auth
// users and the audit log included, every write acknowledged before the backup ended present,
// nothing that was not written; the data-only export loads with psql into a freshly migrated
// database with the same rows.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupStack, readBackupManifest, restoreStack, type BackupResult } from '../../supabase/local/backup.ts';
import { dailyBackupIfDue } from '../../supabase/local/daily-backup.ts';
import { projectRoot, readStackConfig, type StackConfig } from '../../supabase/local/config.ts';
import { exportData } from '../../supabase/local/export-data.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { isolatedEnv } from '../support/isolated-env.ts';

const run = promisify(execFile);

type Stack = { dir: string; env: NodeJS.ProcessEnv; config: StackConfig; url: string };

async function newStackFolder(): Promise<Stack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-backup-'));
  await fs.chmod(dir, 0o755);
  // No scheduled job fires during the test (a tick an hour apart), so only this file writes.
  const env = await isolatedEnv(dir, { TAIZHANG_SCHEDULER_TICK_SECONDS: '3600' });
  const config = readStackConfig(env);
  return { dir, env, config, url: `postgresql://postgres:${config.dbPassword}@127.0.0.1:${config.dbPort}/postgres?sslmode=disable` };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Row count and md5 of the ordered rows of every table of the given schemas (load rows past `upTo` left out). */
async function fingerprint(url: string, schemas: string[], loadUpTo = Number.MAX_SAFE_INTEGER): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    url,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname = any($1) order by 1`,
    [schemas],
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    // The register descriptions' cache and its generation (a count of schema changes, moved on by any after the backup's end): bookkeeping, not data.
    if (name === 'private.register_metadata_generation' || name === 'private.register_metadata_cache') continue;
    const filter =
      name === 'public.settings' ? `where not (t.key like 'load.%' and split_part(t.key, '.', 2)::int > ${loadUpTo})`
      : name === 'public.audit_log' ? `where not (t.table_name = 'settings' and t.row_id like 'load.%' and split_part(t.row_id, '.', 2)::int > ${loadUpTo})`
      : '';
    const [row] = await query<{ n: string; h: string }>(url, `select count(*) as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h from ${name} t ${filter}`);
    result[name] = `${row.n} rows ${row.h}`;
  }
  return result;
}

const schemas = ['public', 'private', 'auth', 'console'];
let source: Stack;
let target: Stack;
const loaded = { acked: [] as { n: number; at: number }[], attempted: 0 };
let backup: BackupResult;

beforeAll(async () => {
  source = await newStackFolder();
  target = await newStackFolder();
  await startStack(source.config, source.env);
  // What an admin might do besides the app: a table of his own made in the console, a sign-in
  // account made through the auth service, and rows in a register (audited).
  await query(source.url, `create schema console; create table console.notes (id int primary key, note text not null);
    insert into console.notes select g, '备注 ' || g from generate_series(1, 500) g`);
  const state = JSON.parse(await fs.readFile(path.join(source.dir, 'stack.json'), 'utf8')) as { apiUrl: string; serviceRoleKey: string };
  const created = await fetch(`${state.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: { apikey: state.serviceRoleKey, authorization: `Bearer ${state.serviceRoleKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'backup.test@example.com', password: 'Qz7rV9mPk2', email_confirm: true }),
  });
  expect(created.status, await created.clone().text()).toBe(200);
}, 240_000);

afterAll(async () => {
  for (const stack of [source, target]) {
    if (!stack) continue;
    await stopStack(stack.config).catch(() => undefined);
    await fs.rm(stack.dir, { recursive: true, force: true });
  }
}, 60_000);

describe('backup and restore of the local stack', () => {
  it('a backup taken while people write restores into a fresh stack with every table as it was at the end of the backup', async () => {
    // Writes one row at a time, each acknowledged (committed) before the next, while the backup runs.
    const writer = new pg.Client({ connectionString: source.url });
    await writer.connect();
    let writing = true;
    const load = (async () => {
      while (writing) {
        const n = ++loaded.attempted;
        await writer.query(`insert into public.settings (key, value, label) values ($1, $2, 'backup test load')`, [`load.${n}`, String(n % 100)]);
        loaded.acked.push({ n, at: Date.now() });
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    backup = await backupStack(source.config, { file: path.join(source.dir, 'backups', 'under-load.tar.gz') });
    await new Promise((r) => setTimeout(r, 500));
    writing = false;
    await load;
    await writer.end();
    const ackedBeforeStop = loaded.acked.filter((a) => a.at < backup.stoppingAt.getTime()).length;
    expect(ackedBeforeStop).toBeGreaterThan(0);
    expect(loaded.acked.length).toBeGreaterThan(ackedBeforeStop); // writes went on after the backup ended
    console.log(`backup: ${backup.rows} rows, ${(backup.bytes / 1048576).toFixed(1)} MB, ${backup.seconds.toFixed(1)} s; ${loaded.acked.length} writes, ${ackedBeforeStop} before the backup ended`);

    // A restore refuses a running stack and changes nothing there.
    await expect(restoreStack(source.config, backup.file)).rejects.toThrow(/is running .* stop it first: npm run stack -- stop/);
    expect(await query(source.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);

    const restored = await restoreStack(target.config, backup.file, { env: target.env });
    console.log(`restore: ${restored.rows} rows, ${restored.seconds.toFixed(1)} s; ${restored.recovery}`);
    expect(restored.recovery).toMatch(/completed backup recovery/);
    expect(existsSync(path.join(target.dir, 'db', 'backup_label'))).toBe(false);

    // The load rows in the restore: exactly 1..m, every acknowledged-before-the-end one, none never written.
    const keys = (await query<{ n: number }>(target.url, `select split_part(key, '.', 2)::int as n from public.settings where key like 'load.%' order by 1`)).map((r) => r.n);
    const m = keys.length;
    expect(keys).toEqual(Array.from({ length: m }, (_, i) => i + 1));
    expect(m).toBeGreaterThanOrEqual(ackedBeforeStop);
    expect(m).toBeLessThanOrEqual(loaded.attempted);

    // Every table (public, private, auth, the console's own) as the source had it with those m rows.
    const before = await fingerprint(source.url, schemas, m);
    const after = await fingerprint(target.url, schemas);
    expect(Object.keys(after).length).toBeGreaterThan(30);
    expect(after).toEqual(before);
    // The audit log holds one insert per restored load row, and none for a row it lacks.
    const audited = await query<{ n: string }>(target.url, `select count(*) as n from public.audit_log where table_name = 'settings' and row_id like 'load.%' and action = 'insert'`);
    expect(Number(audited[0].n)).toBe(m);
    expect(await query(target.url, `select email from auth.users where email = 'backup.test@example.com'`)).toHaveLength(1);
    expect(await query(target.url, `select count(*)::int as n from console.notes`)).toEqual([{ n: 500 }]);
  }, 180_000);

  it('the data export loads with psql into a freshly migrated database with the same rows', async () => {
    const psql = ['/usr/bin/psql', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/psql`) : [])].find((p) => existsSync(p));
    expect(psql, 'psql (Debian package postgresql-client) is needed to load the export').toBeDefined();
    const file = path.join(source.dir, 'export.sql');
    const exported = await exportData(source.config, file);
    console.log(`export: ${exported.rows} rows in ${exported.tables} tables, ${(exported.bytes / 1048576).toFixed(1)} MB, ${exported.seconds.toFixed(1)} s`);
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('SET LOCAL session_replication_role = replica;');
    // Parents before children: the departments before the requests that name them.
    expect(exported.order.indexOf('public.departments')).toBeLessThan(exported.order.indexOf('public.service_requests'));
    expect(exported.order).toContain('auth.users');

    // A second database in the same Postgres, migrated as a hosted project would be.
    const copyUrl = source.url.replace('/postgres?', '/hosted_copy?');
    await query(source.url, 'create database hosted_copy');
    await query(copyUrl, await fs.readFile(path.join(projectRoot, 'supabase/local/bootstrap.sql'), 'utf8'));
    await run(path.join(projectRoot, 'node_modules/.bin/supabase'), ['db', 'push', '--db-url', copyUrl, '--include-seed', '--yes'], {
      cwd: projectRoot,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    await run(psql!, [copyUrl.replace('?sslmode=disable', ''), '-q', '-f', file], { maxBuffer: 64 * 1024 * 1024 });

    const exportedTables = exported.order;
    const sourcePrints = await fingerprint(source.url, ['public', 'private', 'auth']);
    const copyPrints = await fingerprint(copyUrl, ['public', 'private', 'auth']);
    for (const table of exportedTables) expect(`${table}: ${copyPrints[table]}`).toBe(`${table}: ${sourcePrints[table]}`);
    // No trigger fired on load: the notifications are the exported ones, not more.
    const [{ n: notifications }] = await query<{ n: string }>(copyUrl, `select count(*) as n from public.notifications`);
    expect(Number(notifications)).toBe(Number((await query<{ n: string }>(source.url, `select count(*) as n from public.notifications`))[0].n));
    // The sequences stand where they stood: the next audit row follows the exported ones.
    const [src] = await query<{ v: string }>(source.url, `select last_value::text as v from pg_sequences where schemaname = 'public' and sequencename = 'audit_log_id_seq'`);
    const [dst] = await query<{ v: string }>(copyUrl, `select last_value::text as v from pg_sequences where schemaname = 'public' and sequencename = 'audit_log_id_seq'`);
    expect(dst.v).toBe(src.v);
  }, 180_000);

  it('the daily backup is taken once a day from its hour and keeps the newest backup.keep_count daily files, never a hand-made one', async () => {
    const now = new Date();
    const dir = path.join(source.dir, 'backups');
    await fs.mkdir(dir, { recursive: true });
    const setHourAndKeep = async (hour: number, keep: number) => {
      await query(source.url, `update public.settings set value = to_jsonb($1::int) where key = 'backup.daily_hour'`, [hour]);
      await query(source.url, `update public.settings set value = to_jsonb($1::int) where key = 'backup.keep_count'`, [keep]);
    };
    const log = () => undefined;

    // Before its hour, nothing; with backup.keep_count 0, nothing.
    if (now.getHours() < 23) {
      await setHourAndKeep(now.getHours() + 1, 2);
      expect((await dailyBackupIfDue(source.config, now, log)).taken).toBeNull();
    }
    await setHourAndKeep(0, 0);
    expect(await dailyBackupIfDue(source.config, now, log)).toMatchObject({ taken: null, reason: expect.stringMatching(/keep_count is 0/) });

    // Two older daily files and one taken by hand; keep 2 → the oldest daily one goes.
    for (const name of ['daily-20200101-020000.tar.gz', 'daily-20200102-020000.tar.gz', 'taizhang-20200101-010000Z.tar.gz']) await fs.writeFile(path.join(dir, name), '');
    await setHourAndKeep(0, 2);
    const first = await dailyBackupIfDue(source.config, now, log);
    expect(first.taken).toMatch(/daily-\d{8}-\d{6}\.tar\.gz$/);
    expect(first.pruned).toEqual(['daily-20200101-020000.tar.gz']);
    expect((await readBackupManifest(first.taken!)).kind).toBe('taizhang physical backup');
    // Once a day: a second check the same day takes nothing.
    expect(await dailyBackupIfDue(source.config, new Date(now.getTime() + 1000), log)).toMatchObject({ taken: null, reason: expect.stringMatching(/exists/) });
    const files = (await fs.readdir(dir)).filter((n) => n.endsWith('.tar.gz')).sort();
    expect(files).toEqual(['daily-20200102-020000.tar.gz', path.basename(first.taken!), 'taizhang-20200101-010000Z.tar.gz', 'under-load.tar.gz'].sort());
  }, 120_000);
});
