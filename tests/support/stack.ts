// What tests need from the running stack: its URLs and keys, the demo accounts, and clients
// signed in as each of them.
import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { inject } from 'vitest';
import { demoAccounts, demoPassword, type DemoAccountKey } from '../../supabase/local/demo-accounts.ts';

export type StackEnv = { API_URL: string; ANON_KEY: string; SERVICE_ROLE_KEY: string; DB_URL: string; JWT_SECRET: string; STACK_DIR: string };

export function stackEnv(): StackEnv {
  const s = inject('stack');
  return { API_URL: s.apiUrl, ANON_KEY: s.anonKey, SERVICE_ROLE_KEY: s.serviceRoleKey, DB_URL: s.dbUrl, JWT_SECRET: s.jwtSecret, STACK_DIR: s.dataDir };
}

export const DEMO_PASSWORD = demoPassword;
export const demoUsers = Object.fromEntries(demoAccounts.map((a) => [a.key, a.email])) as Record<DemoAccountKey, string>;
export type DemoRole = DemoAccountKey;

// Node 20 has no global WebSocket; supabase-js's realtime client needs one to be constructed.
const noSession = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: WebSocket as unknown as NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport'] },
};

export function anonClient(): SupabaseClient {
  const env = stackEnv();
  return createClient(env.API_URL, env.ANON_KEY, noSession);
}

export function serviceClient(): SupabaseClient {
  const env = stackEnv();
  return createClient(env.API_URL, env.SERVICE_ROLE_KEY, noSession);
}

export async function signIn(email: string, password = DEMO_PASSWORD): Promise<SupabaseClient> {
  const client = anonClient();
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
  return client;
}

export const signInAs = (role: DemoRole): Promise<SupabaseClient> => signIn(demoUsers[role]);

/** Runs SQL as the database owner (the Supabase console's role), for arranging a scenario. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: stackEnv().DB_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Runs a schema change (a column added "in the console") while no other test file generates the
 * database types: both hold the same advisory lock.
 */
export async function withSchemaLock<T>(fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stackEnv().DB_URL });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(742101)');
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock(742101)').catch(() => undefined);
    await client.end();
  }
}

let counter = 0;

/** A throwaway operator with its own sign-in account, for tests that change a person's state. */
export async function createThrowawayOperator(
  role: 'clerk' | 'archivist' | 'manager' | 'director' | 'deputy_gm' | 'gm' | 'admin',
  departmentCode = 'KF1',
): Promise<{ id: string; userId: string; email: string; client: () => Promise<SupabaseClient>; remove: () => Promise<void> }> {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `t-${tag}@test.taizhang.cn`;
  const admin = serviceClient();
  const { data, error } = await admin.auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true });
  if (error || !data.user) throw new Error(`cannot create test user: ${error?.message}`);
  const userId = data.user.id;
  const [row] = await sql<{ id: string }>(
    `insert into public.operators (user_id, code, name, department_id, role, email)
     select $1, $2, $3, d.id, $4, $5 from public.departments d where d.code = $6 returning id`,
    [userId, `T${tag}`.slice(0, 20), `测试${role}`, role, email, departmentCode],
  );
  return {
    id: row.id,
    userId,
    email,
    client: () => signIn(email),
    remove: async () => {
      await sql('delete from public.operators where id = $1', [row.id]);
      await admin.auth.admin.deleteUser(userId);
    },
  };
}
