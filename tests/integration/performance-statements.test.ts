// Performance statements 绩效考核表 (issue 16 points 2 and 6; RULES §15): a statement per person and
// quarter with every figure a line naming its source row; penalties (late reports, complaints
// upheld, duplicate cards, sampling findings); the quarterly ranking and its ties; the team split
// 80/20; proposed → reviewed by the manager → approved by the gm → locked; a settings change never
// rewrites a locked statement; who sees which statement; the printed statement.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

type Statement = { id: string; operator_id: string; department_id: string; quarter: string; payout_month: string; status: string; score: string; rank: number | null; points_bonus: string; commission: string; praise: string; award_person: string; award_department: string; penalties: string; total: string };
type Line = { kind: string; source_table: string; source_id: string; amount: string; note: string };

const QUARTER = '2019-04-01';
const statementOf = async (operator: string, quarter = QUARTER) =>
  (await sql<{ j: Statement }>(`select to_jsonb(s) as j from public.performance_statements s where operator_id = $1 and quarter = $2`, [operator, quarter]))[0]?.j;
const linesOf = (statement: string) =>
  sql<Line>(`select kind, source_table, source_id, amount::text, note from public.performance_statement_lines where statement_id = $1 order by kind, source_table, source_id`, [statement]);
const propose = (quarter = QUARTER) => sql(`select private.propose_performance_statements($1)`, [quarter]);

let writer: Awaited<ReturnType<typeof createThrowawayOperator>>;
let writerClient: SupabaseClient;
let manager: SupabaseClient;
let reportId: string;
let complaintId: string;
let repairId: string;
let penaltyId: string;
beforeAll(async () => {
  writer = await createThrowawayOperator('clerk', 'KF1');
  writerClient = await writer.client();
  manager = await signInAs('manager');
  // A daily report for Monday 8 April 2019 handed in on the 10th: 逾期, 20 yuan (Operations).
  [{ id: reportId }] = await sql<{ id: string }>(
    `insert into public.work_reports (kind, period_on, author_id, content, submitted_at) values ('日报', '2019-04-08', $1, '测试报表内容', '2019-04-10T10:00:00+08:00') returning id`,
    [writer.id],
  );
  ({ row: { id: complaintId } } = await recordRequest('clerk', complaint({ accused_operator_id: writer.id })));
  ({ row: { id: repairId } } = await recordRequest('clerk', { kind: '报修', fault_kind: '一般', content: '空调不制冷' }));
});
afterAll(async () => {
  await sql(`delete from public.performance_statements where quarter in ($1, '2005-01-01') and set_config('taizhang.restoring', 'on', false) = 'on'`, [QUARTER]);
  await sql(`delete from public.performance_penalties where operator_id = $1`, [writer.id]);
  await sql(`delete from public.work_reports where author_id = $1`, [writer.id]);
  await sql(`delete from public.return_visits where sampled_request_id = $1`, [repairId]);
  await sql(`delete from public.notifications where recipient_id = $1 or link_table = 'performance_statements'`, [writer.id]);
  await sql(`delete from public.service_requests where id in ($1, $2) and set_config('taizhang.workflow', 'on', false) = 'on'`, [complaintId, repairId]);
  await writer.remove();
});

