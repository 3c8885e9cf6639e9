// XLSX export of a register's view, streamed: pages of rows are read from the API as the caller
// (their JWT, so RLS decides what they get), each row is written to exceljs's streaming workbook
// writer and committed, and the zip leaves as the HTTP response while the next page is read.
// Memory stays flat whatever the row count: one page is written while the next one is read, and
// neither is kept once written. The process still grows once by about 90-150 MB on its first export
// (fresh process: +90 MB at 20,000 rows, +120-140 MB at 100,000, +130-160 MB at 200,000; a second
// export in the same process: +6-18 MB): that is V8 sizing its heap to the writer's allocation rate
// (heapTotal 22 -> ~100 MB while the live data stays small), not rows kept; the same writer fed from
// memory grows as much, and reading 2 pages ahead instead of 4 changes nothing.
//
// What it costs (issue 18, profiled): pages are read by seeking past the previous page's last row
// when the order is one sort column then the key (pages.ts), so no page pays for OFFSET; cells
// share one style object per column (exceljs looks a style up by object: a style set per cell is
// serialised and hashed per cell, half the writer's time); an empty value is no cell at all.
//
// POST body (built by the app's exportPlan, src/modules/registers/export/export-view.ts):
//   { table, sheet, query: "select=…&kind=eq.…&order=…", columns: [{ name, header, width, numFmt?, cell }], key?, limit? }
//   cell: { type: 'text' | 'number' | 'date' | 'datetime' | 'list' | 'json' }
//       | { type: 'labels', labels: { [value]: label } } | { type: 'reference', table, display }
//   key: the register's key column; with an order ending on it, pages seek instead of OFFSET.
import { Buffer } from 'node:buffer';
import { Readable, Transform } from 'node:stream';
import { setImmediate } from 'node:timers';
import ExcelJS from 'npm:exceljs@4.4.0';
import { pages, readAhead, type Row } from './pages.ts';

type Cell =
  | { type: 'text' | 'number' | 'date' | 'datetime' | 'list' | 'json' }
  | { type: 'labels'; labels: Record<string, string> }
  | { type: 'reference'; table: string; display: string };
type Column = { name: string; header: string; width?: number; numFmt?: string; cell: Cell };
type Plan = { table: string; sheet: string; query: string; columns: Column[]; key?: string; limit?: number };

// Rows per page: the API's cap (supabase/config.toml max_rows).
const pageSize = 1000;
// Pages read ahead of the one written (each about a megabyte of JSON for a wide register).
const readDepth = 4;
// Rows written between two turns of the event loop (reading the next pages needs it).
const yieldEvery = 100;
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
  return { table: p.table, sheet: typeof p.sheet === 'string' && p.sheet ? p.sheet.slice(0, 31) : 'Sheet1', query: p.query, columns: p.columns, key: typeof p.key === 'string' && name.test(p.key) ? p.key : undefined, limit: typeof p.limit === 'number' ? p.limit : undefined };
}

// Excel keeps wall-clock times: a Beijing time (UTC+8, no daylight saving) as if it were UTC.
const beijing = 8 * 3600 * 1000;

type References = Map<string, Map<string, string>>;

/** How one column turns a value into its cell; undefined for an empty one (exceljs then makes no cell). */
function converter(column: Column, references: References): (value: unknown) => unknown {
  const cell = column.cell;
  const nonEmpty = (out: unknown) => (out === '' ? undefined : out);
  // A time with its column's date format is written as Excel's serial day number, computed as exceljs
  // computes it from a Date (the same bytes, without a Date per cell); without a format, as a Date.
  const excelTime = column.numFmt ? (ms: number) => 25569 + ms / (24 * 3600 * 1000) : (ms: number) => new Date(ms);
  let convert: (value: unknown) => unknown;
  switch (cell.type) {
    case 'number':
      convert = (value) => (typeof value === 'number' ? value : Number(value));
      break;
    case 'date':
      convert = (value) => {
        const [y, m, d] = String(value).slice(0, 10).split('-').map(Number);
        return excelTime(Date.UTC(y, m - 1, d));
      };
      break;
    case 'datetime':
      convert = (value) => {
        const t = Date.parse(String(value));
        return Number.isNaN(t) ? nonEmpty(String(value)) : excelTime(Math.floor((t + beijing) / 1000) * 1000);
      };
      break;
    case 'list':
      convert = (value) => nonEmpty((Array.isArray(value) ? value : [value]).map(String).join('、'));
      break;
    case 'json':
      convert = (value) => nonEmpty(JSON.stringify(value));
      break;
    case 'labels': {
      const labels = cell.labels;
      convert = (value) => nonEmpty(labels[String(value)] ?? String(value));
      break;
    }
    case 'reference': {
      const known = references.get(column.name);
      convert = (value) => nonEmpty(known?.get(String(value)) ?? String(value));
      break;
    }
    default:
      convert = (value) => nonEmpty(typeof value === 'string' ? value : String(value));
  }
  return (value) => (value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? undefined : convert(value));
}

