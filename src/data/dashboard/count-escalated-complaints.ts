// Escalated complaints not yet closed, counted under the caller's own RLS (the dashboard's 升级投诉
// card; the same filter as the shared view of that name).
import { supabaseClient } from '../supabase-client';

export async function countEscalatedComplaints(): Promise<number> {
  const { count, error } = await supabaseClient
    .from('service_requests')
    .select('id', { count: 'exact', head: true })
    .eq('kind', '投诉')
    .not('escalated_at', 'is', null)
    .in('status', ['受理', '处理中', '待回访']);
  if (error) throw error;
  return count ?? 0;
}
