// Months and quarters read as words and are typed as words or as their first day.
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodText } from './period';

describe('month and quarter columns', () => {
  it('read as words in each language', () => {
    expect(periodText('month', '2026-10-01', false)).toBe('2026年10月');
    expect(periodText('month', '2026-10-01', true)).toBe('2026-10');
    expect(periodText('quarter', '2026-07-01', false)).toBe('2026年第3季度');
    expect(periodText('quarter', '2026-07-01', true)).toBe('2026 Q3');
  });

  it('take the words back, and the period’s first day, in either language', () => {
    expect(parsePeriod('month', '2026年10月')).toBe('2026-10-01');
    expect(parsePeriod('month', '2026-10')).toBe('2026-10-01');
    expect(parsePeriod('month', '2026-10-01')).toBe('2026-10-01');
    expect(parsePeriod('quarter', '2026年第3季度')).toBe('2026-07-01');
    expect(parsePeriod('quarter', '2026年第三季度')).toBe('2026-07-01');
    expect(parsePeriod('quarter', '2026 Q3')).toBe('2026-07-01');
    expect(parsePeriod('quarter', '2026-q4')).toBe('2026-10-01');
    expect(parsePeriod('quarter', '2026-10-01')).toBe('2026-10-01');
  });

  it('refuse a day inside the period and what is no period', () => {
    expect(parsePeriod('month', '2026-10-15')).toBeNull();
    expect(parsePeriod('quarter', '2026-08-01')).toBeNull();
    expect(parsePeriod('quarter', '2026 Q5')).toBeNull();
    expect(parsePeriod('month', '2026年13月')).toBeNull();
  });
});
