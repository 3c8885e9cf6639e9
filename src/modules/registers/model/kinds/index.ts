// The registry of column kinds: which kind a column is (columnKind, in choose-kind.ts) and what
// that kind means (kindOf). Everything else asks here instead of switching on a kind;
// parseText / formatValue / exportCell add what every kind shares (empty cells).
import type { CrudFilter } from '@refinedev/core';
import type { ColumnMeta } from '../register-meta';
import { booleanKind } from './boolean';
import { codeNumberKind } from './code-number';
import type { ColumnKind } from '../register-meta';
import type { CellParse, ColumnKindSpec, Labels, ReferenceMatches } from './column-kind';
import { dateKind } from './date';
import { datetimeKind } from './datetime';
import { idCardKind } from './id-card';
import { integerKind } from './integer';
import { jsonKind } from './json';
import { fail } from './kind-parts';
import { longtextKind } from './longtext';
import { moneyKind } from './money';
import { multiOptionKind } from './multi-option';
import { numberKind } from './number';
import { optionKind } from './option';
import { otherKind } from './other';
import { percentKind } from './percent';
import { monthKind, quarterKind } from './period';
import { phoneKind } from './phone';
import { referenceKind } from './reference';
import { registerNameKind, sourceRecordKind } from './source-record';
import { surveyLinkKind } from './survey-link';
import { textKind } from './text';

export { columnKind } from './choose-kind';
export type { ColumnKind } from '../register-meta';
export type { CellParse, ColumnKindSpec, EditorProps, FilterInputProps, FilterOperator, GridEditorProps, Labels, ReferenceMatches } from './column-kind';

const kinds: Record<ColumnKind, ColumnKindSpec> = {
  text: textKind,
  longtext: longtextKind,
  integer: integerKind,
  code_number: codeNumberKind,
  number: numberKind,
  money: moneyKind,
  percent: percentKind,
  date: dateKind,
  month: monthKind,
  quarter: quarterKind,
  datetime: datetimeKind,
  option: optionKind,
  multi_option: multiOptionKind,
  reference: referenceKind,
  boolean: booleanKind,
  phone: phoneKind,
  id_card: idCardKind,
  survey_link: surveyLinkKind,
  register_name: registerNameKind,
  source_record: sourceRecordKind,
  json: jsonKind,
  other: otherKind,
};

/** What the column's kind means. */
export const kindOf = (column: Pick<ColumnMeta, 'kind'>): ColumnKindSpec => kinds[column.kind] ?? otherKind;

const none: Labels = new Map();

/** The value a cell's text stands for (typed, pasted, imported); empty is null, or refused where required. */
export function parseText(column: ColumnMeta, raw: string, lookup?: Labels): CellParse {
  const text = raw.trim();
  if (text === '') return column.required ? fail(column, 'required') : { ok: true, value: null };
  return kindOf(column).parse(column, text, lookup);
}

/** How a value reads in a cell, a copy, the record page, the print view, the history ('' for empty). */
export function formatValue(column: ColumnMeta, value: unknown, labels: Labels = none): string {
  if (value === null || value === undefined) return '';
  return kindOf(column).format(column, value, labels);
}

/** The XLSX cell of a value (null leaves the cell empty: Excel counts a "" cell as filled). */
export function exportCell(column: ColumnMeta, value: unknown, labels: Labels = none): string | number | Date | null {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  const cell = kindOf(column).exportValue(column, value, labels);
  return cell === '' ? null : cell;
}

/** Whether forms and the record page show the column. */
export const showsInForms = (column: ColumnMeta): boolean => kindOf(column).shows?.(column) ?? true;

/** The quick search over a register's columns: one condition per column that takes part. */
export const quickSearchFilters = (columns: readonly ColumnMeta[], text: string, matches?: ReferenceMatches): CrudFilter[] =>
  columns.flatMap((column) => kindOf(column).quickSearch?.(column, text, matches) ?? []);

/** The referenced tables a quick search looks up by display text (each once), for searchReferenceKeys. */
export const searchedReferences = (columns: readonly ColumnMeta[]): { table: string; display: string }[] => {
  const tables = new Map<string, string>();
  for (const c of columns) if (kindOf(c).quickSearch && c.references?.display && !tables.has(c.references.table)) tables.set(c.references.table, c.references.display);
  return [...tables].map(([table, display]) => ({ table, display }));
};
