// The signed-in operator (name, role, department) from the current_operator RPC.
import type { Database } from '../../types/database.types';
import { supabaseClient } from '../supabase-client';

export type CurrentOperator = Database['public']['Functions']['current_operator']['Returns'][number];

export async function fetchCurrentOperator(): Promise<CurrentOperator | null> {
  const { data, error } = await supabaseClient.rpc('current_operator');
  if (error) throw error;
  return data?.[0] ?? null;
}
