// The display text of referenced rows by key (a department's id → its name), for exports that
// must name every row's department or owner, not only those on screen.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

// Keys go into the URL (in.(…)); 100 uuids keep it under 4 KB.
const chunkSize = 100;

export async function referenceDisplays(
  table: string,
  display: string,
  keys: readonly string[],
  client: SupabaseClient = supabaseClient,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const wanted = [...new Set(keys)];
  for (let i = 0; i < wanted.length; i += chunkSize) {
    const { data, error } = await client.from(table).select(`id, ${display}`).in('id', wanted.slice(i, i + chunkSize));
    if (error) throw error;
    for (const row of (data ?? []) as unknown as Record<string, unknown>[]) texts.set(String(row.id), String(row[display] ?? row.id));
  }
  return texts;
}
