// Every imported cell checked as the grid would check it (its column's kind parses it): rows without errors
// become rows for apply_rows, every refused cell an error naming its file row and column.
import { i18n } from '../../../i18n/i18n';
import { kindOf, parseText } from '../model/kinds';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import { importTargets, type ColumnMapping } from './map-columns';
import { fileRowNumber, type ParsedFile } from './parse-file';

/** One refusal: the file row (header = row 1), the column (null: the whole row), the cell's text and why. */
export type RowError = { row: number; column: string | null; label: string; text: string; message: string };

/** A row ready for apply_rows, with the texts it came from (for reporting what the server refuses). */
export type PreparedRow = { row: number; key: string | null; version: number | null; values: Record<string, unknown>; texts: Record<string, string> };

export type Validation = { rows: PreparedRow[]; errors: RowError[]; checked: number };

/** Per reference column: display text → ids of the rows showing it (from referenceKeys). */
export type ReferenceKeys = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === '');

/** The texts each mapped reference column needs looked up. */
export function referenceTexts(parsed: ParsedFile, mapping: ColumnMapping, register: RegisterMeta): Map<ColumnMeta, string[]> {
  const wanted = new Map<ColumnMeta, string[]>();
  mapping.forEach((name, i) => {
    const column = register.columns.find((c) => c.name === name);
    if (!column || !kindOf(column).references || !column.references?.display) return;
    const texts = parsed.rows.map((cells) => (cells[i] ?? '').trim()).filter((t) => t !== '');
    wanted.set(column, [...new Set([...(wanted.get(column) ?? []), ...texts])]);
  });
  return wanted;
}

/**
 * `defaults`: what a new row gets for a column its file leaves empty (importDefaults: the importer's
 * department), so that a file without a department column is not refused row by row.
 */
export function validateRows(parsed: ParsedFile, mapping: ColumnMapping, register: RegisterMeta, references: ReferenceKeys = new Map(), defaults: Readonly<Record<string, unknown>> = {}): Validation {
  const language = i18n.language;
  const targets = new Map(importTargets(register).map((c) => [c.name, c]));
  const mapped = mapping.map((name) => (name ? (register.columns.find((c) => c.name === name) ?? null) : null));
  const missingRequired = importTargets(register).filter((c) => c.required && !mapping.includes(c.name));
  const lookups = new Map<string, { unique: Map<string, string>; ambiguous: Set<string> }>();
  for (const [name, keys] of references) {
    const unique = new Map<string, string>();
    const ambiguous = new Set<string>();
    for (const [text, ids] of keys) {
      if (ids.length === 1) unique.set(text, ids[0]);
      else if (ids.length > 1) ambiguous.add(text);
    }
    lookups.set(name, { unique, ambiguous });
  }

  const rows: PreparedRow[] = [];
  const errors: RowError[] = [];
  let checked = 0;
  parsed.rows.forEach((cells, index) => {
    if (isBlank(cells)) return;
    checked += 1;
    const row = fileRowNumber(index);
    const prepared: PreparedRow = { row, key: null, version: null, values: {}, texts: {} };
    const rowErrors: RowError[] = [];
    const refuse = (column: ColumnMeta, text: string, message: string) => rowErrors.push({ row, column: column.name, label: labelOf(column, language), text, message });

    const keyAt = mapping.indexOf(register.keyColumn);
    const isNew = keyAt < 0 || (cells[keyAt] ?? '').trim() === '';
    mapped.forEach((column, i) => {
      if (!column) return;
      const text = (cells[i] ?? '').trim();
      prepared.texts[column.name] = text;
      // An empty cell of a new row that has a default takes the default (below).
      if (text === '' && isNew && column.name in defaults) return;
      if (column.name === register.keyColumn) {
        prepared.key = text === '' ? null : text;
      } else if (column.name === 'version') {
        const version = Number(text);
        if (text !== '' && !Number.isInteger(version)) refuse(column, text, i18n.t('registers.cell.integer', { column: labelOf(column, language), text }));
        else prepared.version = text === '' ? null : version;
      } else if (targets.has(column.name)) {
        const lookup = lookups.get(column.name);
        const parsedCell = parseText(column, text, lookup?.unique);
        if (lookup?.ambiguous.has(text)) refuse(column, text, i18n.t('registers.import.ambiguous', { column: labelOf(column, language), text }));
        else if (parsedCell.ok) prepared.values[column.name] = parsedCell.value;
        else refuse(column, text, parsedCell.error);
      }
    });
    // A new row needs its required columns even when the file has no such column.
    if (prepared.key === null) {
      for (const [name, value] of Object.entries(defaults)) {
        const current = prepared.values[name];
        if (targets.has(name) && (current === undefined || current === null || current === '')) prepared.values[name] = value;
      }
      for (const column of missingRequired) {
        if (prepared.values[column.name] !== undefined && prepared.values[column.name] !== null) continue;
        const parsedCell = parseText(column, '');
        if (!parsedCell.ok) refuse(column, '', parsedCell.error);
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else rows.push(prepared);
  });
  return { rows, errors, checked };
}
