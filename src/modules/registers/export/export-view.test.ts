import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { customersFixture as customers } from '../../../../tests/fixtures/register-fixture';
import { i18n } from '../../../i18n/i18n';
import { parseFile } from '../import/parse-file';
import { validateRows } from '../import/validate-rows';
import { exportFileName, exportOnServer, exportView, serverColumns, sheetName } from './export-view';

const column = (name: string) => customers.columns.find((c) => c.name === name)!;
const kf1 = '00000000-0000-4000-a000-000000000001';
const kf2 = '00000000-0000-4000-a000-000000000002';

describe('exporting the current view', () => {
  it('writes every page of rows under the visible columns’ labels, as the grid shows them', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ name: `客户${i + 1}`, department_id: i % 2 ? kf2 : kf1, walk_in: i === 0, visits: i * 10, filing_due: '2026-11-30', notes: null }));
    const asked: [number, number][] = [];
    const looked: string[][] = [];
    const blob = await exportView({
      register: customers,
      columns: ['name', 'department_id', 'walk_in', 'visits', 'filing_due', 'notes'].map(column),
      fetchPage: async (offset, limit) => (asked.push([offset, limit]), rows.slice(offset, offset + limit)),
      displayMaps: new Map([['department_id', new Map([[kf1, '客服一部']])]]),
      lookupDisplays: async (_column, keys) => (looked.push(keys), new Map([[kf2, '客服二部']])),
      language: 'zh-CN',
      pageSize: 2,
    });
    expect(asked).toEqual([[0, 2], [2, 2], [4, 2]]);
    expect(looked).toEqual([[kf2]]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await blob.arrayBuffer());
    const sheet = book.getWorksheet('客户档案');
    expect(sheet?.getRow(1).values).toEqual([undefined, '客户名称', '所属部门', '来访新客户（轮流接待）', '拜访次数', '备案期限', '备注']);
    // Numbers and dates as Excel's own, so that it can add and sort them.
    expect(sheet?.getRow(2).values).toEqual([undefined, '客户1', '客服一部', '是', 0, new Date(Date.UTC(2026, 10, 30))]);
    expect(sheet?.getRow(3).values).toEqual([undefined, '客户2', '客服二部', '否', 10, new Date(Date.UTC(2026, 10, 30))]);
    expect(sheet?.getRow(2).getCell(5).numFmt).toBe('yyyy-mm-dd');
    expect(sheet?.rowCount).toBe(6);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getColumn(3).width).toBeGreaterThanOrEqual(24);
  });

  it('labels the sheet in English for an English user and keeps sheet and file names legal', async () => {
    const blob = await exportView({ register: customers, columns: [column('name')], fetchPage: async () => [], language: 'en' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await blob.arrayBuffer());
    expect(book.worksheets[0].name).toBe('Customers');
    expect(book.worksheets[0].getRow(1).values).toEqual([undefined, 'Name']);
    expect(sheetName('投诉/建议 [2026]')).toBe('投诉 建议  2026');
    expect(exportFileName(customers, 'zh-CN', new Date(2026, 10, 3))).toBe('客户档案-2026-11-03.xlsx');
  });

  it('writes what import reads back as the same values: dates, times, money, options in either language, yes/no', async () => {
    const money = { ...column('visits'), name: 'cost', kind: 'money' as const, dataType: 'numeric(12,2)', labelZh: '费用', labelEn: 'Cost' };
    const columns = [column('name'), column('category'), column('walk_in'), column('first_contact_at'), column('filing_due'), money];
    // (department not required: the rows are new and the file has no department)
    const register = { ...customers, columns: [...customers.columns.map((c) => ({ ...c, required: false })), money] };
    const row = { name: '华为', category: '重点客户', walk_in: true, first_contact_at: new Date(2026, 10, 23, 14, 30).toISOString(), filing_due: '2026-11-30', cost: 1234.5 };
    for (const language of ['zh-CN', 'en']) {
      await i18n.changeLanguage(language);
      const blob = await exportView({ register, columns, fetchPage: async (offset) => (offset === 0 ? [row] : []), language });
      const parsed = await parseFile(new Uint8Array(await blob.arrayBuffer()));
      const result = validateRows(parsed, columns.map((c) => c.name), register);
      expect(result.errors).toEqual([]);
      expect(result.rows[0].values).toEqual(row);
    }
    await i18n.changeLanguage('zh-CN');
  });

  it('asks the server to stream the view, telling it each column’s label and how its kind is written', async () => {
    await i18n.changeLanguage('zh-CN');
    const columns = ['name', 'department_id', 'walk_in', 'visits', 'filing_due'].map(column);
    const described = serverColumns(columns, 'zh-CN');
    expect(described?.map((c) => [c.name, c.header, c.cell, c.numFmt])).toEqual([
      ['name', '客户名称', { type: 'text' }, undefined],
      ['department_id', '所属部门', { type: 'reference', table: 'departments', display: 'name' }, undefined],
      ['walk_in', '来访新客户（轮流接待）', { type: 'labels', labels: { true: '是', false: '否' } }, undefined],
      ['visits', '拜访次数', { type: 'number' }, '0'],
      ['filing_due', '备案期限', { type: 'date' }, 'yyyy-mm-dd'],
    ]);
    const sent: { url: string; body: Record<string, unknown>; headers: Record<string, string> }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init.body)) as Record<string, unknown>, headers: init.headers as Record<string, string> });
      return new Response(new Uint8Array([80, 75, 3, 4]), { status: 200 });
    }) as unknown as typeof fetch;
    const blob = await exportOnServer({ register: customers, columns, query: 'select=name&order=name.asc', apiUrl: 'http://api', accessToken: 'jwt', anonKey: 'anon', language: 'zh-CN', fetchImpl });
    expect(blob?.size).toBe(4);
    expect(sent[0].url).toBe('http://api/functions/v1/export-xlsx');
    expect(sent[0].headers.authorization).toBe('Bearer jwt');
    // The register's key, so that the server's pages seek through an order that ends with it.
    expect(sent[0].body).toMatchObject({ table: 'customers', sheet: '客户档案', query: 'select=name&order=name.asc', key: customers.keyColumn });
    // A kind the server does not write (a month) leaves the export to the browser.
    expect(serverColumns([{ ...column('filing_due'), kind: 'month' }], 'zh-CN')).toBeNull();
    expect(await exportOnServer({ register: customers, columns: [{ ...column('filing_due'), kind: 'month' }], query: '', apiUrl: 'http://api', accessToken: 'jwt', anonKey: 'anon', fetchImpl })).toBeNull();
  });
});
