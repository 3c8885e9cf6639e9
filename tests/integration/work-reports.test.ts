// Work reports 工作报表 (issue 15 point 4; RULES §19): the daily report due 08:30 the next day, the
// weekly one by Friday's end of work (to the gm and the department manager), the monthly summary
// by the 2nd of the next month; lateness and the seed's assessment amounts recorded per report;
// frozen once submitted; and the job "report chasers" (报表逾期 to whoever owes one and his manager).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

type Report = { id: string; kind: string; period_on: string; period_label: string; author_id: string; department_id: string; content: string; due_at: string; late: boolean; lateness: string; assessment_yuan: number };
type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string };

const beijingDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
// (as JSON: dates come back as the database writes them, not as JavaScript dates)
const reportRow = async (id: string) => (await sql<{ j: Report }>(`select to_jsonb(r) as j from public.work_reports r where id = $1`, [id]))[0].j;

/** A report written as the seeds (and an import) write one: author and submission time given. */
async function submittedAt(author: string, kind: string, period: string, at: string): Promise<Report> {
  const [row] = await sql<{ id: string }>(
    `insert into public.work_reports (kind, period_on, author_id, content, submitted_at) values ($1, $2, $3, '测试报表内容', $4) returning id`,
    [kind, period, author, at],
  );
  made.push(row.id);
  return reportRow(row.id);
}

async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/report-chasers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run }) };
}

const chased = (author: string, kind: string, period: string) =>
  sql<{ recipient_id: string; done_at: string | null }>(
    `select recipient_id, done_at from public.notifications where kind = '报表逾期' and dedupe_key like $1 order by recipient_id`,
    [`report-overdue:${kind}:${period}:${author}:%`],
  );

// The reminders to the writer and the KF1 manager only: another test file's throwaway KF1 manager,
// at work while a job runs, is one of "his managers" and told too.
const chasedKnown = async (author: string, kind: string, period: string) =>
  (await chased(author, kind, period)).filter((r) => r.recipient_id === author || r.recipient_id === operatorIds.manager);

const made: string[] = [];
let writer: Awaited<ReturnType<typeof createThrowawayOperator>>;
let client: SupabaseClient;
beforeAll(async () => {
  writer = await createThrowawayOperator('clerk', 'KF1');
  client = await writer.client();
});
afterAll(async () => {
  await sql(`delete from public.work_reports where author_id = $1 or id = any ($2::uuid[])`, [writer.id, made]);
  await sql(`delete from public.notifications where kind = '报表逾期' and dedupe_key like 'report-overdue:%:2019-%'`);
  await sql(`delete from public.notifications where recipient_id = $1`, [writer.id]);
  await writer.remove();
});

