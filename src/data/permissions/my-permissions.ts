// The caller's effective permissions (register × action × scope) from the my_permissions RPC,
// the same rows every RLS policy reads.
import type { Database } from '../../types/database.types';
import { supabaseClient } from '../supabase-client';

export type Permission = Database['public']['Functions']['my_permissions']['Returns'][number];

export async function fetchMyPermissions(): Promise<Permission[]> {
  const { data, error } = await supabaseClient.rpc('my_permissions');
  if (error) throw error;
  return data ?? [];
}
