import { describe, expect, it } from 'vitest';
import { aggregateSelect, readAggregates } from './server-aggregates';

describe('aggregates asked of the server', () => {
  const requests = [
    { column: 'amount', parts: ['sum' as const, 'avg' as const] },
    { column: 'spent_on', parts: ['filled' as const, 'max' as const] },
  ];

  it('asks for the rows’ count and each column’s parts under aliases of their own', () => {
    expect(aggregateSelect(requests)).toBe('count(),c0_sum:amount.sum(),c0_avg:amount.avg(),c1_filled:spent_on.count(),c1_max:spent_on.max()');
  });

  it('reads the answer back per column (numbers as numbers, a latest date as the date)', () => {
    expect(readAggregates({ count: 12, c0_sum: 1234.5, c0_avg: '102.875', c1_filled: 11, c1_max: '2026-11-30' }, requests)).toEqual({
      rows: 12,
      columns: { amount: { sum: 1234.5, avg: 102.875 }, spent_on: { filled: 11, max: '2026-11-30' } },
    });
  });
});
