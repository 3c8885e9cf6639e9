// Membership & points 会籍积分 (issue 16 point 3; RULES §16): members numbered by the database, a
// points ledger written only by the database (append-only, balance derived), 100 points to the
// member who brought a new customer when that customer is filed (联谊会老顾客每带一个新顾客…奖励老顾客
// 100分积分, once per customer), redemption with a balance check under a lock, expiry as a setting,
// and the job "member-points".
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

type Member = { id: string; member_no: string; customer_id: string; department_id: string; referred_by: string | null; points_balance: number };
type Line = { id: string; member_id: string; kind: string; points: number; balance_after: number; expires_on: string | null; source_customer_id: string | null };

const bilingual = /[\u4e00-\u9fff].* \| [A-Za-z]/;
const memberRow = async (id: string) => (await sql<Member>(`select * from public.members where id = $1`, [id]))[0];
const linesOf = (memberId: string) =>
  sql<Line>(`select id, member_id, kind, points, balance_after, expires_on::text, source_customer_id from public.member_points where member_id = $1 order by created_at, kind`, [memberId]);

/** A customer of the department, owned by the operator, unfiled unless said (as the database owner). */
async function customer(department: string, owner: string, filed = false): Promise<string> {
  return (await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id, first_contact_at, filed_at) values ($1, $2, $3, $4, now() - interval '2 days', case when $5 then now() end) returning id`,
    [`会员测试${unique()}`, uniquePhone(), department, owner, filed],
  ))[0].id;
}
/** An old customer of KF1 (filed, owned by the KF1 clerk) in the club. */
async function oldMember(department: string = departmentIds.KF1, owner: string = operatorIds.clerk): Promise<Member> {
  const c = await customer(department, owner, true);
  return (await sql<Member>(`insert into public.members (customer_id) values ($1) returning *`, [c]))[0];
}

let clerk: SupabaseClient;
let clerk2: SupabaseClient;
let manager: SupabaseClient;
let director: SupabaseClient;
beforeAll(async () => {
  [clerk, clerk2, manager, director] = await Promise.all((['clerk', 'clerk2', 'manager', 'director'] as const).map((r) => signInAs(r)));
});

describe('members', () => {
  it('a clerk enrols a customer of his department; the database numbers the member and sets the department', async () => {
    const c = await customer(departmentIds.KF1, operatorIds.clerk, true);
    const { data, error } = await clerk.from('members').insert({ customer_id: c, level: '银卡会员', member_no: 'HY-MINE' }).select().single();
    expect(error?.code).toBe('42501');
    const made = await clerk.from('members').insert({ customer_id: c, level: '银卡会员' }).select().single();
    expect(made.error).toBeNull();
    expect(data).toBeNull();
    expect(made.data).toMatchObject({ customer_id: c, department_id: departmentIds.KF1, points_balance: 0, level: '银卡会员' });
    expect(made.data!.member_no).toMatch(/^HY\d{6}$/);
  });

  it('a clerk of another department neither sees nor enrols the department\'s members; the manager and the director read them', async () => {
    const m = await oldMember();
    expect((await clerk2.from('members').select('id').eq('id', m.id)).data).toEqual([]);
    expect((await manager.from('members').select('id').eq('id', m.id)).data).toEqual([{ id: m.id }]);
    expect((await director.from('members').select('id').eq('id', m.id)).data).toEqual([{ id: m.id }]);
    const c = await customer(departmentIds.KF1, operatorIds.clerk, true);
    const refused = await clerk2.from('members').insert({ customer_id: c });
    expect(refused.error?.code).toBe('42501');
    const byManager = await manager.from('members').insert({ customer_id: c });
    expect(byManager.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.members where customer_id = $1`, [c])).toEqual([]);
  });

  it('nobody types a balance', async () => {
    const m = await oldMember();
    const { error } = await clerk.from('members').update({ points_balance: 500 }).eq('id', m.id);
    expect(error?.code).toBe('42501');
    expect(error?.message).toMatch(bilingual);
    expect((await memberRow(m.id)).points_balance).toBe(0);
  });
});

