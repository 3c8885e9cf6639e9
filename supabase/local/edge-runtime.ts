// The Edge Functions part: Deno from the deno package runs supabase/functions/* unchanged.
import { createRequire } from 'node:module';
import path from 'node:path';
import { dbUrl, projectRoot, type StackConfig } from './config.ts';
import { healthyOrStopped, startChild, type RunningChild } from './child-process.ts';
import type { ApiKeys } from './keys.ts';
import { StackError } from './stack-error.ts';

const require = createRequire(import.meta.url);

function denoBinary(): string {
  try {
    const dir = path.dirname(require.resolve('deno/package.json'));
    return path.join(dir, process.platform === 'win32' ? 'deno.exe' : 'deno');
  } catch {
    throw new StackError('Deno is not installed: run npm install');
  }
}

const inherited = (names: string[]): Record<string, string> =>
  Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n] as string]] : [])));

export async function startEdgeRuntime(c: StackConfig, keys: ApiKeys, log: (line: string) => void): Promise<RunningChild> {
  const functionsDir = path.join(projectRoot, 'supabase/functions');
  const child = startChild(
    'functions',
    denoBinary(),
    [
      'run', '--allow-all', '--no-prompt', '--node-modules-dir=none', '--no-config',
      path.join(projectRoot, 'supabase/local/edge-runtime/main.ts'),
      functionsDir, String(c.functionsPort),
    ],
    {
      ...inherited(['PATH', 'HOME', 'DENO_DIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'NPM_CONFIG_REGISTRY']),
      NO_COLOR: '1',
      // Trust the machine's certificate store too (corporate proxies) when fetching npm: imports.
      DENO_TLS_CA_STORE: 'system,mozilla',
      // What Supabase injects into every function.
      SUPABASE_URL: `http://127.0.0.1:${c.apiPort}`,
      SUPABASE_ANON_KEY: keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
      SUPABASE_DB_URL: dbUrl(c),
    },
    log,
  );
  // The first start downloads the functions' npm: imports into Deno's cache.
  return healthyOrStopped('Edge runtime', child, `http://127.0.0.1:${c.functionsPort}/_internal/health`, 180_000);
}
