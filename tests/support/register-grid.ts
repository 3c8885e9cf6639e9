// Driving the generated register screens in Chromium: signing in, opening a register, searching,
// reading the grid through Glide's accessibility table, and moving the selection by keyboard.
import type { Browser, Page } from 'playwright-core';
import { fillSignIn } from './e2e-session.ts';
import { DEMO_PASSWORD, demoUsers, signInAs, type DemoRole } from './stack.ts';

export async function signedInPage(browser: Browser, appUrl: string, role: DemoRole, options: { clipboard?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1500, height: 900 },
    acceptDownloads: true,
    permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
  });
  const page = await context.newPage();
  await fillSignIn(page, appUrl, demoUsers[role], DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  return page;
}

const grid = (page: Page) => page.getByTestId('register-grid');

/** Waits until the grid has asked the server and its visible rows are in. */
export async function gridReady(page: Page): Promise<void> {
  await page.locator('[data-testid="register-grid"][data-visible-ready="true"]').waitFor({ timeout: 30_000 });
}

export async function openRegister(page: Page, appUrl: string, register: string): Promise<void> {
  await page.goto(`${appUrl}/r/${register}`);
  await gridReady(page);
}

/** Quick search, then waits for the grid to show the answer to that search (its rows and its count). */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('quick-search').fill(text);
  await page.getByTestId('quick-search').press('Enter');
  // The screen says which search its rows answer; the grid's readiness then belongs to that search.
  await page.waitForFunction(
    (t) => {
      const screen = document.querySelector('[data-applied-search]');
      const el = document.querySelector('[data-testid="register-grid"]');
      return screen?.getAttribute('data-applied-search') === t && el?.getAttribute('data-visible-ready') === 'true' && el.getAttribute('data-count') !== 'pending';
    },
    text,
    { timeout: 30_000 },
  );
}

/** The grid's row count, once it is exact (a large register shows a sampled "≈" first). */
export async function gridTotal(page: Page): Promise<number> {
  await page.locator('[data-testid="register-grid"][data-count="exact"]').waitFor({ timeout: 30_000 });
  return Number(await grid(page).getAttribute('data-total'));
}

/** The text of every rendered body cell, row by row. */
export async function gridRows(page: Page): Promise<string[][]> {
  // Glide rebuilds its accessibility table a moment after the canvas.
  await grid(page).locator('table[role="grid"] tbody tr').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  return grid(page).locator('table[role="grid"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

export async function gridHeaders(page: Page): Promise<string[]> {
  return grid(page).locator('table[role="grid"] thead th').allTextContents();
}

/** Selects a cell: column index in the view (0 = first data column), row index (an ungrouped grid: its line). */
export const selectCell = (page: Page, column: number, row: number): Promise<void> => selectLine(page, column, row);

/** Types a new value into the selected cell through Glide's editor and commits it. */
export async function editSelectedCell(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Enter');
  const editor = page.locator('#portal textarea, #portal input').first();
  await editor.waitFor({ timeout: 10_000 });
  await editor.fill(text);
  await editor.press('Enter');
}

// The grid's own accessible table (grid/accessible-table.tsx): the rows on screen as text, group
// headers and the footer's statistics included. Tests read cells through it, as a screen reader does.
const accessible = (page: Page) => page.getByTestId('grid-accessible');

export type AccessibleRow = { kind: 'row' | 'group' | 'draft'; index: number | null; cells: string[] };

/** Every line the accessible table shows, in order: data rows (with their place), group headers, a new row. */
export async function accessibleRows(page: Page): Promise<AccessibleRow[]> {
  return accessible(page).locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      kind: (r.getAttribute('data-kind') ?? 'row') as 'row' | 'group' | 'draft',
      index: r.getAttribute('data-row') === null ? null : Number(r.getAttribute('data-row')),
      cells: [...r.querySelectorAll('td, th')].map((c) => c.textContent ?? ''),
    })),
  );
}

