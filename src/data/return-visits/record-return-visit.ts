// Records a return visit as done: method, what was said, satisfaction (unsatisfied needs a next date).
import { supabaseClient } from '../supabase-client';

export type ReturnVisitRecord = { method: string; content: string; satisfaction: string; opinions?: string; next_visit_on?: string };

export async function recordReturnVisit(visitId: string, record: ReturnVisitRecord): Promise<void> {
  const { error } = await supabaseClient.rpc('record_return_visit', { visit_id: visitId, ...record });
  if (error) throw error;
}
