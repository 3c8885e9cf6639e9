// `npm run bench`: a million service requests in a stack of the bench's own, then the grid in
// Chromium, the API as the clerk and as service_role, XLSX and CSV imports and an XLSX export
// through the app's code, and 200 clerks at once, all in one run; figures to
// test-artifacts/bench/bench.json, a table on stdout (each key figure beside its target and the
// previous run's) and one line per run in tests/bench/history.jsonl (committed).
// BENCH_ONLY=import,csv,export,load,api,grid,seek,explain,live,realtime runs only those parts (for working on one of them).
// Runs under `node --import tsx`; the app's import modules are loaded through Vite (app-modules.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startAppServer } from '../support/app-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { measureApiPages } from './api-pages.ts';
import { loadAppModules, type AppModules } from './app-modules.ts';
import { startBenchStack, type BenchStack } from './bench-stack.ts';
import { measureGrid } from './grid-timings.ts';
import { measureExport } from './export-rate.ts';
import { explainPlans } from './explain-plans.ts';
import { appendRun, figuresOf, previousRun } from './history.ts';
import { measureImport } from './import-rate.ts';
import { measureLiveGrid } from './live-grid.ts';
import { runLoadScenario } from './load-scenario.ts';
import { measureRealtimeFanout } from './realtime-fanout.ts';
import { measureSeekPages } from './seek-pages.ts';
import { printTable, type BenchReport } from './print-table.ts';
import { pauseScheduledJobs, realtimeCaughtUp, seedRequests } from './seed-requests.ts';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  rows: setting('BENCH_ROWS', 1_000_000),
  importRows: setting('BENCH_IMPORT_ROWS', 100_000),
  apiRequests: setting('BENCH_API_REQUESTS', 100),
  gridRuns: setting('BENCH_GRID_RUNS', 3),
  jumpTo: 500_000,
  exportRows: setting('BENCH_EXPORT_ROWS', 100_000),
  loadClerks: setting('BENCH_LOAD_CLERKS', 200),
  loadSeconds: setting('BENCH_LOAD_SECONDS', 60),
  realtimeSubscribers: setting('BENCH_RT_SUBSCRIBERS', 100),
  realtimeWritesPerSecond: setting('BENCH_RT_RATE', 50),
  realtimeSeconds: setting('BENCH_RT_SECONDS', 10),
  realtimePeople: setting('BENCH_RT_PEOPLE', 0),
};
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').map((p) => p.trim()).filter(Boolean));
const runs = (part: string) => only.size === 0 || only.has(part);
const outDir = path.resolve('test-artifacts/bench');

let stack: BenchStack | undefined;
let app: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;
let modules: AppModules | undefined;

async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await modules?.close().catch(() => undefined);
  await app?.close().catch(() => undefined);
  await stack?.stop();
  browser = modules = app = stack = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the bench stack and removing its folder…\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Parts that failed: the others' figures are still reported, and the bench then exits with an error. */
const failures: { part: string; error: string }[] = [];

