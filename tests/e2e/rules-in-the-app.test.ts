// Issue 11 in the browser: the rules that hold in the database as people meet them on screen —
// the director's Reclassify move (its dialog opens with the complaint as it is, a refusal shows at
// its field), the administrator's historical import and unlocking a locked account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { gridReady, signedInPage } from '../support/register-grid.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { anonClient, createThrowawayOperator, DEMO_PASSWORD, sql } from '../support/stack.ts';

const session = appInBrowser();
let accused: Awaited<ReturnType<typeof createThrowawayOperator>>;

beforeAll(async () => {
  accused = await createThrowawayOperator('clerk', 'KF1');
});
afterAll(async () => {
  await sql(`update public.service_requests set recused_operator_ids = '{}', accused_operator_id = null, kind = '咨询', complaint_category = null, severity = null
             where $1 = any (recused_operator_ids)`, [accused.id]);
  await accused.remove();
});

describe('a complaint that names someone, on screen', () => {
  it('offers the director 重新定性, opening with the complaint as it is; a refusal shows at its field; the change is kept with its reason', { timeout: 180_000 }, async () => {
    const { row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' }));

    // The receiver sees the complaint but no Reclassify button.
    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await clerk.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    await clerk.getByTestId('record-page').waitFor();
    await clerk.getByTestId('workflow-assign').waitFor();
    expect(await clerk.getByTestId('workflow-reclassify').count()).toBe(0);
    // What the database alone writes is marked, and says why.
    await clerk.getByTestId('read-only-received_at').hover();
    await clerk.getByRole('tooltip').getByText('“受理时间”由系统在登记时记录，不能修改（它决定答复期限）').waitFor();
    await clerk.screenshot({ path: `${artifacts}/read-only-reason.png` });
    await clerk.context().close();

    const page = await signedInPage(session.browser(), session.url(), 'director');
    await page.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    await page.getByTestId('workflow-reclassify').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('员工违纪').waitFor();
    // The accused is shown by name, never as an id.
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('测试clerk');
    expect(await dialog.textContent()).not.toContain(accused.id);
    await dialog.getByLabel('原因').fill('查');
    await page.getByTestId('workflow-reclassify-confirm').click();
    // One character is too short: the database says so, at the reason field.
    await dialog.locator('.ant-form-item-explain-error').getByText('重新定性须写明原因').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${artifacts}/reclassify-refused-at-field.png` });
    await dialog.getByLabel('原因').fill('经核实属服务质量问题，非员工违纪');
    await dialog.locator('.ant-form-item').filter({ hasText: '投诉类别' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option[title="服务质量"]').click();
    await page.getByTestId('workflow-reclassify-confirm').click();
    await expect.poll(async () => (await sql(`select complaint_category, reclassify_reason from public.service_requests where id = $1`, [row.id]))[0], { timeout: 15_000 })
      .toEqual({ complaint_category: '服务质量', reclassify_reason: '经核实属服务质量问题，非员工违纪' });
    await page.getByText('经核实属服务质量问题，非员工违纪').first().waitFor();
    await page.screenshot({ path: `${artifacts}/reclassify-done.png` });

    // In English: the move, its fields and the reasons in English only.
    await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
    await page.reload();
    await page.getByTestId('workflow-reclassify').getByText('Reclassify').waitFor();
    await page.getByTestId('read-only-reclassify_reason').hover();
    await page.getByRole('tooltip').getByText('The reason is recorded only by the Reclassify move').waitFor();
    await page.getByTestId('workflow-reclassify').click();
    await page.getByRole('dialog').getByText('Complaint category').waitFor();
    const english = (await page.getByRole('dialog').textContent()) ?? '';
    expect(english).toContain('Service quality');
    for (const chinese of ['投诉类别', '被投诉人', '服务质量', '原因', '取消']) expect(english).not.toContain(chinese);
    await page.screenshot({ path: `${artifacts}/reclassify-english.png` });
    await page.evaluate(() => localStorage.removeItem('taizhang.language'));
    await page.context().close();
  });
});

describe('a new customer recorded at the desk', () => {
  it('goes to the clerk whose turn it is, and the person who typed it is told to whom', { timeout: 120_000 }, async () => {
    const name = `柜台新客户${Date.now().toString(36)}`;
    const page = await signedInPage(session.browser(), session.url(), 'manager');
    await page.goto(`${session.url()}/r/customers/create`);
    await page.getByTestId('register-form').waitFor();
    await page.getByLabel('客户名称').fill(name);
    await page.getByLabel('电话').fill(`199${String(Date.now()).slice(-8)}`);
    await page.getByTestId('form-save').click();
    const notice = page.locator('.ant-notification-notice').filter({ hasText: '已保存：负责人为' });
    await notice.waitFor({ timeout: 20_000 });
    const [card] = await sql<{ owner: string }>(`select o.name as owner from public.customers c join public.operators o on o.id = c.owner_id where c.name = $1`, [name]);
    expect(await notice.textContent()).toContain(card.owner);
    // One notice, in Chinese, naming the register by its label — never the table's name.
    expect(await page.locator('.ant-notification-notice').allTextContents()).toEqual([expect.stringContaining('已保存：负责人为')]);
    expect(await page.locator('.ant-notification').textContent()).not.toMatch(/customer/i);
    await page.screenshot({ path: `${artifacts}/customer-given-to.png` });
    await page.context().close();
  });
});

describe('the administrator', () => {
  it('may import paper registers with their own receiver and dates: the import drawer offers 历史台账导入', { timeout: 120_000 }, async () => {
    // The administrator reads the register for the time of the paper migration (a permission row,
    // as the README says), and holds its 'import' row by default.
    const note = `e2e 历史导入 ${Date.now()}`;
    await sql(`insert into public.permissions (role, register, action, scope, note) values ('admin', 'service_requests', 'read', 'all', $1)`, [note]);
    try {
      const page = await signedInPage(session.browser(), session.url(), 'admin');
      await page.goto(`${session.url()}/r/service_requests`);
      await gridReady(page);
      await page.getByTestId('register-import').click();
      await page.getByTestId('import-historical').click();
      await page.screenshot({ path: `${artifacts}/import-historical-option.png` });
      await page.context().close();
    } finally {
      await sql(`delete from public.permissions where note = $1`, [note]);
    }

    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await clerk.goto(`${session.url()}/r/service_requests`);
    await gridReady(clerk);
    await clerk.getByTestId('register-import').click();
    await clerk.getByTestId('import-drawer').waitFor();
    expect(await clerk.getByTestId('import-historical').count()).toBe(0);
    await clerk.context().close();
  });

  it('unlocks an account locked by wrong passwords from its staff record', { timeout: 120_000 }, async () => {
    const person = await createThrowawayOperator('clerk', 'KF1');
    try {
      const [{ value: maxFailures }] = await sql<{ value: number }>(`select value from public.settings where key = 'sign_in.max_failures'`);
      for (let i = 0; i < maxFailures; i++) await anonClient().auth.signInWithPassword({ email: person.email, password: 'Cuowu8Mima' });
      const page = await signedInPage(session.browser(), session.url(), 'admin');
      await page.goto(`${session.url()}/r/operators/show/${person.id}`);
      await page.getByTestId('workflow-unlock').click();
      await page.screenshot({ path: `${artifacts}/unlock-confirm.png` });
      await page.getByRole('button', { name: /确\s*定|OK/ }).click();
      await expect.poll(async () => (await anonClient().auth.signInWithPassword({ email: person.email, password: DEMO_PASSWORD })).error, { timeout: 15_000 }).toBeNull();
      await page.context().close();
    } finally {
      await person.remove();
    }
  });
});
