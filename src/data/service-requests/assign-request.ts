// 派单: gives a request to a handler (first receiver, the department's manager or the director; recusal checked).
import { supabaseClient } from '../supabase-client';

export async function assignRequest(requestId: string, handlerId: string): Promise<void> {
  const { error } = await supabaseClient.rpc('assign_request', { request_id: requestId, handler: handlerId });
  if (error) throw error;
}
