// Aggregates asked of PostgREST (enabled for the API in migrations/20261129000400_grid_aggregates.sql):
// one request counts the view's rows and computes the columns' parts (select=count(),
// c0_sum:amount.sum(),…), another counts the rows per value of a grouping column in the server's
// own order. Both carry the grid's filters and run under the caller's RLS.
import type { CrudFilter, DataProvider } from '@refinedev/core';
import type { ColumnAggregate, ServerPart } from './column-stats';

export type AggregateRequest = { column: string; parts: ServerPart[] };
export type Aggregates = { rows: number; columns: Record<string, ColumnAggregate> };

const alias = (i: number, part: ServerPart) => `c${i}_${part}`;
const fn = (part: ServerPart) => (part === 'filled' ? 'count' : part);

/** The select list: the rows' count, then each column's parts under an alias of its own. */
export function aggregateSelect(requests: readonly AggregateRequest[]): string {
  return ['count()', ...requests.flatMap((r, i) => r.parts.map((part) => `${alias(i, part)}:${r.column}.${fn(part)}()`))].join(',');
}

export function readAggregates(row: Record<string, unknown> | undefined, requests: readonly AggregateRequest[]): Aggregates {
  const columns: Record<string, ColumnAggregate> = {};
  requests.forEach((r, i) => {
    const answer: ColumnAggregate = {};
    for (const part of r.parts) {
      const value = row?.[alias(i, part)];
      answer[part] = value === null || value === undefined ? null : typeof value === 'number' || part === 'min' || part === 'max' ? (value as number | string) : Number(value);
    }
    columns[r.column] = answer;
  });
  return { rows: Number(row?.count ?? 0), columns };
}

export async function fetchAggregates(provider: DataProvider, resource: string, filters: CrudFilter[], requests: readonly AggregateRequest[]): Promise<Aggregates> {
  const { data } = await provider.getList({ resource, filters, pagination: { mode: 'off' }, meta: { select: aggregateSelect(requests), count: '' } });
  return readAggregates(data[0] as Record<string, unknown> | undefined, requests);
}

/** Rows per value of the column, in the order the grid's pages come in (the column ascending, empty last). */
export async function fetchGroupCounts(provider: DataProvider, resource: string, filters: CrudFilter[], column: string): Promise<{ value: string | null; count: number }[]> {
  const { data } = await provider.getList({ resource, filters, sorters: [{ field: column, order: 'asc' }], pagination: { mode: 'off' }, meta: { select: `${column},count()`, count: '' } });
  return (data as Record<string, unknown>[]).map((r) => ({ value: r[column] === null || r[column] === undefined ? null : String(r[column]), count: Number(r.count) }));
}
