// The current view of a register as an XLSX: its visible columns in order, labelled in the
// person's language, every row fetched page by page and written as the grid shows it.
import { i18n } from '../../../i18n/i18n';
import { xlsxType } from '../../../utils/xlsx-type';
import { exportCell, kindOf } from '../model/kinds';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';

export type ExportRow = Record<string, unknown>;

export type ExportViewOptions = {
  register: RegisterMeta;
  /** The visible columns, in the order shown. */
  columns: readonly ColumnMeta[];
  /** One page of the view's rows (its filters and sort applied); a page shorter than `limit` is the last. */
  fetchPage: (offset: number, limit: number) => Promise<ExportRow[]>;
  /** Per reference column name: key → display text (e.g. the grid's labels). */
  displayMaps?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Display texts for keys the maps lack, asked once per page and reference column. */
  lookupDisplays?: (column: ColumnMeta, keys: string[]) => Promise<ReadonlyMap<string, string>>;
  language?: string;
  /** 1000 by default, PostgREST's usual max-rows. */
  pageSize?: number;
  onProgress?: (rowsWritten: number) => void;
};

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
export const sheetName = (label: string): string => label.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet1';

/** 客户档案-2026-11-23.xlsx */
export const exportFileName = (register: RegisterMeta, language: string, now = new Date()): string =>
  `${labelOf(register, language).replace(/[\\/:*?"<>|]/g, ' ')}-${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}.xlsx`;

// Chinese characters take two widths of a Latin one.
const textWidth = (text: string): number => Math.max(0, ...text.split('\n').map((line) => [...line].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

export async function exportView({ register, columns, fetchPage, displayMaps, lookupDisplays, language = i18n.language, pageSize = 1000, onProgress }: ExportViewOptions): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '台账';
  const sheet = workbook.addWorksheet(sheetName(labelOf(register, language)), { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = columns.map((column) => labelOf(column, language));
  sheet.addRow(headers).font = { bold: true };
  const widths = headers.map(textWidth);
  const formats = columns.map((column) => kindOf(column).exportFormat);
  const displays = new Map<string, Map<string, string>>(columns.map((c) => [c.name, new Map(displayMaps?.get(c.name) ?? [])]));

  let written = 0;
  for (let offset = 0; ; offset += pageSize) {
    const rows = await fetchPage(offset, pageSize);
    if (lookupDisplays) {
      for (const column of columns.filter((c) => kindOf(c).references)) {
        const known = displays.get(column.name) ?? new Map<string, string>();
        displays.set(column.name, known);
        const missing = [...new Set(rows.map((row) => row[column.name]).filter((v) => v !== null && v !== undefined).map(String))].filter((k) => !known.has(k));
        if (missing.length > 0) for (const [key, text] of await lookupDisplays(column, missing)) known.set(key, text);
      }
    }
    for (const row of rows) {
      // Each kind writes its value as import reads it back: numbers as numbers (Excel adds them up),
      // dates as dates, options as their stored values, references by name.
      const cells = columns.map((column) => exportCell(column, row[column.name], displays.get(column.name)));
      cells.forEach((cell, i) => (widths[i] = Math.max(widths[i], textWidth(cell instanceof Date ? kindOf(columns[i]).exportFormat ?? '' : String(cell ?? '')))));
      const added = sheet.addRow(cells);
      formats.forEach((numFmt, i) => {
        if (numFmt && cells[i] !== null) added.getCell(i + 1).numFmt = numFmt;
      });
    }
    written += rows.length;
    onProgress?.(written);
    if (rows.length < pageSize) break;
  }

  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, width + 2))));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  return new Blob([(await workbook.xlsx.writeBuffer()) as ArrayBuffer], { type: xlsxType });
}

// ── Streamed on the server ─────────────────────────────────────────────────────────────────
// The export-xlsx Edge Function reads the view's pages as the person (RLS applies) and streams
// the workbook with exceljs's streaming writer, so neither the tab nor the server holds the rows.
// It writes each kind's cell as exportCell does here; a view with a kind it does not know is
// exported in the browser (exportView) as before.

/** How the server turns a value into its cell (mirrors each kind's exportValue). */
export type ServerCell =
  | { type: 'text' | 'number' | 'date' | 'datetime' | 'list' | 'json' }
  | { type: 'labels'; labels: Record<string, string> }
  | { type: 'reference'; table: string; display: string };

export type ServerColumn = { name: string; header: string; width: number; numFmt?: string; cell: ServerCell };

const serverCells: Partial<Record<ColumnMeta['kind'], ServerCell['type']>> = {
  text: 'text', longtext: 'text', phone: 'text', id_card: 'text', option: 'text', source_record: 'text',
  integer: 'number', code_number: 'number', number: 'number', money: 'number', percent: 'number',
  date: 'date', datetime: 'datetime', multi_option: 'list', json: 'json', boolean: 'labels', reference: 'reference',
};

function serverCell(column: ColumnMeta): ServerCell | null {
  const type = serverCells[column.kind];
  if (!type) return null;
  if (type === 'reference') return column.references ? { type, table: column.references.table, display: column.references.display ?? 'id' } : null;
  if (type === 'labels') return { type, labels: { true: String(exportCell(column, true) ?? ''), false: String(exportCell(column, false) ?? '') } };
  return { type };
}

/** The columns as the server writes them, or null when one of them needs the browser's export. */
export function serverColumns(columns: readonly ColumnMeta[], language: string): ServerColumn[] | null {
  const out: ServerColumn[] = [];
  for (const column of columns) {
    const cell = serverCell(column);
    if (!cell) return null;
    const header = labelOf(column, language);
    const format = kindOf(column).exportFormat;
    out.push({ name: column.name, header, width: Math.max(textWidth(header), format ? textWidth(format) : 10) + 2, ...(format ? { numFmt: format } : {}), cell });
  }
  return out;
}

export type ServerExportOptions = {
  register: RegisterMeta;
  columns: readonly ColumnMeta[];
  /** The view's PostgREST query without limit and offset: select, filters, order. */
  query: string;
  /** The API's address and the person's access token and the anon key. */
  apiUrl: string;
  accessToken: string;
  anonKey: string;
  language?: string;
  /** At most this many rows (the bench); all by default. */
  limit?: number;
  fetchImpl?: typeof fetch;
};

/** Asks the export-xlsx function for the view's workbook; null when the browser must build it (a kind the server does not write). */
export async function exportOnServer({ register, columns, query, apiUrl, accessToken, anonKey, language = i18n.language, limit, fetchImpl = fetch }: ServerExportOptions): Promise<Blob | null> {
  const described = serverColumns(columns, language);
  if (!described) return null;
  const response = await fetchImpl(`${apiUrl}/functions/v1/export-xlsx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, apikey: anonKey, 'content-type': 'application/json' },
    // The key lets the server seek page after page (the view's order ends with it) instead of OFFSET.
    body: JSON.stringify({ table: register.name, sheet: sheetName(labelOf(register, language)), query, columns: described, key: register.keyColumn, ...(limit === undefined ? {} : { limit }) }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `HTTP ${response.status}`);
  }
  return new Blob([await response.blob()], { type: xlsxType });
}
