// The statistics a column offers in the footer and the status bar, by its kind: every column
// counts its rows, filled and empty cells; numbers add up, average, and have a least and a
// greatest; dates have an earliest and a latest. All are asked of the server (PostgREST
// aggregates over the view's filters), so they cover every row, not only the loaded ones.
import { formatValue, kindOf } from '../model/kinds';
import type { ColumnMeta } from '../model/register-meta';
import type { ColumnStat } from '../views/view-config';

export type ServerPart = 'filled' | 'sum' | 'avg' | 'min' | 'max';
/** One column's answer: how many cells are filled, and the other parts asked for. */
export type ColumnAggregate = Partial<Record<ServerPart, number | string | null>>;

const ordered = (column: ColumnMeta) => kindOf(column).summable || column.kind === 'date' || column.kind === 'datetime';

export function statsFor(column: ColumnMeta): ColumnStat[] {
  const stats: ColumnStat[] = ['none', 'count', 'filled', 'empty'];
  if (kindOf(column).summable) stats.push('sum', 'avg');
  if (ordered(column)) stats.push('min', 'max');
  return stats;
}

/** What the server must compute for a statistic ('count' is the rows' count, asked once). */
export function serverParts(stat: ColumnStat): ServerPart[] {
  if (stat === 'filled' || stat === 'empty') return ['filled'];
  if (stat === 'sum' || stat === 'avg' || stat === 'min' || stat === 'max') return [stat];
  return [];
}

/** The footer's text of a statistic, formatted for the column (money as money, dates as dates). */
export function statValue(column: ColumnMeta, stat: ColumnStat, rows: number, aggregate: ColumnAggregate | undefined, number: (n: number) => string): string | null {
  if (stat === 'none') return null;
  if (stat === 'count') return number(rows);
  if (!aggregate) return null;
  if (stat === 'filled') return number(Number(aggregate.filled ?? 0));
  if (stat === 'empty') return number(rows - Number(aggregate.filled ?? 0));
  const value = aggregate[stat];
  if (value === null || value === undefined) return '—';
  if (stat === 'avg') return number(Number(value));
  if (!kindOf(column).summable) return formatValue(column, value);
  // A sum of money reads as money (¥1,234.50), as the column's cells do.
  const cell = kindOf(column).gridCell(column, Number(value), false, new Map());
  return 'displayData' in cell && typeof cell.displayData === 'string' && cell.displayData !== '' ? cell.displayData : formatValue(column, Number(value));
}
