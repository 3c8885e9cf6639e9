// Text: any text, unless the register's check constraint imposes a format (its comment is the
// message). Searched by "contains", filtered by contains / equals / not equal / empty.
import type { ColumnKindSpec } from './column-kind';
import { TextEditor, TextFilterInput } from './kind-inputs';
import { checkPattern, containsSearch, patternRules, requiredRule, textCell } from './kind-parts';

export const textKind: ColumnKindSpec = {
  name: 'text',
  parse: (column, text) => checkPattern(column, text),
  format: (_, value) => String(value),
  exportValue: (_, value) => String(value),
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : String(value), editable),
  Editor: TextEditor,
  rules: (column) => [...requiredRule(column), ...patternRules(column)],
  filterOperators: ['contains', 'eq', 'ne', 'null', 'nnull'],
  FilterInput: TextFilterInput,
  quickSearch: containsSearch,
  sortable: true,
  summable: false,
  width: 110,
  wide: false,
  references: false,
};