describe('100 points to the member who brings a new customer', () => {
  it('credits the referrer 100 points when the new customer is filed, and tells the owner of the referrer\'s card', async () => {
    const old = await oldMember();
    const c = await customer(departmentIds.KF1, operatorIds.clerk);
    const made = await clerk.from('members').insert({ customer_id: c, referred_by: old.id }).select().single();
    expect(made.error).toBeNull();
    expect(await linesOf(old.id)).toEqual([]);
    const filed = await clerk.rpc('file_customer', { customer_id: c });
    expect(filed.error).toBeNull();
    const lines = await linesOf(old.id);
    expect(lines).toMatchObject([{ kind: '推荐奖励', points: 100, balance_after: 100, source_customer_id: c }]);
    expect((await memberRow(old.id)).points_balance).toBe(100);
    const told = await sql<{ recipient_id: string; kind: string }>(
      `select recipient_id, kind from public.notifications where dedupe_key = $1`, [`member-referral:${c}`]);
    expect(told).toEqual([{ recipient_id: operatorIds.clerk, kind: '积分' }]);
  });

  it('credits once per customer: filing again after an un-filing adds nothing', async () => {
    const old = await oldMember();
    const c = await customer(departmentIds.KF1, operatorIds.clerk);
    await sql(`insert into public.members (customer_id, referred_by) values ($1, $2)`, [c, old.id]);
    await sql(`update public.customers set filed_at = now() where id = $1`, [c]);
    await sql(`update public.customers set filed_at = null where id = $1`, [c]);
    await sql(`update public.customers set filed_at = now() where id = $1`, [c]);
    await sql(`update public.customers set notes = '再次保存' where id = $1`, [c]);
    expect((await linesOf(old.id)).map((l) => l.points)).toEqual([100]);
    expect((await memberRow(old.id)).points_balance).toBe(100);
  });

  it('a second referral of the same customer is refused: one membership per customer, and the credited referrer cannot change', async () => {
    const old = await oldMember();
    const other = await oldMember();
    const c = await customer(departmentIds.KF1, operatorIds.clerk);
    const { data: newcomer } = await clerk.from('members').insert({ customer_id: c, referred_by: old.id }).select().single();
    await clerk.rpc('file_customer', { customer_id: c });
    const again = await clerk.from('members').insert({ customer_id: c, referred_by: other.id });
    expect(again.error?.code).toBe('23505');
    expect(again.error?.message).toMatch(bilingual);
    const moved = await clerk.from('members').update({ referred_by: other.id }).eq('id', newcomer!.id);
    expect(moved.error?.code).toBe('PT409');
    expect(moved.error?.message).toMatch(bilingual);
    const cleared = await clerk.from('members').update({ referred_by: null }).eq('id', newcomer!.id);
    expect(cleared.error?.code).toBe('PT409');
    expect((await memberRow(newcomer!.id)).referred_by).toBe(old.id);
    expect(await linesOf(other.id)).toEqual([]);
    expect((await linesOf(old.id)).map((l) => l.points)).toEqual([100]);
  });

  it('a member does not refer himself', async () => {
    const c = await customer(departmentIds.KF1, operatorIds.clerk);
    const { data: m } = await clerk.from('members').insert({ customer_id: c }).select().single();
    const { error } = await clerk.from('members').update({ referred_by: m!.id }).eq('id', m!.id);
    expect(error?.code).toBe('23514');
    expect(error?.message).toMatch(bilingual);
    await clerk.rpc('file_customer', { customer_id: c });
    expect(await linesOf(m!.id)).toEqual([]);
    expect((await memberRow(m!.id)).referred_by).toBeNull();
  });

  it('a customer already filed is not new: no referrer is recorded for him', async () => {
    const old = await oldMember();
    const c = await customer(departmentIds.KF1, operatorIds.clerk, true);
    const { error } = await clerk.from('members').insert({ customer_id: c, referred_by: old.id });
    expect(error?.code).toBe('23514');
    expect(error?.message).toMatch(bilingual);
    expect(await sql(`select 1 from public.members where customer_id = $1`, [c])).toEqual([]);
    expect(await linesOf(old.id)).toEqual([]);
  });

  it('the points follow the setting', async () => {
    await sql(`update public.settings set value = '120' where key = 'member_points.referral_points'`);
    try {
      const old = await oldMember();
      const c = await customer(departmentIds.KF1, operatorIds.clerk);
      await sql(`insert into public.members (customer_id, referred_by) values ($1, $2)`, [c, old.id]);
      await sql(`update public.customers set filed_at = now() where id = $1`, [c]);
      expect((await linesOf(old.id)).map((l) => l.points)).toEqual([120]);
    } finally {
      await sql(`update public.settings set value = '100' where key = 'member_points.referral_points'`);
    }
  });
});

