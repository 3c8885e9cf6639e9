// Duty records 值班记录 and shift handover 交接班 (issue 15 point 1; RULES §12): the record with its
// checklist, a major problem reported to the director on saving, the incoming person's sign-in
// (提前5分钟到岗), the four refusals (四不接), both signatures in order and the lock that follows
// (no edit through any path; addenda only), and leave from duty (请假/替班) decided by the director.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

const shifts = { early: '00000000-0000-4000-f001-000000000001', middle: '00000000-0000-4000-f001-000000000002', night: '00000000-0000-4000-f001-000000000003' };
type DutyRecord = {
  id: string; status: string; on_duty_id: string; department_id: string; incoming_id: string | null; arrived_late: boolean | null;
  refusal_reason: string | null; out_signed_at: string | null; in_signed_at: string | null; events: string | null; major_reported_at: string | null;
};

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const made: string[] = [];
const recordRow = async (id: string) => (await sql<DutyRecord>(`select * from public.duty_records where id = $1`, [id]))[0];
const notified = (table: string, id: string, kind: string) =>
  sql<{ recipient_id: string }>(`select recipient_id from public.notifications where link_table = $1 and link_id = $2 and kind = $3 order by recipient_id`, [table, id, kind])
    .then((rows) => rows.map((r) => r.recipient_id));

let clerk: SupabaseClient;
let clerk2: SupabaseClient;
let manager: SupabaseClient;
let director: SupabaseClient;
beforeAll(async () => {
  [clerk, clerk2, manager, director] = await Promise.all([signInAs('clerk'), signInAs('clerk2'), signInAs('manager'), signInAs('director')]);
});
afterAll(async () => {
  if (made.length) {
    await sql(`select set_config('taizhang.duty_move', 'on', false); delete from public.duty_records where id = any ('{${made.join(',')}}'::uuid[])`);
  }
});

/** A record written by the clerk for a shift (ending in the future unless told), with events filled in. */
async function record(fields: Record<string, unknown> = {}, as: SupabaseClient = clerk): Promise<DutyRecord> {
  const { data, error } = await as.from('duty_records')
    .insert({ shift_id: shifts.middle, duty_date: today(), events: unique('值班正常，接听业主来电'), calls_received: 6, visits_received: 2, ...fields })
    .select('*').single<DutyRecord>();
  expect(error).toBeNull();
  made.push(data!.id);
  return data!;
}

/** The record handed over and signed by both (clerk out, clerk2 in). */
async function signedRecord(): Promise<DutyRecord> {
  const rec = await record();
  expect((await clerk2.rpc('arrive_for_duty', { record_id: rec.id })).error).toBeNull();
  expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error).toBeNull();
  expect((await clerk2.rpc('sign_duty_handover_in', { record_id: rec.id })).error).toBeNull();
  return recordRow(rec.id);
}