describe('the daily report 日报 (次日上午8:30前交办公室)', () => {
  it('is due 08:30 the next day: written that day is on time, the next morning before 08:30 costs 10 yuan, after 08:30 20 yuan', async () => {
    const onTime = await submittedAt(operatorIds.clerk, '日报', '2019-03-04', '2019-03-04T18:05:00+08:00');
    expect(onTime).toMatchObject({ lateness: '按时', late: false, assessment_yuan: 0, period_label: '2019-03-04', department_id: departmentIds.KF1 });
    expect(new Date(onTime.due_at).toISOString()).toBe(new Date('2019-03-05T08:30:00+08:00').toISOString());
    const nextMorning = await submittedAt(operatorIds.clerk, '日报', '2019-03-05', '2019-03-06T08:29:00+08:00');
    expect(nextMorning).toMatchObject({ lateness: '次日补填', late: false, assessment_yuan: 10 });
    const late = await submittedAt(operatorIds.clerk, '日报', '2019-03-06', '2019-03-07T08:31:00+08:00');
    expect(late).toMatchObject({ lateness: '逾期', late: true, assessment_yuan: 20 });
  });

  it('through the API: the caller is the author with his department, submitted now; a report for days ago is late', async () => {
    const created = await client.from('work_reports').insert({ kind: '日报', period_on: beijingDay(-3), content: '今日接听来电 12 个，完成回访 3 户。' }).select('*').single<Report>();
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ author_id: writer.id, department_id: departmentIds.KF1, late: true, lateness: '逾期', assessment_yuan: 20 });
    const today = await client.from('work_reports').insert({ kind: '日报', period_on: beijingDay(0), content: '今日处理报修 4 件。' }).select('*').single<Report>();
    expect(today.data).toMatchObject({ late: false, lateness: '按时', assessment_yuan: 0 });
  });

  it('refuses naming another author or writing the deadline, lateness or assessment, and writes nothing', async () => {
    const content = '冒名或自定考核的报表';
    for (const extra of [{ author_id: operatorIds.clerk }, { late: false }, { assessment_yuan: 0 }, { lateness: '按时' }, { submitted_at: '2019-01-01T00:00:00Z' }, { due_at: '2099-01-01T00:00:00Z' }]) {
      const refused = await client.from('work_reports').insert({ kind: '日报', period_on: beijingDay(-10), content, ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
    expect(await sql(`select 1 from public.work_reports where content = $1`, [content])).toEqual([]);
  });

  it('is one per person, kind and period: a second one is refused', async () => {
    const period = beijingDay(-5);
    expect((await client.from('work_reports').insert({ kind: '日报', period_on: period, content: '第一次提交' })).error).toBeNull();
    const again = await client.from('work_reports').insert({ kind: '日报', period_on: period, content: '第二次提交，想覆盖第一次' });
    expect(again.error?.code).toBe('23505');
    expect(again.error?.message).toContain('不能重复提交');
    expect(await sql(`select content from public.work_reports where author_id = $1 and kind = '日报' and period_on = $2`, [writer.id, period])).toEqual([{ content: '第一次提交' }]);
  });

  it('refuses a report for a period not yet begun', async () => {
    const refused = await client.from('work_reports').insert({ kind: '日报', period_on: beijingDay(2), content: '提前写好的日报' });
    expect(refused.error?.code).toBe('22023');
    expect(refused.error?.message).toContain('尚未开始');
    expect(await sql(`select 1 from public.work_reports where content = '提前写好的日报'`)).toEqual([]);
  });
});

describe('the weekly report 周报 (每周五下班前)', () => {
  it('files for the ISO week of any of its days, is due Friday at the end of work (17:30), and late costs 20 yuan', async () => {
    const onTime = await submittedAt(operatorIds.clerk, '周报', '2019-03-06', '2019-03-08T17:20:00+08:00');
    expect(onTime).toMatchObject({ period_on: '2019-03-04', lateness: '按时', assessment_yuan: 0 });
    expect(onTime.period_label).toContain('2019年第10周');
    expect(new Date(onTime.due_at).toISOString()).toBe(new Date('2019-03-08T17:30:00+08:00').toISOString());
    const late = await submittedAt(operatorIds.clerk, '周报', '2019-03-11', '2019-03-15T17:45:00+08:00');
    expect(late).toMatchObject({ period_on: '2019-03-11', lateness: '逾期', late: true, assessment_yuan: 20 });
  });

  it('goes to the gm and the department manager: they read it; the gm does not read daily reports; other staff and the admin read none', async () => {
    const weekly = await client.from('work_reports').insert({ kind: '周报', period_on: beijingDay(-8), content: '本周接听来电 60 个，新增客户资料 3 份。' }).select('id').single<{ id: string }>();
    expect(weekly.error).toBeNull();
    const [daily] = await sql<{ id: string }>(`select id from public.work_reports where author_id = $1 and kind = '日报' limit 1`, [writer.id]);
    const sees = async (role: Parameters<typeof signInAs>[0], id: string) =>
      ((await (await signInAs(role)).from('work_reports').select('id').eq('id', id)).data ?? []).length === 1;
    expect(await sees('gm', weekly.data!.id)).toBe(true);
    expect(await sees('manager', weekly.data!.id)).toBe(true);
    expect(await sees('director', weekly.data!.id)).toBe(true);
    expect(await sees('gm', daily.id)).toBe(false);
    expect(await sees('manager', daily.id)).toBe(true);
    for (const role of ['clerk', 'clerk2', 'admin', 'archivist'] as const) expect(await sees(role, weekly.data!.id), role).toBe(false);
  });
});

describe('the monthly summary 月总结 (下月2日前交办公室)', () => {
  it('is due by the end of the 2nd of the next month, and late costs 30 yuan whatever the reason', async () => {
    const onTime = await submittedAt(operatorIds.clerk, '月总结', '2019-02-15', '2019-03-02T23:50:00+08:00');
    expect(onTime).toMatchObject({ period_on: '2019-02-01', period_label: '2019年02月', lateness: '按时', assessment_yuan: 0 });
    expect(new Date(onTime.due_at).toISOString()).toBe(new Date('2019-03-03T00:00:00+08:00').toISOString());
    const late = await submittedAt(operatorIds.clerk, '月总结', '2019-03-01', '2019-04-03T00:10:00+08:00');
    expect(late).toMatchObject({ lateness: '逾期', late: true, assessment_yuan: 30 });
  });
});

describe('the assessment amounts and deadlines are settings', () => {
  it('a changed amount counts for reports submitted afterwards; a due time that is no time of day is refused', async () => {
    await sql(`update public.settings set value = '25' where key = 'reports.daily_late_yuan'`);
    try {
      const late = await submittedAt(operatorIds.clerk, '日报', '2019-03-07', '2019-03-09T09:00:00+08:00');
      expect(late.assessment_yuan).toBe(25);
    } finally {
      await sql(`update public.settings set value = '20' where key = 'reports.daily_late_yuan'`);
    }
    await expect(sql(`update public.settings set value = '"25:00"' where key = 'reports.daily_due_time'`)).rejects.toMatchObject({ code: '23514' });
    expect(await sql(`select value from public.settings where key = 'reports.daily_due_time'`)).toEqual([{ value: '08:30' }]);
  });
});

describe('a submitted report is frozen', () => {
  it('cannot be rewritten by its author (not even in a batch), moved to another period, or deleted', async () => {
    const created = await client.from('work_reports').insert({ kind: '日报', period_on: beijingDay(-6), content: '原始内容：接听来电 8 个。' }).select('id').single<{ id: string }>();
    expect(created.error).toBeNull();
    const id = created.data!.id;
    const before = await reportRow(id);
    for (const values of [{ content: '事后改写的内容' }, { period_on: beijingDay(0) }, { kind: '周报' }]) {
      const refused = await client.from('work_reports').update(values).eq('id', id).select();
      expect(refused.error?.code, JSON.stringify(values)).toBe('PT409');
      expect(refused.error?.message).toContain('不能再修改');
    }
    const batch = await client.rpc('apply_rows', { register: 'work_reports', rows: [{ key: id, values: { content: '批量改写' } }] });
    expect(batch.data).toMatchObject({ applied: 0, failed: 1 });
    const removed = await client.from('work_reports').delete().eq('id', id).select();
    expect(removed.error?.code).toBe('42501');
    expect(await reportRow(id)).toEqual(before);
  });
});

describe('the job "report chasers" 报表催交', () => {
  it('is declared (08:30 and 17:30 daily), run by the scheduler only, and logs each run', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'report-chasers'`)).toEqual([{ schedule: '30 0,9 * * *' }]);
    const { data } = await (await signInAs('clerk')).auth.getSession();
    expect((await runJob(new Date().toISOString(), data.session!.access_token)).status).toBe(403);
    const run = await runJob(new Date().toISOString());
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'report-chasers', error: null, trigger: 'manual' });
  });

  it('tells whoever owes a daily report after 08:30 the next day, and his manager, once; submitting closes the reminder', async () => {
    // Tuesday 12 March 2019: Monday's report is due at 08:30.
    await runJob('2019-03-12T08:29:00+08:00');
    expect(await chased(writer.id, '日报', '2019-03-11')).toEqual([]);
    await runJob('2019-03-12T08:31:00+08:00');
    const told = (await chased(writer.id, '日报', '2019-03-11')).map((r) => r.recipient_id);
    expect(told).toEqual(expect.arrayContaining([writer.id, operatorIds.manager]));
    await runJob('2019-03-12T09:00:00+08:00');
    await runJob('2019-03-13T08:31:00+08:00');
    expect(await chasedKnown(writer.id, '日报', '2019-03-11')).toHaveLength(2);
    // Saturday and Sunday are no working days: nothing is owed for them.
    await runJob('2019-03-18T08:31:00+08:00');
    expect(await chased(writer.id, '日报', '2019-03-16')).toEqual([]);
    expect(await chasedKnown(writer.id, '日报', '2019-03-15')).toHaveLength(2);
    // Handed in late after all: the reminders are done.
    await submittedAt(writer.id, '日报', '2019-03-11', '2019-03-13T10:00:00+08:00');
    expect((await chased(writer.id, '日报', '2019-03-11')).every((r) => r.done_at !== null)).toBe(true);
  });

  it('chases the weekly report after Friday 17:30 and the monthly summary after the 2nd', async () => {
    await runJob('2019-03-22T17:29:00+08:00');
    expect(await chased(writer.id, '周报', '2019-03-18')).toEqual([]);
    await runJob('2019-03-22T17:31:00+08:00');
    // (a throwaway KF1 manager of another test file at work meanwhile is told too: "his manager" is every manager of the department)
    expect((await chased(writer.id, '周报', '2019-03-18')).map((r) => r.recipient_id)).toEqual(expect.arrayContaining([writer.id, operatorIds.manager]));
    await runJob('2019-04-02T23:59:00+08:00');
    expect(await chased(writer.id, '月总结', '2019-03-01')).toEqual([]);
    await runJob('2019-04-03T08:30:00+08:00');
    await runJob('2019-04-04T08:30:00+08:00');
    expect((await chased(writer.id, '月总结', '2019-03-01')).map((r) => r.recipient_id)).toEqual(expect.arrayContaining([writer.id, operatorIds.manager]));
    expect((await chased(writer.id, '月总结', '2019-03-01')).map((r) => r.recipient_id)).not.toContain(operatorIds.clerk);
  });

  it('chases only the clerks and managers of the departments in reports.departments (KF1, KF2)', async () => {
    await runJob('2019-03-12T08:31:00+08:00');
    expect((await chased(operatorIds.clerk2, '日报', '2019-03-11')).map((r) => r.recipient_id)).toContain(operatorIds.clerk2);
    for (const other of [operatorIds.engineer, operatorIds.archivist, operatorIds.director, operatorIds.guard]) {
      expect(await chased(other, '日报', '2019-03-11'), other).toEqual([]);
    }
  });
});

describe('the demo reports', () => {
  it('hold a month of daily reports of both clerks with some filled the next morning and some late, weekly and monthly ones', async () => {
    const rows = await sql<{ author_id: string; kind: string; lateness: string; n: number }>(
      `select author_id, kind, lateness, count(*)::int as n from public.work_reports
       where id::text like '00000000-0000-4000-f006-%' group by 1, 2, 3`,
    );
    const count = (author: string, kind: string, lateness?: string) =>
      rows.filter((r) => r.author_id === author && r.kind === kind && (!lateness || r.lateness === lateness)).reduce((a, r) => a + r.n, 0);
    for (const clerk of [operatorIds.clerk, operatorIds.clerk2]) {
      expect(count(clerk, '日报')).toBeGreaterThan(15);
      expect(count(clerk, '周报')).toBe(4);
      expect(count(clerk, '月总结')).toBe(1);
    }
    expect(count(operatorIds.clerk, '日报', '逾期') + count(operatorIds.clerk2, '日报', '逾期')).toBeGreaterThan(0);
    expect(count(operatorIds.clerk, '日报', '次日补填') + count(operatorIds.clerk2, '日报', '次日补填')).toBeGreaterThan(0);
    expect(count(operatorIds.clerk2, '月总结', '逾期')).toBe(1);
  });

  it('leave 李娜 owing a daily report, which the chasers remind her and her manager of', async () => {
    expect((await runJob(new Date().toISOString())).run?.error).toBeNull();
    const told = await sql<{ recipient_id: string }>(
      `select recipient_id from public.notifications where kind = '报表逾期' and dedupe_key like $1`,
      [`report-overdue:日报:%:${operatorIds.clerk2}:%`],
    );
    expect(told.map((r) => r.recipient_id)).toContain(operatorIds.clerk2);
  });
});
