import { describe, expect, it } from 'vitest';
import { reversed, seekOrder, segmentsAfter, segmentsFrom, treeValue } from './seek-order';

const desc = seekOrder([{ field: 'received_at', order: 'desc' }, { field: 'id', order: 'desc' }], 'id')!;
const asc = seekOrder([{ field: 'code', order: 'asc' }, { field: 'id', order: 'asc' }], 'id')!;

describe('reading pages by seeking instead of OFFSET', () => {
  it('seeks through one sort column and the key, or the key alone; several columns (a grouping) fall back to OFFSET', () => {
    expect(desc).toEqual({ column: 'received_at', asc: false, key: 'id', keyAsc: false });
    expect(seekOrder([{ field: 'id', order: 'asc' }], 'id')).toEqual({ column: 'id', asc: true, key: 'id', keyAsc: true });
    expect(seekOrder([{ field: 'kind', order: 'asc' }, { field: 'received_at', order: 'desc' }, { field: 'id', order: 'desc' }], 'id')).toBeNull();
    expect(seekOrder([{ field: 'received_at', order: 'desc' }], 'id')).toBeNull();
  });

  it('the page after a row: bounded by its value (the index starts there), ties broken by the key, quoted in the tree', () => {
    const row = { id: 'b', received_at: '2025-06-30T21:00:57.490887+00:00' };
    expect(segmentsAfter(desc, row)).toEqual([
      [
        { column: 'received_at', op: 'lte', value: row.received_at },
        { or: 'received_at.lt."2025-06-30T21:00:57.490887+00:00",and(received_at.eq."2025-06-30T21:00:57.490887+00:00",id.lt."b")' },
      ],
    ]);
    expect(segmentsAfter(desc, null)).toEqual([[]]);
  });

  it('nulls come last ascending and first descending, so a seek crosses into them or out of them', () => {
    expect(segmentsAfter(asc, { id: 'a', code: 'x' })[1]).toEqual([{ column: 'code', op: 'is', value: null }]);
    expect(segmentsAfter(asc, { id: 'a', code: null })).toEqual([[{ column: 'code', op: 'is', value: null }, { column: 'id', op: 'gt', value: 'a' }]]);
    expect(segmentsAfter(desc, { id: 'a', received_at: null })).toEqual([
      [{ column: 'received_at', op: 'is', value: null }, { column: 'id', op: 'lt', value: 'a' }],
      [{ column: 'received_at', op: 'not.is', value: null }],
    ]);
    // Backwards = the order reversed: the page before a row of an ascending view reads descending.
    expect(reversed(asc)).toEqual({ column: 'code', asc: false, key: 'id', keyAsc: false });
    expect(segmentsFrom(asc, 'GD1')).toEqual([[{ column: 'code', op: 'gte', value: 'GD1' }], [{ column: 'code', op: 'is', value: null }]]);
  });

  it('a value with quotes or backslashes stays one value in the tree', () => {
    expect(treeValue('a"b\\c,d')).toBe('"a\\"b\\\\c,d"');
  });
});
