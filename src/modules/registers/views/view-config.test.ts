import { describe, expect, it } from 'vitest';
import { columnKind } from '../model/kinds';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { toCrudFilters, toCrudSorters, viewGroup, viewSorts, viewColumns } from './view-config';

const column = (name: string, dataType = 'text', options: string[] | null = null): ColumnMeta => ({
  name, position: 0, dataType, kind: columnKind(dataType, null, options, null), labelZh: name, labelEn: name, options, optionsEn: null, kindHint: null, references: null,
  required: false, defaultValue: null, editable: true, insertable: true, system: name === 'id' || name === 'version', bookkeeping: name === 'id' || name === 'version', historyImportable: false, readOnlyReason: null, owner: false, pattern: null, patternMessageZh: null, patternMessageEn: null,
});

const register: RegisterMeta = {
  name: 'service_requests', labelZh: '服务工单', labelEn: 'Service requests', keyColumn: 'id',
  columns: [column('id', 'uuid'), column('code'), column('kind', 'text', ['投诉', '报修']), column('cost', 'numeric(12,2)'), column('version', 'integer')],
  canCreate: true, canUpdate: true, canDelete: true, defaultSort: { column: 'received_at', order: 'desc' },
  menu: null, printTitleZh: '服务工单', printTitleEn: 'Service requests', printSignaturesZh: [], printSignaturesEn: [], titleColumns: ['code'], moves: [],
};

describe('a saved view becomes a server query', () => {
  it('hides the bookkeeping columns unless the view shows them, and keeps the chosen order', () => {
    expect(viewColumns(register, {}).map((c) => c.name)).toEqual(['code', 'kind', 'cost']);
    expect(viewColumns(register, { order: ['cost', 'code'], hidden: ['kind'] }).map((c) => c.name)).toEqual(['cost', 'code', 'id', 'version']);
  });

  it('turns filters into PostgREST operators and drops empty ones', () => {
    const filters = toCrudFilters(register, { filters: [
      { column: 'kind', operator: 'in', value: ['投诉'] },
      { column: 'cost', operator: 'gte', value: 100 },
      { column: 'code', operator: 'contains', value: '' },
      { column: 'cost', operator: 'null' },
      { column: 'dropped_column', operator: 'eq', value: 1 },
    ] });
    expect(filters).toEqual([
      { field: 'kind', operator: 'in', value: ['投诉'] },
      { field: 'cost', operator: 'gte', value: 100 },
      { field: 'cost', operator: 'null', value: null },
    ]);
  });

  it('searches every text column, and a comma in the search cannot break the query', () => {
    const [search] = toCrudFilters(register, { search: '漏水,(3楼)' });
    expect(search).toEqual({ operator: 'or', value: [{ field: 'code', operator: 'contains', value: '漏水  3楼' }] });
  });

  it('searches an option column by the options whose value or English label matches, never by the key or numbers', () => {
    const withLabels: RegisterMeta = { ...register, columns: register.columns.map((c) => (c.name === 'kind' ? { ...c, optionsEn: ['Complaint', 'Repair'] } : c)) };
    expect(toCrudFilters(withLabels, { search: '投诉' })).toEqual([{ operator: 'or', value: [
      { field: 'code', operator: 'contains', value: '投诉' },
      { field: 'kind', operator: 'in', value: ['投诉'] },
    ] }]);
    expect(toCrudFilters(withLabels, { search: 'repair' })).toEqual([{ operator: 'or', value: [
      { field: 'code', operator: 'contains', value: 'repair' },
      { field: 'kind', operator: 'in', value: ['报修'] },
    ] }]);
  });

  it('filters a multi-option column by "holds all of" (PostgREST cs)', () => {
    const tags = { ...register.columns[1], name: 'tags', dataType: 'text[]', kind: 'multi_option' as const, options: ['a', 'b'] };
    expect(toCrudFilters({ ...register, columns: [...register.columns, tags] }, { filters: [{ column: 'tags', operator: 'has', value: ['a', 'b'] }] }))
      .toEqual([{ field: 'tags', operator: 'ina', value: ['a', 'b'] }]);
  });

  it('sorts by the register’s default, then by the key so pages never overlap', () => {
    expect(toCrudSorters(register, {})).toEqual([{ field: 'received_at', order: 'desc' }, { field: 'id', order: 'desc' }]);
    expect(toCrudSorters(register, { sort: null })).toEqual([{ field: 'id', order: 'asc' }]);
  });
});

describe('sorting by several columns and grouping', () => {
  it('orders by each sort column in turn, the key breaking the last ties', () => {
    expect(toCrudSorters(register, { sorts: [{ column: 'kind', order: 'asc' }, { column: 'code', order: 'desc' }] })).toEqual([
      { field: 'kind', order: 'asc' },
      { field: 'code', order: 'desc' },
      { field: 'id', order: 'desc' },
    ]);
  });

  it('reads an older view’s single sort, and forgets a column the register no longer has', () => {
    expect(viewSorts(register, { sort: { column: 'code', order: 'asc' } })).toEqual([{ column: 'code', order: 'asc' }]);
    expect(viewSorts(register, { sorts: [{ column: 'gone', order: 'asc' }, { column: 'code', order: 'desc' }] })).toEqual([{ column: 'code', order: 'desc' }]);
  });

  it('groups by an option column first, so that each group’s rows follow one another', () => {
    expect(toCrudSorters(register, { group: 'kind', sorts: [{ column: 'code', order: 'desc' }] })).toEqual([
      { field: 'kind', order: 'asc' },
      { field: 'code', order: 'desc' },
      { field: 'id', order: 'desc' },
    ]);
    // Only an option column groups.
    expect(viewGroup(register, { group: 'code' })).toBeNull();
  });
});