/** One part of the bench, if asked for; a part that fails is reported and the next one runs. */
async function part<T>(name: string, measure: () => Promise<T>): Promise<T | undefined> {
  if (!runs(name)) return undefined;
  try {
    return await measure();
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    failures.push({ part: name, error: text });
    process.stderr.write(`[bench] part '${name}' failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return undefined;
  }
}

/** A fresh Chromium for one part, closed after it whatever happens. */
async function inBrowser<T>(measure: (b: Browser) => Promise<T>): Promise<T> {
  browser = await launchBrowser();
  try {
    return await measure(browser);
  } finally {
    await browser.close().catch(() => undefined);
    browser = undefined;
  }
}

const step = (text: string) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${text}\n`);
const since = (from: number) => (performance.now() - from) / 1000;

function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  await fs.mkdir(outDir, { recursive: true });

  step('starting an isolated stack in a temporary folder');
  let mark = performance.now();
  stack = await startBenchStack();
  const stackStartSeconds = since(mark);
  step(`stack up in ${stackStartSeconds.toFixed(1)}s (${stack.apiUrl}, data in ${stack.dataDir})`);
  await pauseScheduledJobs(stack.dbUrl);

  step(`seeding ${settings.rows.toLocaleString('en')} service requests`);
  const seed = await seedRequests(stack.dbUrl, settings.rows);
  step(`seeded in ${seed.seconds.toFixed(1)}s; Realtime read them in ${seed.realtimeCatchUpSeconds.toFixed(1)}s more`);

  step('building and serving the app');
  mark = performance.now();
  if (runs('grid') || runs('live')) app = await startAppServer({ apiUrl: stack.apiUrl, anonKey: stack.anonKey });
  const appBuildSeconds = since(mark);

  step(`API: ${settings.apiRequests} sorted, filtered pages as the clerk and as service_role`);
  const api = await part('api', () => measureApiPages(stack!, settings.apiRequests));

  step('API: pages by seeking at every depth (gateway vs the floor in Postgres), a jump, counts, register_metadata');
  const seek = await part('seek', () => measureSeekPages(stack!, setting('BENCH_SEEK_DEPTHS', 20), settings.jumpTo));

  step('EXPLAIN ANALYZE of what limits: an empty department\'s page, the counts, a deep seek, 1,000 new requests');
  const plans = await part('explain', () => explainPlans(stack!.dbUrl, path.join(outDir, 'plans.txt')));

  step(`grid in Chromium: ${settings.gridRuns} runs of navigation and jump to row ${settings.jumpTo.toLocaleString('en')}`);
  const grid = await part('grid', () => inBrowser((b) => measureGrid(b, app!.url, settings.gridRuns, settings.jumpTo, path.join(outDir, 'grid-after-jump.png'))));

  step('live: an edit committed, seen in the manager\'s grid in Chromium (Realtime), 20 times');
  const live = await part('live', () => inBrowser((b) => measureLiveGrid(b, app!.url, stack!.dbUrl, setting('BENCH_LIVE_EDITS', 20))));

  modules = await loadAppModules(stack);
  step(`XLSX export of ${settings.exportRows.toLocaleString('en')} rows through the app's export code`);
  const exported = await part('export', () => measureExport(modules!, stack!, settings.exportRows));
  step(`${settings.loadClerks} clerks reading every 2 s and writing every 10 s for ${settings.loadSeconds} s`);
  const load = await part('load', () => runLoadScenario(stack!, { clerks: settings.loadClerks, seconds: settings.loadSeconds, readEveryMs: 2000, writeEveryMs: 10_000 }));
  step(`XLSX import of ${settings.importRows.toLocaleString('en')} rows through the app's import code`);
  const imported = await part('import', () => measureImport(modules!, settings.importRows, 'xlsx', stack!.dataDir));
  step(`CSV import of ${settings.importRows.toLocaleString('en')} rows through the app's import code`);
  const csvImported = await part('csv', () => measureImport(modules!, settings.importRows, 'csv', stack!.dataDir));
  if (runs('realtime')) step(`realtime: the changes written so far read by Realtime in ${(await realtimeCaughtUp(stack.dbUrl)).toFixed(1)} s`);
  step(`realtime: ${settings.realtimeSubscribers} subscribers while ${settings.realtimeWritesPerSecond} rows/s are written for ${settings.realtimeSeconds} s`);
  const realtime = await part('realtime', () =>
    measureRealtimeFanout(stack!, { subscribers: settings.realtimeSubscribers, writesPerSecond: settings.realtimeWritesPerSecond, seconds: settings.realtimeSeconds, people: settings.realtimePeople }),
  );

  // A part of the stack that died and was restarted mid-run (Realtime out of memory on the seed's
  // million-row transaction did, over and over) spoils every figure after it: that fails the run.
  const state = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'stack.json'), 'utf8')) as { parts?: Record<string, { restarts: number; lastExit: string | null }> };
  for (const [name, p] of Object.entries(state.parts ?? {})) {
    if (p.restarts > 0) failures.push({ part: `stack: ${name}`, error: `restarted ${p.restarts} time(s) during the run (last exit: ${p.lastExit ?? 'unknown'})` });
  }

  const report: BenchReport = {
    finishedAt: new Date().toISOString(),
    benchSeconds: since(benchStarted),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: chromiumVersion() },
    settings,
    stack: { startSeconds: stackStartSeconds, appBuildSeconds },
    seed: { ...seed, register: 'service_requests', note: 'one insert … select from generate_series as the owner, with session_replication_role = replica (triggers off: no audit rows, no first-receiver rule, no foreign-key checks), then analyze' },
    grid,
    api,
    seek,
    import: imported,
    csvImport: csvImported,
    export: exported,
    load,
    live,
    realtime,
    plans,
    failedParts: failures,
  };
  const file = path.join(outDir, 'bench.json');
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const previous = await previousRun();
  printTable(report, previous);
  await appendRun({ finishedAt: report.finishedAt, rows: settings.rows, importRows: settings.importRows, only: [...only], figures: figuresOf(report) });
  process.stdout.write(`\nFigures written to ${path.relative(process.cwd(), file)}; this run added to tests/bench/history.jsonl\n`);
  for (const f of failures) process.stdout.write(`part '${f.part}' FAILED (its figures are missing): ${f.error}\n`);
  if (failures.length > 0) throw new Error(`${failures.length} part(s) failed: ${failures.map((f) => f.part).join(', ')}`);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  step('stopping the bench stack and removing its folder');
  await cleanUp();
}
// supabase-js keeps a refresh timer; the figures are written, so leave now.
process.exit(exitCode);
