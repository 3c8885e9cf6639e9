// No edit is lost silently: every change is in the append-only audit log, a write based on an
// old version is refused, and a deleted row can be restored from the recycle bin.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { serviceClient, signInAs, sql } from '../support/stack.ts';

async function ownCustomer() {
  const clerk = await signInAs('clerk');
  const { data, error } = await clerk.from('customers').insert({ name: unique('审计'), phone: uniquePhone(), department_id: departmentIds.KF1 }).select().single();
  if (error) throw error;
  return { clerk, customer: data };
}

describe('the audit log 操作日志', () => {
  it('records who, when, the action, before and after, and which fields changed', async () => {
    const { clerk, customer } = await ownCustomer();
    await clerk.from('customers').update({ grade: 'A', notes: '一个月内签约' }).eq('id', customer.id);
    const history = await clerk.from('audit_log').select('action, actor_operator_id, before, after, changed_fields, at').eq('table_name', 'customers').eq('row_id', customer.id).order('id');
    expect(history.data?.map((h) => h.action)).toEqual(['insert', 'update']);
    const update = history.data?.[1];
    expect(update).toMatchObject({ actor_operator_id: operatorIds.clerk, changed_fields: ['grade', 'notes'] });
    expect(update?.before).toMatchObject({ grade: 'C' });
    expect(update?.after).toMatchObject({ grade: 'A', notes: '一个月内签约' });
  });

  it('cannot be changed or deleted by anyone: operators, service_role, nor the database owner', async () => {
    const { customer } = await ownCustomer();
    const [entry] = await sql<{ id: string }>(`select id::text from public.audit_log where row_id = $1 limit 1`, [customer.id]);
    const admin = await signInAs('admin');
    expect((await admin.from('audit_log').delete().eq('id', entry.id)).error).not.toBeNull();
    expect((await serviceClient().from('audit_log').update({ action: 'delete' }).eq('id', entry.id)).error).not.toBeNull();
    await expect(sql(`delete from public.audit_log where id = $1`, [entry.id])).rejects.toThrow('append-only');
    await expect(sql(`update public.audit_log set after = null where id = $1`, [entry.id])).rejects.toThrow('append-only');
    await expect(sql(`truncate public.audit_log`)).rejects.toThrow('append-only');
  });

  it('shows a record’s history to those who can read the record, and to no one else', async () => {
    const { customer } = await ownCustomer();
    const manager = await signInAs('manager');
    expect((await manager.from('audit_log').select('id').eq('row_id', customer.id)).data?.length).toBeGreaterThan(0);
    const clerk2 = await signInAs('clerk2');
    expect((await clerk2.from('audit_log').select('id').eq('row_id', customer.id)).data).toHaveLength(0);
  });
});

describe('versions: concurrent edits', () => {
  it('refuse a write based on an older version with HTTP 409 and a Chinese message; nothing changes', async () => {
    const { clerk, customer } = await ownCustomer();
    const first = await clerk.from('customers').update({ notes: '第一个人的修改', version: customer.version }).eq('id', customer.id).select().single();
    expect(first.data.version).toBe(customer.version + 1);
    const stale = await clerk.from('customers').update({ notes: '第二个人的修改', version: customer.version }).eq('id', customer.id).select();
    expect(stale.status).toBe(409);
    expect(stale.error?.code).toBe('PT409');
    expect(stale.error?.message).toContain('请刷新后重试');
    expect(await sql(`select notes from public.customers where id = $1`, [customer.id])).toEqual([{ notes: '第一个人的修改' }]);
  });

  it('accept an edit that sends no version (as the Supabase console does), and bump the version', async () => {
    const { customer } = await ownCustomer();
    await sql(`update public.customers set notes = '控制台修改' where id = $1`, [customer.id]);
    expect(await sql(`select version from public.customers where id = $1`, [customer.id])).toEqual([{ version: customer.version + 1 }]);
  });
});

describe('the recycle bin 回收站', () => {
  it('keeps a deleted row, and restores it with its history continued', async () => {
    const manager = await signInAs('manager');
    const { customer } = await ownCustomer();
    const removed = await manager.from('customers').delete().eq('id', customer.id).select();
    expect(removed.data).toHaveLength(1);
    const bin = await manager.from('recycle_bin').select('id, row_data').eq('table_name', 'customers').eq('row_id', customer.id).single();
    expect(bin.data?.row_data).toMatchObject({ name: customer.name });
    const clerk2 = await signInAs('clerk2');
    expect((await clerk2.rpc('restore_deleted', { bin_id: bin.data?.id })).error?.code).toBe('42501');
    const restored = await manager.rpc('restore_deleted', { bin_id: bin.data?.id });
    expect(restored.error).toBeNull();
    expect(await sql(`select name from public.customers where id = $1`, [customer.id])).toEqual([{ name: customer.name }]);
    const actions = await sql<{ action: string }>(`select action from public.audit_log where row_id = $1 order by id`, [customer.id]);
    expect(actions.map((a) => a.action)).toEqual(['insert', 'delete', 'restore']);
    expect((await manager.rpc('restore_deleted', { bin_id: bin.data?.id })).error?.message).toContain('已恢复');
  });

  it('refuses to restore over a record that took its place', async () => {
    const manager = await signInAs('manager');
    const { customer } = await ownCustomer();
    await manager.from('customers').delete().eq('id', customer.id);
    const [bin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where row_id = $1`, [customer.id]);
    await sql(`insert into public.customers (id, name, phone, department_id, owner_id) values ($1, '占位', $2, $3, $4)`, [customer.id, uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    const refused = await manager.rpc('restore_deleted', { bin_id: Number(bin.id) });
    expect(refused.error?.message).toContain('无法恢复');
    await sql(`delete from public.customers where id = $1`, [customer.id]);
  });
});
