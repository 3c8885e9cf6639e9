// The performance screens as the people they concern use them (issue 16 points 2 and 6): an engineer
// reads only his own quarterly statement, every line named by where it came from; another engineer
// cannot open it; the manager reviews his clerk's statement and the gm approves it with the
// buttons the database offers, after which it is locked; the statement prints with the three
// signature lines. Figures on screen are the database's.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { operatorIds } from '../support/ids.ts';
import { gridReady, gridTotal, signedInPage } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();
const gaoStatement = '00000000-0000-4000-f105-000000000001';
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const yuan = (amount: string) => Number(amount).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function openRecord(page: Page, register: string, id: string): Promise<void> {
  await page.goto(`${session.url()}/r/${register}/show/${id}`);
  await page.getByTestId('record-page').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

describe('quarterly performance statements on screen', () => {
  it('an engineer sees his own statement only, its lines traced to their sources, and prints it', { timeout: 240_000 }, async () => {
    const [own] = await sql<{ n: number }>(`select count(*)::int as n from public.performance_statements where operator_id = $1`, [operatorIds.engineer]);
    const [gao] = await sql<{ total: string; status: string; lines: number }>(
      `select s.total::text as total, s.status, (select count(*)::int from public.performance_statement_lines l where l.statement_id = s.id) as lines
       from public.performance_statements s where s.id = $1`, [gaoStatement]);
    expect(gao.status).toBe('已批准');

    const engineer = await signedInPage(session.browser(), session.url(), 'engineer');
    await engineer.goto(`${session.url()}/r/performance_statements`);
    await gridReady(engineer);
    await expect.poll(() => gridTotal(engineer), { timeout: 15_000 }).toBe(own.n);

    await openRecord(engineer, 'performance_statements', gaoStatement);
    // (names of people arrive a moment after the record: "…" until then)
    await expect.poll(async () => (await engineer.getByTestId('record-fields').textContent()) ?? '', { timeout: 20_000 }).toContain('高建华');
    const fields = (await engineer.getByTestId('record-fields').textContent()) ?? '';
    expect(fields).toContain('已批准');
    expect(fields).toContain(yuan(gao.total));
    // Locked: nothing to edit, no move left.
    expect(await engineer.getByTestId('record-edit').count()).toBe(0);
    expect(await engineer.getByTestId('workflow-review').count()).toBe(0);
    const lines = engineer.getByTestId('related-performance_statement_lines');
    await lines.waitFor({ timeout: 15_000 });
    expect(await lines.textContent()).toContain(`（${gao.lines}）`);
    // Each line names the register it came from, by label; its own page opens that very row.
    expect(await lines.textContent()).toContain('处罚记录');
    await lines.locator('a').first().click();
    await engineer.getByTestId('source-source_id').click();
    await engineer.waitForURL(/\/r\/performance_penalties\/show\//, { timeout: 15_000 });
    await expect.poll(() => engineer.getByTestId('record-fields').textContent(), { timeout: 15_000 }).toContain('重卡');
    await openRecord(engineer, 'performance_statements', gaoStatement);
    expect(await engineer.locator('body').textContent()).not.toMatch(uuidPattern);
    await engineer.screenshot({ path: `${artifacts}/performance-statement-engineer.png`, fullPage: true });

    await engineer.goto(`${session.url()}/print/performance_statements/${gaoStatement}`);
    const print = engineer.getByTestId('print-view');
    await print.waitFor({ timeout: 30_000 });
    await expect.poll(() => print.textContent(), { timeout: 15_000 }).toContain('季度绩效考核表');
    const printed = (await print.textContent()) ?? '';
    for (const line of ['本人', '部门经理', '总经理', '高建华', yuan(gao.total), '重卡']) expect(printed).toContain(line);
    expect(await engineer.getByTestId('print-list-performance_statement_lines').locator('tbody tr').count()).toBe(gao.lines);
    expect(printed).not.toMatch(uuidPattern);
    await engineer.screenshot({ path: `${artifacts}/performance-statement-print.png`, fullPage: true });
    await engineer.context().close();

    // Another engineer: the statement is not his; neither the figures nor the name reach him.
    const other = await signedInPage(session.browser(), session.url(), 'engineer2');
    await other.goto(`${session.url()}/r/performance_statements/show/${gaoStatement}`);
    await other.waitForLoadState('networkidle');
    await other.waitForTimeout(1000);
    const seen = (await other.locator('body').textContent()) ?? '';
    expect(seen).not.toContain(yuan(gao.total));
    expect(await other.getByTestId('record-fields').count()).toBe(0);
    await other.context().close();
  });

  it('the manager reviews his clerk’s statement and the gm approves it with the offered buttons; then it is locked', { timeout: 240_000 }, async () => {
    const [statement] = await sql<{ id: string; status: string }>(
      `select id, status from public.performance_statements where operator_id = $1 and status = '待复核' order by quarter desc limit 1`, [operatorIds.clerk]);
    expect(statement).toBeDefined();

    // The clerk himself is offered no move on his own statement.
    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRecord(clerk, 'performance_statements', statement.id);
    expect(await clerk.getByTestId('workflow-review').count()).toBe(0);
    await clerk.context().close();

    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    await openRecord(manager, 'performance_statements', statement.id);
    await manager.getByTestId('workflow-review').click();
    await manager.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => (await sql<{ status: string }>(`select status from public.performance_statements where id = $1`, [statement.id]))[0].status, { timeout: 15_000 }).toBe('待审批');
    await expect.poll(() => manager.getByTestId('record-fields').textContent(), { timeout: 15_000 }).toContain('待审批');
    expect(await manager.getByTestId('workflow-approve').count()).toBe(0);
    await manager.context().close();

    const gm = await signedInPage(session.browser(), session.url(), 'gm');
    await openRecord(gm, 'performance_statements', statement.id);
    await gm.getByTestId('workflow-approve').click();
    await gm.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => (await sql<{ status: string }>(`select status from public.performance_statements where id = $1`, [statement.id]))[0].status, { timeout: 15_000 }).toBe('已批准');
    await expect.poll(() => gm.getByTestId('record-fields').textContent(), { timeout: 15_000 }).toContain('已批准');
    expect(await gm.getByTestId('workflow-approve').count()).toBe(0);
    expect(await gm.getByTestId('record-edit').count()).toBe(0);
    await gm.screenshot({ path: `${artifacts}/performance-statement-approved.png`, fullPage: true });
    await gm.context().close();
  });
});