/** A member with a 100-point referral credit (as the database would write it), dated as given. */
async function credited(days = 0, department: string = departmentIds.KF1, owner: string = operatorIds.clerk): Promise<Member> {
  const m = await oldMember(department, owner);
  const c = await customer(department, owner);
  await sql(`insert into public.member_points (member_id, kind, points, credited_on, source_customer_id) values ($1, '推荐奖励', 100, current_date - $2::integer, $3)`, [m.id, days, c]);
  return memberRow(m.id);
}

describe('the points ledger', () => {
  it('is written by nobody through the API and changed or deleted by nobody at all', async () => {
    const m = await credited();
    const [line] = await linesOf(m.id);
    const inserted = await clerk.from('member_points').insert({ member_id: m.id, kind: '冲正', points: 1000, reverses_id: line.id });
    expect(inserted.error?.code).toBe('42501');
    const changed = await clerk.from('member_points').update({ points: 1000 }).eq('id', line.id).select();
    expect(changed.error?.code).toBe('42501');
    await expect(sql(`update public.member_points set points = 1000 where id = $1`, [line.id])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(bilingual) });
    await expect(sql(`delete from public.member_points where id = $1`, [line.id])).rejects.toMatchObject({ code: '42501' });
    await expect(sql(`delete from public.members where id = $1`, [m.id])).rejects.toMatchObject({ code: 'PT409' });
    expect(await linesOf(m.id)).toMatchObject([{ points: 100 }]);
    expect((await memberRow(m.id)).points_balance).toBe(100);
  });

  it('corrects by a reversing line, and the balance is the sum of the lines', async () => {
    const m = await credited();
    const [line] = await linesOf(m.id);
    await sql(`insert into public.member_points (member_id, kind, points, source_customer_id) values ($1, '推荐奖励', 100, $2)`, [m.id, await customer(departmentIds.KF1, operatorIds.clerk)]);
    await sql(`insert into public.member_points (member_id, kind, points, reverses_id, note) values ($1, '冲正', -100, $2, '误记')`, [m.id, line.id]);
    expect((await memberRow(m.id)).points_balance).toBe(100);
    expect((await linesOf(m.id)).map((l) => l.balance_after)).toEqual([100, 200, 100]);
    await expect(sql(`insert into public.member_points (member_id, kind, points, reverses_id) values ($1, '冲正', -100, $2)`, [m.id, line.id])).rejects.toMatchObject({ code: '23505' });
  });

  it('is read by the clerks and manager of the department, and the director; not by another department', async () => {
    const m = await credited();
    for (const c of [clerk, manager, director]) expect((await c.from('member_points').select('points').eq('member_id', m.id)).data).toEqual([{ points: 100 }]);
    expect((await clerk2.from('member_points').select('points').eq('member_id', m.id)).data).toEqual([]);
  });
});

describe('redemption 积分兑换', () => {
  it('takes points off with a line of its own, and offers the move to the department\'s clerks only', async () => {
    const m = await credited();
    const { data, error } = await clerk.rpc('redeem_member_points', { member_id: m.id, points: 60, note: '兑换纪念品' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ kind: '兑换', points: -60, balance_after: 40, member_id: m.id });
    expect((await memberRow(m.id)).points_balance).toBe(40);
    const rights = async (c: SupabaseClient) => ((await c.rpc('row_rights', { register: 'members', keys: [m.id] })).data as { moves: string[] }[])[0]?.moves;
    expect(await rights(clerk)).toEqual(['redeem']);
    expect(await rights(manager)).toEqual([]);
  });

  it('never takes the balance below zero', async () => {
    const m = await credited();
    const { error } = await clerk.rpc('redeem_member_points', { member_id: m.id, points: 101, note: '兑换大礼包' });
    expect(error?.code).toBe('PT409');
    expect(error?.message).toMatch(bilingual);
    expect(error?.message).toContain('100');
    expect((await memberRow(m.id)).points_balance).toBe(100);
    expect(await linesOf(m.id)).toHaveLength(1);
  });

  it('two redemptions at once: the member row is locked, one passes and the other is refused', async () => {
    const m = await credited();
    const other = await signInAs('clerk');
    const results = await Promise.all([
      clerk.rpc('redeem_member_points', { member_id: m.id, points: 70, note: '同时兑换一' }),
      other.rpc('redeem_member_points', { member_id: m.id, points: 70, note: '同时兑换二' }),
    ]);
    expect(results.map((r) => r.error?.code ?? 'ok').sort()).toEqual(['PT409', 'ok']);
    expect((await memberRow(m.id)).points_balance).toBe(30);
  });

  it('is refused to another department (not found), to the manager (read only) and without a note', async () => {
    const m = await credited();
    expect((await clerk2.rpc('redeem_member_points', { member_id: m.id, points: 10, note: '兑换' })).error?.code).toBe('PT404');
    expect((await manager.rpc('redeem_member_points', { member_id: m.id, points: 10, note: '兑换' })).error?.code).toBe('42501');
    const noNote = await clerk.rpc('redeem_member_points', { member_id: m.id, points: 10, note: ' ' });
    expect(noNote.error?.code).toBe('22023');
    expect(noNote.error?.message).toMatch(bilingual);
    expect((await clerk.rpc('redeem_member_points', { member_id: m.id, points: 0, note: '兑换零分' })).error?.code).toBe('22023');
    expect((await memberRow(m.id)).points_balance).toBe(100);
  });
});

