// The export button's way to the streamed export: the view's query as Refine's Supabase data
// provider would send it (filters and sort translated by the same code, through a client that
// records the address instead of sending it), then the export-xlsx Edge Function.
import type { CrudFilter, CrudSort } from '@refinedev/core';
import { dataProvider as supabaseDataProvider } from '@refinedev/supabase';
import { createClient } from '@supabase/supabase-js';
import { supabaseClient } from '../../../data/supabase-client';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { exportOnServer } from './export-view';

const apiUrl = (import.meta.env.VITE_SUPABASE_URL as string | undefined) ?? 'http://127.0.0.1:54321';
const anonKey = (import.meta.env.VITE_SUPABASE_ANON_KEY as string | undefined) ?? 'missing-anon-key';

/** select, filters and order of the view as PostgREST query parameters (no limit, no offset). */
export async function viewQuery(resource: string, columns: readonly ColumnMeta[], filters: CrudFilter[], sorters: CrudSort[]): Promise<string> {
  let asked = '';
  const recorder = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, storageKey: 'taizhang-export-query' },
    global: {
      fetch: async (input: RequestInfo | URL) => {
        asked = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        return new Response('[]', { status: 200, headers: { 'content-type': 'application/json', 'content-range': '*/0' } });
      },
    },
  });
  await supabaseDataProvider(recorder).getList({ resource, filters, sorters, pagination: { mode: 'off' }, meta: { select: columns.map((c) => c.name).join(',') } });
  const params = new URL(asked).searchParams;
  params.delete('limit');
  params.delete('offset');
  return params.toString();
}

/** The view's workbook from the server, or null when it must be built in the browser. */
export async function exportViewOnServer(register: RegisterMeta, columns: readonly ColumnMeta[], filters: CrudFilter[], sorters: CrudSort[], language: string): Promise<Blob | null> {
  const accessToken = (await supabaseClient.auth.getSession()).data.session?.access_token;
  if (!accessToken) return null;
  return exportOnServer({ register, columns, query: await viewQuery(register.name, columns, filters, sorters), apiUrl, accessToken, anonKey, language });
}
