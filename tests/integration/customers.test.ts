// Customers 客户档案: filing deadline, duplicate cards, first-contact ownership, round-robin
// allocation of walk-ins, handover, the public pool, and who may read a customer's file.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { serviceClient, signInAs, sql } from '../support/stack.ts';

const created: string[] = [];
afterAll(async () => {
  await sql('delete from public.customers where id = any($1::uuid[])', [created]);
});

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
    const { data } = await newCustomer('clerk', { first_contact_at: '2026-01-05T09:00:00+08:00' });
    const clerk = await signInAs('clerk');
    const overdue = await clerk.from('customers').select('id').is('filed_at', null).lt('filing_due', '2026-11-22');
    expect(overdue.data?.map((c) => c.id)).toContain(data.id);
  });

  it('is recorded only by the File move, once, by the owner or the manager, never typed in', async () => {
    const { data } = await newCustomer('clerk');
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
    const first = await newCustomer('clerk', { phone });
    const dashed = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    const clerk = await signInAs('clerk');
    const second = await clerk.from('customers').insert({ name: unique('另一人'), phone: dashed });
    expect(second.error?.code).toBe('23505');
    expect(second.error?.message).toContain(first.data.code);
    expect(second.error?.message).toContain('重卡');
  });

  it('refuses a new card with the same name, building, unit and room', async () => {
    const name = unique('同名');
    const first = await newCustomer('clerk', { name, building: '3栋', unit: '2单元', room: '501室' });
    const again = await (await signInAs('manager')).from('customers').insert({ name, building: '3栋', unit: '2单元', room: '501室' });
    expect(again.error?.code).toBe('23505');
    expect(again.error?.message).toContain(first.data.code);
  });

  it('tells a clerk who may not read the existing card that it exists and whom to ask, never its name or number', async () => {
    const name = unique('他人客户');
    const phone = uniquePhone();
    const first = await newCustomer('clerk', { name, phone, building: '5栋', unit: '1单元', room: '302室' });
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
    const first = await newCustomer('clerk', { phone });
    const clerkTry = await newCustomer('clerk', { phone, separate_from: first.data.id });
    expect(clerkTry.error?.code).toBe('42501');
    const managerCard = await newCustomer('manager', { phone, separate_from: first.data.id });
    expect(managerCard.error).toBeNull();
    expect(managerCard.data.separate_confirmed_by).toBe(operatorIds.manager);
  });
});

describe('ownership and allocation', () => {
  it('makes whoever records a new customer its owner (首问责任)', async () => {
    const { data } = await newCustomer('clerk');
    expect(data.owner_id).toBe(operatorIds.clerk);
  });

  it('allocates walk-in customers round-robin over the clerks on duty, and logs it', async () => {
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
      const { error } = await clerk2.from('customers').insert({ id, name: unique('来访'), phone: uniquePhone(), walk_in: true });
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
    const named = await clerk.from('customers').insert({ id, name: unique('来访'), phone: uniquePhone(), walk_in: true, owner_id: operatorIds.kf1Colleague });
    expect(named.status).toBe(403);
    expect(await sql(`select 1 from public.customers where id = $1`, [id])).toEqual([]);

    const { data } = await newCustomer('clerk');
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
    const smsOnly = await newCustomer('clerk', { first_contact_at: '2019-04-01T09:00:00+08:00' });
    const called = await newCustomer('clerk', { first_contact_at: '2019-04-01T09:00:00+08:00' });
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
    const { data } = await newCustomer('clerk');
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
    const { data } = await newCustomer('clerk');
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
