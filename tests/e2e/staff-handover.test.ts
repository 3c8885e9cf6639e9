// The handover screen 离职交接 (seed 000: 负责与客户联系的员工调离公司时……指派其他员工代替): a manager
// picks the clerk who left, sees what passed to his care, chooses a successor and confirms; the
// customers and requests move and the successor is told. A successor a complaint names is refused
// at the field, in English too.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { recordRequest } from '../support/requests.ts';
import { DEMO_PASSWORD, createThrowawayOperator, demoUsers, signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();
// (under test-artifacts/, not the repository: a test run leaves the tree as it was)
const screenshots = artifacts;

// A clerk of 客服一部 with a customer and an open request, then deactivated by the administrator.
async function clerkWhoLeft(name: string, request: Record<string, unknown> = { kind: '咨询', content: '咨询物业费缴纳方式' }) {
  const person = await createThrowawayOperator('clerk', 'KF1');
  await sql('update public.operators set name = $2 where id = $1', [person.id, name]);
  const [customer] = await sql<{ id: string; code: string; name: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id, code, name`,
    [unique('华信物业'), uniquePhone(), departmentIds.KF1, person.id],
  );
  const { client, row } = await recordRequest('manager', { ...request, customer_id: customer.id });
  const assigned = await client.rpc('assign_request', { request_id: row.id, handler: person.id });
  if (assigned.error) throw new Error(assigned.error.message);
  const off = await (await signInAs('admin')).from('operators').update({ active: false }).eq('id', person.id);
  if (off.error) throw new Error(off.error.message);
  return { id: person.id, customer, request: row };
}

async function managerOn(path: string, locale: 'zh-CN' | 'en'): Promise<Page> {
  const page = await session.browser().newPage({ locale: locale === 'en' ? 'en-GB' : 'zh-CN', viewport: { width: 1400, height: 1000 } });
  await fillSignIn(page, session.url(), demoUsers.manager, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  // (signed in on the Chinese sign-in page; the language chosen afterwards holds from the next page)
  if (locale === 'en') await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
  if (path) await page.goto(`${session.url()}${path}`);
  return page;
}

async function choose(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

const fieldError = (page: Page) => page.locator('.ant-form-item-explain-error').allTextContents();

describe('the handover screen', () => {
  it('a manager hands a departed clerk’s customers and open requests to a colleague, previewing them first', { timeout: 180_000 }, async () => {
    const leaver = await clerkWhoLeft(`张伟${unique().slice(-3)}`);
    const [{ name }] = await sql<{ name: string }>('select name from public.operators where id = $1', [leaver.id]);
    const page = await managerOn('', 'zh-CN');
    try {
      // Reached from the menu, beside the staff register.
      await page.getByRole('menuitem', { name: '离职交接' }).click();
      await page.getByTestId('staff-handover').waitFor({ timeout: 30_000 });
      await choose(page, 'handover-leaver', name);
      const customers = page.getByTestId('handover-preview-customers');
      await customers.waitFor({ timeout: 30_000 });
      expect(await customers.textContent()).toContain(leaver.customer.code);
      expect(await customers.textContent()).toContain('代管中');
      expect(await page.getByTestId('handover-preview-service_requests').textContent()).toContain(leaver.request.code);
      await choose(page, 'handover-successor', '王小明');
      await expect.poll(async () => page.getByTestId('handover-preview-customers').textContent(), { timeout: 20_000 }).toContain('王小明');
      // No raw ids on screen: the leaver, the holder and the successor are named.
      expect(await page.getByTestId('staff-handover').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${screenshots}/staff-handover-preview.png`, fullPage: true });

      await page.getByTestId('handover-confirm').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '交 接' }).or(page.locator('.ant-popconfirm').getByRole('button', { name: '交接' })).click();
      await page.getByTestId('handover-done').waitFor({ timeout: 30_000 });
      await expect
        .poll(() => sql(`select owner_id from public.customers where id = $1`, [leaver.customer.id]), { timeout: 20_000 })
        .toEqual([{ owner_id: operatorIds.clerk }]);
      expect(await sql(`select handler_id from public.service_requests where id = $1`, [leaver.request.id])).toEqual([{ handler_id: operatorIds.clerk }]);
      const told = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '离职交接' and link_id = $2`, [operatorIds.clerk, leaver.id]);
      expect(told).toHaveLength(1);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${screenshots}/staff-handover-done.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('in English, a successor the complaint names is refused at the field', { timeout: 180_000 }, async () => {
    const leaver = await clerkWhoLeft(`Li Lei ${unique().slice(-3)}`, {
      kind: '投诉', complaint_category: '服务质量', severity: '一般', accused_operator_id: operatorIds.clerk, content: '投诉王小明态度差',
    });
    const [{ name }] = await sql<{ name: string }>('select name from public.operators where id = $1', [leaver.id]);
    const page = await managerOn('/handover', 'en');
    try {
      await page.getByTestId('staff-handover').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('staff-handover').textContent()).toContain('Staff handover');
      await choose(page, 'handover-leaver', name);
      await page.getByTestId('handover-preview-service_requests').waitFor({ timeout: 30_000 });
      await choose(page, 'handover-successor', '王小明');
      await expect.poll(() => fieldError(page), { timeout: 20_000 }).toEqual([expect.stringContaining('Recusal')]);
      expect(await page.getByTestId('handover-confirm').isDisabled()).toBe(true);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${screenshots}/staff-handover-refused-en.png`, fullPage: true });
      expect(await sql(`select handler_id from public.service_requests where id = $1`, [leaver.request.id])).toEqual([{ handler_id: operatorIds.manager }]);
    } finally {
      await page.close();
    }
  });
});
