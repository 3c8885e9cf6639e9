// Turns a database refusal into a message in the user's language: the PostgREST error code picks
// the sentence, the database's own (Chinese) message fills in the detail.
import type { HttpError } from '@refinedev/core';
import { i18n } from '../i18n/i18n';

type PostgrestLike = { code?: string; message?: string; details?: string | null; hint?: string | null; statusCode?: number; status?: number };

export function readableError(error: unknown): HttpError {
  const e = (error ?? {}) as PostgrestLike;
  const code = e.code ?? '';
  const key = `errors.${code}`;
  const message = i18n.exists(key) ? i18n.t(key, { message: e.message ?? '' }) : (e.message ?? String(error));
  return { message, statusCode: e.statusCode ?? e.status ?? 400, errors: {}, ...(code ? { code } : {}) } as HttpError;
}
