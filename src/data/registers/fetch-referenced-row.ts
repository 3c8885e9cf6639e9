// One referenced row as the person may read it (a chosen customer), for a form to prefill from.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

export async function fetchReferencedRow(table: string, key: string, client: SupabaseClient = supabaseClient): Promise<Record<string, unknown> | null> {
  const { data, error } = await client.from(table).select('*').eq('id', key).maybeSingle();
  if (error) return null;
  return (data as Record<string, unknown> | null) ?? null;
}
