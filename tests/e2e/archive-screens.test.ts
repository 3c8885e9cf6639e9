// The archive registers (issue 14) as the people who use them see them, in Chinese and in English:
// every grid, a record page and the two printed forms (移交清单, 档案资料出借单). Nothing on screen
// is a raw id, and the chrome (menu, headers, field labels) speaks the one language chosen.
// Screenshots in test-artifacts/e2e/archive-*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { gridHeaders, gridRows, gridTotal, openRegister, signedInPage } from '../support/register-grid.ts';
import { signInAs, sql, type DemoRole } from '../support/stack.ts';

const session = appInBrowser();
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const han = /\p{Script=Han}/u;
const archiveRegisters = ['projects', 'archive_files', 'certificates', 'archive_handovers', 'archive_loans', 'archive_inspections', 'archive_edit_requests', 'archive_destructions'];

async function menuLabels(page: Page): Promise<string[]> {
  return page.locator('.ant-menu-item, .ant-menu-submenu-title').allTextContents();
}

/** Opens every archive register the role reads (as the server says); checks headers and cells; returns those opened. */
async function lookAtRegisters(page: Page, role: DemoRole, language: 'zh' | 'en'): Promise<string[]> {
  const { data, error } = await (await signInAs(role)).rpc('register_metadata');
  if (error) throw error;
  const reads = new Set((data as { register: string }[]).map((r) => r.register));
  const opened: string[] = [];
  for (const register of archiveRegisters.filter((r) => reads.has(r))) {
    await openRegister(page, session.url(), register);
    opened.push(register);
    await expect.poll(async () => (await gridHeaders(page)).length, { timeout: 15_000, message: `${role} ${register} headers` }).toBeGreaterThan(2);
    const headers = await gridHeaders(page);
    for (const header of headers) {
      if (language === 'en') expect(header, `${role} ${register} header in English`).not.toMatch(han);
      else expect(header, `${role} ${register} header in Chinese`).toMatch(han);
    }
    if ((await gridTotal(page)) > 0) for (const row of await gridRows(page)) for (const cell of row) expect(cell, `${role} ${register} cell`).not.toMatch(uuid);
    await page.screenshot({ path: `${artifacts}/archive-grid-${register}-${role}-${language}.png` });
  }
  return opened;
}

describe('the archive screens', () => {
  it('show the archivist every archive register in Chinese, with no raw ids', { timeout: 300_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'archivist');
    expect(await lookAtRegisters(page, 'archivist', 'zh')).toEqual(archiveRegisters);
    expect((await menuLabels(page)).join(' ')).toContain('档案');
    await page.context().close();
  });

  it('show the archivist every archive register in English, menu and headers included', { timeout: 300_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'archivist');
    await page.goto(`${session.url()}/r/projects`);
    await page.getByTestId('language-switch').getByText('English').click();
    expect(await lookAtRegisters(page, 'archivist', 'en')).toEqual(archiveRegisters);
    for (const label of await menuLabels(page)) expect(label, 'menu in English').not.toMatch(han);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.context().close();
  });

  for (const role of ['clerk', 'manager', 'gm'] as DemoRole[]) {
    it(`show the ${role} what his role reads of the archive, with no raw ids`, { timeout: 300_000 }, async () => {
      const page = await signedInPage(session.browser(), session.url(), role);
      const opened = await lookAtRegisters(page, role, 'zh');
      // Each of them lends from the archive: the loan slips are theirs to see.
      expect(opened, role).toContain('archive_loans');
      await page.context().close();
    });
  }

  it('print the handover list and the loan slip like the paper forms, with names and not ids, in both languages', { timeout: 240_000 }, async () => {
    const [handover] = await sql<{ id: string }>(
      `select h.id from public.archive_handovers h where exists (select 1 from public.archive_handover_items i where i.handover_id = h.id) order by h.created_at limit 1`);
    const [loan] = await sql<{ id: string; slip_no: string }>(
      `select l.id, l.slip_no from public.archive_loans l where exists (select 1 from public.archive_loan_files f where f.loan_id = l.id) order by l.created_at limit 1`);
    const page = await signedInPage(session.browser(), session.url(), 'archivist');
    for (const language of ['zh', 'en'] as const) {
      if (language === 'en') {
        await page.goto(`${session.url()}/r/archive_loans`);
        await page.getByTestId('language-switch').getByText('English').click();
      }
      for (const [register, id, list] of [['archive_handovers', handover.id, 'archive_handover_items'], ['archive_loans', loan.id, 'archive_loan_files']]) {
        await page.goto(`${session.url()}/r/${register}/show/${id}`);
        await page.getByTestId('record-fields').waitFor({ timeout: 20_000 });
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${artifacts}/archive-record-${register}-${language}.png`, fullPage: true });
        const fields = (await page.getByTestId('record-fields').innerText()) ?? '';
        expect(fields.match(uuid)?.[0] ?? null, `${register} record page: ${fields.slice(0, 2000)}`).toBeNull();
        await page.goto(`${session.url()}/print/${register}/${id}`);
        await page.getByTestId(`print-list-${list}`).waitFor({ timeout: 20_000 });
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${artifacts}/archive-print-${register}-${language}.png`, fullPage: true });
        const printed = (await page.getByTestId('print-view').innerText()) ?? '';
        expect(printed.match(uuid)?.[0] ?? null, `${register} print: ${printed.slice(0, 2000)}`).toBeNull();
      }
    }
    await page.getByTestId('language-switch').getByText('中文').click().catch(() => undefined);
    await page.context().close();
  });
});
