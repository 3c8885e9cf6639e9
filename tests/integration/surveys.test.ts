// Satisfaction surveys 满意度调查 (issue 16 point 4; RULES §17: 「定期对客户进行回访及满意度调查，并以此做为业务
// 部门相应考核依据」): questionnaires frozen once sent, a sample of customers by grade or recent service,
// answers by phone (the department's clerk) or through a signed, single-use, expiring link that needs no
// account and shows nothing else, and scores per department and quarter for the managers and the director.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { anonClient, createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

const QT = '00000000-0000-4000-f108-00000000d001';
const customerId = (n: number) => `00000000-0000-4000-f108-0000000c${String(n).padStart(4, '0')}`;
let manager: Awaited<ReturnType<typeof createThrowawayOperator>>;
let clerk: Awaited<ReturnType<typeof createThrowawayOperator>>;
let managerClient: SupabaseClient;
let clerkClient: SupabaseClient;

type Question = { id: string; kind: string; position: number };
/** A draft survey of the test department with a scale, a choice and an optional text question. */
async function draftSurvey(title = '测试满意度调查'): Promise<{ id: string; questions: Question[] }> {
  const { data, error } = await managerClient.from('surveys').insert({ title }).select().single();
  expect(error).toBeNull();
  const { data: questions, error: qError } = await managerClient.from('survey_questions').insert([
    { survey_id: data.id, position: 1, kind: '评分', prompt: '总体满意程度', required: true },
    { survey_id: data.id, position: 2, kind: '单选', prompt: '响应速度', options: ['及时', '一般', '较慢'], required: true },
    { survey_id: data.id, position: 3, kind: '文字', prompt: '意见建议', required: false },
  ]).select('id, kind, position');
  expect(qError).toBeNull();
  return { id: data.id, questions: (questions as Question[]).sort((a, b) => a.position - b.position) };
}
const invitationsOf = (survey: string) =>
  sql<{ id: string; customer_id: string; token: string; status: string; channel: string | null; score: string | null }>(
    `select id, customer_id, token, status, channel, score::text from public.survey_invitations where survey_id = $1 order by customer_id`, [survey]);