describe('the duty record 值班记录', () => {
  it('names whoever writes it as the person on duty with his department, and lists the checklist from the settings', async () => {
    const rec = await record();
    expect(rec).toMatchObject({ status: '值班中', on_duty_id: operatorIds.clerk, department_id: departmentIds.KF1, incoming_id: null });
    const items = await sql<{ item: string; condition: string }>(`select item, condition from public.duty_record_items where record_id = $1 order by item`, [rec.id]);
    const checklist = (await sql<{ value: string[] }>(`select value from public.settings where key = 'duty.checklist'`))[0].value;
    expect(items.map((i) => i.item).sort()).toEqual([...checklist].sort());
    expect(items.every((i) => i.condition === '完好')).toBe(true);
    for (const i of ['电话', '电脑', '饮水机']) expect(checklist).toContain(i);
    // Someone else as the person on duty, a status or a signature: refused, nothing written.
    const events = unique('冒名值班');
    for (const extra of [{ on_duty_id: operatorIds.clerk2 }, { status: '已交接' }, { in_signed_at: new Date().toISOString() }]) {
      const refused = await clerk.from('duty_records').insert({ shift_id: shifts.early, events, ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
    expect(await sql(`select 1 from public.duty_records where events = $1`, [events])).toEqual([]);
  });

  it('wants a damaged or missing item explained by the outgoing person (交班人员须说明原因)', async () => {
    const rec = await record();
    const [phone] = await sql<{ id: string }>(`select id from public.duty_record_items where record_id = $1 and item = '电话'`, [rec.id]);
    const refused = await clerk.from('duty_record_items').update({ condition: '损坏' }).eq('id', phone.id);
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('说明原因');
    expect(await sql(`select condition from public.duty_record_items where id = $1`, [phone.id])).toEqual([{ condition: '完好' }]);
    expect((await clerk.from('duty_record_items').update({ condition: '损坏', explanation: '听筒线断裂，已报工程部维修' }).eq('id', phone.id)).error).toBeNull();
  });
});

describe('a major problem 重大问题', () => {
  it('is reported to the director the moment the record is saved (立即上报客户服务中心主任), once per problem', async () => {
    const rec = await record({ major_problem: '3号楼电梯困人，已通知工程部和电梯公司' });
    expect(await notified('duty_records', rec.id, '值班上报')).toEqual([operatorIds.director]);
    expect((await recordRow(rec.id)).major_reported_at).not.toBeNull();
    // Saved again unchanged: not told twice; a new problem is told.
    expect((await clerk.from('duty_records').update({ calls_received: 9 }).eq('id', rec.id)).error).toBeNull();
    expect(await notified('duty_records', rec.id, '值班上报')).toHaveLength(1);
    expect((await clerk.from('duty_records').update({ major_problem: '地下车库进水，已启动排水泵' }).eq('id', rec.id)).error).toBeNull();
    expect(await notified('duty_records', rec.id, '值班上报')).toHaveLength(2);
    // A record without one tells nobody.
    const quiet = await record();
    expect(await notified('duty_records', quiet.id, '值班上报')).toEqual([]);
  });
});

describe('the handover 交接班', () => {
  it('records the incoming person’s arrival and flags it late when he arrives less than 5 minutes before the shift ends (接班人员提前5分钟到岗)', async () => {
    const early = await record({ duty_date: '2099-01-01' });
    expect((await clerk2.rpc('arrive_for_duty', { record_id: early.id })).error).toBeNull();
    expect(await recordRow(early.id)).toMatchObject({ incoming_id: operatorIds.clerk2, arrived_late: false });
    // The shift ended yesterday: late.
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const late = await record({ duty_date: yesterday });
    expect((await clerk2.rpc('arrive_for_duty', { record_id: late.id })).error).toBeNull();
    expect(await recordRow(late.id)).toMatchObject({ incoming_id: operatorIds.clerk2, arrived_late: true });
    // The outgoing person cannot take over from himself; a second sign-in is refused.
    const own = await record();
    const self = await clerk.rpc('arrive_for_duty', { record_id: own.id });
    expect(self.error?.code).toBe('42501');
    expect((await recordRow(own.id)).incoming_id).toBeNull();
    const again = await manager.rpc('arrive_for_duty', { record_id: early.id });
    expect(again.error?.code).toBe('PT409');
    expect((await recordRow(early.id)).incoming_id).toBe(operatorIds.clerk2);
  });

  it('lets the incoming person refuse with one of the four only; the outgoing person stays on duty and the director is told (四不接)', async () => {
    const rec = await record();
    expect((await clerk2.rpc('arrive_for_duty', { record_id: rec.id })).error).toBeNull();
    expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error).toBeNull();
    // Not one of the four: refused, nothing changed.
    const other = await clerk2.rpc('refuse_duty_handover', { record_id: rec.id, reason: '心情不好不接' });
    expect(other.error?.code).toBe('22023');
    expect(other.error?.message).toContain('四不接');
    expect((await recordRow(rec.id)).status).toBe('待接班');
    // Someone other than the incoming person cannot refuse.
    expect((await manager.rpc('refuse_duty_handover', { record_id: rec.id, reason: '卫生不洁不接' })).error?.code).toBe('42501');
    for (const reason of ['记录不清不接', '卫生不洁不接', '公物缺失不接', '重大维修未完不接']) {
      const refused = await clerk2.rpc('refuse_duty_handover', { record_id: rec.id, reason, note: `${reason}：请整改` });
      expect(refused.error, reason).toBeNull();
      expect(await recordRow(rec.id)).toMatchObject({ status: '值班中', refusal_reason: reason, out_signed_at: null, on_duty_id: operatorIds.clerk });
      expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error).toBeNull();
    }
    expect(await sql(`select reason from public.duty_handover_refusals where record_id = $1 order by created_at`, [rec.id]))
      .toEqual(['记录不清不接', '卫生不洁不接', '公物缺失不接', '重大维修未完不接'].map((reason) => ({ reason })));
    const told = await notified('duty_records', rec.id, '交接拒收');
    expect(told.filter((id) => id === operatorIds.director)).toHaveLength(4);
    expect(told).toContain(operatorIds.clerk);
    // Refusals are the move's: nobody writes them directly.
    expect((await clerk2.from('duty_handover_refusals').insert({ record_id: rec.id, reason: '卫生不洁不接', refused_by: operatorIds.clerk2 })).error?.code).toBe('42501');
  });

  it('is signed by the outgoing person, then the incoming one (交班人 then 接班人), and the damage found is acknowledged by both', async () => {
    const rec = await record({ events: '' });
    // The incoming person has not arrived: the outgoing cannot sign.
    expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error?.code).toBe('PT409');
    expect((await clerk2.rpc('arrive_for_duty', { record_id: rec.id })).error).toBeNull();
    // A record with nothing written is not signed (无漏项、缺项).
    const empty = await clerk.rpc('sign_duty_handover_out', { record_id: rec.id });
    expect(empty.error?.code).toBe('23514');
    expect(empty.error?.message).toContain('值班情况');
    expect((await clerk.from('duty_records').update({ events: '夜间巡查正常，饮水机漏水已记录' }).eq('id', rec.id)).error).toBeNull();
    const [water] = await sql<{ id: string }>(`select id from public.duty_record_items where record_id = $1 and item = '饮水机'`, [rec.id]);
    expect((await clerk.from('duty_record_items').update({ condition: '损坏', explanation: '底座漏水，已通知行政更换' }).eq('id', water.id)).error).toBeNull();
    // The incoming signs first: refused.
    const first = await clerk2.rpc('sign_duty_handover_in', { record_id: rec.id });
    expect(first.error?.code).toBe('PT409');
    expect(first.error?.message).toContain('交班人');
    expect((await recordRow(rec.id)).status).toBe('值班中');
    expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error).toBeNull();
    // Only the incoming person signs as incoming.
    expect((await manager.rpc('sign_duty_handover_in', { record_id: rec.id })).error?.code).toBe('42501');
    expect((await clerk2.rpc('sign_duty_handover_in', { record_id: rec.id })).error).toBeNull();
    const signed = await recordRow(rec.id);
    expect(signed.status).toBe('已交接');
    expect(signed.out_signed_at).not.toBeNull();
    expect(new Date(signed.in_signed_at!).getTime()).toBeGreaterThanOrEqual(new Date(signed.out_signed_at!).getTime());
  });
});

