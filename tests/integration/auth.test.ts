// The local auth service answers supabase-js as Supabase Auth does: password sign-in with
// Supabase's JWT claims, refresh-token rotation with reuse detection, sign-out, password change,
// the admin user endpoints behind the service_role key, and per-address rate limits. The
// database refuses a banned or locked person's token and locks an account after wrong passwords;
// simple passwords are refused (密码与权限治理制度).
import { decodeJwt } from 'jose';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { describe, expect, it } from 'vitest';
import { startAuthServer } from '../../supabase/local/gotrue/server.ts';
import { freePort } from '../../supabase/local/ports.ts';
import { AuthClient, type SupabaseClient } from '@supabase/supabase-js';
import {
  DEMO_PASSWORD,
  anonClient,
  createThrowawayOperator,
  demoUsers,
  serviceClient,
  signIn,
  signInAs,
  sql,
  stackEnv,
} from '../support/stack.ts';

async function throwawayUser(password = DEMO_PASSWORD): Promise<{ id: string; email: string; remove(): Promise<void> }> {
  const email = `auth-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@test.taizhang.cn`;
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (error || !data.user) throw new Error(error?.message ?? 'no user');
  const id = data.user.id;
  return { id, email, remove: async () => void (await serviceClient().auth.admin.deleteUser(id)) };
}

/** How many staff rows a person's token reads: every staff member may read them all while allowed. */
async function staffVisible(client: SupabaseClient): Promise<number> {
  const { data, error } = await client.from('operators').select('id');
  expect(error).toBeNull();
  return data?.length ?? 0;
}

/** A second auth service on the stack's database with its own settings, for limits the shared one must not have. */
async function ownAuthService(settings: Partial<Parameters<typeof startAuthServer>[0]>): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await startAuthServer({
    port,
    dbUrl: stackEnv().DB_URL,
    jwtSecret: stackEnv().JWT_SECRET,
    jwtExpirySeconds: 3600,
    apiExternalUrl: stackEnv().API_URL,
    ...settings,
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('signing in', () => {
  it('gives a clerk a JWT with Supabase’s claims', async () => {
    const client = await signInAs('clerk');
    const { data } = await client.auth.getSession();
    const claims = decodeJwt(data.session?.access_token ?? '');
    expect(claims).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      email: demoUsers.clerk,
      sub: '00000000-0000-4000-b000-000000000001',
      iss: `${stackEnv().API_URL}/auth/v1`,
      app_metadata: { provider: 'email', providers: ['email'] },
      is_anonymous: false,
    });
    expect(typeof claims.session_id).toBe('string');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const user = await client.auth.getUser();
    expect(user.data.user?.email).toBe(demoUsers.clerk);
  });

  it('refuses a wrong password with invalid_credentials', async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({ email: demoUsers.clerk, password: 'wrong-password-1' });
    expect(data.session).toBeNull();
    expect(error?.code).toBe('invalid_credentials');
    expect(error?.status).toBe(400);
  });

  it('refuses an unknown account exactly like a wrong password', async () => {
    const { error } = await anonClient().auth.signInWithPassword({ email: 'nobody@demo.taizhang.cn', password: DEMO_PASSWORD });
    expect(error?.code).toBe('invalid_credentials');
  });

  it('offers no self sign-up: accounts come from the administrator', async () => {
    const { error } = await anonClient().auth.signUp({ email: 'self@demo.taizhang.cn', password: DEMO_PASSWORD });
    expect(error?.code).toBe('signup_disabled');
  });
});

