// The bench's figures as a plain-text table (section, figure, value, note) for the terminal.
import type { ApiFigures } from './api-pages.ts';
import type { ExportFigures } from './export-rate.ts';
import type { GridFigures } from './grid-timings.ts';
import { figuresOf, keyFigures, meetsTarget, unitText, type HistoryLine } from './history.ts';
import type { ImportFigures } from './import-rate.ts';
import type { LiveGridFigures } from './live-grid.ts';
import type { LoadFigures } from './load-scenario.ts';
import type { RealtimeFanoutFigures } from './realtime-fanout.ts';
import type { SeedResult } from './seed-requests.ts';
import type { SeekFigures } from './seek-pages.ts';
import type { PlanFigures } from './explain-plans.ts';
import { round } from './stats.ts';

export type BenchReport = {
  finishedAt: string;
  benchSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; chromium: string };
  settings: { rows: number; importRows: number; apiRequests: number; gridRuns: number; jumpTo: number; exportRows: number; loadClerks: number; loadSeconds: number; realtimeSubscribers?: number; realtimeWritesPerSecond?: number; realtimeSeconds?: number; realtimePeople?: number };
  stack: { startSeconds: number; appBuildSeconds: number };
  seed: SeedResult & { register: string; note: string };
  // A part left out by BENCH_ONLY is undefined.
  grid?: GridFigures;
  api?: ApiFigures;
  seek?: SeekFigures;
  import?: ImportFigures;
  csvImport?: ImportFigures;
  export?: ExportFigures;
  load?: LoadFigures;
  live?: LiveGridFigures;
  realtime?: RealtimeFanoutFigures;
  plans?: PlanFigures;
  /** Parts that failed in this run (their figures are missing). */
  failedParts?: { part: string; error: string }[];
};

const n = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => `${n(value)} ms`;
const s = (value: number) => `${round(value, value < 10 ? 2 : 1)} s`;

type Row = [string, string, string];

function gridRows(grid: GridFigures, api: ApiFigures | undefined): Row[] {
  const jumpRuns = grid.runs.map((run) => (run.jumpMs === null ? 'timeout' : n(run.jumpMs))).join(', ');
  const unreached = grid.runs.find((run) => !run.jumpReachedTarget);
  return [
    [`Grid in Chromium, clerk (median of ${grid.runs.length})`, '', ''],
    ['menu click on the dashboard -> first rows visible', ms(grid.firstRowsMedianMs), `runs: ${grid.runs.map((run) => n(run.firstRowsMs)).join(', ')} ms; target ≤ 500 ms`],
    ['full page reload -> first rows visible', ms(grid.reloadFirstRowsMedianMs), `runs: ${grid.runs.map((run) => n(run.reloadFirstRowsMs)).join(', ')} ms; no target of its own (cold: ≤ 1 s)`],
    ['data-total shown by the grid', n(grid.dataTotal), api ? `count=estimated; exact count for the clerk: ${n(api.firstPageCount.clerkExact.total)}` : 'count=estimated'],
    [
      `jump to row ${n(grid.jumpTarget)} -> rows loaded`,
      grid.jumpMedianMs === null ? 'n/a' : ms(grid.jumpMedianMs),
      unreached ? `TARGET NOT REACHED: ${unreached.jumpNote}; runs: ${jumpRuns} ms` : `runs: ${jumpRuns} ms`,
    ],
  ];
}

function apiRows(api: ApiFigures): Row[] {
  return [
    [`API: ${api.requests} pages of 100 each, offsets ${n(api.offsets.min)}..${n(api.offsets.max)} of ${n(api.filteredRows)} rows`, '', api.query],
    ['clerk (RLS on) p50 / p95', `${n(api.clerk.p50Ms)} / ${n(api.clerk.p95Ms)} ms`, `max ${ms(api.clerk.maxMs)}`],
    ['service_role (RLS off) p50 / p95', `${n(api.serviceRole.p50Ms)} / ${n(api.serviceRole.p95Ms)} ms`, `max ${ms(api.serviceRole.maxMs)}`],
    ['ratio clerk / service_role p50 / p95', `${round(api.clerkOverServiceP50, 2)} / ${round(api.clerkOverServiceP95, 2)}`, ''],
    [`grid query at offset ${n(api.deepPage.offset)}, clerk / service_role`, `${n(api.deepPage.clerkMs)} / ${n(api.deepPage.serviceRoleMs)} ms`, 'no filter, order=received_at.desc,id.desc; median of 3'],
    ['first page, count=estimated, clerk', ms(api.firstPageCount.clerkEstimated.ms), `total ${n(api.firstPageCount.clerkEstimated.total)}`],
    ['first page, count=exact, clerk', ms(api.firstPageCount.clerkExact.ms), `total ${n(api.firstPageCount.clerkExact.total)}`],
    ['first page, count=estimated, service_role', ms(api.firstPageCount.serviceRoleEstimated.ms), `total ${n(api.firstPageCount.serviceRoleEstimated.total)}`],
  ];
}

