// A clerk's first hour without friction (issue 17, slice A): the quick search finds a request by its
// customer's name and searches option columns without a database error; the 人员 grid opens; the
// request form asks what its kind asks (a repair no complaint fields, a complaint its category and
// severity, marked required), shows the system's columns read-only with why, fills in the chosen
// customer's phone and unit; a refusal is shown at its field, in the page's language; the sign-in
// page says a wrong password in its own language, once.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { gridRows, gridTotal, openRegister, search, signedInPage } from '../support/register-grid.ts';
import { recordRequest } from '../support/requests.ts';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { demoUsers, sql } from '../support/stack.ts';

const session = appInBrowser();
const tag = Date.now().toString(36).slice(-5);

// What must never reach a clerk's screen: database errors, codes, table names in messages.
const rawError = /operator does not exist|does not exist|42P01|42883|22P02|PGRST|状态码|status code|invalid_credentials|\bcustomer\b|service_requests/i;

// A customer of the clerk's own (a desk entry would go to whoever is next in the roster).
async function newCustomer(name: string): Promise<{ id: string; phone: string }> {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const [row] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, building, unit, room, department_id, owner_id) values ($1, $2, '3栋', '2单元', '301', $3, $4) returning id`,
    [name, phone, departmentIds.KF1, operatorIds.clerk],
  );
  return { id: row.id, phone };
}

const formItem = (page: Page, column: string) => page.getByTestId(`form-field-${column}`);

async function choose(page: Page, column: string, option: string): Promise<void> {
  await formItem(page, column).locator('.ant-select-selector').click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

describe('the quick search', () => {
  it('finds a clerk’s request by its customer’s name, and searches a status without a database error', { timeout: 180_000 }, async () => {
    const name = `检索客户${tag}`;
    const customer = await newCustomer(name);
    const { row } = await recordRequest('clerk', { kind: '咨询', customer_id: customer.id, caller_name: null, content: '按客户名称查找的工单' });

    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'service_requests');
    await search(page, name);
    expect(await gridTotal(page)).toBe(1);
    expect((await gridRows(page)).flat().join(' ')).toContain(row.code);
    await page.screenshot({ path: `${artifacts}/quick-search-by-customer.png` });

    // An option column (the status, an enum in the database) is searched by its value.
    await search(page, '受理');
    expect(await gridTotal(page)).toBeGreaterThan(0);
    expect(await page.locator('body').textContent()).not.toMatch(rawError);

    // A word nothing holds finds nothing (not every row).
    await search(page, `没有这样的${tag}`);
    expect(await gridTotal(page)).toBe(0);
    await page.context().close();
  });

  it('opens the 人员 grid and searches a role there, with no missing table and no SQL error on screen', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'admin');
    const failures: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/rest/v1/') && r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    await openRegister(page, session.url(), 'operators');
    await page.waitForLoadState('networkidle');
    await search(page, 'clerk');
    expect(await gridTotal(page)).toBeGreaterThan(0);
    await search(page, '王小明');
    expect(await gridTotal(page)).toBe(1);
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
    expect(await page.locator('body').textContent()).not.toMatch(rawError);
    await page.context().close();
  });
});

describe('the service request form', () => {
  it('asks what the kind asks: a repair no complaint fields, a complaint its category and severity, marked required', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await page.goto(`${session.url()}/r/service_requests/create`);
    await page.getByTestId('register-form').waitFor({ timeout: 30_000 });
    // No kind chosen yet: neither section.
    expect(await formItem(page, 'complaint_category').count()).toBe(0);
    expect(await formItem(page, 'location').count()).toBe(0);

    await choose(page, 'kind', '报修');
    await formItem(page, 'location').waitFor();
    expect(await formItem(page, 'fault_kind').count()).toBe(1);
    expect(await formItem(page, 'complaint_category').count()).toBe(0);
    expect(await formItem(page, 'severity').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}/form-repair.png`, fullPage: true });

    await choose(page, 'kind', '投诉');
    await formItem(page, 'complaint_category').waitFor();
    expect(await formItem(page, 'location').count()).toBe(0);
    for (const column of ['complaint_category', 'severity']) {
      expect(await formItem(page, column).locator('.ant-form-item-required').count()).toBe(1);
    }
    expect(await formItem(page, 'accused_operator_id').locator('.ant-form-item-required').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}/form-complaint.png`, fullPage: true });

    // The columns the database fills in are shown read-only, each with the database's reason.
    const reasons = await page.locator('[data-testid^="form-why-"]').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(reason.trim()).not.toBe('');
      expect(reason).not.toContain(' | ');
    }
    expect(await page.locator('[data-testid^="form-readonly-"] input:not([disabled])').count()).toBe(0);
    await page.context().close();
  });

  it('fills in the chosen customer’s phone and unit, and shows a refusal at its field, in Chinese and in English', { timeout: 150_000 }, async () => {
    const name = `预填客户${tag}`;
    const customer = await newCustomer(name);
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await page.goto(`${session.url()}/r/service_requests/create`);
    await page.getByTestId('register-form').waitFor({ timeout: 30_000 });
    await choose(page, 'kind', '咨询');
    await page.locator('#content').fill('客户咨询物业费缴纳方式');

    // Neither a customer nor a caller: the database refuses, and says so at the customer field.
    await page.getByTestId('form-save').click();
    const atCustomer = formItem(page, 'customer_id').locator('.ant-form-item-explain-error');
    await atCustomer.waitFor({ timeout: 20_000 });
    expect(await atCustomer.textContent()).toContain('请选择客户或填写来电/来访人');
    // Said at the field only: no toast naming a table or a status code.
    expect(await page.locator('.ant-notification-notice, .ant-message-notice').allTextContents()).not.toContainEqual(expect.stringMatching(rawError));
    await page.screenshot({ path: `${artifacts}/form-error-at-field-zh.png`, fullPage: true });

    // Choosing the customer fills in its phone and unit.
    await formItem(page, 'customer_id').locator('.ant-select-selector').click();
    await page.keyboard.type(name);
    const option = page.locator('.ant-select-dropdown:visible [data-testid="reference-option"]').filter({ hasText: name });
    await option.first().waitFor({ timeout: 20_000 });
    await option.first().click();
    await expect.poll(() => page.locator('#phone').inputValue(), { timeout: 15_000 }).toBe(customer.phone);
    expect(await page.locator('#unit').inputValue()).toBe('2单元');
    await page.getByTestId('form-save').click();
    await page.waitForURL((url) => url.pathname === '/r/service_requests', { timeout: 20_000 });
    const notices = await page.locator('.ant-notification-notice, .ant-message-notice').allTextContents();
    expect(notices.join(' ')).not.toMatch(rawError);

    // The same refusal in English, at the same field.
    await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
    await page.goto(`${session.url()}/r/service_requests/create`);
    await page.getByTestId('register-form').waitFor({ timeout: 30_000 });
    await formItem(page, 'kind').locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('#content').fill('A question about the service fee');
    await page.getByTestId('form-save').click();
    const inEnglish = formItem(page, 'customer_id').locator('.ant-form-item-explain-error');
    await inEnglish.waitFor({ timeout: 20_000 });
    expect(await inEnglish.textContent()).toContain('Choose a customer or enter the caller');
    expect(await inEnglish.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: `${artifacts}/form-error-at-field-en.png`, fullPage: true });
    await page.context().close();
  });
});

describe('the sign-in page', () => {
  it('says a wrong password once, in the page’s language, with no English toast', { timeout: 60_000 }, async () => {
    const context = await session.browser().newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await fillSignIn(page, session.url(), demoUsers.clerk, 'wrong-password-1');
    await page.getByTestId('login-error').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('login-error').textContent()).toContain('账号或密码错误');
    expect(await page.locator('.ant-notification-notice').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/invalid|credentials|login error/i);
    await page.screenshot({ path: `${artifacts}/sign-in-wrong-password.png` });
    await context.close();
  });
});
