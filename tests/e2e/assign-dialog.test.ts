// Issue 17: the 派单 (assign) dialog as a manager meets it — the request's own department offered
// first, everyone else after (not ten people and no more), and two people of one name told apart by
// their staff code and department, in Chinese and in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { signedInPage } from '../support/register-grid.ts';
import { recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, sql } from '../support/stack.ts';

const session = appInBrowser();
type Person = Awaited<ReturnType<typeof createThrowawayOperator>>;
// Twelve people of one name (unique to this file, as other files add people meanwhile): eleven in
// the request's department, one in another.
const name = `同名${Date.now().toString(36)}`;
const own: Person[] = [];
let elsewhere: Person;

beforeAll(async () => {
  for (let i = 0; i < 11; i++) own.push(await createThrowawayOperator('clerk', 'KF1'));
  elsewhere = await createThrowawayOperator('clerk', 'KF2');
  await sql(`update public.operators set name = $1 where id = any ($2)`, [name, [...own, elsewhere].map((p) => p.id)]);
}, 120_000);
afterAll(async () => {
  for (const person of [...own, elsewhere]) {
    await sql(`update public.service_requests set handler_id = null where handler_id = $1`, [person.id]);
    await sql(`delete from public.notifications where recipient_id = $1`, [person.id]);
    await person.remove();
  }
});

const codeOf = async (person: Person) => (await sql<{ code: string }>(`select code from public.operators where id = $1`, [person.id]))[0].code;

describe('the assign dialog', () => {
  it('offers the request’s department first, then everyone else, telling namesakes apart by code and department', { timeout: 180_000 }, async () => {
    const { row } = await recordRequest('clerk', { kind: '咨询', content: '派单对话框测试' });
    const page = await signedInPage(session.browser(), session.url(), 'manager');
    await page.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    await page.getByTestId('workflow-assign').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('reference-handler').click();
    await page.keyboard.type(name);

    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    const options = dropdown.getByTestId('reference-option');
    // Twelve namesakes: more than the ten a capped list would show.
    await expect.poll(() => options.count(), { timeout: 20_000 }).toBe(12);
    // The request's department (客服一部) heads the list; the other department's namesake comes last, under 其他部门.
    const groups = await dropdown.locator('.ant-select-item-group').allTextContents();
    expect(groups).toEqual(['客服一部', '其他部门']);
    const texts = await options.allTextContents();
    const elsewhereCode = await codeOf(elsewhere);
    expect(texts[11]).toBe(`${name}${elsewhereCode} · 客服二部`);
    for (const text of texts.slice(0, 11)) expect(text).toMatch(new RegExp(`^${name}T\\S+ · 客服一部$`));
    // Each line is told apart from its namesakes by the staff code.
    expect(new Set(texts).size).toBe(12);
    await page.screenshot({ path: `${artifacts}/assign-dialog-namesakes.png` });

    // Picking the other department's namesake assigns exactly that person.
    await options.filter({ hasText: elsewhereCode }).click();
    await page.getByTestId('workflow-assign-confirm').click();
    await expect.poll(async () => (await sql(`select handler_id from public.service_requests where id = $1`, [row.id]))[0], { timeout: 15_000 })
      .toEqual({ handler_id: elsewhere.id });

    // In English the groups and the department read in English where they are words of the app.
    await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
    await page.reload();
    await page.getByTestId('workflow-assign').click();
    await page.getByRole('dialog').getByTestId('reference-handler').click();
    await page.keyboard.type(name);
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-group').allTextContents(), { timeout: 20_000 })
      .toEqual(['客服一部', 'Other departments']);
    await page.screenshot({ path: `${artifacts}/assign-dialog-en.png` });
    await page.context().close();
  });
});
