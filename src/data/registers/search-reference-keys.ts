// The quick search over reference columns: the keys of the referenced rows whose display text
// (a customer's name, a handler's, a department's) holds the words, as the person may read them
// (RLS: a hidden customer is never found by name). The grid then asks for rows pointing at them.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

/** At most this many matching rows per referenced table (their keys go into the URL). */
export const referenceMatchLimit = 50;

// ILIKE's wildcards in the words stand for themselves.
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** table → keys of its readable rows whose display column holds the text; a table the person may not read: none. */
export async function searchReferenceKeys(
  references: readonly { table: string; display: string }[],
  text: string,
  client: SupabaseClient = supabaseClient,
): Promise<Map<string, string[]>> {
  const found = await Promise.all(
    references.map(async ({ table, display }): Promise<[string, string[]]> => {
      const { data, error } = await client.from(table).select('id').ilike(display, likeText(text)).limit(referenceMatchLimit);
      if (error) return [table, []];
      return [table, ((data ?? []) as unknown as { id: unknown }[]).map((r) => String(r.id))];
    }),
  );
  return new Map(found);
}
