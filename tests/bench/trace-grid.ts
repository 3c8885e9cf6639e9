// A timeline of the grid's first load, for working on it: a stack of the bench's own with
// BENCH_ROWS service requests, the app built and served as `npm start` serves it, and in Chromium
// the clerk's warm navigation to /r/service_requests (a reload, HTTP cache warm), a click on it in
// the dashboard's side menu (as the bench's grid.firstRowsMedianMs) and a cold load (new context,
// the session kept): every request's start and end, the scripts' sizes, and when the first rows
// showed; the third reload and the third click with a CPU profile, the second click with a timeline
// of the main thread (test-artifacts/trace/). TRACE_READABLE=1 builds the app unminified (the
// profile names functions); TRACE_REACT=1 with React's profiling build and each component's render
// time. With TRACE_KEEP=1 it stays up and traces again on each Enter (after a rebuild of the app:
// sources changed). Run: node --import tsx tests/bench/trace-grid.ts
import fs from 'node:fs/promises';
import path from 'node:path';
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

// With TRACE_REACT=1 (React's profiling build): a stand-in for React DevTools' hook that adds up,
// after each commit, each component's own render time (selfBaseDuration) for the components that
// rendered in it; window.__reactSelf is reset at the menu click.
const reactHookScript = `(() => {
  const self = new Map();
  window.__reactSelf = self;
  window.__reactCommits = [];
  const nameOf = (f) => { const t = f.type; if (!t) return null; if (typeof t === 'string') return null; return t.displayName || t.name || (t.render && (t.render.displayName || t.render.name)) || (t.type && (t.type.displayName || t.type.name)) || null; };
  const walk = (fiber) => {
    const stack = [fiber];
    while (stack.length) {
      const f = stack.pop();
      // Rendered in this commit: a component that did work, or any fiber just mounted; its selfBaseDuration is that render's own time.
      const rendered = (f.flags & 1) === 1 || f.alternate === null;
      if (rendered && typeof f.selfBaseDuration === 'number') {
        const name = nameOf(f) ?? (f.alternate === null ? '(host elements mounted)' : null);
        if (name) self.set(name, (self.get(name) || 0) + f.selfBaseDuration);
      }
      for (let c = f.child; c; c = c.sibling) stack.push(c);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), isDisabled: false,
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      const ms = root.current.actualDuration || 0;
      window.__reactCommits.push([Math.round(performance.now()), Math.round(ms)]);
      walk(root.current);
      // The largest commit's tree: each named component whose render (with its children's) took 2 ms or more.
      if (ms > (window.__reactLargest?.ms ?? 0)) {
        const lines = [];
        const visit = (f, depth) => {
          for (let c = f.child; c; c = c.sibling) {
            const name = nameOf(c);
            const rendered = (c.flags & 1) === 1 || c.alternate === null;
            if (name && rendered && (c.actualDuration || 0) >= 2) { lines.push(' '.repeat(depth) + name + ' ' + Math.round(c.actualDuration) + (c.alternate === null ? ' (mount)' : '')); visit(c, depth + 1); }
            else visit(c, depth);
          }
        };
        visit(root.current, 0);
        window.__reactLargest = { ms, at: Math.round(performance.now()), tree: lines.join(String.fromCharCode(10)) };
      }
    },
  };
})();`;

const longTaskScript = `window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });`;

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };

/** The renderer's main thread: its busy time by kind of task (script, style, layout, paint …), outermost events only. */
function summariseTimeline(trace: { traceEvents: TraceEvent[] }, file: string): void {
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  // Self time of each event name (its duration less its children's), which adds up to the busy time.
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const childTime = new Map<TraceEvent, number>();
  const close = (e: TraceEvent) => self.set(e.name, (self.get(e.name) ?? 0) + (e.dur! - (childTime.get(e) ?? 0)) / 1000);
  for (const e of onMain) {
    while (stack.length > 0 && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) close(stack.pop()!);
    const parent = stack[stack.length - 1];
    if (parent) childTime.set(parent, (childTime.get(parent) ?? 0) + e.dur!);
    stack.push(e);
  }
  while (stack.length > 0) close(stack.pop()!);
  console.log(`timeline ${file}: main thread self time by event:`, [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([n, ms]) => `${n} ${Math.round(ms)}`).join(', '));
}

/** On the dashboard (loaded afresh, settled), a click on the register's menu item; returns the click's time. */
async function clickFromDashboard(page: Page, appUrl: string, beforeClick: () => Promise<void>): Promise<number> {
  await page.goto(`${appUrl}/`, { waitUntil: 'commit' });
  await page.locator('[data-testid="dashboard-completion"]').waitFor({ timeout: 60_000 });
  const link = page.locator('[data-testid="app-sider"] a[href="/r/service_requests"]');
  await link.waitFor({ timeout: 60_000 });
  await page.evaluate(`new Promise((resolve) => setTimeout(() => requestIdleCallback(resolve, { timeout: 2000 }), 300))`);
  await beforeClick();
  await page.evaluate(`window.__longTasks = []; window.__navAt = 0; window.__reactSelf?.clear(); window.__reactCommits = []; window.__reactLargest = null; document.addEventListener('click', () => { window.__navAt = performance.now(); }, { capture: true, once: true })`);
  await link.click();
  return (await page.evaluate('window.__navAt')) as number;
}

