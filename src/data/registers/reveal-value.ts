// The full value of a column every screen shows masked (a visitor's ID number), asked of the RPC its
// register declares; the database decides who may, and logs each reading.
import { supabaseClient } from '../supabase-client';

export async function revealValue(rpc: string, keyParam: string, key: string): Promise<string> {
  // The RPC is named by the register's declaration, not known to the generated types.
  const call = supabaseClient.rpc as unknown as (fn: string, args: Record<string, string>) => Promise<{ data: unknown; error: Error | null }>;
  const { data, error } = await call.call(supabaseClient, rpc, { [keyParam]: key });
  if (error) throw error;
  return String(data ?? '');
}