/** Each process's CPU seconds but idle's, as "postgres 12.3, bench 4.5, …". */
const cpuText = (cpu: Record<string, number>) => Object.entries(cpu).filter(([p]) => p !== 'idle').map(([p, v]) => `${p} ${v}`).join(', ');

function importRows(imp: ImportFigures): Row[] {
  const kind = imp.format === 'csv' ? 'CSV' : 'XLSX';
  return [
    [`${kind} import of ${n(imp.rows)} rows as the clerk (batches of ${imp.batchSize}, ${imp.concurrency} in flight)`, '', `applied ${n(imp.applied)}, refused ${n(imp.errors)}`],
    [`build the ${kind} (not the app)`, s(imp.buildXlsxSeconds), `${round(imp.fileMb)} MB`],
    ['parseFile', s(imp.parseSeconds), `${n(imp.rows / imp.parseSeconds)} rows/s`],
    ['checkRows (cell checks, reference lookup)', s(imp.checkCellsSeconds), `${n(imp.rows / imp.checkCellsSeconds)} rows/s`],
    ['dry run (apply_rows dry_run)', s(imp.dryRunSeconds), `${n(imp.dryRunRowsPerSecond)} rows/s`],
    ['commit (apply_rows)', s(imp.commitSeconds), `${n(imp.commitRowsPerSecond)} rows/s`],
    ['importRows total (checks + dry run + commit)', s(imp.totalSeconds), `${n(imp.totalRowsPerSecond)} rows/s`],
    ...(imp.cpuSeconds
      ? ([
          ['  CPU seconds in the dry run, idle', s(imp.cpuSeconds.dryRun.idle ?? Number.NaN), cpuText(imp.cpuSeconds.dryRun)],
          ['  CPU seconds in the commit, idle', s(imp.cpuSeconds.commit.idle ?? Number.NaN), cpuText(imp.cpuSeconds.commit)],
        ] as Row[])
      : []),
  ];
}

function exportRows(e: ExportFigures): Row[] {
  return [
    [`XLSX export of ${n(e.rows)} rows x ${e.columns} columns as the clerk`, '', e.builtIn],
    ['export total (request to last byte)', s(e.seconds), `${n(e.rowsPerSecond)} rows/s, ${round(e.fileMb)} MB, ${n(e.rowsInFile)} rows read back`],
    ['RSS of the building process: before / peak / growth', `${n(e.rssBeforeMb)} / ${n(e.peakRssMb)} / ${n(e.rssGrowthMb)} MB`, 'VmRSS sampled every 50 ms'],
  ];
}

function loadRows(l: LoadFigures): Row[] {
  const t = (x: LoadFigures['all']) => `${n(x.p50Ms)} / ${n(x.p95Ms)} / ${n(x.p99Ms)} ms`;
  return [
    [`${n(l.clerks)} clerks (${l.departments.join(', ')}), a page every ${l.readEveryMs / 1000} s and a new request every ${l.writeEveryMs / 1000} s, ${l.seconds} s`, '', `setup ${s(l.setupSeconds)}`],
    [`reads (${n(l.reads.calls)}) p50 / p95 / p99`, t(l.reads), `max ${ms(l.reads.maxMs)}`],
    [`writes via apply_rows (${n(l.writes.calls)}) p50 / p95 / p99`, t(l.writes), `max ${ms(l.writes.maxMs)}`],
    [`all calls (${n(l.all.calls)}) p50 / p95 / p99`, t(l.all), `errors ${n(l.errors)}`],
    ['CPU seconds in the minute (2 cores), idle', l.cpuSeconds ? s(l.cpuSeconds.idle) : 'n/a', cpuText(l.cpuSeconds ?? {})],
    [`first page as a clerk of ${l.emptyDepartmentPage.department}, which holds none of the rows (${n(l.emptyDepartmentPage.calls)} in turn) p50 / p95`, `${n(l.emptyDepartmentPage.p50Ms)} / ${n(l.emptyDepartmentPage.p95Ms)} ms`, 'RLS refuses row after row down the sort index (target p95 ≤ 50 ms)'],
    [`newest rows dealt round the departments before the crowd`, n(l.spreadRecentRows), 'the seed puts every row in KF1'],
    ['writes confirmed / rows found / lost / doubled', `${n(l.verify.confirmed)} / ${n(l.verify.found)} / ${n(l.verify.lost)} / ${n(l.verify.doubled)}`, `found without a confirmation: ${n(l.verify.unconfirmedFound)}`],
  ];
}

