// Customers 客户档案: filing deadline, duplicate cards, round-robin reception of new customers
// (顺序表循环接待, 不得抢客), handover, the public pool and its claims, key customers' second contact,
// the 5-working-day change report, and who may read a customer's file.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { serviceClient, signInAs, sql, stackEnv } from '../support/stack.ts';

const created: string[] = [];
afterAll(async () => {
  await sql('delete from public.customers where id = any($1::uuid[])', [created]);
});

const roleIds = { clerk: operatorIds.clerk, clerk2: operatorIds.clerk2, manager: operatorIds.manager } as const;
const departmentOf = { clerk: departmentIds.KF1, clerk2: departmentIds.KF2, manager: departmentIds.KF1 } as const;

/** A card someone already owns (as after reception or a manager's reassignment), written directly. */
async function cardOf(role: 'clerk' | 'clerk2', fields: Record<string, unknown> = {}) {
  const values = { name: unique('客户'), phone: uniquePhone(), department_id: departmentOf[role], owner_id: roleIds[role], ...fields };
  const keys = Object.keys(values);
  const [row] = await sql<Record<string, string>>(
    `insert into public.customers (${keys.join(', ')}) values (${keys.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
    Object.values(values),
  );
  created.push(row.id);
  return { data: row };
}

/** A card recorded through the API by `role` (it goes to whoever the roster says). */
async function newCustomer(role: 'clerk' | 'clerk2' | 'manager', fields: Record<string, unknown> = {}) {
  const client = await signInAs(role);
  const result = await client
    .from('customers')
    .insert({ name: unique('客户'), phone: uniquePhone(), ...fields })
    .select()
    .single();
  if (result.data) created.push(result.data.id);
  return result;
}

describe('filing 备案', () => {
  it('is due 5 working days after first contact', async () => {
    const { data, error } = await newCustomer('clerk', { first_contact_at: '2026-02-12T10:00:00+08:00' });
    expect(error).toBeNull();
    // Thu 12 Feb 2026 → Fri 13, Sat 14 (调休), Tue 24, Wed 25, Thu 26 (Spring Festival 15–23).
    expect(data.filing_due).toBe('2026-02-26');
  });

  it('overdue filings are queryable: not filed and past the due date', async () => {
    const { data } = await cardOf('clerk', { first_contact_at: '2026-01-05T09:00:00+08:00' });
    const clerk = await signInAs('clerk');
    const overdue = await clerk.from('customers').select('id').is('filed_at', null).lt('filing_due', '2026-11-22');
    expect(overdue.data?.map((c) => c.id)).toContain(data.id);
  });

  it('is recorded only by the File move, once, by the owner or the manager, never typed in', async () => {
    const { data } = await cardOf('clerk');
    const clerk = await signInAs('clerk');
    const typed = await clerk.from('customers').update({ filed_at: new Date().toISOString() }).eq('id', data.id).select();
    expect(typed.status).toBe(403);
    const byOther = await (await signInAs('clerk2')).rpc('file_customer', { customer_id: data.id });
    expect(byOther.status).toBe(404);
    const filed = await clerk.rpc('file_customer', { customer_id: data.id });
    expect(filed.error).toBeNull();
    expect((filed.data as { filed_at: string | null }).filed_at).toBeTruthy();
    const again = await clerk.rpc('file_customer', { customer_id: data.id });
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('该客户已备案 | This customer is already filed');
  });
});

describe('duplicate cards 重卡', () => {
  it('refuses a new card with the same phone written differently, naming the existing card', async () => {
    const phone = uniquePhone();
    const first = await cardOf('clerk', { phone });
    const dashed = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    const clerk = await signInAs('clerk');
    const second = await clerk.from('customers').insert({ name: unique('另一人'), phone: dashed });
    expect(second.error?.code).toBe('23505');
    expect(second.error?.message).toContain(first.data.code);
    expect(second.error?.message).toContain('重卡');
  });

  it('refuses a new card with the same name and another phone, however the name is spaced, cased or punctuated', async () => {
    const name = unique('同名客户(Ab)');
    const first = await cardOf('clerk', { name });
    const clerk = await signInAs('clerk');
    for (const written of [name, ` ${name.toUpperCase().replace('(', '（').replace(')', '）')}\u3000`, name.replace('同名', '同 名')]) {
      const again = await clerk.from('customers').insert({ name: written, phone: uniquePhone() });
      expect(again.error?.code, written).toBe('23505');
      expect(again.error?.message).toContain(first.data.code);
      expect(again.error?.message).toContain('重卡');
    }
    expect(await sql(`select count(*)::int as n from public.customers where private.customer_name_key(name) = private.customer_name_key($1)`, [name])).toEqual([{ n: 1 }]);
  });

  it('tells a clerk who may not read the existing card that it exists and whom to ask, never its name or number', async () => {
    const name = unique('他人客户');
    const phone = uniquePhone();
    const first = await cardOf('clerk', { name, phone, building: '5栋', unit: '1单元', room: '302室' });
    const clerk2 = await signInAs('clerk2');
    const before = await sql(`select count(*)::int as n from public.customers where phone_normalized = $1`, [phone]);
    for (const attempt of [
      clerk2.from('customers').insert({ name: unique('新名'), phone }),
      clerk2.from('customers').insert({ name, building: '5栋', unit: '1单元', room: '302室' }),
    ]) {
      const { error, status } = await attempt;
      expect(status).toBe(409);
      expect(error?.message).toContain('重卡');
      expect(error?.message).toContain('客服一部');
      expect(error?.message).not.toContain(first.data.code);
      expect(error?.message).not.toContain(name);
    }
    // The same through apply_rows, dry run included: the report does not name the card either.
    const dry = await clerk2.rpc('apply_rows', { register: 'customers', rows: [{ key: null, values: { name: unique('试'), phone } }], dry_run: true });
    const row = (dry.data as { rows: { ok: boolean; message: string; message_en: string }[] }).rows[0];
    expect(row.ok).toBe(false);
    expect(`${row.message} ${row.message_en}`).not.toContain(first.data.code);
    expect(`${row.message} ${row.message_en}`).not.toContain(name);
    expect(await sql(`select count(*)::int as n from public.customers where phone_normalized = $1`, [phone])).toEqual(before);
  });

  it('lets a manager record that a look-alike card is a separate customer, and records who said so', async () => {
    const phone = uniquePhone();
    const first = await cardOf('clerk', { phone });
    const clerkTry = await newCustomer('clerk', { phone, separate_from: first.data.id });
    expect(clerkTry.error?.code).toBe('42501');
    const managerCard = await newCustomer('manager', { phone, separate_from: first.data.id });
    expect(managerCard.error).toBeNull();
    expect(managerCard.data.separate_confirmed_by).toBe(operatorIds.manager);
  });
});

describe('ownership and allocation', () => {
  it('gives a new customer a clerk records to the clerk whose turn it is, not to whoever typed it (不得抢客)', async () => {
    const roster = await sql<{ operator_id: string }>(
      `select operator_id from public.reception_roster where department_id = $1 and on_duty order by last_assigned_at nulls first, position`,
      [departmentIds.KF1],
    );
    const clerk = await signInAs('clerk');
    const { data, error } = await clerk.from('customers').insert({ name: unique('新客户'), phone: uniquePhone() }).select().single();
    expect(error).toBeNull();
    created.push(data.id);
    expect(data).toMatchObject({ walk_in: true, recorded_by: operatorIds.clerk, department_id: departmentIds.KF1 });
    expect(roster.map((r) => r.operator_id)).toContain(data.owner_id);
    expect(await sql(`select method, operator_id from public.customer_allocations where customer_id = $1`, [data.id])).toEqual([
      { method: '轮流分配', operator_id: data.owner_id },
    ]);
    // Once recorded, the receptionist reads it only if it was his turn.
    const later = await clerk.from('customers').select('id').eq('id', data.id);
    expect(later.data).toHaveLength(data.owner_id === operatorIds.clerk ? 1 : 0);
  });

  it('passes over clerks who are not on duty, and refuses a new customer when nobody is on duty', async () => {
    const onDuty = await sql<{ operator_id: string }>(`select operator_id from public.reception_roster where department_id = $1 and on_duty`, [departmentIds.KF2]);
    const kept = onDuty.map((r) => r.operator_id).filter((id) => id !== operatorIds.clerk2).slice(0, 1).concat(operatorIds.clerk2);
    try {
      await sql(`update public.reception_roster set on_duty = (operator_id = any($2::uuid[])) where department_id = $1`, [departmentIds.KF2, kept]);
      const clerk2 = await signInAs('clerk2');
      const owners: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { data, error } = await clerk2.from('customers').insert({ name: unique('当班'), phone: uniquePhone() }).select('id, owner_id').single();
        expect(error).toBeNull();
        created.push(data!.id);
        owners.push(data!.owner_id as string);
      }
      expect(new Set(owners)).toEqual(new Set(kept));
      await sql(`update public.reception_roster set on_duty = false where department_id = $1`, [departmentIds.KF2]);
      const name = unique('无人当班');
      const refused = await clerk2.from('customers').insert({ name, phone: uniquePhone() });
      expect(refused.status).toBe(400);
      expect(refused.error?.message).toContain('没有当班人员');
      expect(await sql(`select 1 from public.customers where name = $1`, [name])).toEqual([]);
    } finally {
      await sql(`update public.reception_roster set on_duty = (operator_id = any($2::uuid[])) where department_id = $1`, [departmentIds.KF2, onDuty.map((r) => r.operator_id)]);
    }
  });

  it('allocates new customers round-robin over the clerks on duty, and logs it', async () => {
    const roster = await sql<{ operator_id: string }>(
      `select operator_id from public.reception_roster where department_id = $1 and on_duty order by last_assigned_at nulls first, position`,
      [departmentIds.KF2],
    );
    const owners: string[] = [];
    const clerk2 = await signInAs('clerk2');
    for (let i = 0; i < 3; i++) {
      // The card goes to a colleague, whom the receptionist may then no longer read: no select.
      const id = crypto.randomUUID();
      created.push(id);
      const { error } = await clerk2.from('customers').insert({ id, name: unique('来访'), phone: uniquePhone() });
      expect(error).toBeNull();
      const [card] = await sql<{ owner_id: string }>(`select owner_id from public.customers where id = $1`, [id]);
      owners.push(card.owner_id);
      expect(await sql(`select method from public.customer_allocations where customer_id = $1`, [id])).toEqual([{ method: '轮流分配' }]);
    }
    expect(new Set(owners).size).toBe(3);
    expect(roster.map((r) => r.operator_id)).toEqual(expect.arrayContaining(owners));
  });

  it('lets no receptionist name a walk-in’s owner; the department manager reassigns a card with a reason, and it is recorded', async () => {
    const id = crypto.randomUUID();
    const clerk = await signInAs('clerk');
    for (const sent of [{ owner_id: operatorIds.kf1Colleague }, { owner_id: operatorIds.clerk }, { walk_in: false }]) {
      const named = await clerk.from('customers').insert({ id, name: unique('来访'), phone: uniquePhone(), ...sent });
      expect(named.status, JSON.stringify(sent)).toBe(403);
    }
    expect(await sql(`select 1 from public.customers where id = $1`, [id])).toEqual([]);

    const { data } = await cardOf('clerk');
    const byClerk = await clerk.rpc('reassign_customer', { customer_id: data.id, owner: operatorIds.kf1Colleague, reason: '客户要求换人' });
    expect(byClerk.status).toBe(403);
    const manager = await signInAs('manager');
    const noReason = await manager.rpc('reassign_customer', { customer_id: data.id, owner: operatorIds.kf1Colleague, reason: '' });
    expect(noReason.status).toBe(400);
    const otherDepartment = await manager.rpc('reassign_customer', { customer_id: data.id, owner: operatorIds.clerk2, reason: '客户要求换人' });
    expect(otherDepartment.status).toBe(400);
    expect(await sql(`select owner_id from public.customers where id = $1`, [data.id])).toEqual([{ owner_id: operatorIds.clerk }]);
    const moved = await manager.rpc('reassign_customer', { customer_id: data.id, owner: operatorIds.kf1Colleague, reason: '客户要求换人' });
    expect(moved.error).toBeNull();
    expect(await sql(`select owner_id from public.customers where id = $1`, [data.id])).toEqual([{ owner_id: operatorIds.kf1Colleague }]);
    expect(await sql(`select method, reason, previous_operator_id, assigned_by from public.customer_allocations where customer_id = $1 and method = '人工指定'`, [data.id])).toEqual([
      { method: '人工指定', reason: '客户要求换人', previous_operator_id: operatorIds.clerk, assigned_by: operatorIds.manager },
    ]);
  });

  it('hands all of a leaving operator’s customers to a named successor in one call, manager only', async () => {
    const leaving = await sql<{ id: string }>(
      `insert into public.operators (code, name, department_id, role) values ($1, '离职测试', $2, 'clerk') returning id`,
      [unique('L').slice(0, 20), departmentIds.KF1],
    );
    const leaverId = leaving[0].id;
    const cards = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) select $1 || g, '1980000' || lpad((($2::bigint + g) % 10000)::text, 4, '0'), $3, $4 from generate_series(1, 3) g returning id`,
      [unique('交接'), Date.now() % 10000, departmentIds.KF1, leaverId],
    );
    created.push(...cards.map((c) => c.id));
    const clerk = await signInAs('clerk');
    expect((await clerk.rpc('hand_over_customers', { from_operator: leaverId, to_operator: operatorIds.clerk })).error?.code).toBe('42501');
    const manager = await signInAs('manager');
    const moved = await manager.rpc('hand_over_customers', { from_operator: leaverId, to_operator: operatorIds.clerk, reason: '调离岗位' });
    expect(moved.error).toBeNull();
    expect(moved.data).toBe(3);
    expect(await sql(`select count(*)::int as n from public.customers where owner_id = $1`, [leaverId])).toEqual([{ n: 0 }]);
    expect(await sql(`select count(*)::int as n from public.customer_allocations where previous_operator_id = $1 and method = '离职交接'`, [leaverId])).toEqual([{ n: 3 }]);
    await sql('delete from public.customer_allocations where previous_operator_id = $1', [leaverId]);
    await sql('delete from public.operators where id = $1', [leaverId]);
  });
});

