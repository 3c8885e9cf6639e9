// The dashboard's survey card groups the database's rows by department and quarter (Beijing).
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { byDepartment, quartersOf } from './survey-quarters';

describe('the survey-score card', () => {
  it('takes this quarter and the one before, across a year end', () => {
    expect(quartersOf(dayjs('2026-12-03'))).toEqual({ current: '2026-10-01', previous: '2026-07-01' });
    expect(quartersOf(dayjs('2027-02-28'))).toEqual({ current: '2027-01-01', previous: '2026-10-01' });
    expect(quartersOf(dayjs('2026-04-01'))).toEqual({ current: '2026-04-01', previous: '2026-01-01' });
  });

  it('puts each department on one line with its two quarters, in the order of their codes, older quarters left out', () => {
    const row = (department_id: string, department: string, quarter: string, average: number) =>
      ({ department_id, department, departmentCode: department === '客服一部' ? 'KF1' : 'KF2', quarter, answered: 3, average, satisfied_rate: 50 });
    const lines = byDepartment(
      [row('b', '客服二部', '2026-10-01', 4.5), row('a', '客服一部', '2026-10-01', 4), row('a', '客服一部', '2026-07-01', 3.5), row('a', '客服一部', '2026-04-01', 2)],
      { current: '2026-10-01', previous: '2026-07-01' },
    );
    expect(lines.map((l) => [l.department, l.current?.average, l.previous?.average])).toEqual([
      ['客服一部', 4, 3.5],
      ['客服二部', 4.5, undefined],
    ]);
  });
});
