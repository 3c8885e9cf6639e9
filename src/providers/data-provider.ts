// Refine's Supabase data provider, with refusals turned into readable messages. Creates and
// updates (the forms) take the app's one write path: apply_rows, so a refusal names its column
// (Refine puts it on the form field) and a stale write is refused with the version the screen read,
// then the same invalidation as every other write.
import type { BaseRecord, DataProvider, HttpError } from '@refinedev/core';
import { dataProvider as supabaseDataProvider } from '@refinedev/supabase';
import { applyRows, refusalMessage, type ApplyRowOutcome } from '../data/registers/apply-rows';
import { invalidateRegister } from '../data/registers/invalidate-register';
import { queryClient } from '../data/query-client';
import { signedInUserId } from '../data/session/signed-in-user';
import { supabaseClient } from '../data/supabase-client';
import { readableError } from './readable-error';

const base = supabaseDataProvider(supabaseClient);


export function refusalError(result: Extract<ApplyRowOutcome, { ok: false }>): HttpError {
  const message = refusalMessage(result);
  const statusCode = result.code === 'PT409' ? 409 : result.code === '42501' ? 403 : 400;
  return { message, statusCode, errors: result.column ? { [result.column]: message } : {}, code: result.code } as HttpError;
}

async function writeOne(resource: string, key: string | number | null, variables: Record<string, unknown>): Promise<BaseRecord> {
  // The form sends back what it read; only the version matters of the columns the database owns.
  const values = Object.fromEntries(Object.entries(variables).filter(([k, v]) => k !== 'version' && v !== undefined));
  const version = typeof variables.version === 'number' ? variables.version : null;
  const { rows } = await applyRows(resource, [{ key, version, values }]);
  const [result] = rows;
  if (!result.ok) throw refusalError(result);
  await invalidateRegister(queryClient, await signedInUserId(), { register: resource });
  return result.row as BaseRecord;
}

function withReadableErrors(provider: DataProvider): DataProvider {
  const wrapped = { ...provider } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(provider)) {
    if (typeof fn !== 'function' || name === 'getApiUrl') continue;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>).apply(provider, args);
      } catch (e) {
        throw (e as HttpError).errors ? e : readableError(e);
      }
    };
  }
  return wrapped as DataProvider;
}

export const dataProvider = withReadableErrors({
  ...base,
  create: async ({ resource, variables }) => ({ data: (await writeOne(resource, null, variables as Record<string, unknown>)) as never }),
  update: async ({ resource, id, variables }) => ({ data: (await writeOne(resource, id, variables as Record<string, unknown>)) as never }),
});
