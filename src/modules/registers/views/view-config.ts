// What a saved view remembers of a grid: the columns (order, hidden, widths, frozen), the sort
// (several columns), the grouping, the footer's statistics, the filters and the quick search.
// Stored as register_views.config (jsonb).
import type { CrudFilter, CrudSort } from '@refinedev/core';
import { kindOf, quickSearchFilters, type FilterOperator, type ReferenceMatches } from '../model/kinds';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { visibleByDefault } from '../model/register-meta';

export type { FilterOperator } from '../model/kinds';
export type SortColumn = { column: string; order: 'asc' | 'desc' };
export type ColumnStat = 'none' | 'count' | 'filled' | 'empty' | 'sum' | 'avg' | 'min' | 'max';
export type ViewFilter = { column: string; operator: FilterOperator; value?: unknown };

export type ViewConfig = {
  order?: string[];
  hidden?: string[];
  widths?: Record<string, number>;
  freeze?: number;
  /** One sort column (older views); `sorts` wins when present. */
  sort?: { column: string; order: 'asc' | 'desc' } | null;
  /** Sort columns, the first deciding first; the key breaks the last ties. */
  sorts?: SortColumn[];
  /** An option column the rows are grouped by (a header row with its count per value). */
  group?: string | null;
  /** The footer's statistic per column. */
  stats?: Record<string, ColumnStat>;
  filters?: ViewFilter[];
  search?: string;
};

/** The operators the filter builder offers for a column: its kind's. */
export const operatorsFor = (column: ColumnMeta): readonly FilterOperator[] => kindOf(column).filterOperators;

/** The grid's columns in the view's order, without the hidden ones. */
export function viewColumns(register: RegisterMeta, config: ViewConfig): ColumnMeta[] {
  const byName = new Map(register.columns.map((c) => [c.name, c]));
  const ordered = (config.order ?? []).map((n) => byName.get(n)).filter((c): c is ColumnMeta => !!c);
  const rest = register.columns.filter((c) => !config.order?.includes(c.name));
  const hidden = new Set(config.hidden ?? register.columns.filter((c) => !visibleByDefault(c)).map((c) => c.name));
  return [...ordered, ...rest].filter((c) => !hidden.has(c.name));
}

// PostgREST's or=() syntax: a value with a comma, parenthesis or quote must not break the list.
const cleanSearch = (text: string) => text.replace(/[,()"\\]/g, ' ').trim();

/** The quick search's words as sent (what the reference look-up searches for too). */
export const searchWords = (config: ViewConfig): string => cleanSearch(config.search ?? '');

/**
 * The view's filters and quick search as Refine filters (server-side, PostgREST). `matches`: the keys
 * of referenced rows whose display text holds the search words (a reference column is searched by them).
 */
export function toCrudFilters(register: RegisterMeta, config: ViewConfig, matches?: ReferenceMatches): CrudFilter[] {
  const columns = new Map(register.columns.map((c) => [c.name, c]));
  const filters: CrudFilter[] = [];
  for (const f of config.filters ?? []) {
    if (!columns.has(f.column)) continue;
    if (f.operator === 'null') filters.push({ field: f.column, operator: 'null', value: null });
    else if (f.operator === 'nnull') filters.push({ field: f.column, operator: 'nnull', value: null });
    else if (f.operator === 'in' || f.operator === 'has') {
      // "has" (a multi-option column holds all of them) is PostgREST's cs, Refine's ina.
      const values = Array.isArray(f.value) ? f.value : [];
      if (values.length > 0) filters.push({ field: f.column, operator: f.operator === 'has' ? 'ina' : 'in', value: values });
    } else if (f.value !== undefined && f.value !== null && f.value !== '') {
      filters.push({ field: f.column, operator: f.operator, value: f.value });
    }
  }
  const search = searchWords(config);
  if (search) {
    // Each column's kind says how it is searched (text contains the words, an option's label matches,
    // a reference its row's name…). Nothing to match: no row, rather than every row.
    const conditions = quickSearchFilters(register.columns, search, matches);
    filters.push(conditions.length > 0 ? { operator: 'or', value: conditions } : { field: register.keyColumn, operator: 'null', value: null });
  }
  return filters;
}

/** The sort columns the view asks for: its own, an older view's single one, or the register's default. */
export function viewSorts(register: RegisterMeta, config: ViewConfig): SortColumn[] {
  const known = (s: SortColumn) => register.columns.some((c) => c.name === s.column);
  if (config.sorts) return config.sorts.filter(known);
  if (config.sort === undefined) return [register.defaultSort];
  return config.sort ? [config.sort].filter(known) : [];
}

/** The option column the view groups by, if it is one of the register's option columns. */
export function viewGroup(register: RegisterMeta, config: ViewConfig): ColumnMeta | null {
  const column = register.columns.find((c) => c.name === config.group);
  return column && column.kind === 'option' ? column : null;
}

/**
 * The view's order on the server: the grouping column first (its groups follow one another),
 * then the sort columns, then the key as the final tie-breaker so that pages never overlap.
 */
export function toCrudSorters(register: RegisterMeta, config: ViewConfig): CrudSort[] {
  const group = viewGroup(register, config);
  const sorts = viewSorts(register, config).filter((s) => s.column !== group?.name);
  const sorters: CrudSort[] = [...(group ? [{ field: group.name, order: 'asc' as const }] : []), ...sorts.map((s) => ({ field: s.column, order: s.order }))];
  if (!sorters.some((s) => s.field === register.keyColumn)) sorters.push({ field: register.keyColumn, order: sorts.at(-1)?.order ?? 'asc' });
  return sorters;
}
