// The generated grid in Chromium, signed in as the clerk: time from clicking the register in the
// side menu of the running app (on the dashboard) to the first rows, the same after a full page
// reload of the register's address, and from pressing Enter in the go-to-row box to the rows at
// that place being loaded. Times are taken inside the page (performance.now(): its origin is the
// page load's start; a click or a key is clocked by a capture-phase listener).
import type { Browser, Page } from 'playwright-core';
import { signInPage } from './sign-in-page.ts';
import { median } from './stats.ts';

export type GridRun = {
  /** Navigating inside the app: the click on the register's menu item (the dashboard open) to its first rows. */
  firstRowsMs: number;
  /** A full page reload of /r/service_requests, HTTP cache warm: the load's start to the first rows. */
  reloadFirstRowsMs: number;
  total: number;
  loaded: number;
  firstRowsRequests: number;
  jumpMs: number | null;
  /** The row jumped to: the bench's target, or the middle of the clerk's rows when they are fewer. */
  jumpTarget: number;
  jumpVisibleStart: number;
  jumpReachedTarget: boolean;
  jumpRequests: number;
  jumpNote: string | null;
  /** Ctrl+End from the jump's place: until the last rows are visible and loaded. */
  ctrlEndMs: number | null;
  ctrlEndVisibleStart: number;
};

export type GridFigures = {
  runs: GridRun[];
  /** Median of the runs' navigations inside the app (target ≤ 500 ms). */
  firstRowsMedianMs: number;
  /** Median of the runs' full page reloads (no target of its own; a cold one is held to 1 s). */
  reloadFirstRowsMedianMs: number;
  jumpMedianMs: number | null;
  jumpTarget: number;
  dataTotal: number;
  gotoInputSelector: string;
  ctrlEndMedianMs: number | null;
  /** A new browser context (cold HTTP cache): the sign-in page usable, ms after navigation (target ≤ 2 s). */
  coldLoginMs: number;
  /** A new context with the clerk's session but a cold HTTP cache: /r/service_requests to its first rows (target ≤ 1 s). */
  coldFirstRowsMs: number;
  targets: string;
};

type GridState = { ready: boolean; loaded: number; total: number; start: number; at: number; jumpAt: number; endAt: number; navAt: number; count: string };

const gridSelector = '[data-testid="register-grid"]';
const jumpTimeoutMs = 20_000;

// Page scripts are strings: this file is type-checked for Node, without the DOM's types.
/** The grid's data-* attributes, and the page's clock (ms since the navigation started). */
const readGrid = `(() => {
  const grid = document.querySelector('${gridSelector}');
  if (!grid) return null;
  return {
    ready: grid.getAttribute('data-visible-ready') === 'true',
    loaded: Number(grid.getAttribute('data-loaded')),
    total: Number(grid.getAttribute('data-total')),
    start: Number(grid.getAttribute('data-visible-start')),
    at: performance.now(),
    jumpAt: window.benchJumpAt ?? 0,
    endAt: window.benchEndAt ?? 0,
    navAt: window.benchNavAt ?? 0,
    count: grid.getAttribute('data-count') ?? 'pending',
  };
})()`;

/** Polls the grid every animation frame until `done` (an expression over its state `s`) holds. */
async function waitForGrid(page: Page, done: string, timeout: number): Promise<GridState> {
  const handle = await page.waitForFunction(`(() => { const s = ${readGrid}; return s !== null && (${done}) ? s : false; })()`, undefined, { polling: 'raf', timeout });
  return (await handle.jsonValue()) as GridState;
}

async function gridState(page: Page): Promise<GridState> {
  const state = await page.evaluate<GridState | null>(readGrid);
  if (!state) throw new Error(`no ${gridSelector} on ${page.url()}`);
  return state;
}

const registerLink = '[data-testid="app-sider"] a[href="/r/service_requests"]';

/**
 * A person on the dashboard clicks the register in the side menu. The dashboard is loaded afresh
 * and left to settle first (its figures shown, the browser idle), so each run is the first visit
 * of the register in that page load: its screen's styles and chunk not yet used.
 */
async function navigateFromDashboard(page: Page, appUrl: string): Promise<GridState> {
  await page.goto(`${appUrl}/`, { waitUntil: 'commit' });
  await page.locator('[data-testid="dashboard-completion"]').waitFor({ timeout: 60_000 });
  const link = page.locator(registerLink);
  await link.waitFor({ timeout: 60_000 });
  await page.evaluate(`new Promise((resolve) => setTimeout(() => requestIdleCallback(resolve, { timeout: 2000 }), 300))`);
  await page.evaluate(`window.benchNavAt = 0; document.addEventListener('click', (e) => { if (e.target instanceof Element && e.target.closest('a[href="/r/service_requests"]')) window.benchNavAt = performance.now(); }, { capture: true })`);
  await link.click();
  return waitForGrid(page, 's.navAt > 0 && s.ready && s.loaded > 0', 120_000);
}

/** First load on a cold HTTP cache (new contexts): the sign-in page, then a register route signed in. */
async function coldLoad(browser: Browser, appUrl: string, session: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>): Promise<{ loginMs: number; firstRowsMs: number }> {
  const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  let loginMs: number;
  try {
    const page = await fresh.newPage();
    await page.goto(`${appUrl}/login`, { waitUntil: 'commit' });
    await page.getByLabel('账号（邮箱）').waitFor({ timeout: 60_000 });
    loginMs = await page.evaluate<number>('performance.now()');
  } finally {
    await fresh.close();
  }
  const signedIn = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', storageState: session });
  try {
    const page = await signedIn.newPage();
    await page.goto(`${appUrl}/r/service_requests`, { waitUntil: 'commit' });
    const first = await waitForGrid(page, 's.ready && s.loaded > 0', 120_000);
    return { loginMs, firstRowsMs: first.at };
  } finally {
    await signedIn.close();
  }
}