describe('penalty findings 处罚记录', () => {
  it('a complaint upheld against the person costs 200 yuan (每次罚款200元), recorded by his manager; the amount is the setting\'s, not typed', async () => {
    const { data, error } = await manager.from('performance_penalties')
      .insert({ operator_id: writer.id, kind: '投诉属实', source_id: complaintId, occurred_on: '2019-05-10', amount: 1 }).select().single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ amount: 200, source_table: 'service_requests', department_id: departmentIds.KF1, recorded_by: operatorIds.manager });
    penaltyId = data.id;
  });

  it('refuses a complaint that does not name the person, and nothing is recorded', async () => {
    const { error } = await manager.from('performance_penalties')
      .insert({ operator_id: operatorIds.kf1Colleague, kind: '投诉属实', source_id: complaintId, occurred_on: '2019-05-10' });
    expect(error).toMatchObject({ code: '23514', message: '这件投诉没有点名此人为被投诉人 | This complaint does not name this person as the accused' });
    expect(await sql(`select 1 from public.performance_penalties where operator_id = $1`, [operatorIds.kf1Colleague])).toEqual([]);
  });

  it('a duplicate card costs 20 yuan per card (每卡罚款20元) and needs its cause (the missed return visit) written down', async () => {
    const [{ id: customer }] = await sql<{ id: string }>(`select id from public.customers where department_id = $1 order by code limit 1`, [departmentIds.KF1]);
    const refused = await manager.from('performance_penalties').insert({ operator_id: writer.id, kind: '重卡', source_id: customer, occurred_on: '2019-05-11' });
    expect(refused.error).toMatchObject({ code: '23502', message: '重卡须写明原因（未及时回访） | A duplicate card needs its cause (the missed return visit) in the note' });
    const { data, error } = await manager.from('performance_penalties')
      .insert({ operator_id: writer.id, kind: '重卡', source_id: customer, occurred_on: '2019-05-11', note: '未及时回访，客户另行建卡' }).select().single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ amount: 20, source_table: 'customers' });
  });

  it('a sampling finding costs 50–100 yuan as the manager sets it (扣月績效獎50100元), outside the range it is refused', async () => {
    await sql(`update public.service_requests set handler_id = $1 where id = $2 and set_config('taizhang.workflow', 'on', false) = 'on'`, [writer.id, repairId]);
    const [{ id: visit }] = await sql<{ id: string }>(
      `insert into public.return_visits (source, sampled_request_id, department_id, done_at, visitor_id, method, satisfaction, content)
       values ('抽查', $1, $2, now(), $3, '电话', '基本满意', '未按规定将处理结果记录在案') returning id`,
      [repairId, departmentIds.KF1, operatorIds.director],
    );
    const tooMuch = await manager.from('performance_penalties').insert({ operator_id: writer.id, kind: '抽查', source_id: visit, occurred_on: '2019-06-03', amount: 120 });
    expect(tooMuch.error).toMatchObject({ code: '23514', message: '抽查扣款须在 50–100 元之间 | Sampling deduction: between 50 and 100 yuan' });
    const notSampling = await manager.from('performance_penalties').insert({ operator_id: writer.id, kind: '抽查', source_id: complaintId, occurred_on: '2019-06-03', amount: 80 });
    expect(notSampling.error).toMatchObject({ code: '23503' });
    const { data, error } = await manager.from('performance_penalties')
      .insert({ operator_id: writer.id, kind: '抽查', source_id: visit, occurred_on: '2019-06-03', amount: 80 }).select().single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ amount: 80, source_table: 'return_visits' });
  });

  it('a clerk records no penalty, not even on himself', async () => {
    const { error } = await writerClient.from('performance_penalties').insert({ operator_id: writer.id, kind: '投诉属实', source_id: complaintId });
    expect(error?.code).toBe('42501');
  });
});