function liveRows(l: LiveGridFigures): Row[] {
  return [
    [`Live: ${n(l.edits)} edits committed, each seen in the manager's grid in Chromium (Realtime)`, '', l.target],
    ['seen / p50 / p95 / max', `${n(l.seen)} / ${[l.p50Ms, l.p95Ms, l.maxMs].map((v) => (v === null ? '–' : ms(v))).join(' / ')}`, 'commit → the value in the other browser\'s grid'],
  ];
}

function realtimeRows(rt: RealtimeFanoutFigures): Row[] {
  return [
    [`Realtime: ${n(rt.subscribers)} subscribers (${rt.distinctPeople} people) on customers, ${n(rt.writes)} inserts`, '', 'commit_timestamp -> supabase-js callback'],
    ['delivery latency p50 / p95 / max', `${n(rt.latencyMs.p50)} / ${n(rt.latencyMs.p95)} / ${n(rt.latencyMs.max)} ms`, 'target p95 ≤ 1000 ms (issue 19)'],
    ['delivered / expected', `${n(rt.deliveries)} / ${n(rt.expectedDeliveries)}`, `missing ${n(rt.missing)}, not readable ${n(rt.unexpected)}, duplicates ${n(rt.duplicates)}`],
    ['writes/s achieved; subscribers a write reached', `${round(rt.writesPerSecond, 1)}; ${round(rt.fanOutPerWrite, 1)}`, ''],
  ];
}

/** Each key figure beside its target and the previous run's figure. */
function targetRows(r: BenchReport, previous: HistoryLine | null): Row[] {
  const now = figuresOf(r);
  const rows: Row[] = [[`Key figures: target and previous run${previous ? ` (${previous.finishedAt.slice(0, 16)}, ${n(previous.rows)} rows)` : ' (none yet)'}`, '', '']];
  for (const f of keyFigures) {
    const value = now[f.key];
    if (value === null) continue;
    const before = previous?.figures[f.key];
    const target = f.target?.max !== undefined ? `<= ${unitText(f.unit, f.target.max)}` : f.target?.equals !== undefined ? `= ${unitText(f.unit, f.target.equals)}` : '';
    const met = meetsTarget(f, value);
    const verdict = met === null ? '' : met ? 'met' : 'MISSED';
    const change = before === undefined || before === null ? 'previous: n/a' : `previous: ${unitText(f.unit, before)}`;
    rows.push([f.label, unitText(f.unit, value), [target && `target ${target} ${verdict}`, change].filter(Boolean).join('; ')]);
  }
  return rows;
}

/** Issue 18's reading figures, each with its target. */
function seekRows(r: BenchReport): Row[] {
  const k = r.seek;
  if (!k) return [];
  const { grid } = r;
  const t = (x: { p50Ms: number; p95Ms: number }) => `${n(x.p50Ms)} / ${n(x.p95Ms)} ms`;
  return [
    ['Reading at any depth (seek pages, clerk, RLS on)', '', k.note],
    ...k.scenarios.map((s): [string, string, string] => [`  ${s.name} (${n(s.rows)} rows, ${s.depths} depths) p50/p95`, t(s.gateway), `floor ${t(s.floor)}; service_role ${t(s.serviceRole)}`]),
    ['all seek pages: gateway p50 / p95', t(k.all.gateway), `target p95 ≤ 50 ms`],
    ['all seek pages: floor in Postgres p50 / p95', t(k.all.floor), `gateway − floor at p95: ${n(k.all.gatewayOverFloorP95Ms)} ms (target ≤ 10)`],
    ['all seek pages: as PostgREST sends it, in Postgres p50 / p95', t(k.all.postgrestSql), 'its settings + the page as one JSON value: the rest of the gateway − floor is HTTP (gateway, PostgREST)'],
    ['all seek pages: service_role p50 / p95', t(k.all.serviceRole), `RLS on / off at p95: ${round(k.all.gateway.p95Ms / k.all.serviceRole.p95Ms, 2)}`],
    [`jump to row ${n(k.jump.target)}: sample + page (API)`, `${n(k.jump.sampleMs)} + ${n(k.jump.pageMs)} ms`, `landed at row ${n(k.jump.landedAt)} (${n(k.jump.offByRows)} rows off: the sample's blocks)`],
    ...(grid
      ? ([
        ['grid: Ctrl+End -> last rows visible', grid.ctrlEndMedianMs === null ? 'n/a' : ms(grid.ctrlEndMedianMs), 'target ≤ 300 ms'],
        ['grid, cold context: sign-in page usable', ms(grid.coldLoginMs), 'target ≤ 2 s'],
        ['grid, cold context: register route first rows', ms(grid.coldFirstRowsMs), 'target ≤ 1 s'],
        ] as Row[])
      : []),
    [`count ${k.count.filter}: exact clerk / service_role`, `${n(k.count.clerkExactMs)} / ${n(k.count.serviceRoleExactMs)} ms`, `${round(k.count.clerkOverService, 1)}× (target ≤ 1.5× or "≈")`],
    [`count ${k.count.filter}: "≈" from the sample`, ms(k.count.estimateMs), `${n(k.count.estimate)} vs ${n(k.count.truth)}: ${round(k.count.estimateErrorPct, 2)}% (target within 5%); planner ${n(k.count.plannerEstimate)} (${round(k.count.plannerErrorPct, 1)}%)`],
    ['count, whole register: exact clerk / service_role', `${n(k.count.unfilteredClerkExactMs)} / ${n(k.count.unfilteredServiceRoleExactMs)} ms`, `"≈" ${n(k.count.unfilteredEstimate)} vs ${n(k.count.unfilteredTruth)}: ${round(k.count.unfilteredEstimateErrorPct, 2)}%`],
    [`register_metadata() as the clerk (${k.metadata.registers} registers)`, ms(k.metadata.clerkMs), `median of ${k.metadata.runs.length}; was 370–430 ms`],
  ];
}

