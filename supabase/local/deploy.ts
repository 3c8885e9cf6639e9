// `npm run deploy`: puts this project on a hosted Supabase project with the real Supabase CLI —
// link, push the migrations, deploy the Edge Functions, set their secrets — then makes the
// schedule take effect there: pg_cron and pg_net enabled, the project URL and service_role key in
// Vault (what the registration's net.http_post reads), private.sync_cron_schedule() run, and
// cron.job checked to hold one `taizhang:<job>` entry per enabled row of public.scheduled_jobs.
//
//   SUPABASE_ACCESS_TOKEN=… SUPABASE_PROJECT_REF=… SUPABASE_DB_PASSWORD=… npm run deploy [-- --include-seed]
//   npm run deploy -- --dry-run --db-url postgresql://…   (only `supabase db push --dry-run` against that database)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const supabaseBin = path.join(projectRoot, 'node_modules', '.bin', 'supabase');
const cliEnv = { SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

export class DeployError extends Error {}

/** Runs the Supabase CLI, showing its output, and returns it; a failure names the step. */
export function supabase(args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean; secret?: string } = {}): Promise<string> {
  const shown = args.map((a) => (options.secret && a.includes(options.secret) ? '***' : a)).join(' ');
  if (!options.quiet) console.log(`\n$ supabase ${shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(supabaseBin, args, { cwd: projectRoot, env: { ...process.env, ...cliEnv, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new DeployError(`supabase ${shown} failed (exit ${code})${options.quiet ? `:\n${output}` : ''}`))));
  });
}

export type CronCheck = { expected: string[]; registered: { jobname: string; schedule: string }[]; missing: string[]; extra: string[] };

/**
 * Registers public.scheduled_jobs with pg_cron (the migration's private.sync_cron_schedule()) and
 * compares cron.job with the enabled jobs. Vault secrets are upserted when given.
 */
export async function registerAndVerifyCron(client: pg.Client, secrets?: { projectUrl: string; serviceRoleKey: string }): Promise<CronCheck> {
  if (secrets) {
    for (const [name, value] of [['project_url', secrets.projectUrl], ['service_role_key', secrets.serviceRoleKey]] as const) {
      await client.query(
        `select case when exists (select 1 from vault.secrets where name = $1)
           then (select vault.update_secret(id, $2) from vault.secrets where name = $1)::text
           else vault.create_secret($2, $1)::text end`,
        [name, value],
      );
    }
  }
  await client.query('select private.sync_cron_schedule()');
  const expected = (await client.query<{ name: string }>('select name from public.scheduled_jobs where enabled order by name')).rows.map((r) => `taizhang:${r.name}`);
  const registered = (await client.query<{ jobname: string; schedule: string }>(`select jobname, schedule from cron.job where jobname like 'taizhang:%' order by jobname`)).rows;
  const names = new Set(registered.map((r) => r.jobname));
  return {
    expected,
    registered,
    missing: expected.filter((n) => !names.has(n)),
    extra: [...names].filter((n) => !expected.includes(n)),
  };
}

function usage(missing: string[]): string {
  return [
    `npm run deploy needs ${missing.join(', ')} in the environment:`,
    '  SUPABASE_ACCESS_TOKEN   a personal access token (supabase.com → Account → Access Tokens)',
    '  SUPABASE_PROJECT_REF    the project\'s reference id (the 20 letters in https://<ref>.supabase.co)',
    '  SUPABASE_DB_PASSWORD    the database password chosen when the project was created',
    'Optional: SUPABASE_DB_URL (connection string for the checks, default the direct db.<ref>.supabase.co:5432),',
    '          SUPABASE_SERVICE_ROLE_KEY (otherwise read with `supabase projects api-keys`),',
    '          --include-seed (also load seeds/: demo accounts and demo data; not for a real centre).',
    'To try the migrations against a database without a project: npm run deploy -- --dry-run --db-url postgresql://…',
  ].join('\n');
}

const argValue = (args: string[], name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};

async function dryRun(dbUrl: string | undefined): Promise<void> {
  if (!dbUrl) throw new DeployError('--dry-run needs --db-url postgresql://user:password@host:port/database');
  await supabase(['db', 'push', '--remote', dbUrl, '--include-seed', '--dry-run', '--yes'], { secret: dbUrl });
  console.log('\nDry run: nothing was changed.');
}

async function deploy(args: string[]): Promise<void> {
  const env = process.env;
  const missing = ['SUPABASE_ACCESS_TOKEN', 'SUPABASE_PROJECT_REF', 'SUPABASE_DB_PASSWORD'].filter((n) => !env[n]);
  if (missing.length > 0) throw new DeployError(usage(missing));
  const ref = env.SUPABASE_PROJECT_REF!;
  const password = env.SUPABASE_DB_PASSWORD!;

  await supabase(['link', '--project-ref', ref, '--yes']);
  await supabase(['db', 'push', '--remote', '--password', password, '--yes', ...(args.includes('--include-seed') ? ['--include-seed'] : [])], { secret: password });
  await supabase(['functions', 'deploy', '--use-api', '--remote', ref, '--yes']);
  // The functions need only what every project provides (SUPABASE_URL, SUPABASE_ANON_KEY,
  // SUPABASE_SERVICE_ROLE_KEY); anything more goes in supabase/.env.production.
  const envFile = path.join(projectRoot, 'supabase', '.env.production');
  if (existsSync(envFile)) await supabase(['secrets', 'set', '--env-file', envFile, '--remote', ref, '--yes']);
  else console.log('\n(no supabase/.env.production: the functions need no secrets beyond the project\'s own)');

  let serviceRoleKey = env.SUPABASE_SERVICE_ROLE_KEY;
  if (!serviceRoleKey) {
    const keys = JSON.parse(await supabase(['projects', 'api-keys', '--remote', ref, '--reveal', '-o', 'json'], { quiet: true })) as { name: string; api_key: string }[];
    serviceRoleKey = keys.find((k) => k.name === 'service_role')?.api_key;
    if (!serviceRoleKey) throw new DeployError('could not read the service_role key; set SUPABASE_SERVICE_ROLE_KEY');
  }
  const dbUrl = env.SUPABASE_DB_URL ?? `postgresql://postgres:${encodeURIComponent(password)}@db.${ref}.supabase.co:5432/postgres`;
  const client = new pg.Client({ connectionString: dbUrl, ssl: { rejectUnauthorized: false } });
  await client.connect();
  try {
    console.log('\nScheduling: pg_cron + pg_net, Vault secrets project_url and service_role_key, cron registration');
    await client.query('create extension if not exists pg_cron');
    await client.query('create extension if not exists pg_net');
    const check = await registerAndVerifyCron(client, { projectUrl: `https://${ref}.supabase.co`, serviceRoleKey });
    for (const job of check.registered) console.log(`  ${job.jobname.padEnd(40)} ${job.schedule}`);
    if (check.missing.length || check.extra.length) {
      throw new DeployError(`cron.job does not match public.scheduled_jobs (missing: ${check.missing.join(', ') || '-'}; extra: ${check.extra.join(', ') || '-'})`);
    }
    console.log(`  ${check.registered.length} jobs registered with pg_cron, as public.scheduled_jobs says.`);
  } finally {
    await client.end();
  }
  console.log(`\nDeployed to https://${ref}.supabase.co. Build the app with VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY set to the project's values (npm run build).`);
  console.log('To move the local data there: npm run stack -- export-data data.sql, then psql "<the project\'s connection string>" -f data.sql');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--dry-run')) await dryRun(argValue(args, '--db-url'));
  else await deploy(args);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof DeployError ? `\n${e.message}` : e);
    process.exit(1);
  });
}
