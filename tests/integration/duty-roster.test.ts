// Duty roster 值班表 (issue 15 point 1; RULES §12 一、七): the centre staffed around the clock (the
// shifts of a day cover 24 hours), a manager of middle level or above on holidays and special days
// (a day without one is flagged on its rows), and who keeps the roster (managers their department,
// the duty manager 值班经理 and the director the whole centre).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

const shifts = { early: '00000000-0000-4000-f001-000000000001', middle: '00000000-0000-4000-f001-000000000002', night: '00000000-0000-4000-f001-000000000003' };
type Day = { covered: boolean; uncovered: string | null; special: string | null; manager_on_duty: boolean; flag: string | null };

// Days far from the demo roster, one per test (each test cleans its own).
const day = (n: number) => `2031-0${n}-1${n}`;
const used: string[] = [];
const dayFacts = async (d: string) => (await sql<Day>(`select * from public.duty_day($1)`, [d]))[0];
const flags = async (d: string) => (await sql<{ day_flag: string | null }>(`select distinct day_flag from public.duty_roster where duty_date = $1`, [d])).map((r) => r.day_flag);

let manager: SupabaseClient;
let director: SupabaseClient;
let clerk: SupabaseClient;
beforeAll(async () => {
  [manager, director, clerk] = await Promise.all([signInAs('manager'), signInAs('director'), signInAs('clerk')]);
});
afterAll(async () => {
  await sql(`delete from public.duty_roster where duty_date = any ($1::date[])`, [used]);
  await sql(`delete from public.duty_special_days where day = any ($1::date[])`, [used]);
  await sql(`delete from public.business_calendar where day = any ($1::date[])`, [used]);
});

const roster = (as: SupabaseClient, d: string, shift: string, person: string) =>
  as.from('duty_roster').insert({ duty_date: d, shift_id: shift, operator_id: person }).select('*').single<{ id: string; department_id: string; day_flag: string | null }>();

describe('24-hour coverage 实行24小时值班制度', () => {
  it('flags a day whose shifts leave hours uncovered, naming them, until the whole day is covered', async () => {
    const d = day(1);
    used.push(d);
    expect((await roster(manager, d, shifts.early, operatorIds.clerk)).error).toBeNull();
    expect(await dayFacts(d)).toMatchObject({ covered: false, uncovered: '00:00–08:00、16:00–24:00' });
    expect((await flags(d))[0]).toContain('值班未覆盖24小时');
    expect((await flags(d))[0]).toContain('16:00–24:00');
    expect((await roster(manager, d, shifts.middle, operatorIds.kf1Colleague)).error).toBeNull();
    expect(await dayFacts(d)).toMatchObject({ covered: false, uncovered: '00:00–08:00' });
    expect((await roster(manager, d, shifts.night, operatorIds.manager)).error).toBeNull();
    expect(await dayFacts(d)).toMatchObject({ covered: true, uncovered: null, flag: null });
    expect(await flags(d)).toEqual([null]);
    // A row removed opens the gap again.
    await sql(`delete from public.duty_roster where duty_date = $1 and shift_id = $2`, [d, shifts.night]);
    expect((await flags(d))[0]).toContain('00:00–08:00');
  });
});

