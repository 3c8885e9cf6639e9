// The local auth service: the endpoints supabase-js calls on Supabase Auth (GoTrue), with users,
// sessions and refresh tokens in the auth schema. Supabase Auth itself cannot be installed from
// npm, so this stands in for it on the embedded stack; the app cannot tell the difference.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import bcrypt from 'bcryptjs';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import pg from 'pg';
import { AuthError, apiVersion, errorResponse } from './auth-error.ts';
import { bannedUntil } from './ban-duration.ts';
import { accountNames, simplePasswordMessage, simplePasswordReasons } from './password-rules.ts';
import { hostedRateLimits, rateLimiter, type RateLimits } from './rate-limit.ts';
import { audit, createSession, endSessions, rotateRefreshToken, sessionExists } from './sessions.ts';
import { signAccessToken, verifyBearer, type AccessClaims, type TokenSettings } from './tokens.ts';
import { findUserByEmail, findUserById, isBanned, listUsers, userJson, type UserRow } from './users.ts';

export type AuthServerOptions = {
  port: number;
  dbUrl: string;
  jwtSecret: string;
  jwtExpirySeconds: number;
  apiExternalUrl: string;
  refreshTokenReuseIntervalSeconds?: number;
  minimumPasswordLength?: number;
  /** "letters_digits" as in supabase/config.toml [auth] password_requirements. */
  passwordRequirements?: string;
  /** supabase/config.toml [auth.rate_limit]; hosted Supabase's defaults when absent. */
  rateLimits?: RateLimits;
  /** [auth.hook.password_verification_attempt] uri, e.g. pg-functions://postgres/private/fn. */
  passwordVerificationHook?: string;
};

type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

async function readBody(c: Context): Promise<Body> {
  try {
    return obj(await c.req.json()) ?? {};
  } catch {
    return {};
  }
}