describe('protection and the public pool 公海', () => {
  it('releases a customer without valid follow-up for 30 days; three SMS in a row are not valid follow-up', async () => {
    // A past as-of date, so that only this test's customers (first contact in 2019) can be due.
    const asOf = '2019-06-30T00:00:00+08:00';
    const smsOnly = await cardOf('clerk', { first_contact_at: '2019-04-01T09:00:00+08:00' });
    const called = await cardOf('clerk', { first_contact_at: '2019-04-01T09:00:00+08:00' });
    const clerk = await signInAs('clerk');
    // Both have three recent touches; only the second has a real conversation among them.
    for (const [customer, kinds] of [[smsOnly.data.id, ['短信', '短信', '短信']], [called.data.id, ['短信', '电话', '短信']]] as const) {
      for (const [i, kind] of kinds.entries()) {
        const { error } = await clerk.from('contacts').insert({ customer_id: customer, kind, summary: '跟进客户', contact_at: `2019-06-2${i}T10:00:00+08:00` });
        expect(error?.message ?? null).toBeNull();
      }
    }
    expect((await sql(`select last_follow_up_at from public.customers where id = $1`, [smsOnly.data.id]))[0].last_follow_up_at).toBeNull();
    // The pool release is the scheduler's (service_role); operators may not run it.
    expect((await clerk.rpc('release_unprotected_customers', { as_of: asOf })).error).not.toBeNull();
    const released = await serviceClient().rpc('release_unprotected_customers', { as_of: asOf });
    expect(released.error).toBeNull();
    const rows = await sql<{ id: string; status: string; owner_id: string | null }>(`select id, status, owner_id from public.customers where id = any($1::uuid[])`, [[smsOnly.data.id, called.data.id]]);
    expect(rows.find((r) => r.id === smsOnly.data.id)).toMatchObject({ status: '公海', owner_id: null });
    expect(rows.find((r) => r.id === called.data.id)).toMatchObject({ status: '正常', owner_id: operatorIds.clerk });
    // Running it again releases nothing more of these.
    await serviceClient().rpc('release_unprotected_customers', { as_of: asOf });
    expect(await sql(`select count(*)::int as n from public.customer_allocations where customer_id = $1 and method = '释放公海'`, [smsOnly.data.id])).toEqual([{ n: 1 }]);
  });
});

