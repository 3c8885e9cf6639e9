import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { errorReport } from './error-report';

describe('the import error report', () => {
  it('lists every refused cell with its row, column, content and reason under Chinese headers', async () => {
    const blob = await errorReport([
      { row: 4, column: 'phone', label: '电话', text: '12345', message: '电话：电话格式不正确' },
      { row: 7, column: null, label: '', text: '', message: '无权执行此操作：数据库拒绝了这次修改' },
    ]);
    expect(blob.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await blob.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('错误');
    expect(sheet.getRow(1).values).toEqual([undefined, '行号', '列', '内容', '错误']);
    expect(sheet.getRow(2).values).toEqual([undefined, 4, '电话', '12345', '电话：电话格式不正确']);
    expect(sheet.getRow(3).values).toEqual([undefined, 7, '', '', '无权执行此操作：数据库拒绝了这次修改']);
    expect(sheet.rowCount).toBe(3);
  });
});
