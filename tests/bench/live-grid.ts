// An edit seen in another person's browser (issue 19: "within 1 s"): the manager's grid open on one
// request of the 1,000,000; the request's caller changed `edits` times, one at a time, each committed
// in Postgres and timed from the commit to the new value in the manager's grid (its accessible table,
// which the grid rebuilds from what it draws). Both clocks are this machine's: Date.now() in Node when
// the UPDATE has returned, Date.now() in the page when a MutationObserver first sees the value.
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { signInPage } from './sign-in-page.ts';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { percentile } from './stats.ts';

export type LiveGridFigures = { edits: number; seen: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null; target: string };

// Page scripts are strings: this file is type-checked for Node, without the DOM's types.
const watchFor = (text: string) => `(() => {
  window.__seenAt = null;
  const table = document.querySelector('[data-testid="grid-accessible"]');
  const check = () => { if (window.__seenAt === null && table && table.textContent.includes(${JSON.stringify(text)})) window.__seenAt = Date.now(); };
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(check);
  window.__observer.observe(table, { subtree: true, childList: true, characterData: true });
  check();
})()`;

export async function measureLiveGrid(browser: Browser, appUrl: string, dbUrl: string, edits = 20): Promise<LiveGridFigures> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const marker = `实时基准${Date.now().toString(36)}`;
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 900 } });
  const latencies: number[] = [];
  try {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at) values ('咨询', $1, $1, $2, $3, now()) returning id`,
      [marker, departmentIds.KF1, operatorIds.clerk],
    );
    const page = await context.newPage();
    await signInPage(page, appUrl, 'manager');
    await page.goto(`${appUrl}/r/service_requests`);
    await page.getByTestId('quick-search').fill(marker);
    await page.getByTestId('quick-search').press('Enter');
    await page.waitForFunction(
      (m) => document.querySelector('[data-applied-search]')?.getAttribute('data-applied-search') === m && document.querySelector('[data-testid="register-grid"]')?.getAttribute('data-total') === '1',
      marker,
      { timeout: 120_000 },
    );
    await page.locator('[data-testid="grid-presence"][data-live="live"]').waitFor({ timeout: 60_000 });
    for (let i = 0; i < edits; i++) {
      const value = `${marker}-${i}`;
      await page.evaluate(watchFor(value));
      await db.query(`update public.service_requests set caller_name = $2 where id = $1`, [rows[0].id, value]);
      const committedAt = Date.now();
      const seenAt = await page
        .waitForFunction(() => (window as unknown as { __seenAt: number | null }).__seenAt, undefined, { timeout: 15_000, polling: 20 })
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => null);
      if (seenAt !== null) latencies.push(Math.max(0, seenAt - committedAt));
      await page.waitForTimeout(300);
    }
    await db.query(`delete from public.service_requests where id = $1`, [rows[0].id]);
  } finally {
    await context.close();
    await db.end();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    edits,
    seen: latencies.length,
    p50Ms: sorted.length ? percentile(sorted, 50) : null,
    p95Ms: sorted.length ? percentile(sorted, 95) : null,
    maxMs: sorted.length ? sorted[sorted.length - 1] : null,
    target: 'every edit seen; p95 ≤ 1000 ms from commit to the other browser',
  };
}
