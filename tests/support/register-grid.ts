// Driving the generated register screens in Chromium: signing in, opening a register, searching,
// reading the grid through Glide's accessibility table, and moving the selection by keyboard.
import type { Browser, Page } from 'playwright-core';
import { fillSignIn } from './e2e-session.ts';
import { DEMO_PASSWORD, demoUsers, type DemoRole } from './stack.ts';

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

/** Quick search, then waits for the grid to show the answer. */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('quick-search').fill(text);
  await page.getByTestId('quick-search').press('Enter');
  await page.waitForFunction((t) => {
    const el = document.querySelector('[data-testid="register-grid"]');
    return el?.getAttribute('data-visible-ready') === 'true' && document.querySelector<HTMLInputElement>('[data-testid="quick-search"]')?.value === t;
  }, text);
  await page.waitForTimeout(300);
  await gridReady(page);
}

export const gridTotal = async (page: Page): Promise<number> => Number(await grid(page).getAttribute('data-total'));

/** The text of every rendered body cell, row by row. */
export async function gridRows(page: Page): Promise<string[][]> {
  // Glide rebuilds its accessibility table a moment after the canvas.
  await grid(page).locator('table[role="grid"] tbody tr').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  return grid(page).locator('table[role="grid"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

export async function gridHeaders(page: Page): Promise<string[]> {
  return grid(page).locator('table[role="grid"] thead th').allTextContents();
}

/** Selects a cell: column index in the view (0 = first data column), row index. */
export async function selectCell(page: Page, column: number, row: number): Promise<void> {
  await page.getByTestId(`glide-cell-1-${row}`).focus();
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
}

/** Types a new value into the selected cell through Glide's editor and commits it. */
export async function editSelectedCell(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Enter');
  const editor = page.locator('#portal textarea, #portal input').first();
  await editor.waitFor({ timeout: 10_000 });
  await editor.fill(text);
  await editor.press('Enter');
}