/** Opens the grid (`url`: a page load of it; 'menu': a click on it in the dashboard's side menu) and prints what happened until its first rows. */
async function traced(page: Page, url: string, label: string, profile: 'cpu' | 'timeline' | false = false): Promise<void> {
  const cdp = profile === 'cpu' ? await page.context().newCDPSession(page) : null;
  const appUrl = new URL(page.url()).origin;
  const timelineFile = path.resolve('test-artifacts/trace', `${label.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
  const startProfile = async () => {
    if (profile === 'timeline') {
      await fs.mkdir(path.dirname(timelineFile), { recursive: true });
      await page.context().browser()!.startTracing(page, { path: timelineFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'] });
    }
    if (!cdp) return;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  };
  let startedAt = 0;
  if (url === 'menu') {
    // The profile starts on the dashboard, settled: it then holds the navigation only.
    startedAt = await clickFromDashboard(page, appUrl, startProfile);
  } else {
    await startProfile();
    await page.goto(url, { waitUntil: 'commit' });
  }
  const handle = await page.waitForFunction(
    `(() => { const g = document.querySelector('[data-testid="register-grid"]'); return g && g.getAttribute('data-visible-ready') === 'true' && Number(g.getAttribute('data-loaded')) > 0 ? performance.now() : false; })()`,
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const rowsAt = Math.round((await handle.jsonValue()) as number);
  if (startedAt > 0) console.log(`(menu click at ${Math.round(startedAt)} ms: first rows ${rowsAt - Math.round(startedAt)} ms after it)`);
  if (process.env.TRACE_REACT === '1') {
    const react = (await page.evaluate(`[[...(window.__reactSelf ?? new Map())].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([n, ms]) => n + ' ' + Math.round(ms)), (window.__reactCommits ?? []).map(([at, ms]) => at + '+' + ms)]`)) as [string[], string[]];
    console.log(`react commits (at+render ms): ${react[1].join(' ')}\nreact self render time by component: ${react[0].join(', ')}`);
    const largest = (await page.evaluate('window.__reactLargest')) as { ms: number; at: number; tree: string } | null;
    if (largest) console.log(`react's largest commit: ${Math.round(largest.ms)} ms at ${largest.at}\n${largest.tree}`);
  }
  if (profile === 'timeline') {
    await page.context().browser()!.stopTracing();
    summariseTimeline(JSON.parse(await fs.readFile(timelineFile, 'utf8')) as { traceEvents: TraceEvent[] }, timelineFile);
  }
  if (cdp) {
    const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    // Kept for DevTools (Performance panel: load profile) or a closer look.
    const file = path.resolve('test-artifacts/trace', `${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(p));
    console.log(`profile: ${file}`);
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
    // Inclusive time: a function's samples with it anywhere on the stack (once per sample).
    const parent = new Map<number, number>();
    for (const node of p.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const total = new Map<string, number>();
    p.samples.forEach((id, i) => {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at)!.callFrame;
        if (!f.url) continue;
        seen.add(`${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`);
      }
      for (const name of seen) total.set(name, (total.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
    console.log('top functions, inclusive:', [...total].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([f, ms]) => `${f} ${Math.round(ms)}`).join('\n  '));
    console.log('top functions:', [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, ms]) => `${f} ${Math.round(ms)}`).join('\n  '));
  }
  const longTasks = (await page.evaluate('window.__longTasks ?? []')) as [number, number][];
  console.log('long tasks (start+duration):', longTasks.map(([s, d]) => `${s}+${d}`).join(' '));
  const t = (await page.evaluate(timeline)) as { entries: Entry[]; html: number; dcl: number; paints: string[] };
  console.log(`\n== ${label}: first rows at ${rowsAt} ms; html ${t.html} ms, DOMContentLoaded ${t.dcl} ms, ${t.paints.join(' ')}`);
  for (const e of t.entries.sort((a, b) => a.start - b.start)) {
    if (e.start > rowsAt + 50 || e.start < startedAt - 5) continue;
    console.log(`${String(e.start).padStart(6)} → ${String(e.end).padStart(6)} (${String(e.end - e.start).padStart(5)} ms) ${String(Math.round(e.size / 1024)).padStart(5)} KiB  ${e.name.slice(0, 150)}`);
  }
}

async function traceOnce(browser: Browser, appUrl: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(longTaskScript);
  if (process.env.TRACE_REACT === '1') await context.addInitScript(reactHookScript);
  let cold: BrowserContext | undefined;
  try {
    const page = await context.newPage();
    await signInPage(page, appUrl);
    for (let i = 0; i < 3; i++) await traced(page, `${appUrl}/r/service_requests`, `warm reload ${i + 1}`, i === 2 && 'cpu');
    for (let i = 0; i < 3; i++) await traced(page, 'menu', `menu click on the dashboard ${i + 1}`, i === 1 ? 'timeline' : i === 2 && 'cpu');
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
    app = await startAppServer({ apiUrl: stack.apiUrl, anonKey: stack.anonKey, readable: process.env.TRACE_READABLE === '1', reactProfiling: process.env.TRACE_REACT === '1' });
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
