// Deletes rows of a register by key; each goes to the recycle bin (the database's trigger) and can be restored.
import { supabaseClient } from '../supabase-client';

export async function deleteRows(register: string, keyColumn: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  // The register's name comes from the metadata, so the generated table types cannot name it.
  const { error } = await supabaseClient.from(register as never).delete().in(keyColumn, keys as never);
  if (error) throw error;
}
