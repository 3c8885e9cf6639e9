// The keys of referenced rows by their display text (a department's name → its id), for cells
// that name a department, an operator or a customer. Only rows the caller may read are found.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

// Display texts go into the URL (in.(…)); 50 at a time keeps it short.
const chunkSize = 50;

/** display text → the ids of every readable row showing that text (more than one: ambiguous). */
export async function referenceKeys(
  table: string,
  display: string,
  texts: readonly string[],
  client: SupabaseClient = supabaseClient,
): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>();
  const wanted = [...new Set(texts.map((t) => t.trim()).filter((t) => t !== ''))];
  for (let i = 0; i < wanted.length; i += chunkSize) {
    const { data, error } = await client.from(table).select(`id, ${display}`).in(display, wanted.slice(i, i + chunkSize));
    if (error) throw error;
    for (const row of (data ?? []) as unknown as Record<string, unknown>[]) {
      const text = String(row[display]);
      keys.set(text, [...(keys.get(text) ?? []), String(row.id)]);
    }
  }
  return keys;
}
