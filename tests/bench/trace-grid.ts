// A timeline of the grid's first load, for working on it: a stack of the bench's own with
// BENCH_ROWS service requests, the app built and served as `npm start` serves it, and in Chromium
// the clerk's warm navigation to /r/service_requests (a reload, HTTP cache warm) and a cold one
// (new context, the session kept): every request's start and end, the scripts' sizes, and when
// the first rows showed. With TRACE_KEEP=1 it stays up and traces again on each Enter (after a
// rebuild of the app: sources changed). Run: node --import tsx tests/bench/trace-grid.ts
import readline from 'node:readline';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../support/app-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { signInPage } from './sign-in-page.ts';
import { startBenchStack } from './bench-stack.ts';
import { pauseScheduledJobs, seedRequests } from './seed-requests.ts';

type Entry = { name: string; start: number; end: number; size: number; kind: string };

const timeline = `(() => {
  const grid = document.querySelector('[data-testid="register-grid"]');
  const entries = performance.getEntriesByType('resource').map((e) => ({
    name: e.name.replace(location.origin, '').replace(/^https?:\\/\\/[^/]+/, 'api:'),
    start: Math.round(e.startTime), end: Math.round(e.responseEnd), size: e.transferSize || e.encodedBodySize, kind: e.initiatorType,
  }));
  const nav = performance.getEntriesByType('navigation')[0];
  const paints = performance.getEntriesByType('paint').map((p) => p.name + '=' + Math.round(p.startTime));
  return { entries, html: nav ? Math.round(nav.responseEnd) : 0, dcl: nav ? Math.round(nav.domContentLoadedEventEnd) : 0, paints, rowsAt: window.__firstRowsAt ?? null, grid: !!grid };
})()`;

const longTaskScript = `window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });`;

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };

async function traced(page: Page, url: string, label: string, profile = false): Promise<void> {
  const cdp = profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    `(() => { const g = document.querySelector('[data-testid="register-grid"]'); return g && g.getAttribute('data-visible-ready') === 'true' && Number(g.getAttribute('data-loaded')) > 0 ? performance.now() : false; })()`,
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const rowsAt = Math.round((await handle.jsonValue()) as number);
  if (cdp) {
    const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const self = new Map<string, number>();
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const f = byId.get(id)!.callFrame;
      const name = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
    const byFile = new Map<string, number>();
    for (const [name, ms] of self) { const file = name.split(' ')[1]?.split(':')[0] ?? ''; byFile.set(file, (byFile.get(file) ?? 0) + ms); }
    console.log('self time by script:', [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, ms]) => `${f || '(native)'} ${Math.round(ms)}`).join(', '));
    console.log('top functions:', [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, ms]) => `${f} ${Math.round(ms)}`).join('\n  '));
  }
  const longTasks = (await page.evaluate('window.__longTasks ?? []')) as [number, number][];
  console.log('long tasks (start+duration):', longTasks.map(([s, d]) => `${s}+${d}`).join(' '));
  const t = (await page.evaluate(timeline)) as { entries: Entry[]; html: number; dcl: number; paints: string[] };
  console.log(`\n== ${label}: first rows at ${rowsAt} ms; html ${t.html} ms, DOMContentLoaded ${t.dcl} ms, ${t.paints.join(' ')}`);
  for (const e of t.entries.sort((a, b) => a.start - b.start)) {
    if (e.start > rowsAt + 50) continue;
    console.log(`${String(e.start).padStart(6)} → ${String(e.end).padStart(6)} (${String(e.end - e.start).padStart(5)} ms) ${String(Math.round(e.size / 1024)).padStart(5)} KiB  ${e.name.slice(0, 150)}`);
  }
}

async function traceOnce(browser: Browser, appUrl: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(longTaskScript);
  let cold: BrowserContext | undefined;
  try {
    const page = await context.newPage();
    await signInPage(page, appUrl);
    for (let i = 0; i < 3; i++) await traced(page, `${appUrl}/r/service_requests`, `warm reload ${i + 1}`, i === 2);
    cold = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', storageState: await context.storageState() });
    await cold.addInitScript(longTaskScript);
    await traced(await cold.newPage(), `${appUrl}/r/service_requests`, 'cold (new context, session kept)');
  } finally {
    await cold?.close();
    await context.close();
  }
}

const stack = await startBenchStack();
let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
let browser: Browser | undefined;
try {
  await pauseScheduledJobs(stack.dbUrl);
  await seedRequests(stack.dbUrl, Number(process.env.BENCH_ROWS ?? 50_000));
  console.log(`stack ${stack.apiUrl} db ${stack.dbUrl}`);
  browser = await launchBrowser();
  for (;;) {
    app = await startAppServer({ apiUrl: stack.apiUrl, anonKey: stack.anonKey });
    await traceOnce(browser, app.url).catch((e: unknown) => console.error(e));
    await app.close();
    app = undefined;
    if (!process.env.TRACE_KEEP) break;
    const rl = readline.createInterface({ input: process.stdin });
    const line = await new Promise<string>((resolve) => rl.once('line', resolve));
    rl.close();
    if (line.trim() === 'q') break;
  }
} finally {
  await browser?.close();
  await app?.close();
  await stack.stop();
}