export async function accessibleHeaders(page: Page): Promise<string[]> {
  return accessible(page).locator('thead th').allTextContents();
}

/** The footer's statistics, one text per column ('' where none is chosen). */
export async function accessibleFooter(page: Page): Promise<string[]> {
  return accessible(page).locator('tfoot td').allTextContents();
}

/** The cell of a data row (its place among all rows) in the column with this header (sort marks aside). */
export async function cellText(page: Page, row: number, header: string): Promise<string | undefined> {
  const headers = (await accessibleHeaders(page)).map((h) => h.replace(/ [↑↓]\d*$/, ''));
  const column = headers.indexOf(header);
  const line = (await accessibleRows(page)).find((r) => r.kind === 'row' && r.index === row);
  return column < 0 ? undefined : line?.cells[column];
}

/** Waits until a cell of the accessible table reads as expected (a write has come back). */
export async function waitForCell(page: Page, row: number, header: string, expected: string | RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = await cellText(page, row, header);
    if (text !== undefined && (typeof expected === 'string' ? text === expected : expected.test(text))) return;
    if (Date.now() > deadline) throw new Error(`cell ${row} “${header}” reads “${text}”, expected ${String(expected)}`);
    await page.waitForTimeout(200);
  }
}

/** Selects the grid's cell at a grid line (group headers, a new row and the footer count as lines) and column index. */
export async function selectLine(page: Page, column: number, line: number): Promise<void> {
  const selected = async () => (await grid(page).getAttribute('data-selected-cell'))?.split(',').map(Number);
  await page.getByTestId(`glide-cell-1-${line}`).focus();
  // Focus selects the cell unless the grid had it focused already: the arrows then go from where it is.
  await page.waitForFunction(() => !!document.querySelector('[data-testid="register-grid"]')?.getAttribute('data-selected-cell'), undefined, { timeout: 5_000 }).catch(() => undefined);
  const [col, row] = (await selected()) ?? [0, line];
  for (let i = row; i < line; i++) await page.keyboard.press('ArrowDown');
  for (let i = row; i > line; i--) await page.keyboard.press('ArrowUp');
  for (let i = col; i < column; i++) await page.keyboard.press('ArrowRight');
  for (let i = col; i > column; i--) await page.keyboard.press('ArrowLeft');
  // 15 s: on a loaded CI machine (two cores, browsers of other files alongside) the grid has taken over 5 s to answer the arrows.
  await page.waitForFunction(([c, l]) => document.querySelector('[data-testid="register-grid"]')?.getAttribute('data-selected-cell') === `${c},${l}`, [column, line], { timeout: 15_000 });
}

/** The index of a column among the grid's default columns, from the same metadata the app reads (as the clerk). */
export async function columnIndex(register: string, column: string): Promise<number> {
  const { data } = await (await signInAs('clerk')).rpc('register_metadata');
  const columns = ((data as { register: string; columns: { name: string; data_type: string; bookkeeping: boolean }[] }[]).find((r) => r.register === register)?.columns ?? [])
    .filter((c) => !c.bookkeeping && !c.data_type.endsWith('[]'));
  return columns.findIndex((c) => c.name === column);
}

/**
 * Deletes the selected rows as a person does (the button, then the confirmation) and waits for the
 * app's answer: the "deleted" message, or whatever it said instead, which then fails the test in its words.
 */
export async function deleteSelectedRows(page: Page): Promise<void> {
  await page.getByTestId('register-delete').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  const answer = page.locator('.ant-message-notice').filter({ hasText: /已删除|deleted|请先|Select the rows|无权删除|not yours|失败|refused|错误|error/i }).first();
  await answer.waitFor({ timeout: 60_000 });
  const text = (await answer.textContent()) ?? '';
  if (!/已删除|deleted/i.test(text)) throw new Error(`delete not done; the app said: ${text}`);
}
