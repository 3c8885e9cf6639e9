// XLSX or CSV import through the app's own code: a file of service requests (an exceljs workbook,
// or UTF-8 CSV as Excel saves it), read by parseFile, matched by mapColumns and written by
// importRows (cell checks, the database's dry run, then the commit in batches), signed in as the clerk.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import type { AppModules } from './app-modules.ts';
import { cpuAccount } from './part-cpu.ts';

export type ImportFigures = {
  format: 'xlsx' | 'csv';
  rows: number;
  concurrency: number;
  batchSize: number;
  buildXlsxSeconds: number;
  fileMb: number;
  parseSeconds: number;
  checkCellsSeconds: number;
  dryRunSeconds: number;
  dryRunRowsPerSecond: number;
  commitSeconds: number;
  commitRowsPerSecond: number;
  totalSeconds: number;
  totalRowsPerSecond: number;
  applied: number;
  errors: number;
  firstErrors: string[];
  /** CPU seconds of each process during the dry run and the commit (the bench process runs the app's import code). */
  cpuSeconds?: { dryRun: Record<string, number>; commit: Record<string, number> };
};

const kinds = ['咨询', '报修', '求助', '建议'];
const channels = ['电话', '来访', '书面', '网络'];

const header = ['类型', '渠道', '来电/来访人', '电话', '内容', '责任部门'];
const requestRow = (i: number) => [kinds[i % kinds.length], channels[i % channels.length], `导入来电人${i}`, `139${String(i).padStart(8, '0')}`, `导入工单内容 #${i}`, '客服一部'];

async function requestFile(rows: number, format: 'xlsx' | 'csv'): Promise<Uint8Array> {
  if (format === 'csv') {
    const body = Array.from({ length: rows }, (_, k) => requestRow(k + 1));
    return new TextEncoder().encode(`\ufeff${Papa.unparse([header, ...body])}\r\n`);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('服务工单');
  sheet.addRow(header);
  for (let i = 1; i <= rows; i++) sheet.addRow(requestRow(i));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The app's own number of batches in flight, unless BENCH_IMPORT_CONCURRENCY asks for another. */
const concurrencyOf = (app: AppModules) => Number(process.env.BENCH_IMPORT_CONCURRENCY ?? app.importBatches.importConcurrency);

const seconds = (from: number, to = performance.now()) => (to - from) / 1000;

export async function measureImport(app: AppModules, rows: number, format: 'xlsx' | 'csv' = 'xlsx', stackDir?: string): Promise<ImportFigures> {
  const { supabaseClient } = app.supabaseClient;
  const clerk = demoAccounts.find((a) => a.key === 'clerk')!;
  const { error } = await supabaseClient.auth.signInWithPassword({ email: clerk.email, password: demoPassword });
  if (error) throw new Error(`sign-in as the clerk failed: ${error.message}`);
  const register = (await app.registers.fetchRegisters()).find((r) => r.name === 'service_requests');
  if (!register) throw new Error('the clerk cannot see the service_requests register');

  let mark = performance.now();
  const bytes = await requestFile(rows, format);
  const buildXlsxSeconds = seconds(mark);

  mark = performance.now();
  const parsed = await app.parseFile.parseFile(bytes);
  const parseSeconds = seconds(mark);
  const mapping = app.mapColumns.mapColumns(parsed.headers, register);
  if (mapping.includes(null)) throw new Error(`headers not matched: ${JSON.stringify(parsed.headers)} → ${JSON.stringify(mapping)}`);

  // importRows reports each phase's start through onProgress: cell checks end when the dry run starts.
  const concurrency = concurrencyOf(app);
  const started = performance.now();
  let dryRunStart = 0;
  let commitStart = 0;
  let endDryRun = () => {};
  const parts = ['postgres', 'postgrest', 'gateway', 'realtime'];
  const account = () => (stackDir ? cpuAccount(stackDir, parts) : Promise.resolve(async () => ({})));
  let dryRunCpu: Promise<Record<string, number>> = Promise.resolve({});
  let commitCpu: Promise<() => Promise<Record<string, number>>> = account();
  const result = await app.importBatches.importRows(register, parsed, mapping, {
    client: supabaseClient,
    concurrency,
    onProgress: (p) => {
      if (p.phase === 'check' && p.done === 0) {
        dryRunStart = performance.now();
        dryRunCpu = account().then((since) => new Promise((resolve) => (endDryRun = () => resolve(since()))));
      }
      if (p.phase === 'commit' && p.done === 0) {
        commitStart = performance.now();
        endDryRun();
        commitCpu = account();
      }
    },
  });
  const ended = performance.now();
  endDryRun(); // (no commit phase when every row was refused)
  const cpuSeconds = stackDir ? { dryRun: await dryRunCpu, commit: await (await commitCpu)() } : undefined;
  await supabaseClient.auth.signOut();
  const commitSeconds = seconds(commitStart, ended);
  const dryRunSeconds = seconds(dryRunStart, commitStart);
  return {
    format,
    rows: parsed.rows.length,
    concurrency,
    batchSize: app.importBatches.importBatchSize,
    buildXlsxSeconds,
    fileMb: bytes.byteLength / 1048576,
    parseSeconds,
    checkCellsSeconds: seconds(started, dryRunStart),
    dryRunSeconds,
    dryRunRowsPerSecond: result.good.length / dryRunSeconds,
    commitSeconds,
    commitRowsPerSecond: result.applied / commitSeconds,
    totalSeconds: seconds(started, ended),
    totalRowsPerSecond: result.applied / seconds(started, ended),
    applied: result.applied,
    errors: result.errors.length,
    firstErrors: result.errors.slice(0, 5).map((e) => `row ${e.row} ${e.label}: ${e.message}`),
    cpuSeconds,
  };
}
