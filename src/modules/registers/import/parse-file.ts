// An uploaded CSV or XLSX file as a header row and rows of cell texts, each cell the text the
// person sees in Excel. Rows keep their place (blank ones too) so that row numbers match the file.
import Papa from 'papaparse';

export type ParsedFile = { headers: string[]; rows: string[][] };

/** Row i of `rows` is row i + 2 of the file: the header is row 1 and rows are counted from 1. */
export const fileRowNumber = (index: number): number => index + 2;

export async function parseFile(file: Blob | ArrayBuffer | Uint8Array): Promise<ParsedFile> {
  const bytes = ArrayBuffer.isView(file) ? file : new Uint8Array('arrayBuffer' in file ? await file.arrayBuffer() : file);
  const isZip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return tidy(isZip ? await readXlsx(bytes) : readCsv(bytes));
}

/** UTF-8 with or without a BOM; a file that is not UTF-8 is read as GB18030 (GBK), as Excel on Chinese Windows saves CSV. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Uint8Array): string[][] {
  const result = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: false });
  return result.data;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Excel keeps wall-clock times without a zone; exceljs hands them over as UTC. */
function dateText(value: Date): string {
  const d = new Date(Math.round(value.getTime() / 1000) * 1000);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return day;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() === 0 ? `${day} ${time}` : `${day} ${time}:${pad(d.getUTCSeconds())}`;
}

/** The text a cell shows: dates as YYYY-MM-DD [HH:mm], numbers to Excel's 15 digits, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part: { text?: string }) => part.text ?? '').join('');
    if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? cellText(value.result) : '';
    if ('hyperlink' in value && 'text' in value) return cellText(value.text);
    if ('error' in value) return String(value.error);
    if ('text' in value) return cellText(value.text);
  }
  return String(value);
}

/** Trims the headers, drops empty trailing columns and blank trailing rows, and gives every row the header's width. */
function tidy(table: string[][]): ParsedFile {
  const [head = [], ...body] = table;
  const headers = head.map((h) => (h ?? '').trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const rows = body.map((row) => headers.map((_, i) => row[i] ?? ''));
  while (rows.length > 0 && rows[rows.length - 1].every((cell) => cell.trim() === '')) rows.pop();
  return { headers, rows };
}
