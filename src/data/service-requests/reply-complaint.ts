// 答复: the clear answer a complaint is owed within its reply deadline.
import { supabaseClient } from '../supabase-client';

export async function replyComplaint(requestId: string, reply: string): Promise<void> {
  const { error } = await supabaseClient.rpc('reply_complaint', { request_id: requestId, reply });
  if (error) throw error;
}
