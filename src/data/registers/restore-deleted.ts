// Puts a deleted row back from the recycle bin (the database checks who may).
import { supabaseClient } from '../supabase-client';

export async function restoreDeleted(binId: number): Promise<void> {
  const { error } = await supabaseClient.rpc('restore_deleted', { bin_id: binId });
  if (error) throw error;
}