export async function measureGrid(browser: Browser, appUrl: string, runs: number, jumpTo: number, screenshot?: string): Promise<GridFigures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (request) => {
    if (request.url().includes('/rest/v1/service_requests')) requests += 1;
  });
  try {
    await signInPage(page, appUrl);
    const results: GridRun[] = [];
    let gotoInputSelector = '[data-testid="grid-goto-row"] input';
    for (let run = 0; run < runs; run++) {
      requests = 0;
      const navigated = await navigateFromDashboard(page, appUrl);
      const firstRowsRequests = requests;
      await page.goto(`${appUrl}/r/service_requests`, { waitUntil: 'commit' });
      const first = await waitForGrid(page, 's.ready && s.loaded > 0', 120_000);
      // The jump goes to the bench's row, or to the middle of the clerk's rows when the clerk reads
      // fewer (a jump past the end is clamped to the last rows: that is Ctrl+End's figure). The
      // count (a sample's estimate, then the exact one) comes after the first page.
      const counted = await waitForGrid(page, "s.count !== 'pending'", 30_000).catch(() => first);
      const jumpTarget = Math.max(1, Math.min(jumpTo, Math.floor(counted.total / 2)));
      const target = jumpTarget - 1;

      // antd may put the data-testid on the wrapper or on the <input> itself; the brief names the wrapper.
      if ((await page.locator(gotoInputSelector).count()) === 0) gotoInputSelector = 'input[data-testid="grid-goto-row"]';
      const input = page.locator(gotoInputSelector);
      await input.fill(String(jumpTarget));
      // The jump's clock starts when the page sees the Enter key.
      await page.evaluate(`document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.benchJumpAt = performance.now(); }, { capture: true })`);
      requests = 0;
      await input.press('Enter');
      // Done when the rows at the target are loaded, or when the grid settled at its last rows
      // (it clamps a jump to data-total − 1, so with a smaller total the target is out of reach).
      let jump: GridState | null = null;
      let jumpNote: string | null = null;
      try {
        jump = await waitForGrid(
          page,
          `s.jumpAt > 0 && s.ready && s.loaded > 0 && (Math.abs(s.start - ${target}) <= 5 || (s.start > 0 && s.start >= s.total - 200))`,
          jumpTimeoutMs,
        );
      } catch {
        const seen = await gridState(page);
        jumpNote = `no settled grid within ${jumpTimeoutMs / 1000}s: data-visible-start=${seen.start} data-visible-ready=${seen.ready} data-total=${seen.total} data-loaded=${seen.loaded}`;
      }
      const end = jump ?? (await gridState(page));
      const reached = Math.abs(end.start - target) <= 5;
      if (jump && !reached) jumpNote = `grid stopped at row ${end.start + 1} of data-total ${end.total}: the jump is clamped to the total the server estimated`;
      // Ctrl+End: the selection (a cell clicked first) goes to the last row.
      let ctrlEndMs: number | null = null;
      let ctrlEndVisibleStart = -1;
      try {
        const box = await page.locator(`${gridSelector} canvas`).first().boundingBox();
        if (box) await page.mouse.click(box.x + 120, box.y + 60);
        await page.evaluate(`document.addEventListener('keydown', (e) => { if (e.key === 'End') window.benchEndAt = performance.now(); }, { capture: true })`);
        await page.keyboard.press('Control+End');
        const end = await waitForGrid(page, 's.endAt > 0 && s.ready && s.loaded > 0 && s.start > 0 && s.start >= s.total - 200', jumpTimeoutMs);
        ctrlEndMs = end.at - end.endAt;
        ctrlEndVisibleStart = end.start;
      } catch {
        ctrlEndVisibleStart = (await gridState(page)).start;
      }
      await page.evaluate('window.benchEndAt = 0; window.benchJumpAt = 0');
      results.push({
        ctrlEndMs,
        ctrlEndVisibleStart,
        firstRowsMs: navigated.at - navigated.navAt,
        reloadFirstRowsMs: first.at,
        total: first.total,
        loaded: first.loaded,
        firstRowsRequests,
        jumpMs: jump ? jump.at - jump.jumpAt : null,
        jumpTarget,
        jumpVisibleStart: end.start,
        jumpReachedTarget: reached,
        jumpRequests: requests,
        jumpNote,
      });
    }
    if (screenshot) await page.screenshot({ path: screenshot });
    const session = await context.storageState();
    const cold = await coldLoad(browser, appUrl, session);
    const ends = results.map((r) => r.ctrlEndMs).filter((ms): ms is number => ms !== null);
    const jumps = results.map((r) => r.jumpMs).filter((ms): ms is number => ms !== null);
    return {
      runs: results,
      firstRowsMedianMs: median(results.map((r) => r.firstRowsMs)),
      reloadFirstRowsMedianMs: median(results.map((r) => r.reloadFirstRowsMs)),
      jumpMedianMs: jumps.length > 0 ? median(jumps) : null,
      jumpTarget: jumpTo,
      dataTotal: results[0]?.total ?? 0,
      gotoInputSelector,
      ctrlEndMedianMs: ends.length > 0 ? median(ends) : null,
      coldLoginMs: cold.loginMs,
      coldFirstRowsMs: cold.firstRowsMs,
      targets: 'first rows after navigating (menu click) ≤ 500 ms; full reload: no target of its own; jump and Ctrl+End ≤ 300 ms; cold: sign-in page ≤ 2 s, register route first rows ≤ 1 s',
    };
  } finally {
    await context.close();
  }
}
