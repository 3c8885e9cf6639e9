// A clerk's to-dos, the dashboard's red cards and 申请查阅 in Chromium (issue 17): to-dos grouped by
// due date, each a link to its record and gone once the move that settles it is made; a red card
// opens the list behind its count; a clerk asks to read a customer hidden from him and follows the
// request in his to-dos until the approval opens the customer.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { gridReady, gridTotal, signedInPage } from '../support/register-grid.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, DEMO_PASSWORD, signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();
const customers: string[] = [];
afterAll(async () => {
  await sql('delete from public.access_requests where customer_id = any($1::uuid[])', [customers]);
  await sql('update public.service_requests set customer_id = null where customer_id = any($1::uuid[])', [customers]);
  await sql('delete from public.customers where id = any($1::uuid[])', [customers]);
});

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function inEnglish(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
  await page.reload();
}

describe('my to-dos', () => {
  it('are grouped 逾期 / 今天 / 本周 / 以后 / 无期限, each opens its record, and the reply that settles a 派单 takes it off the list', { timeout: 180_000 }, async () => {
    // The manager records a complaint and assigns it to the clerk: the clerk's 派单 to-do, due with the reply.
    const { row } = await recordRequest('manager', complaint({ content: `态度差${unique()}` }));
    const manager = await signInAs('manager');
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    const [raised] = await sql<{ title: string }>(`select title from public.notifications where recipient_id = $1 and link_id = $2 and kind = '派单'`, [operatorIds.clerk, row.id]);
    // The title is "中文 | English": the Chinese list shows the Chinese half.
    const assigned = { title: raised.title.split(' | ')[0] };
    // And one overdue and one without a date, raised as the rules raise them.
    const overdue = `请核对逾期事项${unique()}`;
    const undated = `请阅读通知${unique()}`;
    await sql(`select private.notify($1, '系统', $2 || ' | Check the overdue item', null, 'service_requests', $3, now() - interval '2 days', $2)`, [operatorIds.clerk, overdue, row.id]);
    await sql(`select private.notify($1, '系统', $2 || ' | Read the notice', null, null, null, null, $2)`, [operatorIds.clerk, undated]);

    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await page.goto(`${session.url()}/notifications`);
    const list = page.getByTestId('todos');
    await list.getByText(assigned.title).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('todo-group-overdue').textContent()).toContain(overdue);
    expect(await page.getByTestId('todo-group-overdue').textContent()).toContain('逾期');
    expect(await page.getByTestId('todo-group-none').textContent()).toContain(undated);
    expect(await page.getByTestId('todo-group-none').textContent()).toContain('无期限');
    // The 派单 is due with the complaint's reply (3 days): this week or later, never undated.
    const dueGroup = (await page.getByTestId('todo-group-week').count()) > 0 && (await page.getByTestId('todo-group-week').textContent())!.includes(assigned.title) ? 'week' : 'later';
    expect(await page.getByTestId(`todo-group-${dueGroup}`).textContent()).toContain(assigned.title);
    expect(await list.textContent()).not.toMatch(uuidPattern);
    await page.screenshot({ path: `${artifacts}/todos-grouped.png` });
    await page.screenshot({ path: `${artifacts}/todos.png` });

    // Each is a link to its record.
    await page.getByRole('link', { name: assigned.title }).click();
    await page.waitForURL(new RegExp(`/r/service_requests/show/${row.id}`));
    await page.getByTestId('record-fields').waitFor({ timeout: 20_000 });
    expect(await sql(`select read_at is not null as read from public.notifications where recipient_id = $1 and link_id = $2 and kind = '派单'`, [operatorIds.clerk, row.id])).toEqual([{ read: true }]);

    // The clerk replies (the move that settles his 派单): it leaves the list by itself.
    expect((await (await signInAs('clerk')).rpc('reply_complaint', { request_id: row.id, reply: '已向客户致歉并上门处理' })).error).toBeNull();
    await page.goto(`${session.url()}/notifications`);
    await list.getByText(undated).waitFor({ timeout: 30_000 });
    expect(await list.textContent()).not.toContain(assigned.title);
    await page.getByTestId('todos-show-done').click();
    await list.getByText(assigned.title).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('todo-group-done').textContent()).toContain('已办结');

    // In English, the groups are English.
    await page.goto(`${session.url()}/notifications`);
    await inEnglish(page);
    await page.getByTestId('todo-group-overdue').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('todo-group-overdue').textContent()).toContain('Overdue');
    expect(await page.getByTestId('todo-group-none').textContent()).toContain('No due date');
    expect(await page.getByTestId('todos').textContent()).toContain('My to-dos');
    await page.screenshot({ path: `${artifacts}/todos-grouped-en.png` });
    await page.context().close();
  });

  it('speak the reader’s language: in English no title holds a Chinese character, in Chinese each shows its Chinese half alone', { timeout: 180_000 }, async () => {
    // A clerk of his own, whose to-dos are only what this test raises: a dispatch, the hourly
    // deadline reminders of an old request, and the decision on his access request.
    const person = await createThrowawayOperator('clerk', 'KF1');
    const manager = await signInAs('manager');
    // What the customers said is their own words, shown as written in a 派单's body.
    const said = [`维修不及时${unique()}`, `咨询物业费${unique()}`];
    const { row: fresh } = await recordRequest('manager', complaint({ content: said[0] }));
    const { row: old } = await recordRequest('manager', { kind: '咨询', content: said[1], received_at: '2016-05-03T09:00:00+08:00' });
    for (const r of [fresh, old]) expect((await manager.rpc('assign_request', { request_id: r.id, handler: person.id })).error).toBeNull();
    await sql(`select private.job_request_deadlines(now())`);
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('语言客户'), uniquePhone(), departmentIds.KF2, operatorIds.clerk2],
    );
    customers.push(customer.id);
    const { data: req, error } = await (await person.client()).from('access_requests').insert({ customer_id: customer.id, reason: '客户来电核对联系电话' }).select().single();
    expect(error).toBeNull();
    expect((await (await signInAs('gm')).rpc('decide_access_request', { request_id: req!.id, approve: true })).error).toBeNull();
    const raised = await sql<{ kind: string }>(`select distinct kind from public.notifications where recipient_id = $1 order by kind`, [person.id]);
    expect(raised.map((r) => r.kind)).toEqual(['审批结果', '工单时限', '派单'].sort());

    const context = await session.browser().newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 900 } });
    const page = await context.newPage();
    await fillSignIn(page, session.url(), person.email, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    await page.goto(`${session.url()}/notifications`);
    const titles = page.getByTestId('todos').getByTestId('todo-title');
    await expect.poll(() => titles.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // In Chinese: each title is its Chinese half, without the separator or the English.
    const chinese = await titles.allTextContents();
    for (const title of chinese) {
      expect(title).toMatch(/[\u4e00-\u9fff]/);
      expect(title).not.toContain(' | ');
    }
    expect(chinese).toContain(`工单 ${fresh.code} 已派给您处理`);
    // The bell shows the newest unread ones the same way.
    const bell = page.getByTestId('notification-bell-newest');
    await page.getByTestId('notification-badge').hover();
    await bell.waitFor({ timeout: 10_000 });
    expect(await bell.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await bell.textContent()).not.toContain(' | ');
    await page.screenshot({ path: `${artifacts}/todos-language-zh.png` });

    // In English: the list's titles, and its words but for a person's own text in a body, hold no Chinese character.
    await inEnglish(page);
    await page.getByTestId('todos').getByText(`Request ${fresh.code} is assigned to you`).waitFor({ timeout: 30_000 });
    const english = await titles.allTextContents();
    expect(english).toHaveLength(chinese.length);
    expect(english.join('\n')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(english).toContain(`Request ${old.code} is assigned to you`);
    expect(english.some((t) => t.startsWith(`Request ${old.code} is past its `))).toBe(true);
    expect(english.some((t) => t.startsWith('Your request to see customer ') && t.endsWith(' was approved'))).toBe(true);
    const listWords = await page.evaluate(
      (own) =>
        [...document.querySelectorAll('[data-testid^="todo-group-"]')]
          .map((group) => {
            const copy = group.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('[data-testid="todo-body"]').forEach((body) => {
              if (own.includes((body.textContent ?? '').trim())) body.remove();
            });
            return copy.textContent ?? '';
          })
          .join('\n'),
      said,
    );
    expect(listWords).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByTestId('notification-badge').hover();
    await bell.waitFor({ timeout: 10_000 });
    expect(await bell.textContent()).toContain(`Request ${fresh.code} is assigned to you`);
    expect(await bell.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: `${artifacts}/todos-language-en.png` });
    await context.close();
  });
});

