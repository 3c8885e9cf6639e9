// Sessions and refresh-token rotation with reuse detection, as GoTrue keeps them in auth.*.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AuthError } from './auth-error.ts';
import { newRefreshToken } from './tokens.ts';

type RefreshRow = { id: string; token: string; user_id: string; revoked: boolean; session_id: string | null; created_at: Date };

export async function createSession(db: pg.Pool, userId: string): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  await db.query(`insert into auth.sessions (id, user_id, created_at, updated_at, aal) values ($1, $2, now(), now(), 'aal1')`, [sessionId, userId]);
  await db.query(
    `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id) values ($1, $2, false, now(), now(), $3)`,
    [refreshToken, userId, sessionId],
  );
  return { sessionId, refreshToken };
}

export async function sessionExists(db: pg.Pool, sessionId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const { rowCount } = await db.query('select 1 from auth.sessions where id = $1', [sessionId]);
  return (rowCount ?? 0) > 0;
}

/**
 * Exchanges a refresh token for a new one. A revoked token reused within the reuse interval
 * (concurrent tabs refreshing at once) gets the token that replaced it; reused later, it is
 * treated as stolen and the whole session is revoked.
 */
export async function rotateRefreshToken(
  db: pg.Pool,
  presented: string,
  reuseIntervalSeconds: number,
): Promise<{ userId: string; sessionId: string; refreshToken: string }> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<RefreshRow>('select * from auth.refresh_tokens where token = $1 for update', [presented]);
    const current = rows[0];
    if (!current || !current.session_id) {
      throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    }
    const session = await client.query('select 1 from auth.sessions where id = $1', [current.session_id]);
    if (!session.rowCount) throw new AuthError(400, 'session_not_found', 'Invalid Refresh Token: Session Not Found');
    if (current.revoked) {
      const child = await client.query<RefreshRow>(
        `select * from auth.refresh_tokens where parent = $1 and not revoked and created_at > now() - make_interval(secs => $2)`,
        [presented, reuseIntervalSeconds],
      );
      if (child.rows[0]) {
        await client.query('commit');
        return { userId: current.user_id, sessionId: current.session_id, refreshToken: child.rows[0].token };
      }
      // Reuse outside the interval: someone else holds this session's tokens. End the session.
      await client.query('delete from auth.sessions where id = $1', [current.session_id]);
      await client.query('commit');
      throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    }
    const next = newRefreshToken();
    await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [current.id]);
    await client.query(
      `insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id) values ($1, $2, false, now(), now(), $3, $4)`,
      [next, current.user_id, presented, current.session_id],
    );
    await client.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [current.session_id]);
    await client.query('commit');
    return { userId: current.user_id, sessionId: current.session_id, refreshToken: next };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export async function endSessions(db: pg.Pool, userId: string, sessionId: string | undefined, scope: string): Promise<void> {
  if (scope === 'global' || !sessionId) {
    await db.query('delete from auth.sessions where user_id = $1', [userId]);
  } else if (scope === 'others') {
    await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId]);
  } else {
    await db.query('delete from auth.sessions where id = $1', [sessionId]);
  }
}

export async function audit(db: pg.Pool, action: string, actorId: string, extra: Record<string, unknown> = {}): Promise<void> {
  await db.query(
    `insert into auth.audit_log_entries (instance_id, id, payload, created_at) values ('00000000-0000-0000-0000-000000000000', $1, $2, now())`,
    [randomUUID(), JSON.stringify({ action, actor_id: actorId, log_type: action === 'token_refreshed' ? 'token' : 'account', ...extra })],
  );
}
