// Contacts & visits 客户往来: a day's records are due by 20:00, later ones are flagged; the next
// step cannot be dated before the contact; only visible customers can be written to.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

let customerId: string;
afterAll(async () => {
  if (customerId) await sql('delete from public.customers where id = $1', [customerId]);
});

async function customer(): Promise<string> {
  customerId ??= (
    await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [unique('往来'), uniquePhone(), departmentIds.KF1, operatorIds.clerk])
  )[0].id;
  return customerId;
}

describe('contacts', () => {
  it('records the staff member from the session and flags a record entered after 20:00 of its day', async () => {
    const clerk = await signInAs('clerk');
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const late = await clerk.from('contacts').insert({ customer_id: await customer(), kind: '拜访', summary: '上门拜访', contact_at: yesterday }).select().single();
    expect(late.error).toBeNull();
    expect(late.data).toMatchObject({ staff_id: operatorIds.clerk, recorded_late: true, department_id: departmentIds.KF1 });
    const now = await clerk.from('contacts').insert({ customer_id: await customer(), kind: '电话', summary: '电话沟通' }).select().single();
    const shanghaiHour = Number(new Date().toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }));
    expect(now.data.recorded_late).toBe(shanghaiHour >= 20);
  });

  it('refuses a next step dated before the contact, naming the rule, and writes nothing', async () => {
    const clerk = await signInAs('clerk');
    const summary = unique('日期颠倒');
    const { error } = await clerk.from('contacts').insert({ customer_id: await customer(), kind: '电话', summary, contact_at: '2026-11-20T10:00:00+08:00', next_step_on: '2026-11-19' });
    expect(error?.message).toContain('contacts_next_step_after_contact');
    expect(await sql('select 1 from public.contacts where summary = $1', [summary])).toHaveLength(0);
  });

  it('refuses an unknown kind of contact', async () => {
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('contacts').insert({ customer_id: await customer(), kind: '飞鸽传书', summary: '测试' });
    expect(error?.message).toContain('contacts_kind_check');
  });

  it('cannot be written for a customer the operator cannot see', async () => {
    const clerk2 = await signInAs('clerk2');
    const { error } = await clerk2.from('contacts').insert({ customer_id: await customer(), kind: '电话', summary: '越权记录' });
    expect(error?.code).toBe('42501');
  });
});

describe('valid follow-up', () => {
  it('does not count a contact dated in the future, then or later; a contact that happened does', async () => {
    const [{ id }] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`, [unique('未来'), uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    try {
      const clerk = await signInAs('clerk');
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      const future = await clerk.from('contacts').insert({ customer_id: id, kind: '拜访', summary: '预约明天拜访', contact_at: tomorrow });
      expect(future.error).toBeNull();
      expect(await sql(`select last_follow_up_at from public.customers where id = $1`, [id])).toEqual([{ last_follow_up_at: null }]);
      // Nor later, once its date has come: it was written down before it happened (the rule reads
      // the contact's own recording time, not the clock).
      expect(await sql(`select private.last_valid_follow_up($1) as at`, [id])).toEqual([{ at: null }]);
      const past = '2026-01-05T10:00:00+08:00';
      expect((await clerk.from('contacts').insert({ customer_id: id, kind: '电话', summary: '电话沟通', contact_at: past })).error).toBeNull();
      const [row] = await sql<{ last_follow_up_at: Date }>(`select last_follow_up_at from public.customers where id = $1`, [id]);
      expect(row.last_follow_up_at.toISOString()).toBe(new Date(past).toISOString());
    } finally {
      await sql('delete from public.customers where id = $1', [id]);
    }
  });
});