function planRows(p: PlanFigures): Row[] {
  return [
    ['What limits (EXPLAIN ANALYZE, one connection)', '', `plans in ${p.file}`],
    ['first page, clerk of a department holding none of the rows', ms(p.emptyDepartmentPage.ms), `${n(p.emptyDepartmentPage.rowsRefused)} rows refused by the policy down the sort index; the clerk reading every row: ${ms(p.everyRowPage.ms)}`],
    ['exact count of 报修: clerk / owner', `${ms(p.count.clerkMs)} / ${ms(p.count.ownerMs)}`, `${round(p.count.ratio, 1)}×: the policy per row`],
    [`seek page at depth ${n(p.seekAtDepth.depth)}, clerk`, ms(p.seekAtDepth.ms), 'in Postgres'],
    ['new request, per row: INSERT / apply_rows dry run / committed', `${n(p.applyRowsPerRowUs.bareInsert)} / ${n(p.applyRowsPerRowUs.dryRun)} / ${n(p.applyRowsPerRowUs.commit)} µs`, Object.entries(p.insertPerRowUs).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
}

export function printTable(r: BenchReport, previous: HistoryLine | null = null): void {
  const { seed } = r;
  const rows: Row[] = [
    ['Setup', '', ''],
    ['stack start (own temporary folder, free ports)', s(r.stack.startSeconds), ''],
    [`seed ${n(seed.rows)} service_requests`, s(seed.seconds), `${n(seed.rows / seed.seconds)} rows/s; triggers off (session_replication_role = replica)`],
    ['vacuum (analyze) / table size', s(seed.analyzeSeconds), `${n(seed.tableMb)} MB table, ${n(seed.totalMb)} MB with indexes`],
    ['app build (vite build)', s(r.stack.appBuildSeconds), ''],
    ...(r.grid ? gridRows(r.grid, r.api) : []),
    ...(r.api ? apiRows(r.api) : []),
    ...seekRows(r),
    ...(r.plans ? planRows(r.plans) : []),
    ...(r.import ? importRows(r.import) : []),
    ...(r.csvImport ? importRows(r.csvImport) : []),
    ...(r.export ? exportRows(r.export) : []),
    ...(r.load ? loadRows(r.load) : []),
    ...(r.live ? liveRows(r.live) : []),
    ...(r.realtime ? realtimeRows(r.realtime) : []),
    ...targetRows(r, previous),
    ['Whole bench', s(r.benchSeconds), `${r.machine.cpus} CPUs, ${r.machine.memoryGb} GB, Node ${r.machine.node}, ${r.machine.chromium}`],
  ];
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map(([figure, value, note]) =>
    value === '' && note === '' ? `\n${figure}` : value === '' ? `\n${figure}  (${note})` : `  ${figure.padEnd(widths[0])}  ${value.padStart(widths[1])}  ${note}`,
  );
  process.stdout.write(`\nTaizhang bench: register service_requests with ${n(seed.rows)} rows${lines.join('\n')}\n`);
  for (const imp of [r.import, r.csvImport]) for (const error of imp?.firstErrors ?? []) process.stdout.write(`  import refusal: ${error}\n`);
  for (const error of r.load?.firstErrors ?? []) process.stdout.write(`  load error: ${error}\n`);
}
