// The pieces several kinds share: refusals naming the column, the required rule, Glide text and
// number cells, option labels in the user's language, and "contains" for the quick search.
import { GridCellKind, type GridCell } from '@glideapps/glide-data-grid';
import type { CrudFilter } from '@refinedev/core';
import type { Rule } from 'antd/es/form';
import { i18n } from '../../../../i18n/i18n';
import { labelOf, type ColumnMeta } from '../register-meta';
import type { CellParse } from './column-kind';
import { inLanguage, isEnglish, numberLocale } from '../../../../i18n/in-language';

export { isEnglish } from '../../../../i18n/in-language';
export const locale = (): string => numberLocale();
export const columnLabel = (column: ColumnMeta): string => labelOf(column, i18n.language);

/** A message in the user's language: registers.cell.<key>, with the column's label. */
export const cellMessage = (column: ColumnMeta, key: string, extra: Record<string, unknown> = {}): string =>
  i18n.t(`registers.cell.${key}`, { column: columnLabel(column), ...extra });

/** A refusal naming the column. */
export const fail = (column: ColumnMeta, key: string, extra: Record<string, unknown> = {}): CellParse => ({ ok: false, error: cellMessage(column, key, extra) });

/** The constraint's own message (its comment, "中文 | English") when the register gives one. */
export const patternMessage = (column: ColumnMeta): string | null => inLanguage(column.patternMessageZh, column.patternMessageEn);

/** A value the column's check constraint (a regular expression) refuses, with the constraint's words. */
export function checkPattern(column: ColumnMeta, text: string, value: unknown = text): CellParse {
  if (!column.pattern || new RegExp(column.pattern).test(text)) return { ok: true, value };
  const message = patternMessage(column);
  return message ? { ok: false, error: message } : fail(column, 'pattern', { text });
}

/** Not null without a default: the form asks for a value. */
export const requiredRule = (column: ColumnMeta): Rule[] => (column.required ? [{ required: true, message: cellMessage(column, 'required') }] : []);

/** The form's rule for a check constraint's format, with the constraint's own words. */
export const patternRules = (column: ColumnMeta): Rule[] =>
  column.pattern ? [{ pattern: new RegExp(column.pattern), message: patternMessage(column) ?? cellMessage(column, 'pattern', { text: '' }) }] : [];

/** A form rule that runs the kind's own parser over what the editor produced as text. */
export const parseRule = (parse: (text: string) => CellParse): Rule => ({
  validator: async (_, value: unknown) => {
    if (value === null || value === undefined || value === '') return;
    const result = parse(String(value).trim());
    if (!result.ok) throw new Error(result.error);
  },
});

/** A Glide text cell; long texts open in the overlay even when read-only, so they can be read. */
export const textCell = (text: string, editable: boolean): GridCell => ({
  kind: GridCellKind.Text,
  data: text,
  displayData: text,
  allowOverlay: editable || text.length > 20,
  readonly: !editable,
});

/** A Glide number cell, right-aligned, shown as `display` and edited as the number itself. */
// Shown in the person's locale (¥1,234.50), copied to Excel as the plain number (1234.50).
export const numberCell = (value: unknown, editable: boolean, display: (n: number) => string, copy: (n: number) => string = String): GridCell => {
  const n = value === null || value === undefined || value === '' ? undefined : Number(value);
  return {
    kind: GridCellKind.Number,
    data: n,
    displayData: n === undefined ? '' : display(n),
    copyData: n === undefined ? '' : copy(n),
    allowOverlay: editable,
    readonly: !editable,
    contentAlign: 'right',
  };
};

/** Digits with thousands separators (",", "，", spaces) taken out; null if that is not a number. */
export function plainNumber(text: string): number | null {
  const cleaned = text.replace(/[,，\s]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/** An option's label in the user's language: English from ColumnMeta.optionsEn, Chinese from optionsZh (a value stored as a code) or the value itself. */
export function optionLabel(column: ColumnMeta, value: unknown): string {
  const text = String(value);
  const i = column.options?.indexOf(text) ?? -1;
  if (i < 0) return text;
  return (isEnglish() ? column.optionsEn?.[i] : column.optionsZh?.[i]) ?? text;
}

/** The stored value a text names: the value itself or its English or Chinese label (case and spacing aside), in either language. */
export function optionValue(column: ColumnMeta, text: string): string | null {
  const options = column.options ?? [];
  if (options.includes(text)) return text;
  const wanted = text.toLowerCase().replace(/\s+/g, ' ');
  const same = (label: string | undefined) => (label ?? '').toLowerCase().replace(/\s+/g, ' ') === wanted;
  const i = options.findIndex((_, n) => same(column.optionsEn?.[n]) || same(column.optionsZh?.[n]));
  return i >= 0 ? options[i] : null;
}

/** The options a refusal lists, in the user's language. */
export const optionList = (column: ColumnMeta): string => (column.options ?? []).map((o) => optionLabel(column, o)).join(isEnglish() ? ', ' : '、');

/** The stored values whose value or label (either language) contains the text (the quick search over options). */
export function optionsMatching(column: ColumnMeta, text: string): string[] {
  const wanted = text.toLowerCase();
  return (column.options ?? []).filter((o, i) => [o, column.optionsEn?.[i], column.optionsZh?.[i]].some((l) => (l ?? '').toLowerCase().includes(wanted)));
}

/** Whether the column holds text in the database ("contains" is ILIKE, which an enum or a number refuses). */
export const storedAsText = (column: ColumnMeta): boolean => /^(text|character varying|character|varchar|char)(\(\d+\))?$/.test(column.dataType);

/** The quick search of a text column: its value contains the words (a kind declared on a non-text column: not searched). */
export const containsSearch = (column: ColumnMeta, text: string): CrudFilter[] =>
  storedAsText(column) ? [{ field: column.name, operator: 'contains', value: text }] : [];
