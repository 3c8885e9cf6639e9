// XLSX export of a register's view, streamed: pages of rows are read from the API as the caller
// (their JWT, so RLS decides what they get), each row is written to exceljs's streaming workbook
// writer and committed, and the zip leaves as the HTTP response while the next page is read.
// Memory stays flat whatever the row count: no page is kept once written.
//
// POST body (built by the app's exportPlan, src/modules/registers/export/export-view.ts):
//   { table, sheet, query: "select=…&kind=eq.…&order=…", columns: [{ name, header, width, numFmt?, cell }], limit? }
//   cell: { type: 'text' | 'number' | 'date' | 'datetime' | 'list' | 'json' }
//       | { type: 'labels', labels: { [value]: label } } | { type: 'reference', table, display }
import { Buffer } from 'node:buffer';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'npm:exceljs@4.4.0';

type Cell =
  | { type: 'text' | 'number' | 'date' | 'datetime' | 'list' | 'json' }
  | { type: 'labels'; labels: Record<string, string> }
  | { type: 'reference'; table: string; display: string };
type Column = { name: string; header: string; width?: number; numFmt?: string; cell: Cell };
type Plan = { table: string; sheet: string; query: string; columns: Column[]; limit?: number };
type Row = Record<string, unknown>;

const pageSize = 1000;
const refuse = (status: number, error: string) => Response.json({ error, code: status }, { status });
const name = /^[a-z][a-z0-9_]{0,62}$/;

function readPlan(body: unknown): Plan | string {
  const p = body as Partial<Plan> | null;
  if (!p || typeof p !== 'object') return '请求体须为 JSON 对象 | The body must be a JSON object';
  if (typeof p.table !== 'string' || !name.test(p.table)) return '没有这个台账 | No such register';
  if (!Array.isArray(p.columns) || p.columns.length === 0 || p.columns.some((c) => !c || typeof c.name !== 'string' || !name.test(c.name) || typeof c.header !== 'string' || !c.cell)) {
    return '列的说明不完整 | The columns are not described';
  }
  if (typeof p.query !== 'string') return 'query 须为字符串 | query must be a string';
  return { table: p.table, sheet: typeof p.sheet === 'string' && p.sheet ? p.sheet.slice(0, 31) : 'Sheet1', query: p.query, columns: p.columns, limit: typeof p.limit === 'number' ? p.limit : undefined };
}

// Excel keeps wall-clock times: a Beijing time (UTC+8, no daylight saving) as if it were UTC.
const beijing = 8 * 3600 * 1000;

function cellOf(column: Column, value: unknown, references: Map<string, Map<string, string>>): unknown {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  const cell = column.cell;
  let out: unknown;
  switch (cell.type) {
    case 'number':
      out = Number(value);
      break;
    case 'date': {
      const [y, m, d] = String(value).slice(0, 10).split('-').map(Number);
      out = new Date(Date.UTC(y, m - 1, d));
      break;
    }
    case 'datetime': {
      const t = Date.parse(String(value));
      out = Number.isNaN(t) ? String(value) : new Date(Math.floor((t + beijing) / 1000) * 1000);
      break;
    }
    case 'list':
      out = (Array.isArray(value) ? value : [value]).map(String).join('、');
      break;
    case 'json':
      out = JSON.stringify(value);
      break;
    case 'labels':
      out = cell.labels[String(value)] ?? String(value);
      break;
    case 'reference':
      out = references.get(column.name)?.get(String(value)) ?? String(value);
      break;
    default:
      out = String(value);
  }
  return out === '' ? null : out;
}

Deno.serve(async (request) => {
  if (request.method !== 'POST') return refuse(405, 'POST only');
  const authorization = request.headers.get('Authorization') ?? '';
  if (!authorization) return refuse(401, '请先登录 | Sign in first');
  let plan: Plan | string;
  try {
    plan = readPlan(await request.json());
  } catch {
    plan = '请求体须为 JSON 对象 | The body must be a JSON object';
  }
  if (typeof plan === 'string') return refuse(400, plan);
  const p = plan;
  const api = `${Deno.env.get('SUPABASE_URL')}/rest/v1`;
  const headers = { apikey: Deno.env.get('SUPABASE_ANON_KEY') ?? '', Authorization: authorization, Accept: 'application/json' };
  const get = async (url: string): Promise<Row[]> => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw Object.assign(new Error(await response.text()), { status: response.status });
    return (await response.json()) as Row[];
  };
  const pageUrl = (offset: number, size: number) => `${api}/${p.table}?${p.query}${p.query ? '&' : ''}limit=${size}&offset=${offset}`;

  // The first page is read before answering, so that a refusal (RLS, a bad filter) is a status, not a broken file.
  let first: Row[];
  try {
    first = await get(pageUrl(0, p.limit === undefined ? pageSize : Math.min(pageSize, p.limit)));
  } catch (e) {
    const status = (e as { status?: number }).status ?? 500;
    return refuse(status >= 400 && status < 500 ? status : 502, (e as Error).message);
  }

  const references = new Map<string, Map<string, string>>(p.columns.filter((c) => c.cell.type === 'reference').map((c) => [c.name, new Map()]));
  const nameReferences = async (rows: Row[]) => {
    for (const column of p.columns) {
      const cell = column.cell;
      if (cell.type !== 'reference' || !name.test(cell.table) || !/^[a-z_][a-z0-9_]*$/.test(cell.display)) continue;
      const known = references.get(column.name)!;
      const missing = [...new Set(rows.map((r) => r[column.name]).filter((v) => v !== null && v !== undefined).map(String))].filter((k) => !known.has(k));
      for (let i = 0; i < missing.length; i += 100) {
        const keys = missing.slice(i, i + 100);
        for (const row of await get(`${api}/${cell.table}?select=id,${cell.display}&id=in.(${keys.map((k) => `"${k}"`).join(',')})`)) known.set(String(row.id), String(row[cell.display] ?? row.id));
        for (const k of keys) if (!known.has(k)) known.set(k, k);
      }
    }
  };

  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '台账';
  const sheet = workbook.addWorksheet(p.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Streaming fixes the widths before the rows: from the labels and the first page.
  sheet.columns = p.columns.map((c) => ({ key: c.name, width: Math.min(60, Math.max(8, c.width ?? 10)) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: p.columns.length } };
  const header = sheet.addRow(p.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();

  const write = async () => {
    let rows = first;
    let offset = 0;
    const limit = p.limit ?? Number.POSITIVE_INFINITY;
    while (rows.length > 0) {
      await nameReferences(rows);
      for (const row of rows) {
        const added = sheet.addRow(p.columns.map((c) => cellOf(c, row[c.name], references)));
        p.columns.forEach((c, i) => {
          if (c.numFmt && row[c.name] !== null && row[c.name] !== undefined) added.getCell(i + 1).numFmt = c.numFmt;
        });
        added.commit();
      }
      offset += rows.length;
      // Wait while the reader is behind: the zip is not buffered beyond what the socket takes.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      if (rows.length < pageSize || offset >= limit) break;
      rows = await get(pageUrl(offset, Math.min(pageSize, limit - offset)));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((e) => {
    console.error(`[export-xlsx] ${e instanceof Error ? e.stack : String(e)}`);
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  const body = Readable.toWeb(out) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'x-export-rows-first-page': String(first.length),
      'cache-control': 'no-store',
    },
  });
});

// (Buffer is imported so that exceljs's zip writer finds it under Deno's Node compatibility.)
void Buffer;
