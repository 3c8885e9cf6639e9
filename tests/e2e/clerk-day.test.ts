// Issue 17: a clerk's day, walked in Chromium from the sign-in page — find a customer by name,
// record a repair from the customer's page (the customer's phone and unit filled in), paste ten
// rows from Excel and fix the one the database's rule refuses, answer a to-do.
import { afterAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { operatorIds, uniquePhone } from '../support/ids.ts';
import { columnIndex, gridTotal, openRegister, search, selectCell } from '../support/register-grid.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { DEMO_PASSWORD, demoUsers, signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();
const marker = `一天${Date.now().toString(36)}`;

afterAll(async () => {
  await sql(`delete from public.return_visits where request_id in (select id from public.service_requests where content like $1)`, [`%${marker}%`]);
  await sql(`delete from public.service_requests where content like $1`, [`%${marker}%`]);
  await sql(`delete from public.contacts where subject like $1`, [`%${marker}%`]).catch(() => undefined);
  await sql(`delete from public.customers where name like $1`, [`${marker}%`]);
});

describe('a clerk’s day', () => {
  it('signs in, finds a customer by name, records a repair from the customer’s page, pastes ten rows fixing the refused one, and answers a to-do', { timeout: 300_000 }, async () => {
    // The customer the clerk will look up, and a complaint his manager assigns him this morning.
    const customerName = `${marker}客户`;
    const phone = uniquePhone();
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, building, unit, room, department_id, owner_id, recorded_by)
       select $1, $2, '3栋', '2单元', '501', o.department_id, o.id, o.id from public.operators o where o.id = $3 returning id`,
      [customerName, phone, operatorIds.clerk],
    );
    const { row: assigned } = await recordRequest('manager', complaint({ content: `${marker} 投诉维修迟到` }));
    expect((await (await signInAs('manager')).rpc('assign_request', { request_id: assigned.id, handler: operatorIds.clerk })).error).toBeNull();

    // 1. Sign in on the sign-in page.
    const context = await session.browser().newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await fillSignIn(page, session.url(), demoUsers.clerk, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });

    // 2. Find the customer by name and open the customer's page.
    await openRegister(page, session.url(), 'customers');
    await search(page, customerName);
    expect(await gridTotal(page)).toBe(1);
    await selectCell(page, 0, 0);
    await page.getByTestId('register-open').click();
    await page.waitForURL(new RegExp(`/r/customers/show/${customer.id}`));
    await page.getByTestId('record-fields').waitFor({ timeout: 20_000 });

    // 3. Record a repair from there: the form opens with the customer chosen and fills in his phone and unit.
    await page.getByTestId('related-create').click();
    await page.getByTestId('related-create-service_requests').click();
    await page.waitForURL(/\/r\/service_requests\/create\?/);
    await page.getByTestId('register-form').waitFor();
    await expect.poll(() => page.getByTestId('form-field-phone').locator('input').inputValue(), { timeout: 15_000 }).toBe(phone);
    expect(await page.getByTestId('form-field-unit').locator('input').inputValue()).toBe('2单元');
    await expect.poll(() => page.getByTestId('form-field-customer_id').textContent(), { timeout: 15_000 }).toContain(customerName);
    await page.getByLabel('类型', { exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '报修' }).first().click();
    await page.getByLabel('内容', { exact: true }).fill(`${marker} 空调不制冷`);
    await page.screenshot({ path: `${artifacts}/clerk-day-repair-form.png` });
    await page.getByTestId('form-save').click();
    // Saved, the clerk is back on the customer's page, the repair among its requests.
    await page.waitForURL(new RegExp(`/r/customers/show/${customer.id}`), { timeout: 20_000 });
    await page.getByTestId('related-service_requests').getByText('报修').waitFor({ timeout: 20_000 });
    expect(await sql(`select kind, phone, unit, receiver_id from public.service_requests where customer_id = $1`, [customer.id]))
      .toEqual([{ kind: '报修', phone, unit: '2单元', receiver_id: operatorIds.clerk }]);

    // 4. Paste ten rows (phone, content) from Excel over ten of his requests; the fourth phone is refused, fixed in the preview.
    const rows = await sql<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at)
       select '咨询', '来电人', $1 || ' 咨询' || lpad(n::text, 2, '0'), o.department_id, o.id, now() - make_interval(mins => n)
       from generate_series(1, 10) n, public.operators o where o.id = $2 returning id`,
      [marker, operatorIds.clerk],
    );
    expect(rows).toHaveLength(10);
    await openRegister(page, session.url(), 'service_requests');
    await search(page, `${marker} 咨询`);
    expect(await gridTotal(page)).toBe(10);
    const phones = Array.from({ length: 10 }, () => uniquePhone());
    phones[3] = '12345';
    await page.evaluate((text) => navigator.clipboard.writeText(text), phones.map((p, i) => `${p}\t${marker} 已回电${i + 1}`).join('\n'));
    await selectCell(page, await columnIndex('service_requests', 'phone'), 0);
    await page.keyboard.press('Control+V');
    const summary = page.getByTestId('paste-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('1 处错误');
    expect(await page.getByTestId('paste-errors').textContent()).toContain('第 4 行');
    expect(await page.getByTestId('paste-errors').textContent()).toContain('电话格式不正确');
    await page.screenshot({ path: `${artifacts}/clerk-day-paste-refused.png` });
    await page.getByTestId('paste-cell-3-0').fill(uniquePhone());
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('全部通过检查');
    await page.getByTestId('paste-commit').click();
    await expect.poll(async () => (await sql<{ n: number }>(`select count(*)::int n from public.service_requests where content like $1`, [`${marker} 已回电%`]))[0].n, { timeout: 30_000 }).toBe(10);

    // 5. Answer the to-do: the 派单 opens its complaint; the reply settles it and it leaves the list.
    await page.goto(`${session.url()}/notifications`);
    const todo = page.getByTestId('todos').getByRole('link').filter({ hasText: assigned.code });
    await todo.waitFor({ timeout: 30_000 });
    await todo.click();
    await page.waitForURL(new RegExp(`/r/service_requests/show/${assigned.id}`));
    await page.getByTestId('workflow-reply').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').first().fill('已向客户致歉，次日上门维修');
    await page.getByTestId('workflow-reply-confirm').click();
    await expect.poll(async () => (await sql(`select status, reply from public.service_requests where id = $1`, [assigned.id]))[0], { timeout: 15_000 })
      .toMatchObject({ reply: '已向客户致歉，次日上门维修' });
    await page.goto(`${session.url()}/notifications`);
    await page.getByTestId('todos').waitFor();
    await expect.poll(() => page.getByTestId('todos').getByRole('link').filter({ hasText: assigned.code }).count(), { timeout: 20_000 }).toBe(0);
    expect(await sql(`select done_at is not null as done from public.notifications where recipient_id = $1 and link_id = $2 and kind = '派单'`, [operatorIds.clerk, assigned.id]))
      .toEqual([{ done: true }]);
    // The screen as he sees it (the whole list is long: every test file leaves him to-dos).
    await page.screenshot({ path: `${artifacts}/clerk-day-todos.png` });
    await context.close();
  });
});
