// 办结: records the resolution; the request then waits for its return visit.
import { supabaseClient } from '../supabase-client';

export async function resolveRequest(requestId: string, resolution: string): Promise<void> {
  const { error } = await supabaseClient.rpc('resolve_request', { request_id: requestId, resolution });
  if (error) throw error;
}