/** A pass-through stream that hands on what is written in chunks of at least `size` bytes (the rest at the end). */
function coalescing(size: number): Transform {
  let pending: Uint8Array[] = [];
  let bytes = 0;
  const take = () => {
    const chunk = Buffer.concat(pending, bytes);
    pending = [];
    bytes = 0;
    return chunk;
  };
  return new Transform({
    transform(chunk: Uint8Array, _encoding, done) {
      pending.push(chunk);
      bytes += chunk.length;
      done(null, bytes >= size ? take() : undefined);
    },
    flush(done) {
      done(null, bytes > 0 ? take() : undefined);
    },
  });
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
  const get = async (url: string, accept = 'application/json'): Promise<Row[]> => {
    const response = await fetch(url, { headers: { ...headers, Accept: accept } });
    if (!response.ok) throw Object.assign(new Error(await response.text()), { status: response.status });
    return (await response.json()) as Row[];
  };
  const limit = p.limit ?? Number.POSITIVE_INFINITY;
  const references: References = new Map(p.columns.filter((c) => c.cell.type === 'reference').map((c) => [c.name, new Map()]));
  // A page's references are named (once per key for the whole export) before the page is written.
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
  // Pages leave out null fields (half the bytes of a wide register, to build, carry and parse): a missing
  // field is an empty cell. Not when a column is JSON: Postgres would strip the nulls inside its values too.
  const accept = p.columns.some((c) => c.cell.type === 'json') ? 'application/json' : 'application/vnd.pgrst.array+json;nulls=stripped';
  // Pages are read (and their references named) a few ahead of the one written: reading and writing overlap.
  const reading = readAhead(pages(`${api}/${p.table}`, p.query, p.key, pageSize, limit, (url) => get(url, accept)), readDepth, nameReferences);

  // The first page is read before answering, so that a refusal (RLS, a bad filter) is a status, not a broken file.
  let first: IteratorResult<Row[]>;
  try {
    first = await reading.next();
  } catch (e) {
    const status = (e as { status?: number }).status ?? 500;
    return refuse(status >= 400 && status < 500 ? status : 502, (e as Error).message);
  }

  const converters = p.columns.map((c) => converter(c, references));
  // One style object per column, shared by its cells: exceljs finds a style it has seen by the object.
  const styles = p.columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));

  // The zip leaves in chunks of 64 KB or more: the writer emits many small pieces, and each piece would
  // be a chunk of the HTTP response for every hop to handle (the gateway spent more CPU on them than
  // the export itself).
  const out = coalescing(64 * 1024);
  // Deflate at zlib's fastest level, said here because it is chosen: it is already archiver's default
  // (compress-commons' ZLIB_BEST_SPEED), so the writer's CPU is not in deflate. Measured on 100,000 rows
  // x 56 columns in Deno: 15.3 MB at level 1, 9.2 MB at level 6, 93 MB stored; stored saves about an
  // eighth of the writer's time (building each row's XML is most of it), not worth a 6x download.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = '台账';
  const sheet = workbook.addWorksheet(p.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Streaming fixes the widths before the rows: from the labels and the first page.
  sheet.columns = p.columns.map((c) => ({ key: c.name, width: Math.min(60, Math.max(8, c.width ?? 10)) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: p.columns.length } };
  const header = sheet.addRow(p.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();

  const write = async () => {
    let page = first;
    while (!page.done) {
      const rows = page.value;
      for (let r = 0; r < rows.length; r += 1) {
        const row = rows[r];
        const added = sheet.addRow(converters.map((convert, i) => convert(row[p.columns[i].name])));
        added.eachCell((cell: { style: unknown }, column: number) => {
          cell.style = styles[column - 1];
        });
        added.commit();
        // Now and then the pages being read get the thread (their bytes arrive through it).
        if (r % yieldEvery === yieldEvery - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      // Wait while the reader is behind: the zip is not buffered beyond what the socket takes.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      page = await reading.next();
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
      'x-export-rows-first-page': String(first.done ? 0 : first.value.length),
      'cache-control': 'no-store',
    },
  });
});