describe('who reads a customer file', () => {
  it('the owner, the owning department’s manager, director and gm read it; another clerk does not', async () => {
    const { data } = await cardOf('clerk');
    for (const role of ['clerk', 'manager', 'director', 'gm'] as const) {
      const read = await (await signInAs(role)).from('customers').select('id').eq('id', data.id);
      expect(read.data, role).toHaveLength(1);
    }
    for (const role of ['clerk2', 'archivist', 'admin'] as const) {
      const read = await (await signInAs(role)).from('customers').select('id').eq('id', data.id);
      expect(read.data, role).toHaveLength(0);
    }
  });

  it('a clerk cannot take over another clerk’s customer by editing it', async () => {
    const { data } = await cardOf('clerk');
    const clerk2 = await signInAs('clerk2');
    const attempt = await clerk2.from('customers').update({ owner_id: operatorIds.clerk2 }).eq('id', data.id).select();
    expect(attempt.data ?? []).toHaveLength(0);
    expect(await sql(`select owner_id from public.customers where id = $1`, [data.id])).toEqual([{ owner_id: operatorIds.clerk }]);
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  it.each([
    ['a missing name', { name: null }, 'name'],
    ['an unknown category', { category: '超级客户' }, 'customers_category_check'],
    ['a malformed phone', { phone: '12345' }, 'customers_phone_format'],
    ['a filing date typed in (only the File move records it)', { filed_at: '2026-01-01T09:00:00+08:00' }, 'permission denied'],
    ['a blacklisting without reason', { status: '黑名单' }, 'customers_blacklist_needs_reason'],
  ])('%s', async (_, fields, named) => {
    const marker = unique('坏数据');
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('customers').insert({ name: marker, phone: uniquePhone(), ...fields });
    expect(error?.message).toContain(named);
    expect(await sql(`select 1 from public.customers where name = $1`, [marker])).toHaveLength(0);
  });
});

describe('the public pool 公海: seen by clerks, claimed within a monthly limit', () => {
  const pooled = (fields: Record<string, unknown> = {}) => cardOf('clerk', { status: '公海', grade: 'B', ...fields });

  it('shows a clerk of the department the pool customer’s code, name, grade and since when, and nothing else of the card', async () => {
    const { data } = await pooled({ contact_person: '隐藏的联系人', notes: '隐藏的备注' });
    const clerk = await signInAs('clerk');
    const { data: rows, error } = await clerk.from('customer_pool').select('*').eq('customer_id', data.id);
    expect(error).toBeNull();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows![0]).sort()).toEqual(['code', 'created_at', 'customer_id', 'department_id', 'grade', 'name', 'released_at', 'updated_at', 'version']);
    expect(rows![0]).toMatchObject({ code: data.code, name: data.name, grade: 'B' });
    expect(rows![0].released_at).toBeTruthy();
    // The card itself stays hidden: no phone, contact person or notes reach the clerk.
    expect((await clerk.from('customers').select('id').eq('id', data.id)).data).toHaveLength(0);
    // Another department's clerk does not see it; nobody writes the pool directly.
    expect((await (await signInAs('clerk2')).from('customer_pool').select('customer_id').eq('customer_id', data.id)).data).toHaveLength(0);
    const forged = await clerk.from('customer_pool').update({ name: '改名' }).eq('customer_id', data.id);
    expect(forged.status).toBe(403);
    expect(await sql(`select name from public.customer_pool where customer_id = $1`, [data.id])).toEqual([{ name: data.name }]);
  });

  it('lets a clerk claim a pool customer of his department: he owns it, it is recorded, and it leaves the pool', async () => {
    const { data } = await pooled();
    const manager = await signInAs('manager');
    const byManager = await manager.rpc('claim_pool_customer', { customer_id: data.id });
    expect(byManager.status).toBe(403);
    const byOtherDepartment = await (await signInAs('clerk2')).rpc('claim_pool_customer', { customer_id: data.id });
    expect(byOtherDepartment.status).toBe(404);
    expect(await sql(`select status, owner_id from public.customers where id = $1`, [data.id])).toEqual([{ status: '公海', owner_id: null }]);

    const clerk = await signInAs('clerk');
    const claimed = await clerk.rpc('claim_pool_customer', { customer_id: data.id });
    expect(claimed.error).toBeNull();
    expect(claimed.data).toMatchObject({ status: '正常', owner_id: operatorIds.clerk });
    expect((await clerk.from('customers').select('id').eq('id', data.id)).data).toHaveLength(1);
    expect(await sql(`select 1 from public.customer_pool where customer_id = $1`, [data.id])).toEqual([]);
    expect(await sql(`select method, operator_id, assigned_by from public.customer_allocations where customer_id = $1`, [data.id])).toEqual([
      { method: '公海认领', operator_id: operatorIds.clerk, assigned_by: operatorIds.clerk },
    ]);
    const again = await clerk.rpc('claim_pool_customer', { customer_id: data.id });
    expect(again.status).toBe(409);
    expect(again.error?.message).toContain('已不在公海');
  });

  it('refuses a claim beyond the monthly limit set in the settings, and changes nothing', async () => {
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from public.customer_allocations where operator_id = $1 and method = '公海认领'
         and assigned_at >= date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'`,
      [operatorIds.clerk],
    );
    const [before] = await sql<{ value: unknown }>(`select value from public.settings where key = 'customer.pool_claims_per_month'`);
    try {
      await sql(`update public.settings set value = to_jsonb($1::int) where key = 'customer.pool_claims_per_month'`, [n + 1]);
      const clerk = await signInAs('clerk');
      const first = await pooled();
      expect((await clerk.rpc('claim_pool_customer', { customer_id: first.data.id })).error).toBeNull();
      const second = await pooled();
      const refused = await clerk.rpc('claim_pool_customer', { customer_id: second.data.id });
      expect(refused.status).toBe(409);
      expect(refused.error?.message).toContain('每月上限');
      expect(await sql(`select status, owner_id from public.customers where id = $1`, [second.data.id])).toEqual([{ status: '公海', owner_id: null }]);
      expect(await sql(`select 1 from public.customer_allocations where customer_id = $1`, [second.data.id])).toEqual([]);
    } finally {
      await sql(`update public.settings set value = $1 where key = 'customer.pool_claims_per_month'`, [before.value]);
    }
  });

  it('gives a claimed customer a fresh protection period from the day it is claimed', async () => {
    const { data } = await pooled({ first_contact_at: '2019-01-01T09:00:00+08:00' });
    // Claimed "on" 2019-02-20: the release run of 2019-03-01 finds it within 30 days of the claim.
    const clerk = await signInAs('clerk');
    expect((await clerk.rpc('claim_pool_customer', { customer_id: data.id })).error).toBeNull();
    await sql(`update public.customers set claimed_at = '2019-02-20T09:00:00+08:00' where id = $1`, [data.id]);
    await serviceClient().rpc('release_unprotected_customers', { as_of: '2019-03-01T00:00:00+08:00' });
    expect(await sql(`select status from public.customers where id = $1`, [data.id])).toEqual([{ status: '正常' }]);
    await serviceClient().rpc('release_unprotected_customers', { as_of: '2019-03-30T00:00:00+08:00' });
    expect(await sql(`select status from public.customers where id = $1`, [data.id])).toEqual([{ status: '公海' }]);
    expect(await sql(`select 1 from public.customer_pool where customer_id = $1`, [data.id])).toHaveLength(1);
  });
});