describe('the quarterly statement 季度绩效考核表', () => {
  it('is proposed (待复核) with a line per source row: the late report as Operations assessed it, each penalty finding; the totals are the lines\' sum', async () => {
    await propose();
    const st = await statementOf(writer.id);
    expect(st).toMatchObject({ status: '待复核', department_id: departmentIds.KF1, payout_month: '2019-07-01' });
    const lines = await linesOf(st.id);
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: '处罚', source_table: 'work_reports', source_id: reportId, amount: '-20.00' }),
      expect.objectContaining({ kind: '处罚', source_table: 'performance_penalties', source_id: penaltyId, amount: '-200.00' }),
    ]));
    expect(lines.filter((l) => l.kind === '处罚').map((l) => Number(l.amount)).sort((a, b) => a - b)).toEqual([-200, -80, -20, -20]);
    expect(Number(st.penalties)).toBe(-320);
    expect(Number(st.total)).toBe(-320);
  });

  it('is recomputed, not doubled, when proposed again', async () => {
    const before = await statementOf(writer.id);
    await propose();
    const after = await statementOf(writer.id);
    expect(after.id).toBe(before.id);
    expect((await linesOf(after.id)).length).toBe(4);
    expect(after.total).toBe(before.total);
  });

  it('is seen by the person himself, his manager, the director and the gm — not by another clerk', async () => {
    const st = await statementOf(writer.id);
    const own = await writerClient.from('performance_statements').select('id, operator_id');
    expect(own.error).toBeNull();
    expect(new Set(own.data!.map((r) => r.operator_id))).toEqual(new Set([writer.id]));
    expect((await writerClient.from('performance_statement_lines').select('id').eq('statement_id', st.id)).data).toHaveLength(4);
    const other = await signInAs('clerk2');
    expect((await other.from('performance_statements').select('id').eq('id', st.id)).data).toEqual([]);
    expect((await other.from('performance_statement_lines').select('id').eq('statement_id', st.id)).data).toEqual([]);
    const colleague = await signInAs('clerk');
    expect((await colleague.from('performance_statements').select('id').eq('id', st.id)).data).toEqual([]);
    for (const role of ['manager', 'director', 'gm'] as const) {
      expect((await (await signInAs(role)).from('performance_statements').select('id').eq('id', st.id)).data, role).toHaveLength(1);
    }
    const kf2 = await (await signInAs('manager')).from('performance_statements').select('department_id').eq('quarter', QUARTER);
    expect(new Set(kf2.data!.map((r) => r.department_id))).toEqual(new Set([departmentIds.KF1]));
  });

  it('is reviewed by the department manager, then approved by the gm; the person cannot review his own, the manager cannot approve', async () => {
    const st = await statementOf(writer.id);
    const own = await writerClient.rpc('review_performance_statement', { statement_id: st.id });
    expect(own.error).toMatchObject({ code: '42501' });
    const early = await (await signInAs('gm')).rpc('approve_performance_statement', { statement_id: st.id });
    expect(early.error).toMatchObject({ code: 'PT409', message: '考核表“待复核”，须经部门经理复核后才能批准 | The statement is 待复核: it is approved only after the manager\'s review' });
    const reviewed = await manager.rpc('review_performance_statement', { statement_id: st.id });
    expect(reviewed.error).toBeNull();
    expect(reviewed.data).toMatchObject({ status: '待审批', reviewed_by: operatorIds.manager });
    const byManager = await manager.rpc('approve_performance_statement', { statement_id: st.id });
    expect(byManager.error).toMatchObject({ code: '42501', message: '只有总经理可以批准绩效考核表 | Only the gm approves a performance statement' });
    expect((await statementOf(writer.id)).status).toBe('待审批');
    const approved = await (await signInAs('gm')).rpc('approve_performance_statement', { statement_id: st.id });
    expect(approved.error).toBeNull();
    expect(approved.data).toMatchObject({ status: '已批准', approved_by: operatorIds.gm });
    expect(await sql(`select kind, title from public.notifications where recipient_id = $1 and dedupe_key = $2`, [writer.id, `perf-approved:${st.id}`]))
      .toEqual([{ kind: '绩效', title: '2019-Q2 季度绩效考核表已批准：实发 -320.00 元，2019-07 发放 | 2019-Q2 performance statement approved: -320.00 yuan, paid in 2019-07' }]);
  });

  it('once approved is locked: a settings change, a new penalty or another run never rewrites it, and the database refuses any edit', async () => {
    const st = await statementOf(writer.id);
    const lines = await linesOf(st.id);
    const hasRates = (await sql<{ t: string | null }>(`select to_regclass('public.performance_rates')::text as t`))[0].t !== null;
    if (hasRates) {
      await sql(`insert into public.performance_rates (key, value, effective_from, label) values ('penalty.upheld_complaint', 500, '2019-01-02', '测试 | test')`);
    }
    await sql(`delete from public.work_reports where id = $1`, [reportId]);
    await propose();
    expect(await statementOf(writer.id)).toEqual(st);
    expect(await linesOf(st.id)).toEqual(lines);
    await expect(sql(`update public.performance_statements set total = 0 where id = $1`, [st.id]))
      .rejects.toThrow('考核表已批准并锁定，不能再修改或删除 | The statement is approved and locked: it cannot be changed or deleted');
    await expect(sql(`delete from public.performance_statement_lines where statement_id = $1`, [st.id])).rejects.toThrow(/已复核或锁定/);
    const removed = await manager.from('performance_penalties').delete().eq('id', penaltyId).select();
    expect(removed.data ?? []).toEqual([]);
    expect(await sql(`select 1 from public.performance_penalties where id = $1`, [penaltyId])).toHaveLength(1);
    if (hasRates) {
      await sql(`delete from public.performance_rates where key = 'penalty.upheld_complaint' and effective_from = '2019-01-02'`);
    }
  });
});

