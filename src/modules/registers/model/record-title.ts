// What names a record on its page, in the recycle bin and on paper: the columns its register
// declares (its number, its name), else its key.
import type { RegisterMeta } from './register-meta';

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

export const recordTitle = (register: RegisterMeta, row: Record<string, unknown>): string =>
  register.titleColumns.map((k) => row[k]).filter(present).join(' ') || String(row[register.keyColumn] ?? '');

/** The record's number on a paper form: its first title column (a code), else its key. */
export const recordNumber = (register: RegisterMeta, row: Record<string, unknown>): string => {
  const first = register.titleColumns[0];
  return first && present(row[first]) ? String(row[first]) : String(row[register.keyColumn] ?? '');
};
