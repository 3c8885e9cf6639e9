// Working-day deadlines use the business calendar: official holidays and the make-up working
// Saturdays and Sundays (调休) of 2025 and 2026.
import { describe, expect, it } from 'vitest';
import { unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

async function addWorkingDays(from: string, n: number): Promise<string> {
  const client = await signInAs('clerk');
  const { data, error } = await client.rpc('add_working_days', { from_at: from, n });
  if (error) throw error;
  return data as string;
}

describe('working days', () => {
  it('skip the 2026 Spring Festival and count the make-up Saturdays before and after it', async () => {
    expect(await addWorkingDays('2026-02-13T10:00:00+08:00', 1)).toBe('2026-02-14'); // Saturday, 调休上班
    expect(await addWorkingDays('2026-02-13T10:00:00+08:00', 2)).toBe('2026-02-24'); // holiday 15–23
    expect(await addWorkingDays('2026-02-24T10:00:00+08:00', 4)).toBe('2026-02-28'); // Saturday, 调休上班
  });

  it('skip National Day 2025 (Oct 1–8) and count Sunday Sep 28 and Saturday Oct 11', async () => {
    expect(await addWorkingDays('2025-09-26T17:00:00+08:00', 1)).toBe('2025-09-28');
    expect(await addWorkingDays('2025-09-26T17:00:00+08:00', 5)).toBe('2025-10-10');
    expect(await addWorkingDays('2025-10-10T09:00:00+08:00', 1)).toBe('2025-10-11');
  });

  it('skip National Day 2026 (Oct 1–7)', async () => {
    expect(await addWorkingDays('2026-09-30T10:00:00+08:00', 1)).toBe('2026-10-08');
  });

  it('use the local date in Asia/Shanghai, not UTC', async () => {
    // 2026-11-20 Friday 23:30 in Beijing is still Friday 15:30 UTC; the next working day is Monday.
    expect(await addWorkingDays('2026-11-20T23:30:00+08:00', 1)).toBe('2026-11-23');
  });

  it('count working days between two instants across a holiday', async () => {
    const client = await signInAs('clerk');
    const { data } = await client.rpc('working_days_between', { from_at: '2026-02-12T09:00:00+08:00', to_at: '2026-02-28T09:00:00+08:00' });
    expect(data).toBe(7);
  });

  it('refuses a negative number of working days with a Chinese message', async () => {
    const client = await signInAs('clerk');
    const { error } = await client.rpc('add_working_days', { from_at: '2026-01-05T09:00:00+08:00', n: -1 });
    expect(error?.message).toContain('工作日数不能为负数');
  });

  it('refuses, at once and with HTTP 400, a number of working days or dates no business needs (more than 3660 days, infinity, before 2000 or after 2100)', async () => {
    const client = await signInAs('clerk');
    const calls = [
      ['add_working_days', { from_at: '2026-01-05T09:00:00+08:00', n: 2 ** 31 - 1 }, '工作日数超出范围'],
      ['add_working_days', { from_at: '2026-01-05T09:00:00+08:00', n: 3661 }, '工作日数超出范围'],
      ['add_working_days', { from_at: 'infinity', n: 5 }, '日期超出范围'],
      ['add_working_days', { from_at: '1999-12-31T09:00:00+08:00', n: 1 }, '日期超出范围'],
      ['add_working_days', { from_at: '2101-01-01T09:00:00+08:00', n: 1 }, '日期超出范围'],
      ['working_days_between', { from_at: '-infinity', to_at: '2026-01-05T09:00:00+08:00' }, '日期超出范围'],
      ['working_days_between', { from_at: '2000-01-05T09:00:00+08:00', to_at: '2100-01-05T09:00:00+08:00' }, '时间跨度超出范围'],
    ] as const;
    for (const [fn, args, message] of calls) {
      const started = Date.now();
      const { error, status } = await client.rpc(fn, args);
      expect(status, JSON.stringify(args)).toBe(400);
      expect(error?.message, JSON.stringify(args)).toContain(message);
      expect(Date.now() - started, JSON.stringify(args)).toBeLessThan(1000);
    }
    // The edges still count: ten years of working days, and the last day of 2100.
    expect((await client.rpc('add_working_days', { from_at: '2026-01-05T09:00:00+08:00', n: 3660 })).error).toBeNull();
    expect((await client.rpc('add_working_days', { from_at: '2100-12-31T09:00:00+08:00', n: 1 })).error).toBeNull();
  });

  it('refuses a customer first contacted at infinity with HTTP 400, at once, and stores nothing', async () => {
    const clerk = await signInAs('clerk');
    const name = unique('无穷');
    const started = Date.now();
    const refused = await clerk.from('customers').insert({ name, phone: uniquePhone(), first_contact_at: 'infinity' });
    expect(refused.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await sql(`select 1 from public.customers where name = $1`, [name])).toEqual([]);
  });

  it('holds the official schedules: 2026 Spring Festival has 9 holidays and 2 make-up days', async () => {
    const rows = await sql<{ kind: string; n: number }>(
      `select kind, count(*)::int as n from public.business_calendar where name like '春节%' and day between '2026-02-01' and '2026-03-01' group by kind order by kind`,
    );
    expect(rows).toEqual([{ kind: 'holiday', n: 9 }, { kind: 'workday', n: 2 }]);
  });

  it('can be kept by the administrator only', async () => {
    const clerk = await signInAs('clerk');
    const refused = await clerk.from('business_calendar').insert({ day: '2027-01-01', kind: 'holiday', name: '元旦' });
    expect(refused.error?.code).toBe('42501');
    const admin = await signInAs('admin');
    const day = '2031-01-01';
    const added = await admin.from('business_calendar').insert({ day, kind: 'holiday', name: '元旦' }).select().single();
    expect(added.error).toBeNull();
    expect((await admin.from('business_calendar').delete().eq('day', day).select()).data).toHaveLength(1);
  });
});