const rpc = async (fn: string, args: Record<string, unknown>) => {
  const response = await fetch(`${stackEnv().API_URL}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: stackEnv().ANON_KEY, authorization: `Bearer ${stackEnv().ANON_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const answersFor = (qs: Question[], scale: unknown = 4, choice: unknown = '及时', text: unknown = '很好') =>
  ({ [qs[0].id]: scale, [qs[1].id]: choice, [qs[2].id]: text });
const answerCount = async (invitation: string) =>
  Number((await sql<{ n: string }>(`select count(*) as n from public.survey_answers where invitation_id = $1`, [invitation]))[0].n);

beforeAll(async () => {
  await sql(`insert into public.departments (id, code, name) values ($1, 'QTS', '调查测试部') on conflict do nothing`, [QT]);
  // Customers of the test department: 1, 2 grade A; 3 B served 5 days ago; 4 B served 60 days ago; 5 C served 3 days ago.
  const grades = ['A', 'A', 'B', 'B', 'C'];
  for (const [i, grade] of grades.entries()) {
    await sql(`insert into public.customers (id, name, grade, department_id) values ($1, $2, $3, $4) on conflict do nothing`,
      [customerId(i + 1), `调查测试客户${i + 1}`, grade, QT]);
  }
  for (const [n, days] of [[3, 5], [4, 60], [5, 3]]) {
    // (as a historical import keeps it: closed on that day)
    await sql(`insert into public.service_requests (kind, customer_id, content, department_id, status, closed_at, resolution, received_at)
               select '建议', $1, '测试工单', $2, '已结案', now() - make_interval(days => $3::int), '已处理', now() - make_interval(days => $3::int + 1)
               from (select set_config('taizhang.importing_history', 'on', true)) as importing`,
      [customerId(n), QT, days]);
  }
  manager = await createThrowawayOperator('manager', 'QTS');
  clerk = await createThrowawayOperator('clerk', 'QTS');
  managerClient = await manager.client();
  clerkClient = await clerk.client();
});
afterAll(async () => {
  await sql(`delete from public.survey_scores where department_id = $1`, [QT]);
  await sql(`delete from public.survey_invitations where department_id = $1`, [QT]);
  await sql(`delete from public.surveys where department_id = $1`, [QT]);
  await sql(`delete from public.service_requests where department_id = $1`, [QT]);
  await sql(`delete from public.notifications where recipient_id = any ($1::uuid[])`, [[manager.id, clerk.id]]);
  await manager.remove();
  await clerk.remove();
  await sql(`delete from public.customers where department_id = $1`, [QT]);
  await sql(`delete from public.departments where id = $1`, [QT]);
});

describe('sampling 抽样', () => {
  it('by grade picks exactly the customers of that grade in the manager\'s department', async () => {
    const survey = await draftSurvey();
    const { data, error } = await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'A', sample_percent: 100 });
    expect(error).toBeNull();
    expect(data).toBe(2);
    expect((await invitationsOf(survey.id)).map((i) => i.customer_id)).toEqual([customerId(1), customerId(2)]);
    const [s] = await sql<{ status: string }>(`select status from public.surveys where id = $1`, [survey.id]);
    expect(s.status).toBe('进行中');
    // The department's clerk is told there are customers to call.
    expect(await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '满意度调查'`, [clerk.id])).toHaveLength(1);
  });

  it('by recent service picks the customers with a request closed in the last N days; a sample size draws that many', async () => {
    const survey = await draftSurvey();
    expect((await managerClient.rpc('send_survey', { survey_id: survey.id, served_within_days: 30, sample_percent: 100 })).data).toBe(2);
    expect((await invitationsOf(survey.id)).map((i) => i.customer_id)).toEqual([customerId(3), customerId(5)]);
    // Sent again: only customers not yet in the sample; a size of 1 draws one of the matching.
    expect((await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'A', sample_size: 1 })).data).toBe(1);
    const ids = (await invitationsOf(survey.id)).map((i) => i.customer_id);
    expect(ids).toHaveLength(3);
    expect(ids.filter((id) => id === customerId(1) || id === customerId(2))).toHaveLength(1);
  });

  it('refuses a clerk, an unknown grade and a missing sample size, sending nothing', async () => {
    const survey = await draftSurvey();
    const byClerk = await clerkClient.rpc('send_survey', { survey_id: survey.id, sample_percent: 100 });
    expect(byClerk.error?.code).toBe('42501');
    const badGrade = await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'Z', sample_percent: 100 });
    expect(badGrade.error).toMatchObject({ code: '22023', message: expect.stringContaining('A、B 或 C | Grade') });
    const noSize = await managerClient.rpc('send_survey', { survey_id: survey.id });
    expect(noSize.error?.code).toBe('22023');
    expect(await invitationsOf(survey.id)).toEqual([]);
  });
});

describe('a sent questionnaire is frozen', () => {
  it('refuses changing the title or a question, adding or deleting one, once sent', async () => {
    const survey = await draftSurvey();
    await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'A', sample_size: 1 });
    const title = await managerClient.from('surveys').update({ title: '改过的标题' }).eq('id', survey.id).select();
    expect(title.error?.code).toBe('PT409');
    const question = await managerClient.from('survey_questions').update({ prompt: '改过的题目' }).eq('id', survey.questions[0].id).select();
    expect(question.error).toMatchObject({ code: 'PT409', message: expect.stringContaining('frozen') });
    const added = await managerClient.from('survey_questions').insert({ survey_id: survey.id, position: 9, kind: '文字', prompt: '新加的题' }).select();
    expect(added.error?.code).toBe('PT409');
    const rows = await sql(`select title from public.surveys where id = $1`, [survey.id]);
    expect(rows).toEqual([{ title: '测试满意度调查' }]);
    expect(await sql(`select count(*)::int as n from public.survey_questions where survey_id = $1`, [survey.id])).toEqual([{ n: 3 }]);
  });
});

describe('the customer-facing link (no account)', () => {
  let survey: { id: string; questions: Question[] };
  let invitations: Awaited<ReturnType<typeof invitationsOf>>;
  beforeAll(async () => {
    survey = await draftSurvey('链接测试调查');
    await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'B', sample_percent: 100 });
    await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'C', sample_percent: 100 });
    invitations = await invitationsOf(survey.id);
    expect(invitations).toHaveLength(3);
  });

  it('shows only the questions and the customer\'s name', async () => {
    const { status, body } = await rpc('survey_by_token', { token: invitations[0].token });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['customer_name', 'description', 'expires_at', 'questions', 'title']);
    expect(body.customer_name).toBe('调查测试客户3');
    expect((body.questions as { prompt: string }[]).map((q) => q.prompt)).toEqual(['总体满意程度', '响应速度', '意见建议']);
  });

  it('records the answers once; the same link used twice is refused (409) and writes nothing', async () => {
    const first = await rpc('answer_survey', { token: invitations[0].token, answers: answersFor(survey.questions, 5) });
    expect(first.status).toBe(200);
    const [row] = await sql<{ status: string; channel: string; score: string; answered_by: string | null }>(
      `select status, channel, score::text, answered_by from public.survey_invitations where id = $1`, [invitations[0].id]);
    expect(row).toEqual({ status: '已答复', channel: '链接', score: '5.00', answered_by: null });
    const again = await rpc('answer_survey', { token: invitations[0].token, answers: answersFor(survey.questions, 1) });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already been answered');
    expect(await answerCount(invitations[0].id)).toBe(3);
    expect((await rpc('survey_by_token', { token: invitations[0].token })).status).toBe(409);
  });

  it('after expiry is refused (410) and writes nothing', async () => {
    await sql(`update public.survey_invitations set expires_at = now() - interval '1 day' where id = $1`, [invitations[1].id]);
    const late = await rpc('answer_survey', { token: invitations[1].token, answers: answersFor(survey.questions) });
    expect(late.status).toBe(410);
    expect(late.body.message).toContain('expired');
    expect((await rpc('survey_by_token', { token: invitations[1].token })).status).toBe(410);
    expect(await answerCount(invitations[1].id)).toBe(0);
    await sql(`update public.survey_invitations set expires_at = now() + interval '14 days' where id = $1`, [invitations[1].id]);
  });

  it('tampered (another invitation\'s id, an altered signature, garbage) is refused (403) and writes nothing', async () => {
    const [id, signature] = invitations[2].token.split('.');
    const otherId = `${invitations[1].id}.${signature}`;
    const flipped = `${id}.${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    for (const token of [otherId, flipped, 'not-a-token', `${id}.`]) {
      const result = await rpc('answer_survey', { token, answers: answersFor(survey.questions) });
      expect({ token, status: result.status }).toEqual({ token, status: 403 });
      expect((await rpc('survey_by_token', { token })).status).toBe(403);
    }
    expect(await answerCount(invitations[1].id)).toBe(0);
    expect(await answerCount(invitations[2].id)).toBe(0);
  });

  it('refuses answers outside a question\'s scale or options, or a missing required one (400), writing nothing', async () => {
    const token = invitations[2].token;
    const cases: [unknown, unknown, string][] = [[6, '及时', 'whole number from 1 to 5'], [0, '及时', '1 to 5'], [3.5, '及时', '1 to 5'],
      [4, '很慢', 'one of its options'], [null, '及时', 'must be answered']];
    for (const [scale, choice, message] of cases) {
      const result = await rpc('answer_survey', { token, answers: answersFor(survey.questions, scale, choice) });
      expect({ scale, choice, status: result.status }).toEqual({ scale, choice, status: 400 });
      expect(result.body.message).toContain(message);
    }
    const stray = await rpc('answer_survey', { token, answers: { ...answersFor(survey.questions), [survey.id]: 1 } });
    expect(stray.status).toBe(400);
    expect(await answerCount(invitations[2].id)).toBe(0);
    expect((await invitationsOf(survey.id))[2].status).toBe('待答复');
  });

  it('anon cannot read any survey table (nor customers)', async () => {
    const anon = anonClient();
    for (const table of ['surveys', 'survey_questions', 'survey_invitations', 'survey_answers', 'survey_scores', 'customers']) {
      const { data, error } = await anon.from(table).select('*').limit(1);
      expect({ table, rows: data?.length ?? 0, refused: Boolean(error) }).toEqual({ table, rows: 0, refused: true });
    }
    for (const fn of ['send_survey', 'record_survey_by_phone', 'close_survey']) {
      expect((await rpc(fn, { survey_id: survey.id })).status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('answers by phone 电话 and the scores', () => {
  it('the department\'s clerk records phone answers; another department\'s clerk cannot; scores per department and quarter follow', async () => {
    const survey = await draftSurvey('电话调查');
    await managerClient.rpc('send_survey', { survey_id: survey.id, grade: 'A', sample_percent: 100 });
    const [a, b] = await invitationsOf(survey.id);
    const other = await (await signInAs('clerk')).rpc('record_survey_by_phone', { invitation_id: a.id, answers: answersFor(survey.questions, 5) });
    expect(other.error?.code).toMatch(/^(PT404|42501)$/);
    expect(await answerCount(a.id)).toBe(0);
    const before = await sql<{ answered: number }>(`select answered from public.survey_scores where department_id = $1`, [QT]);
    const first = await clerkClient.rpc('record_survey_by_phone', { invitation_id: a.id, answers: answersFor(survey.questions, 5) });
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({ status: '已答复', channel: '电话', answered_by: clerk.id });
    expect((await clerkClient.rpc('record_survey_by_phone', { invitation_id: b.id, answers: answersFor(survey.questions, 2, '较慢', '') })).error).toBeNull();
    const twice = await clerkClient.rpc('record_survey_by_phone', { invitation_id: a.id, answers: answersFor(survey.questions, 1) });
    expect(twice.error?.code).toBe('PT409');
    const [score] = await sql<{ answered: number; average: string; satisfied: number; quarter: string }>(
      `select answered, average::text, satisfied, quarter::text from public.survey_scores where department_id = $1`, [QT]);
    expect(score.answered).toBe((before[0]?.answered ?? 0) + 2);
    expect(score.quarter).toMatch(/-(01|04|07|10)-01$/);
    // The test department's manager reads it; the clerk and another department's manager do not.
    expect((await managerClient.from('survey_scores').select('answered').eq('department_id', QT)).data).toHaveLength(1);
    expect((await clerkClient.from('survey_scores').select('answered').eq('department_id', QT)).data).toEqual([]);
    expect((await (await signInAs('manager')).from('survey_scores').select('answered').eq('department_id', QT)).data).toEqual([]);
    expect((await (await signInAs('director')).from('survey_scores').select('answered').eq('department_id', QT)).data).toHaveLength(1);
  });

  it('the demo data holds the KF1 survey with answers by phone and by link, and its score', async () => {
    const rows = await sql<{ channel: string; n: number }>(
      `select channel, count(*)::int as n from public.survey_invitations where survey_id = '00000000-0000-4000-f108-000000000001' and status = '已答复' group by channel order by channel`);
    expect(rows).toEqual([{ channel: '电话', n: 4 }, { channel: '链接', n: 2 }]);
    expect((await (await signInAs('manager')).from('survey_scores').select('department_id').eq('department_id', departmentIds.KF1)).data?.length).toBeGreaterThan(0);
    expect(operatorIds.clerk).toBeDefined();
  });
});
