// The bench's key figures, each with its target (issue 18), kept one line per run in
// tests/bench/history.jsonl (committed) so that the next run prints the previous figure beside
// its own and a regression shows. Add a figure: one line in `keyFigures`.
import fs from 'node:fs/promises';
import path from 'node:path';

/** A figure worth keeping: where it is in the report, its unit and its target (at most / exactly). */
export type KeyFigure = { key: string; label: string; unit: 'ms' | 's' | 'MB' | 'count' | 'ratio'; target?: { max?: number; equals?: number }; value: (r: unknown) => unknown };

const at = (r: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);

export const keyFigures: KeyFigure[] = [
  { key: 'api.clerk.p95Ms', label: 'API page as the clerk, p95', unit: 'ms', target: { max: 50 }, value: (r) => at(r, 'api', 'clerk', 'p95Ms') },
  { key: 'seek.gateway.p95Ms', label: 'seek page at any depth as the clerk (gateway), p95', unit: 'ms', target: { max: 50 }, value: (r) => at(r, 'seek', 'all', 'gateway', 'p95Ms') },
  { key: 'seek.overFloor.p95Ms', label: 'seek page: gateway minus the same query in Postgres, p95', unit: 'ms', target: { max: 10 }, value: (r) => at(r, 'seek', 'all', 'gatewayOverFloorP95Ms') },
  { key: 'seek.countEstimateErrorPct', label: 'clerk count "≈" from the sample: error (%)', unit: 'ratio', target: { max: 5 }, value: (r) => absolute(at(r, 'seek', 'count', 'estimateErrorPct')) },
  { key: 'seek.metadataMs', label: 'register_metadata() as the clerk', unit: 'ms', value: (r) => at(r, 'seek', 'metadata', 'clerkMs') },
  { key: 'grid.coldFirstRowsMs', label: 'cold context: register route first rows', unit: 'ms', target: { max: 1000 }, value: (r) => at(r, 'grid', 'coldFirstRowsMs') },
  { key: 'grid.coldLoginMs', label: 'cold context: sign-in page usable', unit: 'ms', target: { max: 2000 }, value: (r) => at(r, 'grid', 'coldLoginMs') },
  { key: 'grid.ctrlEndMedianMs', label: 'grid: Ctrl+End, last rows visible', unit: 'ms', target: { max: 300 }, value: (r) => at(r, 'grid', 'ctrlEndMedianMs') },
  { key: 'grid.firstRowsMedianMs', label: 'grid: first rows after navigating (menu click in the app)', unit: 'ms', target: { max: 500 }, value: (r) => at(r, 'grid', 'firstRowsMedianMs') },
  { key: 'grid.reloadFirstRowsMedianMs', label: 'grid: first rows after a full page reload (no target of its own)', unit: 'ms', value: (r) => at(r, 'grid', 'reloadFirstRowsMedianMs') },
  { key: 'grid.jumpMedianMs', label: 'grid: jump to row 500,000', unit: 'ms', target: { max: 300 }, value: (r) => at(r, 'grid', 'jumpMedianMs') },
  { key: 'import.totalSeconds', label: 'XLSX import (parse, checks, dry run, commit)', unit: 's', target: { max: 20 }, value: (r) => importTotal(at(r, 'import')) },
  { key: 'import.dryRunSeconds', label: 'XLSX import: dry run', unit: 's', value: (r) => at(r, 'import', 'dryRunSeconds') },
  { key: 'import.commitSeconds', label: 'XLSX import: commit', unit: 's', value: (r) => at(r, 'import', 'commitSeconds') },
  { key: 'csvImport.totalSeconds', label: 'CSV import (parse, checks, dry run, commit)', unit: 's', target: { max: 20 }, value: (r) => importTotal(at(r, 'csvImport')) },
  { key: 'export.seconds', label: 'XLSX export (streamed)', unit: 's', target: { max: 10 }, value: (r) => at(r, 'export', 'seconds') },
  { key: 'export.rssGrowthMb', label: 'XLSX export: RSS growth of the building process', unit: 'MB', value: (r) => at(r, 'export', 'rssGrowthMb') },
  { key: 'export.peakRssMb', label: 'XLSX export: peak RSS of the building process', unit: 'MB', value: (r) => at(r, 'export', 'peakRssMb') },
  { key: 'load.p95Ms', label: 'clerks under load: p95 of every call', unit: 'ms', target: { max: 200 }, value: (r) => at(r, 'load', 'all', 'p95Ms') },
  { key: 'load.emptyDepartmentPageP95Ms', label: 'first page as a clerk of a department holding none of the rows, p95', unit: 'ms', target: { max: 50 }, value: (r) => at(r, 'load', 'emptyDepartmentPage', 'p95Ms') },
  { key: 'load.errors', label: 'clerks under load: errors', unit: 'count', target: { equals: 0 }, value: (r) => at(r, 'load', 'errors') },
  { key: 'live.p95Ms', label: 'live: an edit seen in another browser, p95', unit: 'ms', target: { max: 1000 }, value: (r) => at(r, 'live', 'p95Ms') },
  { key: 'live.unseen', label: 'live: edits never seen in the other browser', unit: 'count', target: { equals: 0 }, value: (r) => unseen(at(r, 'live')) },
  { key: 'load.lostOrDoubled', label: 'clerks under load: rows lost or doubled', unit: 'count', target: { equals: 0 }, value: (r) => lostOrDoubled(at(r, 'load', 'verify')) },
  { key: 'realtime.p95Ms', label: 'realtime: commit -> subscriber, p95', unit: 'ms', target: { max: 1000 }, value: (r) => at(r, 'realtime', 'latencyMs', 'p95') },
  { key: 'realtime.p50Ms', label: 'realtime: commit -> subscriber, p50', unit: 'ms', value: (r) => at(r, 'realtime', 'latencyMs', 'p50') },
  { key: 'realtime.deliveries', label: 'realtime: changes delivered', unit: 'count', value: (r) => at(r, 'realtime', 'deliveries') },
  { key: 'realtime.expectedDeliveries', label: 'realtime: changes expected (readable by the subscriber)', unit: 'count', value: (r) => at(r, 'realtime', 'expectedDeliveries') },
  { key: 'realtime.missedOrWrong', label: 'realtime: missing, duplicated or not readable', unit: 'count', target: { equals: 0 }, value: (r) => missedOrWrong(at(r, 'realtime')) },
  { key: 'realtime.writesPerSecond', label: 'realtime: writes/s achieved', unit: 'ratio', value: (r) => at(r, 'realtime', 'writesPerSecond') },
  { key: 'realtime.subscribers', label: 'realtime: subscribers', unit: 'count', value: (r) => at(r, 'realtime', 'subscribers') },
  { key: 'realtime.people', label: 'realtime: distinct people among them (one RLS check each)', unit: 'count', value: (r) => at(r, 'realtime', 'distinctPeople') },
];

