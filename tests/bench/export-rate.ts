// XLSX export of the clerk's service requests through the app's export code (exportView), as the
// export button runs it: pages of 1000 from PostgREST as the clerk (RLS on), references named,
// options labelled, then the workbook. The process's memory is sampled while it works, to show
// whether it stays flat or grows with the rows.
import type { AppModules } from './app-modules.ts';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';

export type ExportFigures = {
  rows: number;
  columns: number;
  seconds: number;
  rowsPerSecond: number;
  fileMb: number;
  /** Where the workbook is built: the export code's own process here (Node, as the browser tab would). */
  builtIn: string;
  heapBeforeMb: number;
  peakHeapMb: number;
  heapGrowthMb: number;
  rssBeforeMb: number;
  peakRssMb: number;
};

const mb = (bytes: number) => bytes / 1048576;

export async function measureExport(app: AppModules, rows: number): Promise<ExportFigures> {
  const { supabaseClient } = app.supabaseClient;
  const clerk = demoAccounts.find((a) => a.key === 'clerk')!;
  const { error } = await supabaseClient.auth.signInWithPassword({ email: clerk.email, password: demoPassword });
  if (error) throw new Error(`sign-in as the clerk failed: ${error.message}`);
  const register = (await app.registers.fetchRegisters()).find((r) => r.name === 'service_requests');
  if (!register) throw new Error('the clerk cannot see the service_requests register');
  const columns = register.columns.filter((c) => !c.bookkeeping);
  const select = columns.map((c) => c.name).join(',');

  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 50);
  const started = performance.now();
  let blob: Blob;
  try {
    blob = await app.exportView.exportView({
      register,
      columns,
      language: 'zh',
      fetchPage: async (offset, limit) => {
        const upTo = Math.min(offset + limit, rows);
        if (upTo <= offset) return [];
        const { data, error: pageError } = await supabaseClient
          .from('service_requests')
          .select(select)
          .order('received_at', { ascending: false })
          .order('id', { ascending: false })
          .range(offset, upTo - 1);
        if (pageError) throw pageError;
        return data as unknown as Record<string, unknown>[];
      },
      lookupDisplays: (column, keys) => app.referenceDisplays.referenceDisplays(column.references!.table, column.references!.display ?? 'id', keys, supabaseClient),
    });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = process.memoryUsage();
  await supabaseClient.auth.signOut();
  return {
    rows,
    columns: columns.length,
    seconds,
    rowsPerSecond: rows / seconds,
    fileMb: mb(blob.size),
    builtIn: 'the export code\'s process (exceljs Workbook in memory, written at the end)',
    heapBeforeMb: mb(before.heapUsed),
    peakHeapMb: mb(Math.max(peakHeap, after.heapUsed)),
    heapGrowthMb: mb(Math.max(peakHeap, after.heapUsed) - before.heapUsed),
    rssBeforeMb: mb(before.rss),
    peakRssMb: mb(Math.max(peakRss, after.rss)),
  };
}
