// `npm run deploy` (issue 13 §3), as far as it can be shown without a hosted project: without
// credentials it says what it needs and exits 1; `--dry-run` runs the real `supabase db push
// --dry-run` against a fresh database and changes nothing; and the pg_cron registration the
// migrations carry, run against a database whose `cron` and `net` are stubs recording the calls,
// registers one cron job per enabled row of public.scheduled_jobs and follows the table's changes.
// (`deno check` of the Edge Functions is part of `npm run lint`.)
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../supabase/local/config.ts';
import { registerAndVerifyCron } from '../../supabase/local/deploy.ts';

const run = promisify(execFile);
const deployScript = path.join(projectRoot, 'supabase/local/deploy.ts');
const created: string[] = [];

function urlOf(database: string): string {
  const url = new URL(inject('stack').dbUrl);
  url.pathname = `/${database}`;
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database with Supabase's roles and schemas (what a new hosted project has), unmigrated. */
async function freshDatabase(name: string): Promise<string> {
  await withClient(urlOf('postgres'), (c) => c.query(`drop database if exists ${name} with (force)`).then(() => c.query(`create database ${name}`)));
  created.push(name);
  const url = urlOf(name);
  await withClient(url, async (c) => c.query(await fs.readFile(path.join(projectRoot, 'supabase/local/bootstrap.sql'), 'utf8')));
  return url;
}

function deploy(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return run(process.execPath, ['--import', 'tsx', deployScript, ...args], { cwd: projectRoot, env, maxBuffer: 32 * 1024 * 1024 })
    .then(({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
}

const withoutSupabaseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SUPABASE_')));

afterAll(async () => {
  await withClient(urlOf('postgres'), async (c) => {
    for (const name of created) await c.query(`drop database if exists ${name} with (force)`);
  });
}, 60_000);

describe('npm run deploy', () => {
  it('without a project\'s credentials it names what it needs and exits 1, running nothing', async () => {
    const { code, output } = await deploy([], withoutSupabaseEnv());
    expect(code).toBe(1);
    expect(output).toMatch(/needs SUPABASE_ACCESS_TOKEN, SUPABASE_PROJECT_REF, SUPABASE_DB_PASSWORD/);
    expect(output).not.toContain('$ supabase');
  }, 60_000);

  it('--dry-run lists every migration for a fresh database and changes nothing there', async () => {
    const url = await freshDatabase('deploy_dry_run');
    const { code, output } = await deploy(['--dry-run', '--db-url', url], withoutSupabaseEnv());
    expect(code, output).toBe(0);
    const migrations = (await fs.readdir(path.join(projectRoot, 'migrations'))).filter((f) => f.endsWith('.sql'));
    for (const file of migrations) expect(output).toContain(file);
    expect(output).toContain('Dry run: nothing was changed.');
    expect(output).not.toContain(url); // the password in the URL is not echoed
    const tables = await withClient(url, (c) =>
      c.query(`select to_regclass('supabase_migrations.schema_migrations') as history, to_regclass('public.scheduled_jobs') as jobs`),
    );
    expect(tables.rows[0]).toEqual({ history: null, jobs: null });
  }, 120_000);

  it('the migrations register every enabled scheduled job with pg_cron to call its Edge Function through pg_net, and follow changes', async () => {
    const url = await freshDatabase('deploy_cron_stub');
    // Stand-ins for pg_cron and pg_net: the migration asks pg_extension whether they are installed,
    // then calls cron.schedule / cron.unschedule, which here record what they were asked.
    await withClient(url, (c) =>
      c.query(`
        create schema cron;
        create table cron.job (jobid bigserial primary key, jobname text unique, schedule text not null, command text not null);
        create table cron.calls (id bigserial primary key, fn text not null, jobname text not null);
        create function cron.schedule(p_name text, p_schedule text, p_command text) returns bigint language sql as $$
          insert into cron.calls (fn, jobname) values ('schedule', p_name);
          insert into cron.job (jobname, schedule, command) values (p_name, p_schedule, p_command)
            on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command returning jobid $$;
        create function cron.unschedule(p_name text) returns boolean language sql as $$
          insert into cron.calls (fn, jobname) values ('unschedule', p_name);
          delete from cron.job where jobname = p_name returning true $$;
        create schema net;
        create function net.http_post(url text, headers jsonb, body jsonb) returns bigint language sql as $$ select 1::bigint $$;
        insert into pg_catalog.pg_extension (oid, extname, extowner, extnamespace, extrelocatable, extversion)
        select pg_catalog.max(oid)::int + 1000 + v.n, v.name, 10, 'cron'::regnamespace, false, 'stub'
        from pg_catalog.pg_extension, (values (1, 'pg_cron'), (2, 'pg_net')) v(n, name) group by v.n, v.name;
      `),
    );
    await run(path.join(projectRoot, 'node_modules/.bin/supabase'), ['db', 'push', '--remote', url, '--yes'], {
      cwd: projectRoot,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    await withClient(url, async (c) => {
      const jobs = (await c.query<{ name: string; function_name: string; schedule: string }>(
        'select name, function_name, schedule from public.scheduled_jobs where enabled order by name',
      )).rows;
      expect(jobs.length).toBeGreaterThan(5);
      const registered = (await c.query<{ jobname: string; schedule: string; command: string }>(`select jobname, schedule, command from cron.job order by jobname`)).rows;
      expect(registered.map((r) => [r.jobname, r.schedule])).toEqual(jobs.map((j) => [`taizhang:${j.name}`, j.schedule]));
      for (const job of jobs) {
        const command = registered.find((r) => r.jobname === `taizhang:${job.name}`)!.command;
        expect(command).toContain('net.http_post(');
        expect(command).toContain(`/functions/v1/${job.function_name}`);
        expect(command).toContain("vault.decrypted_secrets where name = 'project_url'");
        expect(command).toContain("vault.decrypted_secrets where name = 'service_role_key'");
      }

      // What `npm run deploy` checks after it: cron.job matches the table.
      const check = await registerAndVerifyCron(c);
      expect(check.missing).toEqual([]);
      expect(check.extra).toEqual([]);
      expect(check.registered).toHaveLength(jobs.length);

      // An admin switching a job off in the app takes it out of pg_cron; switching it on puts it back.
      const victim = jobs[0].name;
      await c.query('update public.scheduled_jobs set enabled = false where name = $1', [victim]);
      expect((await c.query(`select 1 from cron.job where jobname = $1`, [`taizhang:${victim}`])).rowCount).toBe(0);
      expect((await c.query(`select count(*)::int as n from cron.job`)).rows[0].n).toBe(jobs.length - 1);
      await c.query('update public.scheduled_jobs set enabled = true where name = $1', [victim]);
      expect((await c.query(`select count(*)::int as n from cron.job`)).rows[0].n).toBe(jobs.length);
    });
  }, 180_000);
});
