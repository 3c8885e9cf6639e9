// The local auth service answers supabase-js as Supabase Auth does: password sign-in with
// Supabase's JWT claims, refresh-token rotation with reuse detection, sign-out, password change,
// and the admin user endpoints behind the service_role key.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { startAuthServer } from '../../supabase/local/gotrue/server.ts';
import { freePort } from '../../supabase/local/ports.ts';
import { AuthClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD, anonClient, demoUsers, serviceClient, signIn, signInAs, stackEnv } from '../support/stack.ts';

async function throwawayUser(password = DEMO_PASSWORD): Promise<{ id: string; email: string; remove(): Promise<void> }> {
  const email = `auth-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@test.taizhang.cn`;
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (error || !data.user) throw new Error(error?.message ?? 'no user');
  const id = data.user.id;
  return { id, email, remove: async () => void (await serviceClient().auth.admin.deleteUser(id)) };
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
    // A second auth service on the same database, with no reuse grace period, so the test needn't wait 10 s.
    const port = await freePort();
    const server = await startAuthServer({
      port,
      dbUrl: stackEnv().DB_URL,
      jwtSecret: stackEnv().JWT_SECRET,
      jwtExpirySeconds: 3600,
      apiExternalUrl: stackEnv().API_URL,
      refreshTokenReuseIntervalSeconds: 0,
    });
    try {
      const auth = new AuthClient({ url: `http://127.0.0.1:${port}`, headers: {}, persistSession: false, autoRefreshToken: false });
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
