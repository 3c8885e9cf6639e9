// Approves or declines a request to read a customer file (the database checks who may decide).
import { supabaseClient } from '../supabase-client';

export async function decideAccessRequest(requestId: string, approve: boolean, note?: string): Promise<void> {
  const { error } = await supabaseClient.rpc('decide_access_request', { request_id: requestId, approve, note });
  if (error) throw error;
}
