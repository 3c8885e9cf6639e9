// One Glide cell per register value: the column's kind makes the cell, read-only cells look
// read-only, and a cell the server refused shows red with what was typed.
import { GridCellKind, type GridCell } from '@glideapps/glide-data-grid';
import { kindOf } from '../model/kinds';
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
  const cell = kindOf(column).gridCell(column, value, editable, labels);
  return editable ? cell : { ...cell, themeOverride: readOnlyTheme };
}

/** The text a cell's edited value stands for, to be parsed like pasted text (by the Glide cell it is). */
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
