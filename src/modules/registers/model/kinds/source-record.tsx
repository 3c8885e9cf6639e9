// A row that points at a row of some register, named in two columns: <x>_table (the register's
// name: kind register_name) and <x>_id (the row's key: kind source_record) — a statement line's
// source, say. The register reads by its label; the key is never shown: the record page links to
// that record instead, and grids and lists say only that there is one.
import type { ColumnKindSpec } from './column-kind';
import { cellMessage, textCell } from './kind-parts';
import { optionKind } from './option';
import { textKind } from './text';
import { isKnownRegister, registerLabel } from '../../../../i18n/resource-labels';

const readOnly = { parse: (_: unknown, text: string) => ({ ok: true as const, value: text }), rules: () => [], filterOperators: ['null', 'nnull'] as const, FilterInput: null, quickSearch: undefined };

// Where the names a column may hold are known (for whoever reads the permissions: every register and
// permission subject, named in both languages — see withRegisterChoices), it reads and is chosen like
// an option; otherwise it is read-only and named by the registers the person reads.
const chosen = (column: { options: string[] | null }) => (column.options?.length ?? 0) > 0;

export const registerNameKind: ColumnKindSpec = {
  ...textKind,
  ...readOnly,
  name: 'register_name',
  parse: (column, text) => (chosen(column) ? optionKind.parse(column, text) : readOnly.parse(column, text)),
  rules: (column) => (chosen(column) ? optionKind.rules(column) : []),
  Editor: (props) => (chosen(props.column) ? <optionKind.Editor {...props} /> : <textKind.Editor {...props} />),
  GridEditor: (props) => (chosen(props.column) && optionKind.GridEditor ? <optionKind.GridEditor {...props} /> : null),
  filterOperators: ['eq', 'null', 'nnull'],
  FilterInput: textKind.FilterInput,
  quickSearch: (column, text) => (chosen(column) ? (optionKind.quickSearch?.(column, text) ?? []) : []),
  format: (column, value, labels) => (chosen(column) ? optionKind.format(column, value, labels) : registerLabel(String(value))),
  exportValue: (column, value, labels) => (chosen(column) ? optionKind.format(column, value, labels) : registerLabel(String(value))),
  gridCell: (column, value, editable, labels) =>
    chosen(column) ? optionKind.gridCell(column, value, editable, labels) : textCell(value === null || value === undefined ? '' : registerLabel(String(value)), false),
};

/** The column naming the register of a source_record column (source_id → source_table). */
export const registerColumnOf = (column: { name: string }): string => column.name.replace(/_id$/, '_table');

const sourceRecordText = (column: Parameters<ColumnKindSpec['format']>[0]) => cellMessage(column, 'sourceRecord');

/** Where the record page links a source record: its register and key, if he may read that register. */
export function sourceRecordPath(column: { name: string }, row: Record<string, unknown>): string | null {
  const register = row[registerColumnOf(column)];
  const key = row[column.name];
  return typeof register === 'string' && key !== null && key !== undefined && isKnownRegister(register)
    ? `/r/${register}/show/${encodeURIComponent(String(key))}`
    : null;
}

export const sourceRecordKind: ColumnKindSpec = {
  ...textKind,
  ...readOnly,
  filterOperators: ['null', 'nnull'],
  name: 'source_record',
  format: (column) => sourceRecordText(column),
  exportValue: (_, value) => String(value),
  gridCell: (column, value) => textCell(value === null || value === undefined ? '' : sourceRecordText(column), false),
  sortable: false,
};
