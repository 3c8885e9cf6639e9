// Refine's Supabase data provider, with refusals turned into readable messages.
import type { DataProvider } from '@refinedev/core';
import { dataProvider as supabaseDataProvider } from '@refinedev/supabase';
import { supabaseClient } from '../data/supabase-client';
import { readableError } from './readable-error';

const base = supabaseDataProvider(supabaseClient);

function withReadableErrors(provider: DataProvider): DataProvider {
  const wrapped = { ...provider } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(provider)) {
    if (typeof fn !== 'function' || name === 'getApiUrl') continue;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>).apply(provider, args);
      } catch (e) {
        throw readableError(e);
      }
    };
  }
  return wrapped as DataProvider;
}

export const dataProvider = withReadableErrors(base);