describe('the quarterly ranking 季度考核排名', () => {
  // 10 people with scores 90, 80, 70, 70, 60, 50, 50, 50, 40, 0: same score, same rank, the next skips.
  const people = [operatorIds.clerk, operatorIds.clerk2, operatorIds.archivist, operatorIds.manager, operatorIds.director,
    operatorIds.gm, operatorIds.admin, operatorIds.deputy, operatorIds.engineer, operatorIds.engineer2];
  const scores = [90, 80, 70, 70, 60, 50, 50, 50, 40, 0];
  it('ranks 1, 2, 3, 3, 5, 6, 6, 6, 9: ranks 1–3 get 1500 (季度嘉奖1500元), 4–8 get 1000 (第4~8名 1000元), split 80% person / 20% department', async () => {
    for (const [i, person] of people.entries()) {
      await sql(`insert into public.performance_statements (operator_id, quarter, payout_month, score) values ($1, '2005-01-01', '2005-04-01', $2)`, [person, scores[i]]);
    }
    await sql(`select private.rank_performance_statements('2005-01-01')`);
    const rows = await sql<{ operator_id: string; rank: number | null; award_person: string; award_department: string; total: string }>(
      `select operator_id, rank, award_person::text, award_department::text, total::text from public.performance_statements where quarter = '2005-01-01'`,
    );
    const byPerson = (p: string) => rows.find((r) => r.operator_id === p)!;
    expect(people.map((p) => byPerson(p).rank)).toEqual([1, 2, 3, 3, 5, 6, 6, 6, 9, null]);
    expect(people.map((p) => Number(byPerson(p).award_person))).toEqual([1200, 1200, 1200, 1200, 800, 800, 800, 800, 0, 0]);
    expect(people.map((p) => Number(byPerson(p).award_department))).toEqual([300, 300, 300, 300, 200, 200, 200, 200, 0, 0]);
    expect(Number(byPerson(operatorIds.clerk).total)).toBe(1200);
    // Ranking again writes the same awards once.
    await sql(`select private.rank_performance_statements('2005-01-01')`);
    expect((await sql(`select 1 from public.performance_statement_lines l join public.performance_statements s on s.id = l.statement_id
                       where s.quarter = '2005-01-01' and l.kind = '季度奖'`)).length).toBe(8);
  });
});

describe('the printed statement and the menu', () => {
  it('prints as 季度绩效考核表 with the lines 本人 / 部门经理 / 总经理, in the 绩效考核 menu; nobody edits a statement', async () => {
    const { data, error } = await manager.rpc('register_metadata');
    expect(error).toBeNull();
    const registers = data as { register: string; menu_group: string; print_title_zh: string; print_signatures_zh: string[]; can_create: boolean; can_update: boolean; can_delete: boolean }[];
    expect(registers.find((r) => r.register === 'performance_statements')).toMatchObject({
      menu_group: 'performance', print_title_zh: '季度绩效考核表', print_signatures_zh: ['本人', '部门经理', '总经理'],
      can_create: false, can_update: false, can_delete: false,
    });
  });
});