describe('key customers 重点客户 have two people in touch (两名以上的人员与之联系)', () => {
  it('gives a card that becomes a key customer a second contact from the roster, recorded', async () => {
    const { data } = await cardOf('clerk');
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('customers').update({ category: '重点客户' }).eq('id', data.id);
    expect(error).toBeNull();
    const [card] = await sql<{ second_owner_id: string | null }>(`select second_owner_id from public.customers where id = $1`, [data.id]);
    expect(card.second_owner_id).toBeTruthy();
    expect(card.second_owner_id).not.toBe(operatorIds.clerk);
    expect(await sql(`select operator_id, method from public.customer_allocations where customer_id = $1`, [data.id])).toEqual([
      { operator_id: card.second_owner_id, method: '第二联系人' },
    ]);
  });

  it('lets only the department manager name the second contact, an active member of the department, who then reads the card', async () => {
    const { data } = await cardOf('clerk', { category: '重点客户' });
    // (a KF1 colleague other than the one the roster made second contact)
    const other = data.second_owner_id === operatorIds.kf1Colleague ? '00000000-0000-4000-c000-000000000002' : operatorIds.kf1Colleague;
    const clerk = await signInAs('clerk');
    const byClerk = await clerk.from('customers').update({ second_owner_id: other }).eq('id', data.id);
    expect(byClerk.status).toBe(403);
    expect(byClerk.error?.message).toContain('第二联系人由部门经理指定');
    const manager = await signInAs('manager');
    const otherDepartment = await manager.from('customers').update({ second_owner_id: operatorIds.clerk2 }).eq('id', data.id);
    expect(otherDepartment.status).toBe(400);
    expect(await sql(`select second_owner_id from public.customers where id = $1`, [data.id])).toEqual([{ second_owner_id: data.second_owner_id }]);

    const owned = await cardOf('clerk', { owner_id: operatorIds.kf1Colleague, category: '重点客户' });
    expect((await clerk.from('customers').select('id').eq('id', owned.data.id)).data?.length ?? 0).toBe(owned.data.second_owner_id === operatorIds.clerk ? 1 : 0);
    const named = await manager.from('customers').update({ second_owner_id: operatorIds.clerk }).eq('id', owned.data.id);
    expect(named.error).toBeNull();
    expect((await clerk.from('customers').select('id').eq('id', owned.data.id)).data).toHaveLength(1);
  });
});

