import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reportRows } from './report-rows';
import { reportWorkbook } from './report-workbook';

describe('the monthly report export', () => {
  it('writes one sheet per report with Chinese headers and every counted value', async () => {
    const rows = reportRows({ complaints: 2, by_severity: { 一般: 1, 重大: 1 } }, (k) => ({ complaints: '投诉总数', by_severity: '按严重程度' })[k] ?? k);
    const buffer = await reportWorkbook('2026-10', [{ kind: '每月投诉情况分析', rows }], ['分组', '项目', '数量']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer);
    const sheet = book.getWorksheet('每月投诉情况分析');
    expect(sheet?.getRow(2).values).toEqual([undefined, '分组', '项目', '数量']);
    expect(sheet?.getRow(3).values).toEqual([undefined, '投诉总数', '投诉总数', 2]);
    expect(sheet?.getRow(5).values).toEqual([undefined, '按严重程度', '重大', 1]);
  });
});
