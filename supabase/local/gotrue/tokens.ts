// Access tokens (HS256 JWTs with Supabase's claims) and opaque refresh tokens.
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { AuthError } from './auth-error.ts';
import type { UserRow } from './users.ts';

export type TokenSettings = { secret: Uint8Array; expirySeconds: number; issuer: string };

export type AccessClaims = JWTPayload & { role?: string; session_id?: string; email?: string };

export async function signAccessToken(s: TokenSettings, user: UserRow, sessionId: string, signedInAt: number): Promise<{ token: string; expiresAt: number }> {
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + s.expirySeconds;
  const token = await new SignJWT({
    aud: user.aud ?? 'authenticated',
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: signedInAt }],
    session_id: sessionId,
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(s.issuer)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(s.secret);
  return { token, expiresAt };
}

export async function verifyBearer(s: TokenSettings, header: string | undefined): Promise<AccessClaims> {
  const match = header ? /^bearer\s+(.+)$/i.exec(header) : null;
  if (!match) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');
  try {
    const { payload } = await jwtVerify(match[1].trim(), s.secret);
    return payload as AccessClaims;
  } catch (e) {
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** GoTrue's refresh tokens are short random strings; 16 bytes of base64url here. */
export const newRefreshToken = (): string => randomBytes(16).toString('base64url');