describe('the dashboard’s red cards', () => {
  it('open the list behind their count: complaints past their reply deadline, and escalated complaints (also a shared view)', { timeout: 180_000 }, async () => {
    // A serious complaint (escalated at once), received long ago and unanswered (past its reply deadline).
    await recordRequest('clerk', { ...complaint({ severity: '严重', content: `严重投诉${unique()}` }), received_at: '2026-01-05T09:00:00+08:00' });
    const page = await signedInPage(session.browser(), session.url(), 'director');
    await page.goto(`${session.url()}/`);
    const card = page.getByTestId('dashboard-overdue-complaints');
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number((await card.locator('.ant-statistic-content-value').textContent())?.replace(/[^\d]/g, '')), { timeout: 20_000 }).toBeGreaterThan(0);
    const overdue = Number((await card.locator('.ant-statistic-content-value').textContent())!.replace(/[^\d]/g, ''));
    const escalatedCard = page.getByTestId('dashboard-escalated-complaints');
    await expect.poll(async () => Number((await escalatedCard.locator('.ant-statistic-content-value').textContent())?.replace(/[^\d]/g, '') || 0), { timeout: 20_000 }).toBeGreaterThan(0);
    const escalated = Number((await escalatedCard.locator('.ant-statistic-content-value').textContent())!.replace(/[^\d]/g, ''));
    await page.screenshot({ path: `${artifacts}/dashboard-cards.png`, fullPage: true });

    await card.click();
    await page.waitForURL(/\/r\/service_requests\?view=/);
    await gridReady(page);
    await expect.poll(() => gridTotal(page), { timeout: 20_000 }).toBe(overdue);
    await page.screenshot({ path: `${artifacts}/dashboard-overdue-complaints-list.png` });

    await page.goto(`${session.url()}/`);
    await page.getByTestId('dashboard-escalated-complaints').click();
    await page.waitForURL(/\/r\/service_requests\?view=/);
    await gridReady(page);
    await expect.poll(() => gridTotal(page), { timeout: 20_000 }).toBe(escalated);

    // The same list from the register's view picker: the shared 升级投诉 view.
    await page.goto(`${session.url()}/r/service_requests`);
    await gridReady(page);
    await page.getByTestId('view-picker').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '升级投诉' }).click();
    await expect.poll(() => gridTotal(page), { timeout: 20_000 }).toBe(escalated);
    await page.context().close();
  });
});

