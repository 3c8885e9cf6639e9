// What names a record on its page, in the recycle bin and on paper: the columns its register
// declares (its number, its name), each read as a person reads it (a reference by the name of the
// record it points at, an option in the person's language); else its key, unless the key is a
// generated id, which means nothing to anyone and is never shown.
import type { ColumnMeta, RegisterMeta } from './register-meta';
import { formatValue } from './kinds';
import type { ReferenceLabels } from './use-reference-labels';

const present = (v: unknown) => v !== null && v !== undefined && v !== '';
const generatedId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The title columns that hold a reference, whose labels must be fetched before the title reads well. */
export const titleReferences = (register: RegisterMeta): ColumnMeta[] =>
  register.titleColumns.flatMap((name) => register.columns.filter((c) => c.name === name && c.references));

function shown(register: RegisterMeta, row: Record<string, unknown>, name: string, references?: ReferenceLabels): string {
  const value = row[name];
  if (!present(value)) return '';
  const column = register.columns.find((c) => c.name === name);
  if (!column) return String(value);
  // A reference whose label has not arrived yet (or cannot be read) shows nothing rather than its key.
  if (column.references && !references?.labels(column).has(String(value))) return '';
  return formatValue(column, value, references?.labels(column));
}

function keyOf(register: RegisterMeta, row: Record<string, unknown>): string {
  const key = String(row[register.keyColumn] ?? '');
  return generatedId.test(key) ? '' : key;
}

export const recordTitle = (register: RegisterMeta, row: Record<string, unknown>, references?: ReferenceLabels): string =>
  register.titleColumns.map((name) => shown(register, row, name, references)).filter(present).join(' ') || keyOf(register, row);

/** The record's number on a paper form: its first title column (a code), else its key ('' when neither means anything). */
export const recordNumber = (register: RegisterMeta, row: Record<string, unknown>, references?: ReferenceLabels): string => {
  const first = register.titleColumns[0];
  return (first && shown(register, row, first, references)) || keyOf(register, row);
};
