// The monthly reports as an XLSX workbook with Chinese headers (exceljs), one sheet per report.
import type { ReportRow } from './report-rows';

export async function reportWorkbook(month: string, reports: { kind: string; rows: ReportRow[] }[], headers: [string, string, string]): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '台账';
  for (const report of reports) {
    const sheet = workbook.addWorksheet(report.kind.slice(0, 31));
    sheet.addRow([`${report.kind}（${month}）`]);
    sheet.addRow(headers).font = { bold: true };
    for (const row of report.rows) sheet.addRow([row.group, row.item, row.value]);
    sheet.columns.forEach((column) => (column.width = 24));
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}
