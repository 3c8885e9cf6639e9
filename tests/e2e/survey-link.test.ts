// Satisfaction surveys seen from outside and from the dashboard (issue 16 point 4; 000 1.7): a
// customer answers through a link with no account, once; a used, expired or altered link is
// refused in words, in the page's language; an answer the database refuses is shown at its
// question; the scores per department are on the dashboard of whoever may read them.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { departmentIds } from '../support/ids.ts';
import { signedInPage } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();
const annualSurvey = '00000000-0000-4000-f108-000000000001';

/** A fresh invitation of the demo's open survey for a KF1 customer not yet in its sample. */
async function newInvitation(): Promise<{ id: string; token: string }> {
  const [row] = await sql<{ id: string; token: string }>(
    `insert into public.survey_invitations (survey_id, customer_id, sample_rule)
     select $1, c.id, '浏览器测试' from public.customers c
     where c.department_id = $2 and not exists (select 1 from public.survey_invitations i where i.survey_id = $1 and i.customer_id = c.id)
     order by c.created_at, c.id limit 1
     returning id, token`, [annualSurvey, departmentIds.KF1]);
  return row;
}

async function anonymousPage(language: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await session.browser().newContext({ locale: language, viewport: { width: 420, height: 900 } });
  return context.newPage();
}

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('a customer’s survey link', () => {
  it('takes the answers once, without an account, and the questions answered are the database’s', { timeout: 180_000 }, async () => {
    const invitation = await newInvitation();
    const page = await anonymousPage();
    await page.goto(`${session.url()}/survey/${invitation.token}`);
    await page.getByTestId('survey-title').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('survey-title').textContent()).toBe('年度客户满意度调查');

    // Nothing answered: each required question says so at itself; nothing is sent.
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => page.getByTestId('survey-question-1').textContent()).toContain('请回答这一题');
    expect(await page.getByTestId('survey-question-2').textContent()).toContain('请回答这一题');
    expect(await page.getByTestId('survey-question-3').textContent()).not.toContain('请回答这一题');

    await page.getByTestId('survey-question-1').getByText('4 满意').click();
    await page.getByTestId('survey-question-2').getByText('及时', { exact: true }).click();
    await page.getByTestId('survey-question-3').locator('textarea').fill('上门及时，态度很好');
    await page.screenshot({ path: `${artifacts}/survey-link-filled.png`, fullPage: true });
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('survey-thanks').waitFor({ timeout: 15_000 });
    expect(await page.locator('body').textContent()).toContain('感谢您的宝贵意见');

    const [answered] = await sql<{ status: string; channel: string; score: string; answers: number }>(
      `select i.status, i.channel, i.score::text as score, (select count(*)::int from public.survey_answers a where a.invitation_id = i.id) as answers
       from public.survey_invitations i where i.id = $1`, [invitation.id]);
    expect(answered).toEqual({ status: '已答复', channel: '链接', score: '4.00', answers: 3 });

    // The same link again: already answered, said as such; nothing more written.
    await page.reload();
    await page.getByTestId('survey-refusal').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('survey-refusal').textContent()).toContain('这份调查已经答复过');
    expect((await sql<{ n: number }>(`select count(*)::int as n from public.survey_answers where invitation_id = $1`, [invitation.id]))[0].n).toBe(3);
    await page.context().close();
  });

  it('refuses an expired link and an altered one in words, in Chinese and in English', { timeout: 120_000 }, async () => {
    const expired = await newInvitation();
    await sql(`update public.survey_invitations set expires_at = now() - interval '1 day' where id = $1`, [expired.id]);
    const page = await anonymousPage();
    await page.goto(`${session.url()}/survey/${expired.token}`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${artifacts}/survey-link-expired.png` });
    await page.getByTestId('survey-refusal').waitFor({ timeout: 30_000 });
    const expiredText = (await page.getByTestId('survey-refusal').textContent()) ?? '';
    expect(expiredText).toContain('这个调查链接已失效');
    expect(expiredText).toMatch(/已于 \d{4}-\d{2}-\d{2} 过期/);

    const fresh = await newInvitation();
    const altered = fresh.token.slice(0, -1) + (fresh.token.endsWith('0') ? '1' : '0');
    await page.goto(`${session.url()}/survey/${altered}`);
    await page.getByTestId('survey-refusal').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('survey-refusal').textContent()).toContain('这个调查链接无效');
    await page.getByTestId('survey-language').click();
    await expect.poll(() => page.getByTestId('survey-refusal').textContent()).toContain('This survey link is not valid');
    const english = (await page.locator('body').textContent()) ?? '';
    expect(english).toContain('not valid or has been altered');
    // Only the switch back (中文) is in Chinese.
    expect(english.replace('中文', '')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(english).not.toMatch(/PT\d{3}|22023|uuid/);
    await page.screenshot({ path: `${artifacts}/survey-link-altered-en.png` });
    // The unaltered link still works: the refusal wrote nothing.
    expect((await sql<{ status: string }>(`select status from public.survey_invitations where id = $1`, [fresh.id]))[0].status).toBe('待答复');
    await page.context().close();
  });

  it('shows an answer the database refuses at the question it concerns', { timeout: 120_000 }, async () => {
    const invitation = await newInvitation();
    const page = await anonymousPage();
    // What reaches the database is altered on the way (a score of 9), as a hand-made request would be.
    await page.route('**/rpc/answer_survey', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { token: string; answers: Record<string, unknown> };
      body.answers['00000000-0000-4000-f108-000000000101'] = 9;
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.goto(`${session.url()}/survey/${invitation.token}`);
    await page.getByTestId('survey-title').waitFor({ timeout: 30_000 });
    await page.getByTestId('survey-question-1').getByText('5 非常满意').click();
    await page.getByTestId('survey-question-2').getByText('很及时').click();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => page.getByTestId('survey-question-1').textContent(), { timeout: 15_000 }).toContain('第 1 题的评分须为 1–5 的整数');
    expect(await page.getByTestId('survey-question-2').textContent()).not.toContain('第 1 题');
    expect((await sql<{ status: string }>(`select status from public.survey_invitations where id = $1`, [invitation.id]))[0].status).toBe('待答复');
    await page.context().close();
  });
});

describe('survey scores on the dashboard', () => {
  it('show the manager his department’s quarter as the database counts it, and a clerk nothing', { timeout: 180_000 }, async () => {
    const [kf1] = await sql<{ answered: number; average: string }>(
      `select answered, to_char(average, 'FM0.00') as average from public.survey_scores
       where department_id = $1 and quarter = date_trunc('quarter', now() at time zone 'Asia/Shanghai')::date`, [departmentIds.KF1]);
    expect(kf1.answered).toBeGreaterThan(0);

    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    const card = manager.getByTestId('dashboard-survey-scores');
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('客服一部');
    const row = card.locator('tr', { hasText: '客服一部' });
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe(kf1.average);
    expect(cells[3]).toBe(String(kf1.answered));
    expect(await card.textContent()).not.toMatch(uuidPattern);
    await manager.screenshot({ path: `${artifacts}/dashboard-survey-scores.png`, fullPage: true });

    // The manager's invitations show the link he sends, not a bare token.
    const [invitation] = await sql<{ id: string; token: string }>(
      `select id, token from public.survey_invitations where survey_id = $1 and status = '待答复' and department_id = $2 limit 1`, [annualSurvey, departmentIds.KF1]);
    await manager.goto(`${session.url()}/r/survey_invitations/show/${invitation.id}`);
    await manager.getByTestId('record-fields').waitFor({ timeout: 20_000 });
    await expect.poll(() => manager.getByTestId('record-fields').textContent(), { timeout: 15_000 }).toContain(`${session.url()}/survey/${invitation.token}`);
    await manager.context().close();

    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await clerk.getByTestId('dashboard').waitFor({ timeout: 30_000 });
    await clerk.waitForLoadState('networkidle');
    expect(await clerk.getByTestId('dashboard-survey-scores').count()).toBe(0);
    await clerk.context().close();
  });
});
