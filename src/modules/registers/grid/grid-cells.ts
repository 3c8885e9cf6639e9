// One Glide cell per register value: the kind of cell follows the column's kind, read-only
// cells look read-only, and a cell the server refused shows red with what was typed.
import { GridCellKind, type GridCell } from '@glideapps/glide-data-grid';
import { i18n } from '../../../i18n/i18n';
import { formatCellValue } from '../model/cell-text';
import type { ColumnMeta } from '../model/register-meta';

const refusedCellTheme = { bgCell: '#fff1f0', textDark: '#a8071a' };
const readOnlyTheme = { textDark: '#595959' };

export function loadingCell(): GridCell {
  return { kind: GridCellKind.Loading, allowOverlay: false };
}

export function cellFor(column: ColumnMeta, value: unknown, editable: boolean, labels: ReadonlyMap<string, string>, refusal?: { text: string }): GridCell {
  if (refusal) {
    return { kind: GridCellKind.Text, data: refusal.text, displayData: refusal.text, allowOverlay: editable, readonly: !editable, themeOverride: refusedCellTheme };
  }
  const themeOverride = editable ? undefined : readOnlyTheme;
  if (column.kind === 'boolean') {
    return { kind: GridCellKind.Boolean, data: value === null || value === undefined ? null : Boolean(value), allowOverlay: false, readonly: !editable, themeOverride };
  }
  if ((column.kind === 'integer' || column.kind === 'number') && !column.references) {
    const n = value === null || value === undefined ? undefined : Number(value);
    return { kind: GridCellKind.Number, data: n, displayData: n === undefined ? '' : n.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN'), allowOverlay: editable, readonly: !editable, themeOverride, contentAlign: 'right' };
  }
  const text = formatCellValue(column, value, labels);
  return { kind: GridCellKind.Text, data: text, displayData: text, allowOverlay: editable || text.length > 20, readonly: !editable, themeOverride };
}

/** The text a cell's edited value stands for, to be parsed like pasted text. */
export function editedText(cell: GridCell): string {
  switch (cell.kind) {
    case GridCellKind.Text:
      return cell.data;
    case GridCellKind.Number:
      return cell.data === undefined ? '' : String(cell.data);
    case GridCellKind.Boolean:
      return cell.data === null || cell.data === undefined ? '' : cell.data ? 'true' : 'false';
    default:
      return 'data' in cell && typeof cell.data === 'string' ? cell.data : '';
  }
}