describe('a filed customer’s changes are reported within 5 working days (已备案客户的最新变动状况)', () => {
  it('opens a change report due in 5 working days when a filed card’s particulars change, closed by the Report change move', async () => {
    const { data } = await cardOf('clerk', { filed_at: new Date().toISOString() });
    const clerk = await signInAs('clerk');
    await clerk.from('customers').update({ notes: '只改备注' }).eq('id', data.id);
    expect(await sql(`select maintenance_due from public.customers where id = $1`, [data.id])).toEqual([{ maintenance_due: null }]);
    const nothingToReport = await clerk.rpc('report_customer_change', { customer_id: data.id });
    expect(nothingToReport.status).toBe(409);

    expect((await clerk.from('customers').update({ address: '新地址 8 号' }).eq('id', data.id)).error).toBeNull();
    const [due] = await sql<{ ok: boolean }>(
      `select maintenance_due = public.add_working_days(now(), 5) as ok from public.customers where id = $1`, [data.id]);
    expect(due.ok).toBe(true);
    const typed = await clerk.from('customers').update({ maintenance_due: null }).eq('id', data.id);
    expect(typed.status).toBe(403);
    const byOther = await (await signInAs('clerk2')).rpc('report_customer_change', { customer_id: data.id });
    expect(byOther.status).toBe(404);
    const reported = await clerk.rpc('report_customer_change', { customer_id: data.id });
    expect(reported.error).toBeNull();
    expect(reported.data).toMatchObject({ maintenance_due: null });
    expect((reported.data as { maintenance_reported_at: string | null }).maintenance_reported_at).toBeTruthy();
  });

  it('is chased by the daily customer-changes job: the owner and the department manager are told once, linking to the card', async () => {
    const { data } = await cardOf('clerk', { owner_id: operatorIds.kf1Colleague, filed_at: '2019-02-01T09:00:00+08:00', first_contact_at: '2019-01-30T09:00:00+08:00' });
    await sql(`update public.customers set maintenance_due = '2019-03-05' where id = $1`, [data.id]);
    const run = async (asOf: string) => {
      const response = await fetch(`${stackEnv().API_URL}/functions/v1/customer-changes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stackEnv().SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { run: { error: string | null } }).run.error).toBeNull();
    };
    const told = () => sql(`select recipient_id, kind, link_table from public.notifications where link_id = $1 order by recipient_id`, [data.id]);
    await run('2019-03-05T08:00:00+08:00');
    expect(await told()).toEqual([]);
    await run('2019-03-06T08:00:00+08:00');
    await run('2019-03-07T08:00:00+08:00');
    expect(await told()).toEqual(
      [operatorIds.manager, operatorIds.kf1Colleague].sort().map((recipient_id) => ({ recipient_id, kind: '备案逾期', link_table: 'customers' })),
    );
  });

  it('asks nothing of a card not yet filed (its filing deadline covers it)', async () => {
    const { data } = await cardOf('clerk');
    await (await signInAs('clerk')).from('customers').update({ address: '未备案地址' }).eq('id', data.id);
    expect(await sql(`select maintenance_due from public.customers where id = $1`, [data.id])).toEqual([{ maintenance_due: null }]);
  });
});
