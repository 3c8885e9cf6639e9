// The daily job "loans & handovers" 借阅与移交 (issue 14 point 7): overdue loans, late handover
// steps, the month-end filing reminder before the 10th and the annual inspection on its day. Each
// scenario runs the job's Edge Function at a chosen as-of time; a second run tells nobody twice.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string };

async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run; code?: string }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/loans-handovers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run; code?: string }) };
}

const notified = (table: string, linkId: string, kind: string) =>
  sql<{ recipient_id: string }>(
    `select recipient_id from public.notifications where link_table = $1 and link_id = $2 and kind = $3 order by recipient_id`,
    [table, linkId, kind],
  ).then((rows) => rows.map((r) => r.recipient_id));

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('the job', () => {
  it('is declared as a daily scheduled job, run by the scheduler only, and logs each run with its as-of time', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'loans-handovers'`)).toEqual([{ schedule: '0 0 * * *' }]);
    const clerk = await signInAs('clerk');
    const { data } = await clerk.auth.getSession();
    const refused = await runJob(new Date().toISOString(), data.session!.access_token);
    expect(refused.status).toBe(403);
    const run = await runJob(new Date().toISOString());
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'loans-handovers', error: null, trigger: 'manual' });
    expect(await sql(`select 1 from public.job_runs where id = $1 and job_name = 'loans-handovers'`, [run.run!.id])).toHaveLength(1);
  });
});

describe('overdue loans 借阅逾期', () => {
  it('tell the borrower and the archive room once that a lent slip is past its due date', async () => {
    const [file] = await sql<{ id: string }>(
      `insert into public.archive_files (title, department_id, category, copy_kind, room, cabinet) values ($1, $2, '调查资料', '原件', '档案室', 'J-01') returning id`,
      [unique('逾期借阅'), departmentIds.KF1],
    );
    await sql(`select private.number_archive_file($1)`, [file.id]);
    const gm = await signInAs('gm');
    const { data: loan, error } = await gm.from('archive_loans')
      .insert({ purpose: '查阅立项批复', due_on: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }).select('id').single<{ id: string }>();
    expect(error).toBeNull();
    expect((await gm.from('archive_loan_files').insert({ loan_id: loan!.id, file_id: file.id })).error).toBeNull();
    const archivist = await signInAs('archivist');
    expect((await archivist.rpc('lend_archive_loan', { loan_id: loan!.id })).error).toBeNull();
    // Due the day before yesterday (moved back in the console).
    await sql(`select set_config('taizhang.archive_loan_move', 'on', false); update public.archive_loans set due_on = current_date - 2 where id = '${loan!.id}'`);
    cleanup.push(() => sql(`delete from public.archive_loans where id = $1`, [loan!.id]));
    // Not yet overdue as of three days ago.
    await runJob(new Date(Date.now() - 3 * 86_400_000).toISOString());
    expect(await notified('archive_loans', loan!.id, '借阅逾期')).toEqual([]);
    const run = await runJob(new Date().toISOString());
    expect(run.run?.error).toBeNull();
    const told = await notified('archive_loans', loan!.id, '借阅逾期');
    expect(told).toContain(operatorIds.gm);
    expect(told).toContain(operatorIds.archivist);
    await runJob(new Date().toISOString());
    expect(await notified('archive_loans', loan!.id, '借阅逾期')).toEqual(told);
    // Returned: nothing more, and the reminders are done.
    expect((await archivist.rpc('return_archive_loan', { loan_id: loan!.id, all_complete: true })).error).toBeNull();
    expect(await sql(`select 1 from public.notifications where link_id = $1 and kind = '借阅逾期' and done_at is null`, [loan!.id])).toEqual([]);
  });
});

describe('late handovers 档案移交', () => {
  it('tell the giver (A, then B) and his department manager once per step and deadline; a postponed deadline re-arms it', async () => {
    const gcbManager = await createThrowawayOperator('manager', 'GCB');
    cleanup.push(() => gcbManager.remove());
    const [project] = await sql<{ id: string }>(
      `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id, status, completed_on)
       values ($1, $2, $3, $4, $5, '已完工', date '2019-04-01') returning id`,
      [unique('P').slice(0, 30), unique('移交测试工程'), departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2],
    );
    const [handover] = await sql<{ id: string }>(
      `insert into public.archive_handovers (project_id, kind, status, a_manager_id, b_manager_id, department_id, a_due_on)
       values ($1, '档案', 'A角整理', $2, $3, $4, date '2019-04-04') returning id`,
      [project.id, operatorIds.engineer, operatorIds.engineer2, departmentIds.GCB],
    );
    await sql(`update public.archive_handovers set status = 'A角整理', a_due_on = date '2019-04-04' where id = $1`, [handover.id]);
    cleanup.push(() => sql(`delete from public.projects where id = $1`, [project.id]));
    cleanup.push(() => sql(`delete from public.archive_handovers where id = $1`, [handover.id]));
    // On the deadline day itself nothing is late.
    await runJob('2019-04-04T08:00:00+08:00');
    expect(await notified('archive_handovers', handover.id, '档案移交')).toEqual([]);
    await runJob('2019-04-05T08:00:00+08:00');
    expect(await notified('archive_handovers', handover.id, '档案移交')).toEqual([operatorIds.engineer, gcbManager.id].sort());
    await runJob('2019-04-08T08:00:00+08:00');
    expect(await notified('archive_handovers', handover.id, '档案移交')).toHaveLength(2);
    // Postponed (a new deadline), then late again: told again, once.
    await sql(`update public.archive_handovers set a_due_on = date '2019-04-10' where id = $1`, [handover.id]);
    await runJob('2019-04-11T08:00:00+08:00');
    await runJob('2019-04-12T08:00:00+08:00');
    expect(await notified('archive_handovers', handover.id, '档案移交')).toHaveLength(4);
    // B's step: B (the giver now) and the manager.
    await sql(`update public.archive_handovers set status = '待B角审核', a_signed_at = timestamptz '2019-04-12 10:00+08', b_due_on = date '2019-04-16' where id = $1`, [handover.id]);
    await runJob('2019-04-17T08:00:00+08:00');
    await runJob('2019-04-18T08:00:00+08:00');
    const all = await notified('archive_handovers', handover.id, '档案移交');
    expect(all.filter((id) => id === operatorIds.engineer2)).toHaveLength(1);
    expect(all).toHaveLength(6);
  });
});

describe('the demo archive', () => {
  it('chases the demo loan past its due date and the demo handover late at A’s step', async () => {
    expect((await runJob(new Date().toISOString())).run?.error).toBeNull();
    expect(await notified('archive_loans', '00000000-0000-4000-e004-000000000005', '借阅逾期')).toContain(operatorIds.engineer);
    const late = await sql<{ id: string }>(
      `select h.id from public.archive_handovers h where h.status in ('A角整理', '退回补充') and h.a_due_on < current_date and h.a_manager_id = $1`,
      [operatorIds.engineer],
    );
    expect(late.length).toBeGreaterThan(0);
    for (const h of late) expect(await notified('archive_handovers', h.id, '档案移交')).toContain(operatorIds.engineer);
  });
});

describe('month-end filing 每月10日前归档', () => {
  it('remind the department archivists (duty 档案员) once a month, on a working day before the 10th', async () => {
    const reminders = () =>
      sql<{ n: number }>(
        `select count(*)::int as n from public.notifications where recipient_id = $1 and kind = '归档提醒' and dedupe_key like 'filing-reminder:2021-06:%'`,
        [operatorIds.clerk],
      ).then((r) => r[0].n);
    // Saturday 5 June 2021: not a working day; Thursday 10 June: too late in the month.
    await runJob('2021-06-05T08:00:00+08:00');
    await runJob('2021-06-10T08:00:00+08:00');
    expect(await reminders()).toBe(0);
    await runJob('2021-06-07T08:00:00+08:00');
    await runJob('2021-06-08T08:00:00+08:00');
    expect(await reminders()).toBe(1);
    // Someone without the duty is not reminded.
    expect(await sql(`select 1 from public.notifications where recipient_id = $1 and dedupe_key like 'filing-reminder:2021-06:%'`, [operatorIds.clerk2])).toEqual([]);
  });
});

describe('annual inspection 年度档案检查', () => {
  it('is planned on its day (archive.inspection_month_day), one task per cabinet holding files, once', async () => {
    const cabinet = unique('柜').slice(0, 20);
    const [file] = await sql<{ id: string }>(
      `insert into public.archive_files (title, department_id, category, copy_kind, room, cabinet) values ($1, $2, '调查资料', '原件', '档案室', $3) returning id`,
      [unique('检查'), departmentIds.KF1, cabinet],
    );
    await sql(`select private.number_archive_file($1)`, [file.id]);
    const year = 2018;
    cleanup.push(() => sql(`delete from public.archive_inspections where year = $1`, [year]));
    const tasks = () => sql<{ due_on: string }>(`select due_on::text from public.archive_inspections where year = $1 and cabinet = $2`, [year, cabinet]);
    await runJob(`${year}-11-30T08:00:00+08:00`);
    expect(await tasks()).toEqual([]);
    await runJob(`${year}-12-01T08:00:00+08:00`);
    expect(await tasks()).toEqual([{ due_on: `${year}-12-31` }]);
    await runJob(`${year}-12-02T08:00:00+08:00`);
    expect(await tasks()).toHaveLength(1);
  });
});