describe('holidays and special days 遇特殊情况或节日', () => {
  it('need a manager of middle level or above on the roster: a day without one is flagged on its rows', async () => {
    const d = day(2);
    used.push(d);
    await sql(`insert into public.business_calendar (day, kind, name) values ($1, 'holiday', '测试节日')`, [d]);
    for (const [shift, person] of [[shifts.early, operatorIds.clerk], [shifts.middle, operatorIds.kf1Colleague], [shifts.night, operatorIds.clerk]] as const) {
      expect((await roster(manager, d, shift, person)).error).toBeNull();
    }
    expect(await dayFacts(d)).toMatchObject({ covered: true, special: '测试节日', manager_on_duty: false });
    expect((await flags(d))[0]).toContain('测试节日须有中级以上管理人员值班');
    // The manager joins the early shift: the flag goes.
    expect((await roster(manager, d, shifts.early, operatorIds.manager)).error).toBeNull();
    expect(await dayFacts(d)).toMatchObject({ manager_on_duty: true, flag: null });
    expect(await flags(d)).toEqual([null]);
  });

  it('counts a special day (特殊情况) declared by the director, and flags the day’s rows when it is declared', async () => {
    const d = day(3);
    used.push(d);
    for (const shift of [shifts.early, shifts.middle, shifts.night]) expect((await roster(manager, d, shift, operatorIds.clerk)).error).toBeNull();
    expect(await flags(d)).toEqual([null]);
    expect((await director.from('duty_special_days').insert({ day: d, name: '台风红色预警' })).error).toBeNull();
    expect((await flags(d))[0]).toContain('台风红色预警须有中级以上管理人员值班');
    // A clerk declares none.
    const refused = await clerk.from('duty_special_days').insert({ day: day(4), name: '自定特殊日' });
    expect(refused.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.duty_special_days where day = $1`, [day(4)])).toEqual([]);
  });
});

describe('who keeps the roster', () => {
  it('a manager rosters his own department only; the duty manager and the director the whole centre; a clerk nobody', async () => {
    const d = day(5);
    used.push(d);
    const own = await roster(manager, d, shifts.early, operatorIds.clerk);
    expect(own.error).toBeNull();
    expect(own.data!.department_id).toBe(departmentIds.KF1);
    // 陈刚 holds the duty 值班经理: he may roster 客服二部's 李娜 too. A plain manager may not.
    expect((await roster(manager, d, shifts.middle, operatorIds.clerk2)).error).toBeNull();
    await sql(`update public.operators set duties = '{}' where id = $1`, [operatorIds.manager]);
    try {
      const plain = await signInAs('manager');
      const refused = await roster(plain, d, shifts.night, operatorIds.clerk2);
      expect(refused.error?.code).toBe('42501');
    } finally {
      await sql(`update public.operators set duties = '{值班经理}' where id = $1`, [operatorIds.manager]);
    }
    expect((await roster(director, d, shifts.night, operatorIds.clerk2)).error).toBeNull();
    const byClerk = await roster(clerk, d, shifts.night, operatorIds.clerk);
    expect(byClerk.error?.code).toBe('42501');
    expect(await sql(`select operator_id from public.duty_roster where duty_date = $1 order by shift_id, operator_id`, [d]))
      .toEqual([{ operator_id: operatorIds.clerk }, { operator_id: operatorIds.clerk2 }, { operator_id: operatorIds.clerk2 }]);
    // Everyone on duty reads the roster.
    expect((await clerk.from('duty_roster').select('id').eq('duty_date', d)).data).toHaveLength(3);
  });

  it('refuses the flag, the department, the administrator and the same person twice on a shift', async () => {
    const d = day(6);
    used.push(d);
    const flagged = await manager.from('duty_roster').insert({ duty_date: d, shift_id: shifts.early, operator_id: operatorIds.clerk, day_flag: '无' });
    expect(flagged.error?.code).toBe('42501');
    const admin = await roster(director, d, shifts.early, operatorIds.admin);
    expect(admin.error?.code).toBe('23514');
    expect(admin.error?.message).toContain('系统管理员');
    expect((await roster(manager, d, shifts.early, operatorIds.clerk)).error).toBeNull();
    expect((await roster(manager, d, shifts.early, operatorIds.clerk)).error?.code).toBe('23505');
    expect(await sql(`select count(*)::int as n from public.duty_roster where duty_date = $1`, [d])).toEqual([{ n: 1 }]);
  });
});

describe('a day’s coverage through the API', () => {
  it('is told to those who read the roster, not to the administrator', async () => {
    const { data, error } = await clerk.rpc('duty_day', { day: '2031-09-19' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ covered: false, uncovered: '00:00–24:00' });
    const admin = await (await signInAs('admin')).rpc('duty_day', { day: '2031-09-19' });
    expect(admin.error?.code).toBe('42501');
  });
});

describe('the demo roster', () => {
  it('covers the coming week around the clock and flags the special day without a manager', async () => {
    const rows = await sql<{ d: number; flag: string | null }>(
      `select (r.duty_date - current_date) as d, max(r.day_flag) as flag from public.duty_roster r
       where r.duty_date between current_date and current_date + 7 group by r.duty_date order by 1`);
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.flag !== null).map((r) => r.d)).toEqual([5]);
    expect(rows.find((r) => r.d === 5)!.flag).toContain('寒潮橙色预警');
  });
});