describe('a signed record 已交接', () => {
  it('is locked: no edit by anyone through PATCH, the batch write, delete or the items', async () => {
    const rec = await signedRecord();
    const before = JSON.stringify(await recordRow(rec.id));
    const patch = await clerk.from('duty_records').update({ events: '事后改写' }).eq('id', rec.id);
    expect(patch.error?.code).toBe('PT409');
    expect(patch.error?.message).toContain('已锁定');
    const batch = await clerk.rpc('apply_rows', { register: 'duty_records', rows: [{ key: rec.id, values: { outstanding: '事后补写' } }] });
    expect(batch.error).toBeNull();
    expect(JSON.stringify(batch.data)).toContain('已锁定');
    const removed = await clerk.from('duty_records').delete().eq('id', rec.id);
    expect(removed.error?.code).toBe('PT409');
    const [item] = await sql<{ id: string }>(`select id from public.duty_record_items where record_id = $1 limit 1`, [rec.id]);
    const itemPatch = await clerk.from('duty_record_items').update({ condition: '缺失', explanation: '事后发现缺失' }).eq('id', item.id);
    expect(itemPatch.error?.code).toBe('PT409');
    const itemBatch = await clerk.rpc('apply_rows', { register: 'duty_record_items', rows: [{ key: item.id, values: { condition: '缺失', explanation: '批量改写' } }, { key: null, values: { record_id: rec.id, item: '手电筒' } }] });
    expect(itemBatch.error).toBeNull();
    expect((itemBatch.data as { applied: number }).applied).toBe(0);
    expect(await sql(`select 1 from public.duty_record_items where record_id = $1 and item = '手电筒'`, [rec.id])).toEqual([]);
    // Nor by the director, who may not write it at all, nor by the incoming person.
    const byDirector = await director.from('duty_records').update({ events: '主任改写' }).eq('id', rec.id).select('id');
    expect(byDirector.error !== null || byDirector.data?.length === 0).toBe(true);
    expect(JSON.stringify(await recordRow(rec.id))).toBe(before);
    expect(await sql(`select count(*)::int as n from public.duty_record_items where id = $1 and condition = '完好'`, [item.id])).toEqual([{ n: 1 }]);
  });

  it('cannot get an item back from the recycle bin once locked', async () => {
    const rec = await record();
    const [item] = await sql<{ id: string }>(`select id from public.duty_record_items where record_id = $1 and item = '钥匙'`, [rec.id]);
    expect((await clerk.from('duty_record_items').delete().eq('id', item.id)).error).toBeNull();
    const [bin] = await sql<{ id: number }>(`select id from public.recycle_bin where table_name = 'duty_record_items' and row_id = $1`, [item.id]);
    expect((await clerk2.rpc('arrive_for_duty', { record_id: rec.id })).error).toBeNull();
    expect((await clerk.rpc('sign_duty_handover_out', { record_id: rec.id })).error).toBeNull();
    expect((await clerk2.rpc('sign_duty_handover_in', { record_id: rec.id })).error).toBeNull();
    const restored = await clerk.rpc('restore_deleted', { bin_id: bin.id });
    expect(restored.error?.code).toBe('PT409');
    expect(restored.error?.message).toContain('已锁定');
    expect(await sql(`select 1 from public.duty_record_items where id = $1`, [item.id])).toEqual([]);
    // Nor the signed record itself, were it ever removed in the console.
    await sql(`select set_config('taizhang.duty_move', 'on', false); delete from public.duty_records where id = '${rec.id}'`);
    const [recordBin] = await sql<{ id: number }>(`select id from public.recycle_bin where table_name = 'duty_records' and row_id = $1`, [rec.id]);
    const back = await clerk.rpc('restore_deleted', { bin_id: recordBin.id });
    expect(back.error?.code).toBe('PT409');
    expect(back.error?.message).toContain('不能从回收站恢复');
    expect(await sql(`select 1 from public.duty_records where id = $1`, [rec.id])).toEqual([]);
  });

  it('is corrected only by an addendum, insert-only, by the two people or a manager', async () => {
    const rec = await signedRecord();
    expect((await clerk.from('duty_record_addenda').insert({ record_id: rec.id, body: '补记：21:40 业主王先生来电已回访' })).error).toBeNull();
    expect((await clerk2.from('duty_record_addenda').insert({ record_id: rec.id, body: '补记：接班时对讲机电量不足' })).error).toBeNull();
    expect((await manager.from('duty_record_addenda').insert({ record_id: rec.id, body: '经理补记：已核实' })).error).toBeNull();
    const [mine] = await sql<{ id: string; written_by: string }>(`select id, written_by from public.duty_record_addenda where record_id = $1 order by created_at limit 1`, [rec.id]);
    expect(mine.written_by).toBe(operatorIds.clerk);
    // Not changed, not deleted, not by a stranger, not on an open record.
    expect((await clerk.from('duty_record_addenda').update({ body: '改补记' }).eq('id', mine.id)).error?.code).toBe('42501');
    expect((await clerk.from('duty_record_addenda').delete().eq('id', mine.id)).error?.code).toBe('42501');
    const stranger = await signInAs('engineer');
    expect((await stranger.from('duty_record_addenda').insert({ record_id: rec.id, body: '外人补记' })).error).not.toBeNull();
    const open = await record();
    const early = await clerk.from('duty_record_addenda').insert({ record_id: open.id, body: '未签字先补记' });
    expect(early.error?.code).toBe('PT409');
    expect(await sql(`select body from public.duty_record_addenda where record_id = $1 order by created_at`, [rec.id]))
      .toEqual([{ body: '补记：21:40 业主王先生来电已回访' }, { body: '补记：接班时对讲机电量不足' }, { body: '经理补记：已核实' }]);
  });

  it('prints with both signature lines (交班人 / 接班人)', async () => {
    const [reg] = await sql<{ print_title_zh: string; print_signatures_zh: string[] }>(
      `select print_title_zh, print_signatures_zh from private.registers where register = 'duty_records'`);
    expect(reg).toEqual({ print_title_zh: '值班记录', print_signatures_zh: ['交班人', '接班人'] });
  });
});

