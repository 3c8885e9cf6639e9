// 申请查阅: a person asks to read a customer he cannot see; the database fixes the approver, keeps the
// request in his own name and decides nothing here. His own requests come back with their status.
import { supabaseClient } from '../supabase-client';

export type AccessRequestStatus = '待审批' | '已批准' | '已驳回' | '已撤回';
export type MyAccessRequest = { id: string; customer_id: string; reason: string; status: AccessRequestStatus; created_at: string; expires_at: string | null; decision_note: string | null };

/** Files a request in the signed-in person's name; the database refuses a blank reason or someone else's name. */
export async function fileAccessRequest(customerId: string, reason: string): Promise<MyAccessRequest> {
  const { data, error } = await supabaseClient
    .from('access_requests')
    .insert({ customer_id: customerId, reason })
    .select('id, customer_id, reason, status, created_at, expires_at, decision_note')
    .single();
  if (error) throw error;
  return data as MyAccessRequest;
}

/** The signed-in person's own requests, newest first (another's are not his to read). */
export async function myAccessRequests(operatorId: string, customerId?: string): Promise<MyAccessRequest[]> {
  let query = supabaseClient
    .from('access_requests')
    .select('id, customer_id, reason, status, created_at, expires_at, decision_note')
    .eq('requester_id', operatorId)
    .order('created_at', { ascending: false })
    .limit(50);
  if (customerId) query = query.eq('customer_id', customerId);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []) as MyAccessRequest[];
}
