// The dashboard's figures from the dashboard_summary RPC, counted under the caller's own RLS.
import type { Database } from '../../types/database.types';
import { supabaseClient } from '../supabase-client';

type DashboardSummaryArgs = Database['public']['Functions']['dashboard_summary']['Args'];

export type ComplaintCategoryCount = { category: string; count: number };
export type ComplaintSeverityCount = { severity: string; count: number };
/** One month (month: its first day, YYYY-MM-DD) of done return visits by satisfaction. */
export type SatisfactionMonth = { month: string; satisfied: number; fairly_satisfied: number; dissatisfied: number };

// The RPC returns jsonb (Json in the generated types); this is the shape the SQL builds.
export type DashboardSummary = {
  as_of: string;
  month: string;
  todos: { unread: number; open: number };
  overdue: { complaints: number; filings: number; return_visits: number };
  complaints: { total: number; by_category: ComplaintCategoryCount[]; by_severity: ComplaintSeverityCount[] };
  satisfaction_trend: SatisfactionMonth[];
  return_visits: { due: number; done: number };
};

export async function fetchDashboardSummary(args: DashboardSummaryArgs = {}): Promise<DashboardSummary> {
  const { data, error } = await supabaseClient.rpc('dashboard_summary', args);
  if (error) throw error;
  return data as DashboardSummary;
}
