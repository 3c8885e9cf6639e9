// One archive loan from slip to return, in the browser and in Chinese (issue 14 point 4): the clerk
// fills in the 档案资料出借单 for a customer file of his department, his manager approves it (客户资料:
// read in the office only), the archivist hands it out, takes it back checked complete and puts it
// back (复位); the printed slip carries the three signature lines. Screenshots in test-artifacts/e2e.
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { departmentIds } from '../support/ids.ts';
import { signedInPage } from '../support/register-grid.ts';
import { signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();

const loanOf = async (purpose: string) =>
  (await sql<{ id: string; slip_no: string; status: string; read_in_office: boolean }>(
    `select id, slip_no, status, read_in_office from public.archive_loans where purpose = $1`, [purpose]))[0];

describe('an archive loan on screen', () => {
  it('goes from the clerk’s slip through the manager’s approval to the archivist’s hand-out, return and 复位', { timeout: 240_000 }, async () => {
    const [file] = await sql<{ id: string; number: string }>(
      `insert into public.archive_files (title, department_id, category, copy_kind, page_count, room, cabinet, shelf)
       values ($1, $2, '客户资料', '原件', 18, '档案室二', 'K09', '2层') returning id`,
      [`客户档案：浏览器借阅测试${Date.now().toString(36)}`, departmentIds.KF1],
    );
    await sql(`select private.number_archive_file($1)`, [file.id]);
    const purpose = `核对客户租赁合同续签信息 ${Date.now().toString(36)}`;
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

    // 1. The clerk fills in the slip.
    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await clerk.goto(`${session.url()}/r/archive_loans/create`);
    await clerk.getByTestId('register-form').waitFor();
    await clerk.getByLabel('借阅用途').fill(purpose);
    await clerk.getByLabel('归还期限').fill(due);
    await clerk.getByLabel('归还期限').press('Enter');
    await clerk.screenshot({ path: `${artifacts}/archive-loan-1-slip.png` });
    await clerk.getByTestId('form-save').click();
    await expect.poll(() => loanOf(purpose), { timeout: 20_000 }).toMatchObject({ status: '待审批' });
    const loan = await loanOf(purpose);
    expect(loan.slip_no).toMatch(/^JY\d{9}$/);
    // The file on the slip (its line, as the clerk; the slip page lists it).
    const api = await signInAs('clerk');
    expect((await api.from('archive_loan_files').insert({ loan_id: loan.id, file_id: file.id })).error).toBeNull();
    await clerk.goto(`${session.url()}/r/archive_loans/show/${loan.id}`);
    await clerk.getByTestId('record-page').waitFor();
    await clerk.getByTestId('related-archive_loan_files').waitFor({ timeout: 20_000 });
    await clerk.getByTestId('workflow-withdraw').waitFor();
    expect(await clerk.getByTestId('workflow-approve').count()).toBe(0);
    await clerk.screenshot({ path: `${artifacts}/archive-loan-2-awaiting-approval.png` });
    await clerk.context().close();

    // 2. The department manager approves (客户资料, read in the office only).
    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    await manager.goto(`${session.url()}/r/archive_loans/show/${loan.id}`);
    await manager.getByTestId('workflow-approve').click();
    await manager.getByRole('dialog').getByLabel('审批意见').fill('同意，在客务部办公室阅览');
    await manager.screenshot({ path: `${artifacts}/archive-loan-3-approve.png` });
    await manager.getByTestId('workflow-approve-confirm').click();
    await expect.poll(async () => (await loanOf(purpose)).status, { timeout: 15_000 }).toBe('已批准');
    expect((await loanOf(purpose)).read_in_office).toBe(true);
    await manager.context().close();

    // 3. The archivist hands it out, then takes it back checked complete (复位).
    const archivist = await signedInPage(session.browser(), session.url(), 'archivist');
    await archivist.goto(`${session.url()}/r/archive_loans/show/${loan.id}`);
    await archivist.getByTestId('workflow-lend').click();
    await archivist.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => (await loanOf(purpose)).status, { timeout: 15_000 }).toBe('已借出');
    expect(await sql(`select status from public.archive_files where id = $1`, [file.id])).toEqual([{ status: '借出' }]);
    await archivist.reload();
    await archivist.getByTestId('workflow-return').waitFor();
    await archivist.screenshot({ path: `${artifacts}/archive-loan-4-lent.png` });
    await archivist.getByTestId('workflow-return').click();
    await archivist.getByRole('dialog').getByText('确认已逐项核对资料完整无误').waitFor();
    await archivist.getByRole('dialog').getByLabel('归还说明').fill('核对资料完整无误，已复位');
    await archivist.screenshot({ path: `${artifacts}/archive-loan-5-return.png` });
    await archivist.getByTestId('workflow-return-confirm').click();
    await expect.poll(async () => (await loanOf(purpose)).status, { timeout: 15_000 }).toBe('已归还');
    expect(await sql(`select status from public.archive_files where id = $1`, [file.id])).toEqual([{ status: '在库' }]);
    await archivist.reload();
    await archivist.getByTestId('record-page').waitFor();
    await archivist.getByText('核对资料完整无误，已复位').first().waitFor();
    await archivist.screenshot({ path: `${artifacts}/archive-loan-6-returned.png` });

    // 4. The printed slip: title and the three signature lines.
    await archivist.goto(`${session.url()}/print/archive_loans/${loan.id}`);
    await archivist.getByText('档案资料出借单').first().waitFor({ timeout: 20_000 });
    const printed = (await archivist.locator('body').textContent()) ?? '';
    for (const line of ['借阅人', '批准人', '档案管理员', loan.slip_no]) expect(printed).toContain(line);
    await archivist.screenshot({ path: `${artifacts}/archive-loan-7-print.png`, fullPage: true });
    await archivist.context().close();
  });
});
