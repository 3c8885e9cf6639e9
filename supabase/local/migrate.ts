// Brings the database to the project's schema: Supabase's bootstrap, then the real Supabase CLI
// pushes migrations/ and seeds/ exactly as it would to a hosted project.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { dbUrl, projectRoot, type StackConfig } from './config.ts';
import { StackError } from './stack-error.ts';

const run = promisify(execFile);
const pushTimeoutMs = Number(process.env.TAIZHANG_MIGRATE_TIMEOUT_SECONDS ?? 600) * 1000;
const supabaseBin = path.join(projectRoot, 'node_modules', '.bin', 'supabase');

export async function applyBootstrap(c: StackConfig): Promise<void> {
  const sql = await fs.readFile(path.join(projectRoot, 'supabase/local/bootstrap.sql'), 'utf8');
  const client = new pg.Client({ connectionString: dbUrl(c) });
  await client.connect();
  try {
    await client.query(sql);
    // The roles PostgREST and the auth service log in as share the local superuser's password.
    for (const role of ['authenticator', 'supabase_auth_admin', 'supabase_admin']) {
      await client.query(`alter role ${role} with login password ${client.escapeLiteral(c.dbPassword)}`);
    }
  } finally {
    await client.end();
  }
}

export async function pushMigrations(c: StackConfig, log: (line: string) => void): Promise<void> {
  try {
    const { stdout, stderr } = await run(
      supabaseBin,
      ['db', 'push', '--remote', dbUrl(c), '--include-seed', '--yes'],
      // Never waited for without end (a lock held by a stray session): the start fails with its output.
      { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024, timeout: pushTimeoutMs, killSignal: 'SIGKILL', env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } },
    );
    for (const line of `${stdout}\n${stderr}`.split('\n').filter(Boolean)) log(`[supabase db push] ${line}`);
  } catch (e) {
    const output = e && typeof e === 'object' && 'stderr' in e ? String((e as { stderr: unknown }).stderr) : String(e);
    for (const line of output.split('\n').filter(Boolean)) log(`[supabase db push] ${line}`);
    const timedOut = e && typeof e === 'object' && 'killed' in e && (e as { killed: boolean }).killed;
    if (timedOut) throw new StackError(`supabase db push did not finish within ${pushTimeoutMs / 1000}s; its last lines: ${output.split('\n').filter(Boolean).slice(-3).join(' / ') || 'none'}`);
    const reason = output.split('\n').filter(Boolean).reverse().find((l) => /error|failed/i.test(l)) ?? output.trim();
    throw new StackError(`supabase db push failed: ${reason}`);
  }
}
