// Service requests made through the API as a given demo user, for workflow tests.
import type { SupabaseClient } from '@supabase/supabase-js';
import { departmentIds } from './ids.ts';
import { signInAs, sql, type DemoRole } from './stack.ts';

export type RequestRow = { id: string; code: string; status: string; receiver_id: string; handler_id: string | null; reply_due: string | null; [k: string]: unknown };

// received_at is stamped by the database (a system-owned column): a test that needs an older
// request records it through the API and backdates it as the database owner, as a migration of
// paper records would; the reply deadline follows by the same trigger.
export async function recordRequest(role: DemoRole, fields: Record<string, unknown>): Promise<{ client: SupabaseClient; row: RequestRow }> {
  const client = await signInAs(role);
  const { received_at: receivedAt, ...sent } = fields;
  const { data, error } = await client
    .from('service_requests')
    .insert({ caller_name: '测试来电人', content: '测试工单内容', department_id: departmentIds.KF1, ...sent })
    .select()
    .single();
  if (error) throw new Error(`${error.code}: ${error.message}`);
  if (receivedAt === undefined) return { client, row: data as RequestRow };
  const [row] = await sql<{ row: RequestRow }>(
    `update public.service_requests set received_at = $2, case_year = extract(year from $2::timestamptz at time zone 'Asia/Shanghai')::integer
     where id = $1 returning to_jsonb(service_requests.*) as row`,
    [(data as RequestRow).id, receivedAt],
  );
  return { client, row: row.row };
}

export const complaint = (fields: Record<string, unknown> = {}) => ({
  kind: '投诉',
  complaint_category: '服务质量',
  severity: '一般',
  content: '维修人员服务态度差',
  ...fields,
});
