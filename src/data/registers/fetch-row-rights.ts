// For rows on screen: may the signed-in person update or delete each one, and which workflow moves
// does it offer them? The tables' own RLS policies and the moves' declarations answer (row_rights),
// so the screens never offer what the database would refuse.
import { supabaseClient } from '../supabase-client';

export type RowRights = { update: boolean; delete: boolean; moves: readonly string[] };

export async function fetchRowRights(register: string, keys: string[]): Promise<Map<string, RowRights>> {
  const rights = new Map<string, RowRights>();
  if (keys.length === 0) return rights;
  const { data, error } = await supabaseClient.rpc('row_rights', { register, keys });
  if (error) throw error;
  for (const row of data ?? []) rights.set(row.key, { update: row.can_update, delete: row.can_delete, moves: row.moves ?? [] });
  return rights;
}
