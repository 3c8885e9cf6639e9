// A value the app has no kind for (a uuid key, an array without options, a type added later):
// shown as text, passed on as typed, filtered only by empty / not empty, not searched.
import type { ColumnKindSpec } from './column-kind';
import { TextEditor } from './kind-inputs';
import { requiredRule, textCell } from './kind-parts';

/** A uuid column that is no reference the screens can name. */
export const isBareKey = (column: { kind: string; dataType: string }): boolean => column.kind === 'other' && column.dataType === 'uuid';

const format = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

export const otherKind: ColumnKindSpec = {
  name: 'other',
  parse: (_, text) => ({ ok: true, value: text }),
  format: (_, value) => format(value),
  exportValue: (_, value) => format(value),
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : format(value), editable),
  Editor: TextEditor,
  rules: requiredRule,
  filterOperators: ['null', 'nnull'],
  FilterInput: null,
  sortable: true,
  summable: false,
  width: 110,
  wide: false,
  // An array without options has no editor (the audit log's changed fields, for instance); a bare
  // key (a uuid that is not a reference a screen can name: operators.user_id into auth.users) means
  // nothing to a reader and is not shown.
  shows: (column) => !column.dataType.endsWith('[]') && !isBareKey(column),
  references: false,
};
