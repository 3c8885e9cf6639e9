// The public pool 公海 in Chromium: a clerk sees the pool customers of his department (code, name,
// grade, since when — nothing else of the card), claims one with 认领, and finds it among his
// customers; the pool speaks English on request. Screenshots in test-artifacts/e2e/.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { departmentIds, operatorIds, uniquePhone } from '../support/ids.ts';
import { gridHeaders, gridReady, gridRows, gridTotal, openRegister, search, signedInPage } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();
// (under test-artifacts/, not the repository: a test run leaves the tree as it was)
const screenshots = artifacts;
const marker = `公海客户${Date.now().toString(36)}`;
const created: string[] = [];
afterAll(async () => {
  await sql('delete from public.customers where id = any($1::uuid[])', [created]);
});

async function poolCustomer(name: string): Promise<{ id: string; code: string }> {
  const [row] = await sql<{ id: string; code: string }>(
    `insert into public.customers (name, phone, grade, department_id, status, contact_person, notes)
     values ($1, $2, 'A', $3, '公海', '不应出现的联系人', '不应出现的备注') returning id, code`,
    [name, uniquePhone(), departmentIds.KF1],
  );
  created.push(row.id);
  return row;
}

/** The grid's column headers without the sort arrow. */
const headers = async (page: Page) => (await gridHeaders(page)).map((h) => h.replace(/\s*[↑↓]$/, ''));
const waitForSpinners = (page: Page) => page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);

describe('the public pool 公海 in the app', () => {
  it('a clerk sees a pool customer, claims it, and finds it among his customers', { timeout: 180_000 }, async () => {
    const card = await poolCustomer(`${marker}甲`);
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'customer_pool');
    await search(page, marker);
    expect(await gridTotal(page)).toBe(1);
    const text = (await gridRows(page))[0].join(' ');
    for (const shown of [card.code, `${marker}甲`, 'A']) expect(text).toContain(shown);
    for (const hidden of ['不应出现的联系人', '不应出现的备注']) expect(text).not.toContain(hidden);
    // Exactly these columns (newest in the pool first), nothing else of the card.
    expect(await headers(page)).toEqual(['客户编码', '客户名称', '客户等级', '所属部门', '进入公海']);
    await waitForSpinners(page);
    await page.screenshot({ path: `${screenshots}/customer-pool-grid.png` });

    await page.goto(`${session.url()}/r/customer_pool/show/${card.id}`);
    const fields = page.getByTestId('record-fields');
    await expect.poll(() => fields.textContent(), { timeout: 20_000 }).toContain(card.code);
    const claim = page.getByTestId('workflow-claim');
    await claim.waitFor({ timeout: 20_000 });
    expect(await claim.textContent()).toMatch(/认\s*领/);
    await waitForSpinners(page);
    await page.screenshot({ path: `${screenshots}/customer-pool-record.png`, fullPage: true });
    await claim.click();
    // (a move without fields asks its confirmation in antd's confirm dialog)
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('认领后该客户由您负责跟进');
    const confirm = dialog.locator('.ant-modal-confirm-btns .ant-btn-primary');
    await page.waitForTimeout(300); // (the dialog fades in)
    await page.screenshot({ path: `${screenshots}/customer-pool-claim-dialog.png` });
    await confirm.click();
    await expect
      .poll(async () => (await sql(`select status, owner_id from public.customers where id = $1`, [card.id]))[0], { timeout: 20_000 })
      .toEqual({ status: '正常', owner_id: operatorIds.clerk });
    expect(await sql(`select method from public.customer_allocations where customer_id = $1`, [card.id])).toEqual([{ method: '公海认领' }]);

    await openRegister(page, session.url(), 'customers');
    await search(page, marker);
    await expect.poll(() => gridTotal(page), { timeout: 20_000 }).toBe(1);
    const mine = (await gridRows(page))[0].join(' ');
    expect(mine).toContain(card.code);
    expect(mine).toContain(`${marker}甲`);
    await waitForSpinners(page);
    await page.screenshot({ path: `${screenshots}/customer-pool-claimed.png` });

    // It has left the pool.
    await openRegister(page, session.url(), 'customer_pool');
    await search(page, marker);
    expect(await gridTotal(page)).toBe(0);
    await page.context().close();
  });

  it('speaks English on request: the pool’s columns and its Claim move', { timeout: 120_000 }, async () => {
    const card = await poolCustomer(`${marker}乙`);
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'customer_pool');
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => headers(page), { timeout: 20_000 }).toEqual(['Customer code', 'Name', 'Grade', 'Department', 'In the pool since']);
    await search(page, marker);
    await expect.poll(async () => (await gridRows(page))[0]?.join(' '), { timeout: 20_000 }).toContain(card.code);
    await waitForSpinners(page);
    await page.screenshot({ path: `${screenshots}/customer-pool-en.png` });
    await page.goto(`${session.url()}/r/customer_pool/show/${card.id}`);
    await gridReady(page).catch(() => undefined);
    const claim = page.getByTestId('workflow-claim');
    await claim.waitFor({ timeout: 20_000 });
    expect(await claim.textContent()).toContain('Claim');
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.context().close();
  });
});
