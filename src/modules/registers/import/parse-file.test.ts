import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, parseFile } from './parse-file';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('reading an import file', () => {
  it('reads a UTF-8 CSV saved by Excel (with BOM), quoted commas and line breaks, keeping blank rows in place', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('客户名称,电话 ,备注\r\n华为,13800138000,"一, 二"\r\n,,\r\n中兴,010-12345678,"第一行\n第二行"\r\n,,\r\n')]);
    const parsed = await parseFile(bytes.buffer);
    expect(parsed.headers).toEqual(['客户名称', '电话', '备注']);
    expect(parsed.rows).toEqual([
      ['华为', '13800138000', '一, 二'],
      ['', '', ''],
      ['中兴', '010-12345678', '第一行\n第二行'],
    ]);
  });

  it('reads a CSV without BOM, and one saved in GBK by Excel on Chinese Windows', async () => {
    expect((await parseFile(new Blob([utf8('名称\n甲\n')]))).rows).toEqual([['甲']]);
    // "客户,电话\n华为,1" in GBK
    const gbk = new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0a, 0xbb, 0xaa, 0xce, 0xaa, 0x2c, 0x31, 0x0a]);
    expect(await parseFile(gbk.buffer)).toEqual({ headers: ['客户', '电话'], rows: [['华为', '1']] });
  });

  it('pads short rows to the header width', async () => {
    expect((await parseFile(new Blob([utf8('a,b,c\n1\n')]))).rows).toEqual([['1', '', '']]);
  });

  it('reads an XLSX as Excel shows it: dates, times, plain numbers, rich text, links and formula results', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('客户');
    sheet.addRow(['客户名称', '首次接触', '备案期限', '电话', '金额', '备注', '合计', '网址', '来访']);
    sheet.addRow([
      { richText: [{ text: '华为', font: { bold: true } }, { text: '技术' }] },
      new Date(Date.UTC(2026, 10, 23, 14, 30)),
      new Date(Date.UTC(2026, 10, 30)),
      13800138000,
      0.1 + 0.2,
      null,
      { formula: 'D2*2', result: 27600276000 },
      { text: '官网', hyperlink: 'https://example.com' },
      true,
    ]);
    sheet.addRow([]);
    const buffer = (await book.xlsx.writeBuffer()) as ArrayBuffer;
    const parsed = await parseFile(buffer);
    expect(parsed.headers).toEqual(['客户名称', '首次接触', '备案期限', '电话', '金额', '备注', '合计', '网址', '来访']);
    expect(parsed.rows).toEqual([['华为技术', '2026-11-23 14:30', '2026-11-30', '13800138000', '0.3', '', '27600276000', '官网', 'true']]);
  });

  it('turns each kind of Excel cell into its text', () => {
    expect(cellText({ sharedFormula: 'A1', result: new Date(Date.UTC(2026, 0, 2)) })).toBe('2026-01-02');
    expect(cellText({ formula: 'A1/0', result: { error: '#DIV/0!' } })).toBe('#DIV/0!');
    expect(cellText(new Date(Date.UTC(2026, 0, 2, 8, 0, 59, 999)))).toBe('2026-01-02 08:01');
    expect(cellText(new Date(Date.UTC(2026, 0, 2, 8, 0, 15)))).toBe('2026-01-02 08:00:15');
    expect(cellText(undefined)).toBe('');
  });
});
