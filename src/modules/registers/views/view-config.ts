// What a saved view remembers of a grid: the columns (order, hidden, widths, frozen), the sort,
// the filters and the quick search. Stored as register_views.config (jsonb).
import type { CrudFilter, CrudSort } from '@refinedev/core';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { visibleByDefault } from '../model/register-meta';

export type FilterOperator = 'contains' | 'eq' | 'ne' | 'gte' | 'lte' | 'in' | 'null' | 'nnull';
export type ViewFilter = { column: string; operator: FilterOperator; value?: unknown };

export type ViewConfig = {
  order?: string[];
  hidden?: string[];
  widths?: Record<string, number>;
  freeze?: number;
  sort?: { column: string; order: 'asc' | 'desc' } | null;
  filters?: ViewFilter[];
  search?: string;
};

/** The operators the filter builder offers for a column, by its kind. */
export function operatorsFor(column: ColumnMeta): FilterOperator[] {
  switch (column.kind) {
    case 'text':
    case 'longtext':
      return ['contains', 'eq', 'ne', 'null', 'nnull'];
    case 'integer':
    case 'number':
    case 'date':
    case 'datetime':
      return ['eq', 'gte', 'lte', 'null', 'nnull'];
    case 'option':
    case 'reference':
      return ['in', 'null', 'nnull'];
    case 'boolean':
      return ['eq'];
    default:
      return ['null', 'nnull'];
  }
}

/** The grid's columns in the view's order, without the hidden ones. */
export function viewColumns(register: RegisterMeta, config: ViewConfig): ColumnMeta[] {
  const byName = new Map(register.columns.map((c) => [c.name, c]));
  const ordered = (config.order ?? []).map((n) => byName.get(n)).filter((c): c is ColumnMeta => !!c);
  const rest = register.columns.filter((c) => !config.order?.includes(c.name));
  const hidden = new Set(config.hidden ?? register.columns.filter((c) => !visibleByDefault(c)).map((c) => c.name));
  return [...ordered, ...rest].filter((c) => !hidden.has(c.name));
}

const searchable = (c: ColumnMeta) => c.kind === 'text' || c.kind === 'longtext' || c.kind === 'option';

// PostgREST's or=() syntax: a value with a comma, parenthesis or quote must not break the list.
const cleanSearch = (text: string) => text.replace(/[,()"\\]/g, ' ').trim();

/** The view's filters and quick search as Refine filters (server-side, PostgREST). */
export function toCrudFilters(register: RegisterMeta, config: ViewConfig): CrudFilter[] {
  const columns = new Map(register.columns.map((c) => [c.name, c]));
  const filters: CrudFilter[] = [];
  for (const f of config.filters ?? []) {
    if (!columns.has(f.column)) continue;
    if (f.operator === 'null') filters.push({ field: f.column, operator: 'null', value: null });
    else if (f.operator === 'nnull') filters.push({ field: f.column, operator: 'nnull', value: null });
    else if (f.operator === 'in') {
      const values = Array.isArray(f.value) ? f.value : [];
      if (values.length > 0) filters.push({ field: f.column, operator: 'in', value: values });
    } else if (f.value !== undefined && f.value !== null && f.value !== '') {
      filters.push({ field: f.column, operator: f.operator, value: f.value });
    }
  }
  const search = cleanSearch(config.search ?? '');
  if (search) {
    const targets = register.columns.filter(searchable);
    if (targets.length > 0) filters.push({ operator: 'or', value: targets.map((c) => ({ field: c.name, operator: 'contains' as const, value: search })) });
  }
  return filters;
}

/** The view's sort, with the key as a tie-breaker so that paging is stable. */
export function toCrudSorters(register: RegisterMeta, config: ViewConfig): CrudSort[] {
  const sort = config.sort === undefined ? register.defaultSort : config.sort;
  const sorters: CrudSort[] = sort ? [{ field: sort.column, order: sort.order }] : [];
  if (sort?.column !== register.keyColumn) sorters.push({ field: register.keyColumn, order: sort?.order ?? 'asc' });
  return sorters;
}
