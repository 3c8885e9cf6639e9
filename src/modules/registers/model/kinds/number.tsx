// Numbers with decimals (numeric, real, double): "1,234.5" is 1234.5; shown with the user's
// thousands separator, exported as a number so that Excel can add it up.
import type { ColumnKindSpec } from './column-kind';
import { NumberFilterInput, numberEditor } from './kind-inputs';
import { fail, locale, numberCell, plainNumber, requiredRule } from './kind-parts';

export const numberKind: ColumnKindSpec = {
  name: 'number',
  parse: (column, text) => {
    const n = plainNumber(text);
    return n !== null ? { ok: true, value: n } : fail(column, 'number', { text });
  },
  format: (_, value) => String(value),
  exportValue: (_, value) => Number(value),
  gridCell: (_, value, editable) => numberCell(value, editable, (n) => n.toLocaleString(locale(), { maximumFractionDigits: 10 })),
  Editor: numberEditor(),
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: NumberFilterInput,
  sortable: true,
  summable: true,
  width: 110,
  wide: false,
  references: false,
};