describe('leave from duty 请假/替班', () => {
  const leave = (fields: Record<string, unknown> = {}) => ({
    duty_date: today(), shift_id: shifts.night, leave_from: new Date(Date.now() + 3_600_000).toISOString(),
    leave_until: new Date(Date.now() + 2 * 3_600_000).toISOString(), reason: unique('家中有急事'), substitute_id: operatorIds.clerk2, ...fields,
  });

  it('needs a named substitute, and is decided by the director alone', async () => {
    const missing = leave({ substitute_id: null });
    const refused = await clerk.from('duty_leaves').insert(missing);
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('替班');
    expect(await sql(`select 1 from public.duty_leaves where reason = $1`, [missing.reason])).toEqual([]);
    const { data, error } = await clerk.from('duty_leaves').insert(leave()).select('id, status').single<{ id: string; status: string }>();
    expect(error).toBeNull();
    expect(data!.status).toBe('待审批');
    expect(await notified('duty_leaves', data!.id, '值班请假')).toEqual([operatorIds.director]);
    // The manager (even the duty manager) cannot decide it; the director can.
    const byManager = await manager.rpc('decide_duty_leave', { leave_id: data!.id, approve: true });
    expect(byManager.error?.code).toBe('42501');
    expect(byManager.error?.message).toContain('客户服务中心主任');
    expect(await sql(`select status from public.duty_leaves where id = $1`, [data!.id])).toEqual([{ status: '待审批' }]);
    expect((await director.rpc('decide_duty_leave', { leave_id: data!.id, approve: true, note: '同意，替班人到岗后离开' })).error).toBeNull();
    expect(await sql(`select status, approver_id from public.duty_leaves where id = $1`, [data!.id])).toEqual([{ status: '已批准', approver_id: operatorIds.director }]);
    expect(await notified('duty_leaves', data!.id, '审批结果')).toEqual([operatorIds.clerk, operatorIds.clerk2].sort());
    // Decided: frozen.
    expect((await clerk.from('duty_leaves').update({ reason: '改事由' }).eq('id', data!.id)).error?.code).toBe('PT409');
    await sql(`select set_config('taizhang.duty_move', 'on', false); delete from public.duty_leaves where id = '${data!.id}'`);
  });

  it('records leaving without approval as absence (擅自离岗按旷工处理), by the director or a manager only', async () => {
    const absent = leave({ kind: '擅自离岗', operator_id: operatorIds.clerk2, substitute_id: null, reason: unique('值班期间擅自离岗') });
    const byClerk = await clerk.from('duty_leaves').insert(absent);
    expect(byClerk.error).not.toBeNull();
    expect(await sql(`select 1 from public.duty_leaves where reason = $1`, [absent.reason])).toEqual([]);
    const { data, error } = await director.from('duty_leaves').insert(absent).select('id, status, operator_id, recorded_by').single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: '旷工', operator_id: operatorIds.clerk2, recorded_by: operatorIds.director });
    await sql(`select set_config('taizhang.duty_move', 'on', false); delete from public.duty_leaves where id = '${data!.id}'`);
  });
});