describe('refresh tokens', () => {
  it('rotates the refresh token on every refresh', async () => {
    const client = await signInAs('clerk2');
    const first = (await client.auth.getSession()).data.session;
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(first?.refresh_token);
    expect(data.session?.access_token).toBeTruthy();
  });

  it('refuses a refresh token reused after the reuse interval and ends the session', async () => {
    // No reuse grace period, so the test needn't wait 10 s.
    const server = await ownAuthService({ refreshTokenReuseIntervalSeconds: 0 });
    try {
      const auth = new AuthClient({ url: server.url, headers: {}, persistSession: false, autoRefreshToken: false });
      const signedIn = await auth.signInWithPassword({ email: demoUsers.gm, password: DEMO_PASSWORD });
      const original = signedIn.data.session?.refresh_token ?? '';
      const rotated = await auth.refreshSession({ refresh_token: original });
      expect(rotated.error).toBeNull();
      const reused = await auth.refreshSession({ refresh_token: original });
      expect(reused.error?.code).toBe('refresh_token_already_used');
      // The stolen token's whole session is gone: even the newest token no longer works.
      const newest = await auth.refreshSession({ refresh_token: rotated.data.session?.refresh_token ?? '' });
      expect(newest.error).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it('hands concurrent tabs the same new token within the reuse interval', async () => {
    const client = await signInAs('director');
    const original = (await client.auth.getSession()).data.session?.refresh_token ?? '';
    const a = await anonClient().auth.refreshSession({ refresh_token: original });
    const b = await anonClient().auth.refreshSession({ refresh_token: original });
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(b.data.session?.refresh_token).toBe(a.data.session?.refresh_token);
  });
});

describe('signing out', () => {
  it('ends the session: its refresh token and access token stop working', async () => {
    const client = await signInAs('archivist');
    const session = (await client.auth.getSession()).data.session;
    expect((await client.auth.signOut()).error).toBeNull();
    const refreshed = await anonClient().auth.refreshSession({ refresh_token: session?.refresh_token ?? '' });
    expect(refreshed.error).not.toBeNull();
    const user = await anonClient().auth.getUser(session?.access_token);
    expect(user.error).not.toBeNull();
  });
});

describe('changing one’s own password', () => {
  it('lets an operator change their password and sign in with the new one only', async () => {
    const person = await throwawayUser();
    try {
      const client = await signIn(person.email);
      const same = await client.auth.updateUser({ password: DEMO_PASSWORD });
      expect(same.error?.code).toBe('same_password');
      const weak = await client.auth.updateUser({ password: 'abc' });
      expect(weak.error?.code).toBe('weak_password');
      const changed = await client.auth.updateUser({ password: 'Xinmima2026' });
      expect(changed.error).toBeNull();
      expect((await anonClient().auth.signInWithPassword({ email: person.email, password: DEMO_PASSWORD })).error?.code).toBe('invalid_credentials');
      expect((await anonClient().auth.signInWithPassword({ email: person.email, password: 'Xinmima2026' })).error).toBeNull();
    } finally {
      await person.remove();
    }
  });
});

describe('administering accounts', () => {
  it('needs the service_role key: a signed-in admin operator’s token is not enough', async () => {
    const admin = await signInAs('admin');
    const { error } = await admin.auth.admin.listUsers();
    expect(error?.status).toBe(403);
    expect(error?.code).toBe('not_admin');
  });

  it('creates, lists, updates, bans and deletes a user', async () => {
    const service = serviceClient();
    const person = await throwawayUser();
    try {
      const duplicate = await service.auth.admin.createUser({ email: person.email, password: DEMO_PASSWORD });
      expect(duplicate.error?.code).toBe('email_exists');
      const listed = await service.auth.admin.listUsers({ page: 1, perPage: 1000 });
      expect(listed.data.users.map((u) => u.email)).toContain(person.email);
      const got = await service.auth.admin.getUserById(person.id);
      expect(got.data.user?.identities?.[0]?.provider).toBe('email');
      const updated = await service.auth.admin.updateUserById(person.id, { user_metadata: { name: '测试' } });
      expect(updated.data.user?.user_metadata).toMatchObject({ name: '测试' });

      const client = await signIn(person.email);
      const banned = await service.auth.admin.updateUserById(person.id, { ban_duration: '24h' });
      expect(banned.error).toBeNull();
      expect((await anonClient().auth.signInWithPassword({ email: person.email, password: DEMO_PASSWORD })).error?.code).toBe('user_banned');
      expect((await client.auth.refreshSession()).error).not.toBeNull();
      await service.auth.admin.updateUserById(person.id, { ban_duration: 'none' });
      expect((await anonClient().auth.signInWithPassword({ email: person.email, password: DEMO_PASSWORD })).error).toBeNull();

      expect((await service.auth.admin.deleteUser(person.id)).error).toBeNull();
      expect((await service.auth.admin.getUserById(person.id)).error?.code).toBe('user_not_found');
    } finally {
      await service.auth.admin.deleteUser(person.id);
    }
  });
});

describe('a banned person', () => {
  it('reads nothing with the token they already had, from the next request on', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      const client = await person.client();
      expect(await staffVisible(client)).toBeGreaterThan(0);
      const banned = await serviceClient().auth.admin.updateUserById(person.userId, { ban_duration: '24h' });
      expect(banned.error).toBeNull();
      // The access token still verifies (it is a signed JWT), but the database no longer knows the person.
      expect(await staffVisible(client)).toBe(0);
      const permissions = await client.rpc('my_permissions');
      expect(permissions.data).toEqual([]);
      await serviceClient().auth.admin.updateUserById(person.userId, { ban_duration: 'none' });
      expect(await staffVisible(await person.client())).toBeGreaterThan(0);
    } finally {
      await person.remove();
    }
  });

  it('approves no access request with the token they already had', async () => {
    const manager = await createThrowawayOperator('manager', 'KF1');
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('停用'), uniquePhone(), departmentIds.KF1, operatorIds.kf1Colleague],
    );
    try {
      const managerClient = await manager.client();
      const asked = await (await signInAs('clerk')).from('access_requests').insert({ customer_id: customer.id, reason: '核对历史报修记录' }).select().single();
      expect(asked.error).toBeNull();
      await serviceClient().auth.admin.updateUserById(manager.userId, { ban_duration: '24h' });
      const decided = await managerClient.rpc('decide_access_request', { request_id: asked.data.id, approve: true });
      expect(decided.error?.code).toBe('42501');
      const [row] = await sql<{ status: string; approver_id: string | null }>('select status, approver_id from public.access_requests where id = $1', [asked.data.id]);
      expect(row).toEqual({ status: '待审批', approver_id: null });
    } finally {
      await sql('delete from public.customers where id = $1', [customer.id]);
      await manager.remove();
    }
  });
});

