// 签字认可: the responsible department's manager (or the director) signs the handling off.
import { supabaseClient } from '../supabase-client';

export async function signOffRequest(requestId: string): Promise<void> {
  const { error } = await supabaseClient.rpc('sign_off_request', { request_id: requestId });
  if (error) throw error;
}
