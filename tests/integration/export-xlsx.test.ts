// The streamed XLSX export (issue 18): the export-xlsx Edge Function reads the view's pages as the
// person who asks, so RLS decides which rows go into the file (a recused manager's file lacks the
// complaint against him); references are named, numbers and times are Excel's own; pages seek
// through the view's order (ties and nulls included) without losing or doubling a row; and a
// request without a signed-in person gets no file.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { departmentIds, unique } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

const columns = [
  { name: 'code', header: '工单号', width: 14, cell: { type: 'text' } },
  { name: 'kind', header: '类型', width: 8, cell: { type: 'text' } },
  { name: 'received_at', header: '受理时间', width: 18, numFmt: 'yyyy-mm-dd hh:mm', cell: { type: 'datetime' } },
  { name: 'content', header: '内容', width: 30, cell: { type: 'text' } },
  { name: 'department_id', header: '责任部门', width: 10, cell: { type: 'reference', table: 'departments', display: 'name' } },
  { name: 'cost', header: '费用', width: 10, numFmt: '#,##0.00', cell: { type: 'number' } },
];

async function exportAs(token: string | null, query: string, table = 'service_requests', key?: string): Promise<{ status: number; rows: unknown[][]; numFmt?: string }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/export-xlsx`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), apikey: stackEnv().ANON_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ table, sheet: '服务工单', query, columns, ...(key ? { key } : {}) }),
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

  it('leaves the complaint against a manager out of his own file, while his department\'s other complaints and a colleague\'s file keep it', async () => {
    const accused = await createThrowawayOperator('manager', 'KF1');
    const tag = unique('导出回避');
    try {
      const named = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音', content: `${tag} 点名投诉` }));
      const other = await recordRequest('clerk', complaint({ content: `${tag} 其他投诉` }));
      const query = `select=${columns.map((c) => c.name).join(',')}&content=like.${encodeURIComponent(`${tag}*`)}&order=received_at.desc,id.desc`;
      const codes = (e: { rows: unknown[][] }) => e.rows.slice(1).map((r) => r[0]).sort();

      const his = await exportAs((await (await accused.client()).auth.getSession()).data.session!.access_token, query, 'service_requests', 'id');
      expect(his.status).toBe(200);
      expect(codes(his)).toEqual([other.row.code]);
      // The department's manager who is not named reads both: recusal, not scope, keeps it out.
      const colleague = await exportAs((await (await signInAs('manager')).auth.getSession()).data.session!.access_token, query, 'service_requests', 'id');
      expect(codes(colleague)).toEqual([named.row.code, other.row.code].sort());
    } finally {
      await sql(`update public.service_requests set recused_operator_ids = '{}', accused_operator_id = null, kind = '咨询', complaint_category = null, severity = null
                 where $1 = any (recused_operator_ids)`, [accused.id]);
      await accused.remove();
    }
  });

  it('seeks page after page through the view\'s order without losing or doubling a row: ties, nulls first and last, more rows than a page', async () => {
    // A department of this test's own, so that no other test reads these rows; its clerk receives them all.
    const code = unique('DC').slice(0, 20);
    await sql(`insert into public.departments (code, name) values ($1, $2)`, [code, `导出分页部${code}`]);
    const clerk = await createThrowawayOperator('clerk', code);
    const tag = unique('导出分页');
    // 2,345 rows (more than two pages of the API's 1,000): three receiving times (ties across
    // page boundaries) and a building that is empty for half of them (more than a page of nulls, so
    // a page ends inside them whether they come first or last).
    const rows = 2345;
    const insert = `
      begin;
      set local session_replication_role = replica;
      insert into public.service_requests (kind, received_at, channel, caller_name, building, content, receiver_id, receiver_department_id, department_id, status, case_year)
      select '咨询', now() - make_interval(mins => i % 3), '电话', '来电人', case when i % 2 = 0 then null else (1 + i % 7) || '栋' end, '${tag} #' || i,
             o.id, o.department_id, o.department_id, '受理', extract(year from now() at time zone 'Asia/Shanghai')::integer
      from generate_series(1, ${rows}) as i, public.operators o where o.id = '${clerk.id}';
      commit;`;
    try {
      await sql(insert);
      const token = (await (await clerk.client()).auth.getSession()).data.session!.access_token;
      const like = `content=like.${encodeURIComponent(`${tag}*`)}`;
      for (const [order, sqlOrder] of [
        ['received_at.desc,id.desc', 'received_at desc, id desc'],
        ['building.desc,id.desc', 'building desc nulls first, id desc'],
        ['building.asc,id.desc', 'building asc nulls last, id desc'],
        ['id.asc', 'id asc'],
        // An array cannot be sought past: read by OFFSET after the first page, the same rows.
        ['recused_operator_ids.desc,id.desc', 'recused_operator_ids desc, id desc'],
      ]) {
        const expected = (await sql<{ code: string }>(`select code from public.service_requests where content like $1 order by ${sqlOrder}`, [`${tag} #%`])).map((r) => r.code);
        expect(expected).toHaveLength(rows);
        const exported = await exportAs(token, `select=${columns.map((c) => c.name).join(',')}&${like}&order=${order}`, 'service_requests', 'id');
        expect(exported.status).toBe(200);
        expect(exported.rows.slice(1).map((r) => r[0]), order).toEqual(expected);
      }
      // Without the key (or with an order that does not end on it) pages are read by OFFSET: the same rows.
      const byOffset = await exportAs(token, `select=${columns.map((c) => c.name).join(',')}&${like}&order=building.desc,received_at.desc,id.desc`, 'service_requests', 'id');
      const expected = (await sql<{ code: string }>(`select code from public.service_requests where content like $1 order by building desc, received_at desc, id desc`, [`${tag} #%`])).map((r) => r.code);
      expect(byOffset.rows.slice(1).map((r) => r[0])).toEqual(expected);
    } finally {
      await sql(`begin; set local session_replication_role = replica; delete from public.service_requests where content like '${tag} #%'; commit;`);
      await clerk.remove();
      await sql(`delete from public.departments where code = $1`, [code]);
    }
  });
});