export async function startAuthServer(o: AuthServerOptions): Promise<{ close(): Promise<void> }> {
  const db = new pg.Pool({ connectionString: o.dbUrl, max: 10 });
  db.on('error', () => undefined);
  const tokens: TokenSettings = {
    secret: new TextEncoder().encode(o.jwtSecret),
    expirySeconds: o.jwtExpirySeconds,
    issuer: `${o.apiExternalUrl}/auth/v1`,
  };
  const reuseInterval = o.refreshTokenReuseIntervalSeconds ?? 10;
  const minLength = Math.max(o.minimumPasswordLength ?? 6, 6);

  const limit = rateLimiter(o.rateLimits ?? hostedRateLimits);
  const hook = o.passwordVerificationHook ? pgFunction(o.passwordVerificationHook) : null;

  // Supabase Auth's weak_password error, with the simple-password rules of seed 000 added to its
  // length and character checks; names are the account's email local part and metadata names.
  function checkPassword(password: string, names: string[]): void {
    const reasons: string[] = [];
    if (password.length < minLength) reasons.push('length');
    if (o.passwordRequirements === 'letters_digits' && !(/[A-Za-z]/.test(password) && /\d/.test(password))) reasons.push('characters');
    if (reasons.length) {
      throw new AuthError(422, 'weak_password', `Password should be at least ${minLength} characters${reasons.includes('characters') ? ' and contain letters and digits' : ''}.`, reasons);
    }
    const simple = simplePasswordReasons(password, names);
    if (simple.length) {
      throw new AuthError(422, 'weak_password', `Password is too simple: it ${simple.map((r) => simplePasswordMessage[r]).join('; ')}.`, simple);
    }
  }

  // The address a request came from: the gateway appends the caller's to X-Forwarded-For (the
  // last entry is the one it saw, earlier ones the caller may have made up); direct calls have none.
  function clientIp(c: Context): string {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').map((a) => a.trim()).filter(Boolean);
    return forwarded?.length ? forwarded[forwarded.length - 1] : (getConnInfo(c).remote.address ?? 'unknown');
  }

  // Supabase Auth's password verification hook: after every password check of a known account
  // the database decides (here: counts failures and locks the account, see private.sign_in_failures).
  async function verificationHook(userId: string, valid: boolean): Promise<void> {
    if (!hook) return;
    const { rows } = await db.query<{ out: { decision?: string; message?: string } | null }>(
      `select ${hook}($1::jsonb) as out`,
      [JSON.stringify({ user_id: userId, valid })],
    );
    const out = rows[0]?.out;
    // Hosted Supabase answers a rejection with invalid_credentials and the hook's message; the
    // local service names it user_locked so the app can say so in the person's language.
    if (out?.decision === 'reject') throw new AuthError(400, 'user_locked', out.message || 'Account is locked');
  }

  async function session(user: UserRow, sessionId: string, refreshToken: string): Promise<Record<string, unknown>> {
    const { token, expiresAt } = await signAccessToken(tokens, user, sessionId, Math.floor(Date.now() / 1000));
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: o.jwtExpirySeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: await userJson(db, user),
    };
  }

  async function signedInUser(c: Context): Promise<{ claims: AccessClaims; user: UserRow }> {
    const claims = await verifyBearer(tokens, c.req.header('authorization'));
    if (claims.session_id && !(await sessionExists(db, claims.session_id))) {
      throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    const user = claims.sub ? await findUserById(db, claims.sub) : null;
    if (!user || user.deleted_at) throw new AuthError(404, 'user_not_found', 'User from sub claim in JWT does not exist');
    return { claims, user };
  }

  async function requireServiceRole(c: Context): Promise<void> {
    const claims = await verifyBearer(tokens, c.req.header('authorization'));
    if (claims.role !== 'service_role' && claims.role !== 'supabase_admin') throw new AuthError(403, 'not_admin', 'User not allowed');
  }

  async function updateUserFields(user: UserRow, body: Body, asAdmin: boolean): Promise<UserRow> {
    const password = str(body.password);
    if (password !== undefined) {
      const meta = { ...(user.raw_user_meta_data ?? {}), ...(obj(body.data) ?? (asAdmin ? obj(body.user_metadata) : undefined) ?? {}) };
      checkPassword(password, accountNames(str(body.email) ?? user.email, meta));
      if (!asAdmin && user.encrypted_password && (await bcrypt.compare(password, user.encrypted_password))) {
        throw new AuthError(422, 'same_password', 'New password should be different from the old password.');
      }
      await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [user.id, await bcrypt.hash(password, 10)]);
    }
    const userMeta = obj(body.data) ?? (asAdmin ? obj(body.user_metadata) : undefined);
    if (userMeta) {
      await db.query(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2, updated_at = now() where id = $1`, [user.id, userMeta]);
    }
    if (asAdmin) {
      const appMeta = obj(body.app_metadata);
      if (appMeta) await db.query(`update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || $2, updated_at = now() where id = $1`, [user.id, appMeta]);
      const email = str(body.email);
      if (email && email.toLowerCase() !== user.email?.toLowerCase()) {
        const other = await findUserByEmail(db, email);
        if (other) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
        await db.query('update auth.users set email = $2, updated_at = now() where id = $1', [user.id, email.toLowerCase()]);
        await db.query(`update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text), updated_at = now() where user_id = $1 and provider = 'email'`, [user.id, email.toLowerCase()]);
      }
      if (body.email_confirm === true) await db.query('update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1', [user.id]);
      const ban = str(body.ban_duration);
      if (ban) await db.query('update auth.users set banned_until = $2, updated_at = now() where id = $1', [user.id, bannedUntil(ban)]);
      const role = str(body.role);
      if (role) await db.query('update auth.users set role = $2, updated_at = now() where id = $1', [user.id, role]);
    }
    return (await findUserById(db, user.id)) as UserRow;
  }

  const app = new Hono();
  app.use('*', cors({
    origin: '*',
    allowHeaders: ['authorization', 'apikey', 'content-type', 'x-client-info', 'x-supabase-api-version'],
    exposeHeaders: ['x-total-count', 'link', 'x-supabase-api-version'],
  }));
  app.use('*', async (c, next) => {
    await next();
    c.header('x-supabase-api-version', apiVersion);
  });
  app.onError((e, c) => {
    if (e instanceof AuthError) {
      const response = errorResponse(c, e);
      return response;
    }
    console.error(`[auth] ${e instanceof Error ? e.stack : String(e)}`);
    return errorResponse(c, new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'));
  });

  app.get('/health', (c) => c.json({ version: 'taizhang-local', name: 'GoTrue', description: 'GoTrue-compatible local auth service of the embedded stack' }));
  app.get('/settings', (c) =>
    c.json({
      external: { email: true, phone: false, anonymous_users: false },
      disable_signup: true,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
    }),
  );
  app.post('/signup', (c) => {
    limit('signInSignUps', clientIp(c));
    throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
  });

  app.post('/token', async (c) => {
    const grant = c.req.query('grant_type');
    const body = await readBody(c);
    if (grant === 'password') {
      limit('signInSignUps', clientIp(c));
      const email = str(body.email);
      const password = str(body.password);
      if (!email || !password) throw new AuthError(400, 'validation_failed', 'A password and an email address are required');
      const user = await findUserByEmail(db, email);
      const valid = !!user?.encrypted_password && (await bcrypt.compare(password, user.encrypted_password));
      if (user) await verificationHook(user.id, valid);
      if (!user || !valid) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
      if (isBanned(user)) throw new AuthError(400, 'user_banned', 'User is banned');
      const { sessionId, refreshToken } = await createSession(db, user.id);
      await db.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [user.id]);
      await db.query(`update auth.identities set last_sign_in_at = now() where user_id = $1 and provider = 'email'`, [user.id]);
      await audit(db, 'login', user.id, { traits: { provider: 'email' } });
      return c.json(await session((await findUserById(db, user.id)) as UserRow, sessionId, refreshToken));
    }
    if (grant === 'refresh_token') {
      limit('tokenRefresh', clientIp(c));
      const presented = str(body.refresh_token);
      if (!presented) throw new AuthError(400, 'validation_failed', 'Refresh token is required');
      const rotated = await rotateRefreshToken(db, presented, reuseInterval);
      const user = await findUserById(db, rotated.userId);
      if (!user || user.deleted_at) throw new AuthError(400, 'user_not_found', 'Invalid Refresh Token: User Not Found');
      if (isBanned(user)) {
        await endSessions(db, user.id, rotated.sessionId, 'local');
        throw new AuthError(400, 'user_banned', 'User is banned');
      }
      await audit(db, 'token_refreshed', user.id);
      return c.json(await session(user, rotated.sessionId, rotated.refreshToken));
    }
    throw new AuthError(400, 'unsupported_grant_type', `unsupported_grant_type: ${grant ?? ''}`);
  });

  app.get('/user', async (c) => {
    const { user } = await signedInUser(c);
    return c.json(await userJson(db, user));
  });

  app.put('/user', async (c) => {
    const { user } = await signedInUser(c);
    const body = await readBody(c);
    const updated = await updateUserFields(user, body, false);
    // As GoTrue logs it: a new password is its own action, by the person themself.
    await audit(db, str(body.password) !== undefined ? 'user_updated_password' : 'user_modified', user.id);
    return c.json(await userJson(db, updated));
  });

  app.post('/logout', async (c) => {
    const { claims, user } = await signedInUser(c);
    await endSessions(db, user.id, claims.session_id, c.req.query('scope') ?? 'global');
    await audit(db, 'logout', user.id);
    return c.body(null, 204);
  });

  app.get('/admin/users', async (c) => {
    await requireServiceRole(c);
    const page = Math.max(Number(c.req.query('page') ?? 1) || 1, 1);
    const perPage = Math.min(Math.max(Number(c.req.query('per_page') ?? 50) || 50, 1), 1000);
    const { users, total } = await listUsers(db, page, perPage);
    const last = Math.max(Math.ceil(total / perPage), 1);
    const base = `${o.apiExternalUrl}/auth/v1/admin/users`;
    const links = [`<${base}?page=${last}&per_page=${perPage}>; rel="last"`];
    if (page < last) links.unshift(`<${base}?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    c.header('x-total-count', String(total));
    c.header('link', links.join(', '));
    return c.json({ users: await Promise.all(users.map((u) => userJson(db, u))), aud: 'authenticated' });
  });

  app.post('/admin/users', async (c) => {
    await requireServiceRole(c);
    const body = await readBody(c);
    const email = str(body.email)?.toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    if (await findUserByEmail(db, email)) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
    const password = str(body.password);
    if (password !== undefined) checkPassword(password, accountNames(email, obj(body.user_metadata)));
    const { rows } = await db.query<{ id: string }>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', $1, $2, $3, $4, $5, $6, now(), now())
       returning id`,
      [
        str(body.role) ?? 'authenticated',
        email,
        password ? await bcrypt.hash(password, 10) : null,
        body.email_confirm === true ? new Date() : null,
        { provider: 'email', providers: ['email'], ...(obj(body.app_metadata) ?? {}) },
        obj(body.user_metadata) ?? {},
      ],
    );
    const id = rows[0].id;
    await db.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
       values ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', $3::boolean, 'phone_verified', false), 'email', now(), now())`,
      [id, email, body.email_confirm === true],
    );
    const ban = str(body.ban_duration);
    if (ban) await db.query('update auth.users set banned_until = $2 where id = $1', [id, bannedUntil(ban)]);
    await audit(db, 'user_signedup', id, { provider: 'email', by: 'admin' });
    return c.json(await userJson(db, (await findUserById(db, id)) as UserRow));
  });

  app.get('/admin/users/:id', async (c) => {
    await requireServiceRole(c);
    const user = await findUserById(db, c.req.param('id'));
    if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
    return c.json(await userJson(db, user));
  });

  app.put('/admin/users/:id', async (c) => {
    await requireServiceRole(c);
    const user = await findUserById(db, c.req.param('id'));
    if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
    const updated = await updateUserFields(user, await readBody(c), true);
    if (isBanned(updated)) await endSessions(db, updated.id, undefined, 'global');
    await audit(db, 'user_modified', user.id, { by: 'admin' });
    return c.json(await userJson(db, updated));
  });

  app.delete('/admin/users/:id', async (c) => {
    await requireServiceRole(c);
    const user = await findUserById(db, c.req.param('id'));
    if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
    const body = await readBody(c);
    const json = await userJson(db, user);
    if (body.should_soft_delete === true) {
      await db.query('delete from auth.identities where user_id = $1', [user.id]);
      await endSessions(db, user.id, undefined, 'global');
      await db.query(`update auth.users set deleted_at = now(), email = null, encrypted_password = null, updated_at = now() where id = $1`, [user.id]);
    } else {
      await db.query('delete from auth.users where id = $1', [user.id]);
    }
    await audit(db, 'user_deleted', user.id, { by: 'admin' });
    return c.json(json);
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void db.end().then(() => resolve());
        });
        if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      }),
  };
}

// "pg-functions://postgres/<schema>/<function>" as Supabase Auth's hook settings name a Postgres function.
function pgFunction(uri: string): string {
  const match = /^pg-functions:\/\/[^/]+\/([a-z_][a-z0-9_]*)\/([a-z_][a-z0-9_]*)$/.exec(uri);
  if (!match) throw new Error(`unsupported auth hook uri: ${uri}`);
  return `"${match[1]}"."${match[2]}"`;
}