describe('申请查阅', () => {
  it('a clerk who sees （无权查看） for the customer of his own request asks to read it, follows it in his to-dos, and reads the customer once approved', { timeout: 180_000 }, async () => {
    // A customer of another department, on a request the clerk received.
    const name = unique('外部门客户');
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [name, uniquePhone(), departmentIds.KF2, operatorIds.clerk2],
    );
    customers.push(customer.id);
    const { row } = await recordRequest('clerk', { kind: '咨询', content: `查询报修进度${unique()}` });
    await sql(`update public.service_requests set customer_id = $2 where id = $1`, [row.id, customer.id]);

    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await page.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    const fields = page.getByTestId('record-fields');
    await fields.getByTestId('access-request-button').waitFor({ timeout: 30_000 });
    expect(await fields.textContent()).toContain('（无权查看）');
    expect(await fields.textContent()).not.toContain(name);

    // A reason too short is refused at the field, and nothing is filed.
    await fields.getByTestId('access-request-button').click();
    await page.getByTestId('access-request-reason').fill('查');
    await page.getByTestId('access-request-submit').click();
    await page.getByText('请写明查阅事由（2–500 字）').waitFor({ timeout: 10_000 });
    expect(await sql(`select count(*)::int as n from public.access_requests where customer_id = $1`, [customer.id])).toEqual([{ n: 0 }]);
    await page.getByTestId('access-request-reason').fill('客户来电查询报修进度，需核对联系电话');
    await page.getByTestId('access-request-submit').click();
    await fields.getByTestId('access-request-status').waitFor({ timeout: 20_000 });
    expect(await fields.getByTestId('access-request-status').textContent()).toContain('申请中');
    await page.screenshot({ path: `${artifacts}/access-request-filed.png`, fullPage: true });
    const [filed] = await sql<{ id: string; requester_id: string; approver_role: string }>(`select id, requester_id, approver_role::text from public.access_requests where customer_id = $1`, [customer.id]);
    expect(filed).toMatchObject({ requester_id: operatorIds.clerk, approver_role: 'gm' });

    // His to-dos show where it stands.
    await page.goto(`${session.url()}/notifications`);
    const mine = page.getByTestId('my-access-requests');
    await mine.getByText('客户来电查询报修进度').waitFor({ timeout: 30_000 });
    expect(await mine.textContent()).toContain('申请中');

    // The gm approves (another department's customer): the decision reaches his to-dos and the customer opens.
    // (other test files' clerks' decisions may be in the same person's list: count this one in)
    const approvedTodos = () => page.getByTestId('todos').getByText(/申请已批准/).count();
    const before = await approvedTodos();
    expect((await (await signInAs('gm')).rpc('decide_access_request', { request_id: filed.id, approve: true, valid_days: 3 })).error).toBeNull();
    await page.reload();
    await mine.getByText('已批准').waitFor({ timeout: 30_000 });
    await expect.poll(approvedTodos, { timeout: 20_000 }).toBeGreaterThan(before);
    await page.screenshot({ path: `${artifacts}/access-request-approved-todos.png` });
    await page.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    await expect.poll(async () => fields.textContent(), { timeout: 30_000 }).toContain(name);
    expect(await fields.getByTestId('access-request-button').count()).toBe(0);

    // In English the button speaks English.
    const [hidden] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('另一客户'), uniquePhone(), departmentIds.KF2, operatorIds.clerk2],
    );
    customers.push(hidden.id);
    await sql(`update public.service_requests set customer_id = $2 where id = $1`, [row.id, hidden.id]);
    await inEnglish(page);
    await fields.getByTestId('access-request-button').waitFor({ timeout: 30_000 });
    expect(await fields.getByTestId('access-request-button').textContent()).toBe('Request access');
    expect(await fields.textContent()).toContain('(not visible to you)');
    await page.context().close();
  });
});