const absolute = (v: unknown): number | undefined => (typeof v === 'number' ? Math.abs(v) : undefined);

/** Parsing the file counts: the person waits for it too. */
function importTotal(imp: unknown): number | undefined {
  const i = imp as { parseSeconds?: number; totalSeconds?: number } | undefined;
  return i?.totalSeconds === undefined ? undefined : (i.parseSeconds ?? 0) + i.totalSeconds;
}

function unseen(live: unknown): number | undefined {
  const l = live as { edits?: number; seen?: number } | undefined;
  return l?.edits === undefined ? undefined : l.edits - (l.seen ?? 0);
}

function lostOrDoubled(verify: unknown): number | undefined {
  const v = verify as { lost?: number; doubled?: number } | undefined;
  return v?.lost === undefined ? undefined : v.lost + (v.doubled ?? 0);
}

function missedOrWrong(rt: unknown): number | undefined {
  const v = rt as { missing?: number; unexpected?: number; duplicates?: number } | undefined;
  return v?.missing === undefined ? undefined : v.missing + (v.unexpected ?? 0) + (v.duplicates ?? 0);
}

/** `only`: the parts a partial run (BENCH_ONLY) measured; empty for a whole run. */
export type HistoryLine = { finishedAt: string; rows: number; importRows?: number; only?: string[]; note?: string; figures: Record<string, number | null> };

export const historyFile = path.resolve('tests/bench/history.jsonl');

export function figuresOf(report: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const f of keyFigures) {
    const v = f.value(report);
    out[f.key] = typeof v === 'number' && Number.isFinite(v) ? Number(v.toFixed(f.unit === 'ms' || f.unit === 'count' ? 0 : 2)) : null;
  }
  return out;
}

/**
 * The previous runs as one line: each figure from the latest run that measured it (a partial run,
 * BENCH_ONLY, leaves the others to the runs before it); the date is the latest run's.
 */
export async function previousRun(file = historyFile): Promise<HistoryLine | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const runs: HistoryLine[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    try {
      runs.push(JSON.parse(line) as HistoryLine);
    } catch {
      // a damaged line: the others still count
    }
  }
  if (runs.length === 0) return null;
  const figures: Record<string, number | null> = {};
  for (const run of runs) for (const [key, value] of Object.entries(run.figures)) if (value !== null) figures[key] = value;
  return { ...runs[runs.length - 1], figures };
}

export async function appendRun(line: HistoryLine, file = historyFile): Promise<void> {
  await fs.appendFile(file, `${JSON.stringify(line)}\n`);
}

export const meetsTarget = (f: KeyFigure, value: number | null): boolean | null => {
  if (value === null || !f.target) return null;
  if (f.target.max !== undefined) return value <= f.target.max;
  if (f.target.equals !== undefined) return value === f.target.equals;
  return null;
};

export const unitText = (unit: KeyFigure['unit'], value: number): string =>
  unit === 'count' || unit === 'ratio' ? value.toLocaleString('en') : `${value.toLocaleString('en')} ${unit}`;
