// Calls a workflow move's RPC, as its declaration says: the row's key under the declared parameter,
// the fixed arguments, and what the person filled in. The RPC checks who may and in which state.
import { supabaseClient } from '../supabase-client';

export type MoveCall = { rpc: string; keyParam: string; fixedArgs: Record<string, unknown> };

export async function runMove(move: MoveCall, key: string, values: Record<string, unknown>): Promise<void> {
  const args = { ...values, ...move.fixedArgs, [move.keyParam]: key };
  // The RPC's name comes from the database's declaration, so the generated types cannot name it.
  const { error } = await supabaseClient.rpc(move.rpc as never, args as never);
  if (error) throw error;
}
