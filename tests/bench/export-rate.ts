// XLSX export of the clerk's service requests as the export button runs it: the view's query
// (server-export.ts), then the export-xlsx Edge Function, which reads pages as the clerk (RLS on)
// and streams the workbook. The functions process's memory (VmRSS from /proc) is sampled while it
// works, to show that it stays flat whatever the row count.
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import type { AppModules } from './app-modules.ts';
import { cpuOfParts, partPids } from './part-cpu.ts';

export type ExportFigures = {
  rows: number;
  rowsInFile: number;
  columns: number;
  seconds: number;
  rowsPerSecond: number;
  fileMb: number;
  builtIn: string;
  /** Resident memory of the process that builds the workbook: before, peak while exporting, growth. */
  rssBeforeMb: number;
  peakRssMb: number;
  rssGrowthMb: number;
  /** CPU seconds each part of the stack spent during the export (Postgres: its backends): where the time goes. */
  cpuSeconds: Record<string, number>;
};

const mb = (bytes: number) => bytes / 1048576;

async function rssOf(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

export async function measureExport(app: AppModules, stack: { apiUrl: string; anonKey: string; dataDir: string }, rows: number): Promise<ExportFigures> {
  const { supabaseClient } = app.supabaseClient;
  const clerk = demoAccounts.find((a) => a.key === 'clerk')!;
  const { data: session, error } = await supabaseClient.auth.signInWithPassword({ email: clerk.email, password: demoPassword });
  if (error || !session.session) throw new Error(`sign-in as the clerk failed: ${error?.message}`);
  const register = (await app.registers.fetchRegisters()).find((r) => r.name === 'service_requests');
  if (!register) throw new Error('the clerk cannot see the service_requests register');
  // The columns a kind the server writes: the register's own (not the bookkeeping ones).
  const columns = register.columns.filter((c) => !c.bookkeeping && app.exportView.serverColumns([c], 'zh') !== null);
  const query = await app.serverExport.viewQuery(register.name, columns, [], [{ field: 'received_at', order: 'desc' }, { field: 'id', order: 'desc' }]);

  const pids = await partPids(stack.dataDir);
  const pid = pids.functions;
  const parts = ['functions', 'postgres', 'postgrest', 'gateway'];
  const cpuBefore = await cpuOfParts(pids, parts);
  const rssBefore = await rssOf(pid);
  let peak = rssBefore;
  const sampler = setInterval(() => void rssOf(pid).then((r) => (peak = Math.max(peak, r))), 50);
  const started = performance.now();
  let blob: Blob | null;
  try {
    blob = await app.exportView.exportOnServer({ register, columns, query, apiUrl: stack.apiUrl, anonKey: stack.anonKey, accessToken: session.session.access_token, language: 'zh', limit: rows });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, await rssOf(pid));
  const cpuAfter = await cpuOfParts(pids, parts);
  const cpuSeconds = Object.fromEntries(Object.keys(cpuAfter).map((p) => [p, Math.round((cpuAfter[p] - cpuBefore[p]) * 100) / 100]));
  await supabaseClient.auth.signOut();
  if (!blob) throw new Error('the server does not write one of the columns');
  // The file is read back (streaming reader) to count its rows: a broken stream would show here.
  let rowsInFile = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(await blob.arrayBuffer())]), {});
  for await (const sheet of reader) for await (const row of sheet) if (row) rowsInFile += 1;
  return {
    rows,
    rowsInFile: rowsInFile - 1,
    columns: columns.length,
    seconds,
    rowsPerSecond: rows / seconds,
    fileMb: mb(blob.size),
    builtIn: 'export-xlsx Edge Function (Deno), exceljs streaming WorkbookWriter; pages of 1000 read as the clerk by seeking (keyset), 4 read ahead',
    cpuSeconds,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peak),
    rssGrowthMb: mb(peak - rssBefore),
  };
}