describe('the demo duty log', () => {
  it('holds a month of records signed by both, one refused handover with its refusal, a major problem and today’s shift on duty', async () => {
    const [counts] = await sql<{ locked: number; days: number; refused: number; major: number; open_today: number }>(
      `select count(*) filter (where status = '已交接')::int as locked,
              count(distinct duty_date) filter (where status = '已交接')::int as days,
              count(*) filter (where refusal_reason is not null and status = '已交接')::int as refused,
              count(*) filter (where major_problem is not null)::int as major,
              count(*) filter (where status = '值班中' and duty_date = current_date)::int as open_today
       from public.duty_records where id::text like '00000000-0000-4000-f002-%'`);
    expect(counts.locked).toBeGreaterThanOrEqual(90);
    expect(counts.days).toBe(30);
    expect(counts).toMatchObject({ refused: 1, major: 1, open_today: 1 });
    expect(await sql(`select reason from public.duty_handover_refusals where record_id = '00000000-0000-4000-f002-000000000026'`)).toEqual([{ reason: '公物缺失不接' }]);
    expect(await sql(`select count(*)::int as n from public.duty_record_items where record_id::text like '00000000-0000-4000-f002-%' and condition <> '完好' and explanation is not null`))
      .toEqual([{ n: 3 }]);
  });
});
