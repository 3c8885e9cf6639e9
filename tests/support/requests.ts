// Service requests made through the API as a given demo user, for workflow tests.
import type { SupabaseClient } from '@supabase/supabase-js';
import { departmentIds } from './ids.ts';
import { signInAs, type DemoRole } from './stack.ts';

export type RequestRow = { id: string; code: string; status: string; receiver_id: string; handler_id: string | null; reply_due: string | null; [k: string]: unknown };

export async function recordRequest(role: DemoRole, fields: Record<string, unknown>): Promise<{ client: SupabaseClient; row: RequestRow }> {
  const client = await signInAs(role);
  const { data, error } = await client
    .from('service_requests')
    .insert({ caller_name: '测试来电人', content: '测试工单内容', department_id: departmentIds.KF1, ...fields })
    .select()
    .single();
  if (error) throw new Error(`${error.code}: ${error.message}`);
  return { client, row: data as RequestRow };
}

export const complaint = (fields: Record<string, unknown> = {}) => ({
  kind: '投诉',
  complaint_category: '服务质量',
  severity: '一般',
  content: '维修人员服务态度差',
  ...fields,
});
