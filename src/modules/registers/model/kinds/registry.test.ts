import { describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { columnKind, formatValue, kindOf, parseText, quickSearchFilters } from '.';

describe('each column gets the kind its register declares or its type implies', () => {
  it('takes the kind the migration declares over the type', () => {
    expect(columnKind('text', 'longtext', null, null)).toBe('longtext');
    expect(columnKind('text', 'phone', null, null)).toBe('phone');
    expect(columnKind('numeric(12,2)', 'money', null, null)).toBe('money');
    expect(columnKind('numeric', 'percent', null, null)).toBe('percent');
    expect(columnKind('text', 'id_card', null, null)).toBe('id_card');
    expect(columnKind('text[]', 'multi_option', ['甲', '乙'], null)).toBe('multi_option');
    expect(columnKind('integer', 'code_number', null, null)).toBe('code_number');
  });

  it('shows a number that names (a year, a sequence number) as written, and never adds it up', () => {
    const year = column({ name: 'year', dataType: 'integer', kindHint: 'code_number' });
    expect(kindOf(year).gridCell(year, 2026, false, new Map())).toMatchObject({ displayData: '2026' });
    expect(kindOf(year).summable).toBe(false);
    expect(parseText(year, '2027')).toEqual({ ok: true, value: 2027 });
  });

  it('ignores a hint it has no kind for yet (attachment) and decides by options, references, then type', () => {
    expect(columnKind('text', 'attachment', null, null)).toBe('text');
    expect(columnKind('text', null, ['投诉', '报修'], null)).toBe('option');
    expect(columnKind('uuid', null, null, 'departments')).toBe('reference');
    expect(columnKind('text[]', null, ['甲', '乙'], null)).toBe('multi_option');
    expect(columnKind('text[]', null, null, null)).toBe('other');
    expect(columnKind('integer', null, null, null)).toBe('integer');
    expect(columnKind('bigint', null, null, null)).toBe('integer');
    expect(columnKind('numeric(12,2)', null, null, null)).toBe('number');
    expect(columnKind('double precision', null, null, null)).toBe('number');
    expect(columnKind('boolean', null, null, null)).toBe('boolean');
    expect(columnKind('date', null, null, null)).toBe('date');
    expect(columnKind('timestamp with time zone', null, null, null)).toBe('datetime');
    expect(columnKind('jsonb', null, null, null)).toBe('json');
    expect(columnKind('character varying(20)', null, null, null)).toBe('text');
    expect(columnKind('uuid', null, null, null)).toBe('other');
  });

  it('finds one kind object per kind, each named after its kind', () => {
    const kinds = ['text', 'longtext', 'integer', 'code_number', 'number', 'money', 'percent', 'date', 'datetime', 'option', 'multi_option', 'reference', 'boolean', 'phone', 'id_card', 'json', 'other'] as const;
    for (const kind of kinds) expect(kindOf({ kind }).name).toBe(kind);
  });
});

describe('what every kind shares', () => {
  it('reads an empty cell as no value, and refuses it where the column is required', () => {
    expect(parseText(column({ dataType: 'integer' }), '  ')).toEqual({ ok: true, value: null });
    expect(parseText(column({ dataType: 'integer', required: true }), '')).toEqual({ ok: false, error: '“字段”不能为空' });
    expect(formatValue(column({ dataType: 'date' }), null)).toBe('');
  });

  it('quick-searches text-like columns and matching options, never keys, numbers or dates', () => {
    const columns = [
      column({ name: 'id', dataType: 'uuid' }),
      column({ name: 'code' }),
      column({ name: 'phone', kindHint: 'phone' }),
      column({ name: 'visits', dataType: 'integer' }),
      column({ name: 'due', dataType: 'date' }),
      column({ name: 'department_id', dataType: 'uuid', references: { table: 'departments', display: 'name' } }),
      column({ name: 'kind', options: ['投诉', '报修'] }),
    ];
    expect(quickSearchFilters(columns, '投诉')).toEqual([
      { field: 'code', operator: 'contains', value: '投诉' },
      { field: 'phone', operator: 'contains', value: '投诉' },
      { field: 'kind', operator: 'in', value: ['投诉'] },
    ]);
  });
});