describe('wrong passwords lock the account', () => {
  it('locks an account after the set number of wrong passwords in a row, says so, and an administrator unlocks it', async () => {
    const [{ value: maxFailures }] = await sql<{ value: number }>(`select value from public.settings where key = 'sign_in.max_failures'`);
    expect(maxFailures).toBeGreaterThan(1);
    const person = await createThrowawayOperator('clerk');
    try {
      const client = await person.client();
      const attempt = (password: string) => anonClient().auth.signInWithPassword({ email: person.email, password });
      for (let i = 1; i < maxFailures; i++) expect((await attempt('Cuowu8Mima')).error?.code).toBe('invalid_credentials');
      const locking = await attempt('Cuowu8Mima');
      expect(locking.error?.code).toBe('user_locked');
      expect(locking.error?.message).toMatch(/locked after \d+ failed sign-ins/);
      // Locked, even the right password is refused, and the token from before reads nothing.
      const right = await attempt(DEMO_PASSWORD);
      expect(right.error?.code).toBe('user_locked');
      expect(right.data.session).toBeNull();
      expect(await staffVisible(client)).toBe(0);

      // Only an administrator may lift the lock; a clerk's try changes nothing.
      const clerkTry = await (await signInAs('clerk')).rpc('lift_sign_in_lock', { p_user_id: person.userId });
      expect(clerkTry.error?.code).toBe('42501');
      expect((await attempt(DEMO_PASSWORD)).error?.code).toBe('user_locked');
      const lifted = await (await signInAs('admin')).rpc('lift_sign_in_lock', { p_user_id: person.userId });
      expect(lifted.error).toBeNull();
      const again = await attempt(DEMO_PASSWORD);
      expect(again.error).toBeNull();
      expect(await staffVisible(client)).toBeGreaterThan(0);
    } finally {
      await person.remove();
    }
  });

  it('offers the administrator 解除锁定 on the locked person’s staff row, and only while locked', async () => {
    const [{ value: maxFailures }] = await sql<{ value: number }>(`select value from public.settings where key = 'sign_in.max_failures'`);
    const person = await createThrowawayOperator('clerk');
    try {
      const attempt = (password: string) => anonClient().auth.signInWithPassword({ email: person.email, password });
      const moves = async (role: 'admin' | 'manager') =>
        ((await (await signInAs(role)).rpc('row_rights', { register: 'operators', keys: [person.id] })).data as { moves: string[] }[])[0]?.moves ?? [];
      expect(await moves('admin')).not.toContain('unlock');
      for (let i = 0; i < maxFailures; i++) await attempt('Cuowu8Mima');
      expect((await attempt(DEMO_PASSWORD)).error?.code).toBe('user_locked');
      expect(await moves('admin')).toContain('unlock');
      expect(await moves('manager')).not.toContain('unlock');
      const byManager = await (await signInAs('manager')).rpc('unlock_operator', { operator_id: person.id });
      expect(byManager.status).toBe(403);
      const unlocked = await (await signInAs('admin')).rpc('unlock_operator', { operator_id: person.id });
      expect(unlocked.error).toBeNull();
      expect((await attempt(DEMO_PASSWORD)).error).toBeNull();
      expect(await moves('admin')).not.toContain('unlock');
      expect((await (await signInAs('admin')).rpc('unlock_operator', { operator_id: person.id })).status).toBe(409);
    } finally {
      await person.remove();
    }
  });

  it('counts only wrong passwords in a row: a right one in between starts the count again', async () => {
    const [{ value: maxFailures }] = await sql<{ value: number }>(`select value from public.settings where key = 'sign_in.max_failures'`);
    const person = await createThrowawayOperator('clerk');
    try {
      const attempt = (password: string) => anonClient().auth.signInWithPassword({ email: person.email, password });
      for (let i = 1; i < maxFailures; i++) expect((await attempt('Cuowu8Mima')).error?.code).toBe('invalid_credentials');
      expect((await attempt(DEMO_PASSWORD)).error).toBeNull();
      for (let i = 1; i < maxFailures; i++) expect((await attempt('Cuowu8Mima')).error?.code).toBe('invalid_credentials');
      expect((await attempt(DEMO_PASSWORD)).error).toBeNull();
    } finally {
      await person.remove();
    }
  });
});

