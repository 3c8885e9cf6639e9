// Whole numbers that name rather than count (a year, a sequence number within a year): shown as
// written, "2026" and never "2,026", and never added up in the status bar. Declared in the
// register's migration (private.declare_column(..., kind => 'code_number')).
import type { ColumnKindSpec } from './column-kind';
import { integerKind } from './integer';
import { numberCell } from './kind-parts';

export const codeNumberKind: ColumnKindSpec = {
  ...integerKind,
  name: 'code_number',
  gridCell: (_, value, editable) => numberCell(value, editable, (n) => String(n)),
  summable: false,
  width: 90,
};
