// The rows an import refused, as an XLSX to download: one line per error with its file row,
// column, the cell's text and the reason, so the person can fix the file and import it again.
import { i18n } from '../../../i18n/i18n';
import { xlsxType } from '../../../utils/xlsx-type';
import type { RowError } from './validate-rows';

export async function errorReport(errors: readonly RowError[]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '台账';
  const sheet = workbook.addWorksheet(i18n.t('registers.import.report.sheet'));
  sheet.columns = [
    { header: i18n.t('registers.import.report.row'), key: 'row', width: 8 },
    { header: i18n.t('registers.import.report.column'), key: 'label', width: 20 },
    { header: i18n.t('registers.import.report.text'), key: 'text', width: 30 },
    { header: i18n.t('registers.import.report.message'), key: 'message', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const error of errors) sheet.addRow({ row: error.row, label: error.label, text: error.text, message: error.message });
  return new Blob([(await workbook.xlsx.writeBuffer()) as ArrayBuffer], { type: xlsxType });
}
