// Where the embedded stack lives and which ports it binds: one place, overridable by env.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type StackConfig = {
  dataDir: string;
  apiPort: number;
  dbPort: number;
  restPort: number;
  authPort: number;
  functionsPort: number;
  /** The Realtime part (supabase/local/realtime/), reached through the gateway at /realtime/v1. */
  realtimePort: number;
  dbPassword: string;
  jwtSecret: string;
  /** Seconds between scheduler ticks; tests shorten it. */
  schedulerTickSeconds: number;
  /** The most WAL Realtime's replication slot may hold back (Postgres' max_slot_wal_keep_size); a fault test shrinks it. */
  slotWalKeep: string;
};

// Supabase's local development secret: the anon and service_role keys derived from it are the
// well-known demo keys, so tooling that expects them works unchanged.
const supabaseLocalJwtSecret = 'super-secret-jwt-token-with-at-least-32-characters-long';

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name}=${raw} is not a valid port number`);
  }
  return value;
}

export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const apiPort = port(env, 'TAIZHANG_API_PORT', 54321);
  return {
    dataDir: path.resolve(projectRoot, env.TAIZHANG_STACK_DIR ?? '.supabase-local'),
    apiPort,
    dbPort: port(env, 'TAIZHANG_DB_PORT', 54322),
    restPort: port(env, 'TAIZHANG_REST_PORT', apiPort + 10),
    authPort: port(env, 'TAIZHANG_AUTH_PORT', apiPort + 11),
    functionsPort: port(env, 'TAIZHANG_FUNCTIONS_PORT', apiPort + 12),
    realtimePort: port(env, 'TAIZHANG_REALTIME_PORT', apiPort + 13),
    dbPassword: env.TAIZHANG_DB_PASSWORD ?? 'postgres',
    jwtSecret: env.TAIZHANG_JWT_SECRET ?? supabaseLocalJwtSecret,
    schedulerTickSeconds: Number(env.TAIZHANG_SCHEDULER_TICK_SECONDS ?? 30),
    slotWalKeep: env.TAIZHANG_SLOT_WAL_KEEP ?? '1GB',
  };
}

export function dbUrl(c: StackConfig, user = 'postgres', password = c.dbPassword): string {
  // Local connections are plain TCP; saying so keeps the Supabase CLI from trying TLS first.
  return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${c.dbPort}/postgres?sslmode=disable`;
}

export const apiUrl = (c: StackConfig): string => `http://127.0.0.1:${c.apiPort}`;
