// Seeking through a register's order (issue 18): the conditions that read the rows after a row
// (keyset on the sort column and the key) or from a sort-key value, in PostgREST's terms. Nulls sort
// as PostgREST orders them (ascending: last; descending: first), so a seek crosses from the values to
// the nulls (or back) in a second segment, read only when the first comes back short.
import type { BaseRecord, CrudSort } from '@refinedev/core';

/** One sort column then the key (or the key alone), each ascending or not. */
export type SeekOrder = { column: string; asc: boolean; key: string; keyAsc: boolean };

/** The order pages can seek through; null when it is not one (several sort columns, a grouping): OFFSET then. */
export function seekOrder(sorters: CrudSort[], key: string): SeekOrder | null {
  const last = sorters.at(-1);
  if (!last || last.field !== key) return null;
  if (sorters.length === 1) return { column: key, asc: last.order === 'asc', key, keyAsc: last.order === 'asc' };
  const [first] = sorters;
  if (sorters.length === 2 && !first.field.includes('.')) return { column: first.field, asc: first.order === 'asc', key, keyAsc: last.order === 'asc' };
  return null;
}

export function reversed(order: SeekOrder): SeekOrder {
  return { ...order, asc: !order.asc, keyAsc: !order.keyAsc };
}

/** A value inside a PostgREST logic tree (or=(…)): always quoted, so dots, commas and colons stay in it. */
export function treeValue(value: unknown): string {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A condition on the query, in PostgREST's terms: a plain filter or an `or` tree. */
export type Condition = { column: string; op: 'gt' | 'gte' | 'lt' | 'lte' | 'is' | 'not.is'; value: unknown } | { or: string };

/**
 * The segments of rows after `row` in `order` (or from the start: row null), each a list of
 * conditions read in order: the values past the row, then the nulls if they come after.
 */
export function segmentsAfter(order: SeekOrder, row: BaseRecord | null): Condition[][] {
  if (!row) return [[]];
  const keyOp = order.keyAsc ? 'gt' : 'lt';
  const y = row[order.key];
  if (order.column === order.key) return [[{ column: order.key, op: keyOp, value: y }]];
  const x = row[order.column];
  // PostgREST's default: ascending puts nulls last, descending first.
  const nullsLast = order.asc;
  if (x === null || x === undefined) {
    const nulls: Condition[] = [{ column: order.column, op: 'is', value: null }, { column: order.key, op: keyOp, value: y }];
    return nullsLast ? [nulls] : [nulls, [{ column: order.column, op: 'not.is', value: null }]];
  }
  const past = order.asc ? 'gt' : 'lt';
  const values: Condition[] = [
    // the bound lets the index start at the row; the tree drops the row's equals up to its key
    { column: order.column, op: order.asc ? 'gte' : 'lte', value: x },
    { or: `${order.column}.${past}.${treeValue(x)},and(${order.column}.eq.${treeValue(x)},${order.key}.${keyOp}.${treeValue(y)})` },
  ];
  return nullsLast ? [values, [{ column: order.column, op: 'is', value: null }]] : [values];
}

/** The rows from a sort-key value on (inclusive), in `order`: where a far page starts. */
export function segmentsFrom(order: SeekOrder, value: unknown): Condition[][] {
  if (value === null || value === undefined) {
    return order.asc ? [[{ column: order.column, op: 'is', value: null }]] : [[{ column: order.column, op: 'is', value: null }], [{ column: order.column, op: 'not.is', value: null }]];
  }
  const from: Condition[] = [{ column: order.column, op: order.asc ? 'gte' : 'lte', value }];
  return order.asc ? [from, [{ column: order.column, op: 'is', value: null }]] : [from];
}
