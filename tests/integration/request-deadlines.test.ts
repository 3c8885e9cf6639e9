// Service-request deadlines as the seeds set them (issue 12 point 1, RULES.md §3): 首问责任制's
// 24-hour handover with holidays extending it, the 12-hour first answer and the 2-working-day
// settlement or report to the centre (001), complaints' 3 days whatever the severity with 严重 and
// 重大 escalated at once (003), repairs investigated the same day (000) and completed by fault kind,
// a logistics complaint's handling opinion on the 2nd working day (002), and the hourly job that
// chases each breach once. Deadlines in 2026 use the business calendar (National Day: Oct 1–7,
// Saturday Oct 10 worked); the job scenarios use 2016, a year no other test uses.
import { describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

const at = (value: unknown) => new Date(value as string).toISOString();
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

const deadlines = async (id: string) =>
  (
    await sql<Record<string, Date | null>>(
      `select handover_due, answer_due, settle_due, reply_due, investigate_due, complete_due, reported_at, investigated_at
       from public.service_requests where id = $1`,
      [id],
    )
  )[0];

const notices = (linkId: string, dedupePrefix = '') =>
  sql<{ recipient_id: string; kind: string; dedupe_key: string }>(
    `select recipient_id, kind, dedupe_key from public.notifications where link_id = $1 and coalesce(dedupe_key, '') like $2 || '%' order by recipient_id, dedupe_key`,
    [linkId, dedupePrefix],
  );

const recipients = async (linkId: string, dedupePrefix: string) => (await notices(linkId, dedupePrefix)).map((n) => n.recipient_id).sort();

async function runJob(asOf: string): Promise<{ status: number; run?: { error: string | null; rows_affected: number }; code?: string }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/request-deadlines`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

describe('首问责任制: a request the first receiver cannot settle is handed over within 24 hours, holidays extending it', () => {
  it('a request received the day before National Day is due to be handed over at the same hour on the first working day after it', async () => {
    const beforeHoliday = await recordRequest('clerk', { kind: '咨询', received_at: '2026-09-30T10:00:00+08:00' });
    expect(at(beforeHoliday.row.handover_due)).toBe(beijing('2026-10-08T10:00:00'));
    const midweek = await recordRequest('clerk', { kind: '报修', fault: '灯不亮', received_at: '2026-11-18T10:00:00+08:00' });
    expect(at(midweek.row.handover_due)).toBe(beijing('2026-11-19T10:00:00'));
    const friday = await recordRequest('clerk', { kind: '求助', received_at: '2026-11-20T15:00:00+08:00' });
    expect(at(friday.row.handover_due)).toBe(beijing('2026-11-23T15:00:00'));
  });

  it('the clerk cannot move any deadline himself', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '咨询' });
    const before = await deadlines(row.id);
    for (const column of ['handover_due', 'answer_due', 'settle_due']) {
      const moved = await client.from('service_requests').update({ [column]: '2099-01-01T09:00:00+08:00' }).eq('id', row.id).select();
      expect(moved.status, column).toBe(403);
      expect(moved.error?.message, column).toMatch(/\|/);
    }
    expect(await deadlines(row.id)).toEqual(before);
  });

  it('a request not handed over within 24 hours is chased: its first receiver and the department manager are told, once; an assigned one is not', async () => {
    const waiting = await recordRequest('clerk', { kind: '建议', received_at: '2016-03-01T09:00:00+08:00' });
    const assigned = await recordRequest('clerk', { kind: '建议', received_at: '2016-03-01T09:00:00+08:00' });
    expect((await assigned.client.rpc('assign_request', { request_id: assigned.row.id, handler: operatorIds.clerk })).error).toBeNull();
    const first = await runJob('2016-03-02T10:00:00+08:00');
    expect(first.status).toBe(200);
    expect(first.run?.error).toBeNull();
    expect(await recipients(waiting.row.id, 'handover-overdue:')).toEqual([operatorIds.clerk, operatorIds.manager].sort());
    expect((await notices(waiting.row.id, 'handover-overdue:')).every((n) => n.kind === '工单时限')).toBe(true);
    expect(await notices(assigned.row.id, 'handover-overdue:')).toEqual([]);
    await runJob('2016-03-02T11:00:00+08:00');
    expect(await notices(waiting.row.id, 'handover-overdue:')).toHaveLength(2);
  });
});

describe('a first answer within 12 hours; settled within 2 working days or reported to the centre (备查)', () => {
  it('consultations, help requests and complaints are due a first answer 12 hours after receipt; repairs and suggestions are not', async () => {
    for (const fields of [{ kind: '咨询' }, { kind: '求助' }, complaint()]) {
      const { row } = await recordRequest('clerk', { ...fields, received_at: '2026-09-30T10:00:00+08:00' });
      expect(at(row.answer_due), String(fields.kind)).toBe(beijing('2026-09-30T22:00:00'));
    }
    for (const fields of [{ kind: '报修', fault: '水管漏水' }, { kind: '建议' }]) {
      const { row } = await recordRequest('clerk', { ...fields, received_at: '2026-09-30T10:00:00+08:00' });
      expect(row.answer_due, fields.kind).toBeNull();
      expect(row.settle_due, fields.kind).toBeNull();
    }
  });

  it('answering the customer meets the 12-hour deadline and is recorded; a repair is not answered this way', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '求助', received_at: '2016-06-07T09:00:00+08:00' });
    const answered = await client.rpc('answer_request', { request_id: row.id, reply: '已告知维修电话' });
    expect(answered.error).toBeNull();
    expect(answered.data.reply).toBe('已告知维修电话');
    expect(answered.data.replied_at).toBeTruthy();
    const again = await client.rpc('answer_request', { request_id: row.id, reply: '再次答复' });
    expect(again.status).toBe(409);
    await runJob('2016-06-08T08:00:00+08:00');
    expect(await notices(row.id, 'answer-overdue:')).toEqual([]);
    const repair = await recordRequest('clerk', { kind: '报修', fault: '门铃坏' });
    const refused = await repair.client.rpc('answer_request', { request_id: repair.row.id, reply: '已答复' });
    expect(refused.status).toBe(400);
    expect((await deadlines(repair.row.id)).answer_due).toBeNull();
    expect(await sql(`select reply, replied_at from public.service_requests where id = $1`, [repair.row.id])).toEqual([{ reply: null, replied_at: null }]);
  });

  it('a consultation received before National Day is to be settled by the end of the second working day after it', async () => {
    const { row } = await recordRequest('clerk', { kind: '咨询', received_at: '2026-09-30T10:00:00+08:00' });
    expect(at(row.settle_due)).toBe(beijing('2026-10-10T00:00:00')); // Oct 8 and Oct 9 are the two working days
  });

  it('a handler who needs longer reports it to the centre with a reason and a new date; the settle-by moves and the director is told once', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '咨询', received_at: '2026-11-20T09:00:00+08:00' });
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    const reported = await client.rpc('report_request_to_centre', { request_id: row.id, reason: '需供水公司出具检测报告', settle_by: '2026-12-04' });
    expect(reported.error).toBeNull();
    expect(reported.data.reported_by).toBe(operatorIds.clerk);
    expect(reported.data.report_reason).toBe('需供水公司出具检测报告');
    expect(at(reported.data.settle_due)).toBe(beijing('2026-12-05T00:00:00'));
    expect(await notices(row.id, 'centre-report:')).toEqual([{ recipient_id: operatorIds.director, kind: '工单时限', dedupe_key: `centre-report:${row.id}` }]);
    const again = await client.rpc('report_request_to_centre', { request_id: row.id, reason: '再次延期', settle_by: '2026-12-18' });
    expect(again.status).toBe(409);
    expect(again.error?.message).toContain('already reported');
    expect(at((await deadlines(row.id)).settle_due)).toBe(beijing('2026-12-05T00:00:00'));
  });

  it('a report to the centre needs a reason and a later date, and only the handler, the first receiver or a manager makes it', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '求助', received_at: '2026-11-20T09:00:00+08:00' });
    const before = await deadlines(row.id);
    const noReason = await client.rpc('report_request_to_centre', { request_id: row.id, reason: ' ', settle_by: '2026-12-04' });
    expect(noReason.status).toBe(400);
    expect(noReason.error?.message).toContain('needs a reason');
    const earlier = await client.rpc('report_request_to_centre', { request_id: row.id, reason: '等待配件', settle_by: '2026-11-23' });
    expect(earlier.status).toBe(400);
    expect(earlier.error?.message).toContain('after the current settle-by');
    const colleague = await createThrowawayOperator('clerk', 'KF1');
    try {
      const other = await (await colleague.client()).rpc('report_request_to_centre', { request_id: row.id, reason: '等待配件', settle_by: '2026-12-04' });
      expect(other.status).toBe(403);
      expect(other.error?.message).toContain('Not allowed');
    } finally {
      await colleague.remove();
    }
    const repair = await recordRequest('clerk', { kind: '报修', fault: '门锁坏' });
    const notSettleable = await repair.client.rpc('report_request_to_centre', { request_id: repair.row.id, reason: '等待配件', settle_by: '2099-01-01' });
    expect(notSettleable.status).toBe(400);
    expect(await deadlines(row.id)).toEqual(before);
    expect(await notices(row.id, 'centre-report:')).toEqual([]);
  });

  it('a missed first answer and a missed settlement are each chased to the handler once; a request reported to the centre only after its new date', async () => {
    const late = await recordRequest('clerk', { kind: '咨询', received_at: '2016-04-06T09:00:00+08:00' });
    await late.client.rpc('assign_request', { request_id: late.row.id, handler: operatorIds.clerk });
    const reported = await recordRequest('clerk', { kind: '咨询', received_at: '2016-04-06T09:00:00+08:00' });
    await reported.client.rpc('assign_request', { request_id: reported.row.id, handler: operatorIds.clerk });
    expect((await reported.client.rpc('report_request_to_centre', { request_id: reported.row.id, reason: '需现场勘查', settle_by: '2016-04-20' })).error).toBeNull();

    await runJob('2016-04-06T22:00:00+08:00');
    expect(await recipients(late.row.id, 'answer-overdue:')).toEqual([operatorIds.clerk]);
    expect(await notices(late.row.id, 'settle-overdue:')).toEqual([]);
    await runJob('2016-04-09T01:00:00+08:00'); // after the end of Friday Apr 8, the 2nd working day
    expect(await recipients(late.row.id, 'settle-overdue:')).toEqual([operatorIds.clerk]);
    expect(await notices(reported.row.id, 'settle-overdue:')).toEqual([]);
    await runJob('2016-04-21T01:00:00+08:00');
    expect(await recipients(reported.row.id, 'settle-overdue:')).toEqual([operatorIds.clerk]);
    expect(await notices(late.row.id, 'answer-overdue:')).toHaveLength(1);
    expect(await notices(late.row.id, 'settle-overdue:')).toHaveLength(1);
  });
});

describe('complaints: a clear answer within 3 days whatever the severity; 严重 and 重大 reach the director at once', () => {
  it('a major complaint is due a reply 3 days after receipt, like any other', async () => {
    for (const severity of ['一般', '严重', '重大']) {
      const { row } = await recordRequest('clerk', complaint({ severity, received_at: '2026-11-20T09:00:00+08:00' }));
      expect(at(row.reply_due), severity).toBe(beijing('2026-11-23T09:00:00'));
    }
  });

  it('a serious complaint reaches the director and the department manager at once, once each, and is marked escalated; an ordinary one reaches nobody', async () => {
    const serious = await recordRequest('clerk', complaint({ severity: '严重' }));
    expect(await notices(serious.row.id)).toEqual(
      [operatorIds.director, operatorIds.manager].sort().map((id) => ({ recipient_id: id, kind: '投诉升级', dedupe_key: `complaint-escalated:${serious.row.id}` })),
    );
    expect((await sql(`select escalated_at from public.service_requests where id = $1`, [serious.row.id]))[0].escalated_at).not.toBeNull();
    const ordinary = await recordRequest('clerk', complaint());
    expect(await notices(ordinary.row.id)).toEqual([]);
  });

  it('a complaint the manager re-grades to serious reaches the director at once', async () => {
    const { row } = await recordRequest('clerk', complaint());
    const regraded = await (await signInAs('manager')).from('service_requests').update({ severity: '严重' }).eq('id', row.id).select().single();
    expect(regraded.error).toBeNull();
    expect(await recipients(row.id, 'complaint-escalated:')).toEqual([operatorIds.director, operatorIds.manager].sort());
  });

  it('a serious complaint against the department manager is not sent to him', async () => {
    const { row } = await recordRequest('clerk', complaint({ severity: '严重', complaint_category: '员工违纪', accused_operator_id: operatorIds.manager }));
    expect(await recipients(row.id, 'complaint-escalated:')).toEqual([operatorIds.director]);
  });

  it("a logistics complaint's handling opinion is due by the end of the 2nd working day after receipt", async () => {
    const { row } = await recordRequest('clerk', complaint({ complaint_category: '物流', received_at: '2026-11-20T10:00:00+08:00' }));
    expect(at(row.settle_due)).toBe(beijing('2026-11-25T00:00:00')); // Friday → Monday, Tuesday
  });
});

describe('repairs: investigated the same day, completed within the days set for their fault kind', () => {
  it('a repair is to be investigated by the end of the day it is received (a weekend one by the end of the next working day)', async () => {
    const friday = await recordRequest('clerk', { kind: '报修', fault: '停电', received_at: '2026-11-20T10:00:00+08:00' });
    expect(at(friday.row.investigate_due)).toBe(beijing('2026-11-21T00:00:00'));
    const saturday = await recordRequest('clerk', { kind: '报修', fault: '停电', received_at: '2026-11-21T10:00:00+08:00' });
    expect(at(saturday.row.investigate_due)).toBe(beijing('2026-11-24T00:00:00'));
  });

  it('the completion deadline follows the fault kind and the business calendar (urgent 1, ordinary 3, major 10 working days)', async () => {
    const expected: Record<string, string> = { 紧急: '2026-10-09T00:00:00', 一般: '2026-10-11T00:00:00', 大修: '2026-10-21T00:00:00' };
    for (const [faultKind, due] of Object.entries(expected)) {
      const { row } = await recordRequest('clerk', { kind: '报修', fault: '电梯故障', fault_kind: faultKind, received_at: '2026-09-30T10:00:00+08:00' });
      expect(at(row.complete_due), faultKind).toBe(beijing(due));
    }
    const unspecified = await recordRequest('clerk', { kind: '报修', fault: '电梯故障' });
    expect(unspecified.row.fault_kind).toBe('一般');
  });

  it('the clerk cannot re-grade a repair to buy time; the department manager may, and the deadline follows', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '电梯故障', fault_kind: '紧急', received_at: '2026-09-30T10:00:00+08:00' });
    const byClerk = await client.from('service_requests').update({ fault_kind: '大修' }).eq('id', row.id).select();
    expect(byClerk.status).toBe(403);
    expect(byClerk.error?.message).toContain('Fault kind sets the completion deadline');
    expect(await sql(`select fault_kind from public.service_requests where id = $1`, [row.id])).toEqual([{ fault_kind: '紧急' }]);
    const byManager = await (await signInAs('manager')).from('service_requests').update({ fault_kind: '大修' }).eq('id', row.id).select().single();
    expect(byManager.error).toBeNull();
    expect(at((byManager.data as { complete_due: string }).complete_due)).toBe(beijing('2026-10-21T00:00:00'));
  });

  it('recording the investigation meets the same-day deadline; only a repair is investigated', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', fault: '卫生间漏水' });
    const done = await client.rpc('record_investigation', { request_id: row.id, findings: '楼上防水层破损，需更换' });
    expect(done.error).toBeNull();
    expect(done.data.investigated_at).toBeTruthy();
    expect(done.data.investigation).toBe('楼上防水层破损，需更换');
    const consultation = await recordRequest('clerk', { kind: '咨询' });
    const refused = await consultation.client.rpc('record_investigation', { request_id: consultation.row.id, findings: '无' });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('Only a repair');
    expect((await deadlines(consultation.row.id)).investigated_at).toBeNull();
  });

  it('a repair not investigated the same day, or not completed in time, is chased to whoever is responsible, once', async () => {
    const notLooked = await recordRequest('clerk', { kind: '报修', fault: '水管爆裂', fault_kind: '紧急', received_at: '2016-05-03T09:00:00+08:00' });
    const looked = await recordRequest('clerk', { kind: '报修', fault: '水管爆裂', fault_kind: '紧急', received_at: '2016-05-03T09:00:00+08:00' });
    expect((await looked.client.rpc('record_investigation', { request_id: looked.row.id, findings: '主管阀门老化' })).error).toBeNull();
    await runJob('2016-05-04T08:00:00+08:00');
    expect(await recipients(notLooked.row.id, 'investigate-overdue:')).toEqual([operatorIds.clerk]);
    expect(await notices(looked.row.id, 'investigate-overdue:')).toEqual([]);
    expect(await notices(notLooked.row.id, 'complete-overdue:')).toEqual([]);
    await runJob('2016-05-05T08:00:00+08:00'); // urgent: 1 working day, so due by the end of May 4
    expect(await recipients(notLooked.row.id, 'complete-overdue:')).toEqual([operatorIds.clerk]);
    expect(await recipients(looked.row.id, 'complete-overdue:')).toEqual([operatorIds.clerk]);
    expect(await notices(notLooked.row.id, 'investigate-overdue:')).toHaveLength(1);
  });
});

describe('the moves on screen', () => {
  const offered = async (client: Awaited<ReturnType<typeof signInAs>>, id: string) => {
    const { data, error } = await client.rpc('row_rights', { register: 'service_requests', keys: [id] });
    expect(error).toBeNull();
    return ((data as { moves: string[] }[])[0]?.moves ?? []).filter((m) => ['answer', 'report_to_centre', 'investigate'].includes(m));
  };

  it('答复用户 and 报中心备查 are offered on an open consultation until it is answered and reported, 调查核实 on a repair until it is investigated, and neither to a colleague who may not make them', async () => {
    const consultation = await recordRequest('clerk', { kind: '咨询' });
    const repair = await recordRequest('clerk', { kind: '报修', fault: '窗户关不上' });
    expect(await offered(consultation.client, consultation.row.id)).toEqual(['answer', 'report_to_centre']);
    expect(await offered(repair.client, repair.row.id)).toEqual(['investigate']);
    const colleague = await createThrowawayOperator('clerk', 'KF1');
    try {
      const other = await colleague.client();
      expect(await offered(other, consultation.row.id)).toEqual([]);
      expect(await offered(other, repair.row.id)).toEqual([]);
    } finally {
      await colleague.remove();
    }
    const reported = await consultation.client.rpc('report_request_to_centre', { request_id: consultation.row.id, reason: '需上级部门答复', settle_by: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
    expect(reported.error).toBeNull();
    expect((await consultation.client.rpc('answer_request', { request_id: consultation.row.id, reply: '已电话告知办理流程' })).error).toBeNull();
    expect((await repair.client.rpc('record_investigation', { request_id: repair.row.id, findings: '合页变形' })).error).toBeNull();
    expect(await offered(consultation.client, consultation.row.id)).toEqual([]);
    expect(await offered(repair.client, repair.row.id)).toEqual([]);
  });
});

describe('the request-deadlines job', () => {
  it('refuses a far-future as-of time with HTTP 400 and logs no run', async () => {
    const count = async () => (await sql<{ n: number }>(`select count(*)::int as n from public.job_runs where job_name = 'request-deadlines'`))[0].n;
    const before = await count();
    const refused = await runJob('2999-01-01T00:00:00+08:00');
    expect(refused.status).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe('the quarterly consultation summary (003: 每季度末將咨詢服務記錄進行匯總，上報客戶服務中心主任)', () => {
  const runSummary = async (asOf: string) => {
    const response = await fetch(`${stackEnv().API_URL}/functions/v1/consultation-summaries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
    });
    return { status: response.status, ...((await response.json()) as { run?: { error: string | null } }) };
  };

  it("sums up the quarter's consultations for the director at the end of the quarter, once; a clerk does not see it", async () => {
    const open = await recordRequest('clerk', { kind: '咨询', content: '物业费缴纳方式咨询', received_at: '2016-08-10T09:00:00+08:00' });
    const settled = await recordRequest('clerk', { kind: '咨询', content: '停车位租赁咨询', received_at: '2016-08-11T09:00:00+08:00' });
    await settled.client.rpc('assign_request', { request_id: settled.row.id, handler: operatorIds.clerk });
    expect((await settled.client.rpc('resolve_request', { request_id: settled.row.id, resolution: '已告知租赁流程' })).error).toBeNull();
    const first = await runSummary('2016-10-01T08:30:00+08:00');
    expect(first.run?.error).toBeNull();
    expect(first.status).toBe(200);
    const director = await signInAs('director');
    const summary = await director.from('consultation_summaries').select('quarter_start, data').eq('quarter_start', '2016-07-01').single();
    expect(summary.error).toBeNull();
    expect(summary.data?.data).toMatchObject({ consultations: 2, open: 1, reported_to_centre: 0, by_channel: { 电话: 2 } });
    expect((summary.data?.data as { asked: { code: string; content: string }[] }).asked.map((a) => a.content)).toEqual(['物业费缴纳方式咨询', '停车位租赁咨询']);
    expect(open.row.code).toBeTruthy();
    const told = await director.from('notifications').select('title, link_table, link_id').eq('link_id', '2016-07-01');
    expect(told.data).toEqual([{ title: '2016 年第 3 季度咨询服务记录汇总已生成 | Consultation summary for 2016 Q3 is ready', link_table: 'consultation_summaries', link_id: '2016-07-01' }]);
    await runSummary('2016-10-01T09:30:00+08:00');
    expect((await director.from('notifications').select('id').eq('link_id', '2016-07-01')).data).toHaveLength(1);
    expect((await (await signInAs('clerk')).from('consultation_summaries').select('quarter_start').eq('quarter_start', '2016-07-01')).data).toEqual([]);
  });
});