describe('expiry', () => {
  it('points expire the set number of months after their credit; the oldest are used first', async () => {
    // 100 credited 25 months ago, 30 of them redeemed then; 100 credited a month ago.
    const m = await credited(25 * 31);
    await sql(`insert into public.member_points (member_id, kind, points, credited_on, note) values ($1, '兑换', -30, current_date - 700, '早年兑换')`, [m.id]);
    const c = await customer(departmentIds.KF1, operatorIds.clerk);
    await sql(`insert into public.member_points (member_id, kind, points, credited_on, source_customer_id) values ($1, '推荐奖励', 100, current_date - 30, $2)`, [m.id, c]);
    expect((await memberRow(m.id)).points_balance).toBe(170);
    // A redemption first books out what expired (70), then checks the balance (100).
    const refused = await clerk.rpc('redeem_member_points', { member_id: m.id, points: 101, note: '兑换大礼包' });
    expect(refused.error?.code).toBe('PT409');
    expect((await memberRow(m.id)).points_balance).toBe(170);
    const ok = await clerk.rpc('redeem_member_points', { member_id: m.id, points: 100, note: '兑换大礼包' });
    expect(ok.error).toBeNull();
    expect((await linesOf(m.id)).filter((l) => l.kind === '过期').map((l) => l.points)).toEqual([-70]);
    expect((await memberRow(m.id)).points_balance).toBe(0);
  });

  it('the job "member-points" books out expired points once, over HTTP with a run log', async () => {
    const m = await credited(25 * 31);
    await sql(`insert into public.member_points (member_id, kind, points, credited_on, note) values ($1, '兑换', -30, current_date - 700, '早年兑换')`, [m.id]);
    const run = async () => {
      const response = await fetch(`${stackEnv().API_URL}/functions/v1/member-points`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ as_of: new Date().toISOString(), trigger: 'manual' }),
      });
      return { status: response.status, ...((await response.json()) as { run?: { job_name: string; error: string | null } }) };
    };
    const first = await run();
    expect(first.status).toBe(200);
    expect(first.run).toMatchObject({ job_name: 'member-points', error: null });
    await run();
    expect((await linesOf(m.id)).filter((l) => l.kind === '过期').map((l) => l.points)).toEqual([-70]);
    expect((await memberRow(m.id)).points_balance).toBe(0);
  });

  it('with the setting at 0 months, points never expire', async () => {
    await sql(`update public.settings set value = '0' where key = 'member_points.expiry_months'`);
    try {
      const m = await credited(25 * 31);
      expect((await linesOf(m.id))[0].expires_on).toBeNull();
      await sql(`select private.job_member_points(now())`);
      expect((await memberRow(m.id)).points_balance).toBe(100);
    } finally {
      await sql(`update public.settings set value = '24' where key = 'member_points.expiry_months'`);
    }
  });
});

describe('demo seeds', () => {
  it('hold members with referrals, their credits and one redemption', async () => {
    const seeded = await sql<{ n: string; referred: string }>(
      `select count(*)::text as n, count(referred_by)::text as referred from public.members where id::text like '00000000-0000-4000-f107-%'`);
    expect(seeded).toEqual([{ n: '8', referred: '3' }]);
    const first = await sql<{ kind: string; points: number }>(
      `select kind, points from public.member_points where member_id = '00000000-0000-4000-f107-000000000001' order by points desc`);
    expect(first).toEqual([{ kind: '推荐奖励', points: 100 }, { kind: '推荐奖励', points: 100 }, { kind: '兑换', points: -150 }]);
    expect((await memberRow('00000000-0000-4000-f107-000000000001')).points_balance).toBe(50);
    expect((await memberRow('00000000-0000-4000-f107-000000000004')).points_balance).toBe(100);
  });
});