describe('rate limits per address', () => {
  it('answers 429 over_request_rate_limit once one address has used its sign-ins, and not for another address', async () => {
    const service = await ownAuthService({ rateLimits: { signInSignUps: 3, tokenRefresh: 150 } });
    try {
      const from = (address: string) =>
        new AuthClient({ url: service.url, headers: { 'x-forwarded-for': address }, persistSession: false, autoRefreshToken: false });
      const nobody = { email: 'nobody@demo.taizhang.cn', password: 'Cuowu8Mima' };
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.1').signInWithPassword(nobody)).error?.code).toBe('invalid_credentials');
      const limited = await from('10.0.0.1').signInWithPassword(nobody);
      expect(limited.error?.status).toBe(429);
      expect(limited.error?.code).toBe('over_request_rate_limit');
      // The limit is the address's, whoever signs in: the right password of a real account waits too.
      const real = await from('10.0.0.1').signInWithPassword({ email: demoUsers.gm, password: DEMO_PASSWORD });
      expect(real.error?.code).toBe('over_request_rate_limit');
      expect((await from('10.0.0.2').signInWithPassword({ email: demoUsers.gm, password: DEMO_PASSWORD })).error).toBeNull();
    } finally {
      await service.close();
    }
  });
});

describe('no simple passwords', () => {
  it('refuses names, birthdays, repeats and sequences when an operator changes their password, and keeps the old one', async () => {
    const person = await throwawayUser();
    try {
      const client = await signIn(person.email);
      const local = person.email.split('@')[0];
      const cases: [string, string][] = [
        [`${local[0].toUpperCase()}${local.slice(1)}8`, 'name'],
        ['Mima19900101', 'date'],
        ['Qq111111x', 'repeat'],
        ['Mima123456', 'sequence'],
        ['abcdefG8', 'sequence'],
      ];
      for (const [password, reason] of cases) {
        const { error } = await client.auth.updateUser({ password });
        expect(error?.code, password).toBe('weak_password');
        expect(error?.status).toBe(422);
        expect(error && 'reasons' in error ? error.reasons : [], password).toContain(reason);
      }
      expect((await anonClient().auth.signInWithPassword({ email: person.email, password: DEMO_PASSWORD })).error).toBeNull();
    } finally {
      await person.remove();
    }
  });

  it('refuses simple passwords when the administrator creates or updates an account, and keeps the demo password valid', async () => {
    const service = serviceClient();
    const email = `zhangwei-${Date.now().toString(36)}@test.taizhang.cn`;
    const named = await service.auth.admin.createUser({ email, password: 'Zhangwei@2026', email_confirm: true });
    expect(named.error?.code).toBe('weak_password');
    expect((await service.auth.admin.listUsers({ page: 1, perPage: 1000 })).data.users.map((u) => u.email)).not.toContain(email);
    const created = await service.auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true });
    expect(created.error).toBeNull();
    const id = created.data.user?.id ?? '';
    try {
      const updated = await service.auth.admin.updateUserById(id, { password: 'Aa20000229' });
      expect(updated.error?.code).toBe('weak_password');
      expect((await anonClient().auth.signInWithPassword({ email, password: DEMO_PASSWORD })).error).toBeNull();
    } finally {
      await service.auth.admin.deleteUser(id);
    }
  });
});
