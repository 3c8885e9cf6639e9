// What the scheduled jobs raise shows in the app: the bell and the to-do list, the return-visit
// tasks, the monthly report with its charts and XLSX export, and the admin's job page.
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifacts, fillSignIn, appInBrowser } from '../support/e2e-session.ts';
import { operatorIds } from '../support/ids.ts';
import { gridReady, gridRows } from '../support/register-grid.ts';
import { DEMO_PASSWORD, demoUsers, sql, stackEnv } from '../support/stack.ts';

const session = appInBrowser();

async function signedIn(email: string): Promise<Page> {
  const page = await session.browser().newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await fillSignIn(page, session.url(), email, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  return page;
}

describe('jobs in the app', () => {
  it('a clerk sees unread to-dos on the bell and in the to-do list, and marks one done', { timeout: 120_000 }, async () => {
    const title = `请回访测试客户${Date.now()}`;
    await sql(`insert into public.notifications (recipient_id, kind, title) values ($1, '回访任务', $2)`, [operatorIds.clerk, title]);
    const page = await signedIn(demoUsers.clerk);
    await expect.poll(async () => Number((await page.getByTestId('notification-badge').locator('.ant-badge-count').getAttribute('title')) ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('notification-badge').getByRole('button').click();
    await page.waitForURL(/\/notifications/);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${artifacts}/todos.png` });
    await row.getByRole('button', { name: /办\s*结/ }).click();
    await expect.poll(() => sql(`select done_at is not null as done from public.notifications where title = $1`, [title]), { timeout: 20_000 }).toEqual([{ done: true }]);
    await page.close();
  });

  it('a clerk finds the pending return visits in their register', { timeout: 120_000 }, async () => {
    const page = await signedIn(demoUsers.clerk);
    await page.getByRole('menuitem', { name: '回访记录' }).click();
    await gridReady(page);
    await expect.poll(async () => (await gridRows(page)).flat().join(' '), { timeout: 20_000 }).toMatch(/投诉|报修|例行|抽查|调查/);
    await page.close();
  });

  it('the director reads the monthly report as charts and exports it to XLSX', { timeout: 120_000 }, async () => {
    const response = await fetch(`${stackEnv().API_URL}/functions/v1/monthly-reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger: 'manual' }),
    });
    expect(response.status).toBe(200);
    const page = await signedIn(demoUsers.director);
    await page.getByRole('menuitem', { name: '月度报表' }).click();
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${artifacts}/monthly-report.png` });
    const download = page.waitForEvent('download');
    await page.getByTestId('report-export').click();
    const file = await (await download).path();
    expect((await fs.stat(file)).size).toBeGreaterThan(1000);
    await page.close();
  });

  it('the administrator pauses a job and asks for a run from the job page', { timeout: 120_000 }, async () => {
    const page = await signedIn(demoUsers.admin);
    await page.getByRole('menuitem', { name: '定时任务' }).click();
    // (quarterly-sampling: no other test depends on its switch or its manual runs)
    // (the row of 季度 20% 维修抽查: jobs are shown by their description, not their code)
    const row = page.getByRole('row', { name: /季度 20% 维修抽查/ });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('switch').click();
    await expect.poll(() => sql(`select enabled from public.scheduled_jobs where name = 'quarterly-sampling'`), { timeout: 20_000 }).toEqual([{ enabled: false }]);
    await row.getByRole('switch').click();
    await expect.poll(() => sql(`select enabled from public.scheduled_jobs where name = 'quarterly-sampling'`), { timeout: 20_000 }).toEqual([{ enabled: true }]);
    await row.getByRole('button', { name: '立即运行' }).click();
    await expect
      .poll(async () => (await sql<{ n: number }>(`select count(*)::int as n from public.job_runs where job_name = 'quarterly-sampling' and trigger = 'manual' and started_at > now() - interval '2 minutes'`))[0].n, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}/jobs.png` });
    await page.close();
  });
});
