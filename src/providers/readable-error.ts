// Turns a database refusal into a message in the user's language: the PostgREST error code picks
// the sentence, the database's own message fills in the detail. The database writes its messages
// as "中文 | English" (as its comments); only the person's half is shown.
import type { HttpError } from '@refinedev/core';
import { i18n } from '../i18n/i18n';
import { inLanguage } from '../i18n/in-language';

type PostgrestLike = { code?: string; message?: string; details?: string | null; hint?: string | null; statusCode?: number; status?: number };

/** The person's half of a "中文 | English" message; a message without the separator as it is. */
export function messageHalf(text: string): string {
  const at = text.indexOf(' | ');
  return at < 0 ? text : inLanguage(text.slice(0, at).trim(), text.slice(at + 3).trim());
}

export function readableError(error: unknown): HttpError {
  const e = (error ?? {}) as PostgrestLike;
  const code = e.code ?? '';
  const key = `errors.${code}`;
  const detail = messageHalf(e.message ?? '');
  const message = i18n.exists(key) ? i18n.t(key, { message: detail }) : detail || String(error);
  return { message, statusCode: e.statusCode ?? e.status ?? 400, errors: {}, ...(code ? { code } : {}) } as HttpError;
}
