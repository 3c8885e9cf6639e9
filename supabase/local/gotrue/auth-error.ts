// GoTrue's error shape: clients that send X-Supabase-Api-Version ≥ 2024-01-01 get
// { code, message }; older ones get { code: status, error_code, msg }.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class AuthError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** weak_password only: why, as Supabase Auth lists them in weak_password.reasons. */
    readonly reasons?: string[],
  ) {
    super(message);
  }
}

export const apiVersion = '2024-01-01';

export function errorResponse(c: Context, e: AuthError): Response {
  c.header('x-supabase-api-version', apiVersion);
  const requested = c.req.header('x-supabase-api-version');
  const extra = e.reasons ? { weak_password: { reasons: e.reasons } } : {};
  if (requested && requested >= apiVersion) {
    return c.json({ code: e.code, message: e.message, ...extra }, e.status);
  }
  return c.json({ code: e.status, error_code: e.code, msg: e.message, ...extra }, e.status);
}
