// Whole numbers: "1,200" and "1 200" are 1200; shown with the user's thousands separator, copied
// and exported as the number itself, added up in the status bar.
import type { ColumnKindSpec } from './column-kind';
import { NumberFilterInput, numberEditor } from './kind-inputs';
import { fail, locale, numberCell, plainNumber, requiredRule } from './kind-parts';

export const integerKind: ColumnKindSpec = {
  name: 'integer',
  parse: (column, text) => {
    const n = plainNumber(text);
    return n !== null && Number.isInteger(n) ? { ok: true, value: n } : fail(column, 'integer', { text });
  },
  format: (_, value) => String(value),
  exportValue: (_, value) => Number(value),
  exportFormat: '0',
  gridCell: (_, value, editable) => numberCell(value, editable, (n) => n.toLocaleString(locale())),
  Editor: numberEditor(0),
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: NumberFilterInput,
  sortable: true,
  summable: true,
  width: 110,
  wide: false,
  references: false,
};
