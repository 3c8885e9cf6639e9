// The streamed XLSX export (issue 18): the export-xlsx Edge Function reads the view's pages as the
// person who asks, so RLS decides which rows go into the file; references are named, numbers and
// times are Excel's own, and a request without a signed-in person gets no file.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { departmentIds, unique } from '../support/ids.ts';
import { recordRequest } from '../support/requests.ts';
import { stackEnv } from '../support/stack.ts';

const columns = [
  { name: 'code', header: '工单号', width: 14, cell: { type: 'text' } },
  { name: 'kind', header: '类型', width: 8, cell: { type: 'text' } },
  { name: 'received_at', header: '受理时间', width: 18, numFmt: 'yyyy-mm-dd hh:mm', cell: { type: 'datetime' } },
  { name: 'content', header: '内容', width: 30, cell: { type: 'text' } },
  { name: 'department_id', header: '责任部门', width: 10, cell: { type: 'reference', table: 'departments', display: 'name' } },
  { name: 'cost', header: '费用', width: 10, numFmt: '#,##0.00', cell: { type: 'number' } },
];

async function exportAs(token: string | null, query: string, table = 'service_requests'): Promise<{ status: number; rows: unknown[][]; numFmt?: string }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/export-xlsx`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), apikey: stackEnv().ANON_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ table, sheet: '服务工单', query, columns }),
  });
  if (!response.ok) return { status: response.status, rows: [] };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { status: response.status, rows, numFmt: sheet.getRow(2).getCell(3).numFmt };
}

describe('exporting a view on the server', () => {
  it('writes only the rows the person may read, with references named and times as Excel times', async () => {
    const tag = unique('导出');
    const mine = await recordRequest('clerk', { kind: '报修', content: `${tag} 一部的工单`, cost: 12.5 });
    await recordRequest('clerk2', { kind: '咨询', content: `${tag} 二部的工单`, department_id: departmentIds.KF2 });
    const token = (await mine.client.auth.getSession()).data.session!.access_token;
    const query = `select=${columns.map((c) => c.name).join(',')}&content=like.${encodeURIComponent(`${tag}*`)}&order=received_at.desc,id.desc`;

    const exported = await exportAs(token, query);
    expect(exported.status).toBe(200);
    expect(exported.rows[0]).toEqual(columns.map((c) => c.header));
    // Only the clerk's own department's request: 客服二部's is not his to read.
    expect(exported.rows).toHaveLength(2);
    const [code, kind, receivedAt, content, department, cost] = exported.rows[1];
    expect([code, kind, content, department, cost]).toEqual([mine.row.code, '报修', `${tag} 一部的工单`, '客服一部', 12.5]);
    // Beijing wall-clock time, as Excel keeps it (the app's datetime kind writes the same).
    const beijing = new Date(new Date(String(mine.row.received_at)).getTime() + 8 * 3600_000);
    expect(receivedAt).toEqual(new Date(Math.floor(beijing.getTime() / 1000) * 1000));
    expect(exported.numFmt).toBe('yyyy-mm-dd hh:mm');
  });

  it('gives no file without a signed-in person, and refuses a register that does not exist', async () => {
    expect((await exportAs(null, 'select=code')).status).toBe(401);
    const { client } = await recordRequest('clerk', { kind: '咨询', content: unique('导出拒绝') });
    const token = (await client.auth.getSession()).data.session!.access_token;
    expect((await exportAs(token, 'select=code', 'no_such_register')).status).toBe(404);
  });
});
