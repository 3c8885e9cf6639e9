// No edit is lost silently: every change is in the append-only audit log, a write based on an
// old version is refused, and a deleted row can be restored from the recycle bin.
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, serviceClient, signInAs, sql } from '../support/stack.ts';

async function ownCustomer({ handOver = true } = {}) {
  const clerk = await signInAs('clerk');
  // (no department: a card is the filer's department's, by the database's default)
  const { data, error } = await clerk.from('customers').insert({ name: unique('审计'), phone: uniquePhone() }).select().single();
  if (error) throw error;
  if (!handOver) return { clerk, customer: data };
  // A new card goes round the reception roster (顺序表循环接待); the manager hands it to the clerk.
  const moved = await (await signInAs('manager')).rpc('reassign_customer', { customer_id: data.id, owner: operatorIds.clerk, reason: '测试：交给王小明' });
  if (moved.error) throw moved.error;
  return { clerk, customer: moved.data };
}

describe('the audit log 操作日志', () => {
  it('records who, when, the action, before and after, and which fields changed', async () => {
    const { clerk, customer } = await ownCustomer();
    await clerk.from('customers').update({ grade: 'A', notes: '一个月内签约' }).eq('id', customer.id);
    const history = await clerk.from('audit_log').select('action, actor_operator_id, before, after, changed_fields, at').eq('table_name', 'customers').eq('row_id', customer.id)
      .eq('actor_operator_id', operatorIds.clerk).order('id');
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

describe('the audit log names the way in', () => {
  it('records an operator’s edit as the operator through the app (authenticated), a scheduler call as service_role, a console edit as the database login', async () => {
    const { clerk, customer } = await ownCustomer();
    await clerk.from('customers').update({ notes: '经由应用修改' }).eq('id', customer.id);
    await serviceClient().from('customers').update({ notes: '经由服务密钥修改' }).eq('id', customer.id);
    await sql(`update public.customers set notes = '控制台修改' where id = $1`, [customer.id]);
    const entries = await sql<{ action: string; actor_role: string; actor_operator_id: string | null }>(
      `select action, actor_role, actor_operator_id from public.audit_log where table_name = 'customers' and row_id = $1
         and actor_operator_id is distinct from $2 order by id`,
      [customer.id, operatorIds.manager],
    );
    expect(entries).toEqual([
      { action: 'insert', actor_role: 'authenticated', actor_operator_id: operatorIds.clerk },
      { action: 'update', actor_role: 'authenticated', actor_operator_id: operatorIds.clerk },
      { action: 'update', actor_role: 'service_role', actor_operator_id: null },
      { action: 'update', actor_role: 'postgres', actor_operator_id: null },
    ]);
  });
});

/** A customer of 客服一部 deleted by the given client (a manager may delete in his department). */
async function deletedCustomer(deleter: SupabaseClient) {
  const { customer } = await ownCustomer({ handOver: false });
  const removed = await deleter.from('customers').delete().eq('id', customer.id).select('id');
  expect(removed.data).toHaveLength(1);
  const [bin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where table_name = 'customers' and row_id = $1`, [customer.id]);
  return { customer, binId: Number(bin.id) };
}

const stillDeleted = async (table: string, rowId: string, binId: number) => {
  expect(await sql(`select 1 from public.${table} where id = $1`, [rowId])).toEqual([]);
  expect(await sql(`select restored_at from public.recycle_bin where id = $1`, [binId])).toEqual([{ restored_at: null }]);
};

describe('the recycle bin 回收站', () => {
  it('keeps a deleted row, and restores it with its history continued; the reply names the register and the key, not the content', async () => {
    const manager = await signInAs('manager');
    const { customer, binId } = await deletedCustomer(manager);
    const bin = await manager.from('recycle_bin').select('id, row_data').eq('id', binId).single();
    expect(bin.data?.row_data).toMatchObject({ name: customer.name });
    const restored = await manager.rpc('restore_deleted', { bin_id: binId });
    expect(restored.error).toBeNull();
    expect(restored.data).toEqual({ table_name: 'customers', row_id: customer.id });
    expect(await sql(`select name from public.customers where id = $1`, [customer.id])).toEqual([{ name: customer.name }]);
    const actions = await sql<{ action: string }>(`select action from public.audit_log where row_id = $1 order by id`, [customer.id]);
    expect(actions.map((a) => a.action)).toEqual(['insert', 'delete', 'restore']);
    const again = await manager.rpc('restore_deleted', { bin_id: binId });
    expect(again.status).toBe(409);
    expect(again.error?.message).toContain('已恢复');
  });

  it('is restored only by someone who may delete that record in its register and department: another department’s clerk is refused (403) and sees nothing', async () => {
    const { customer, binId } = await deletedCustomer(await signInAs('manager'));
    for (const role of ['clerk2', 'clerk', 'director'] as const) {
      const client = await signInAs(role);
      expect((await client.from('recycle_bin').select('id').eq('id', binId)).data, role).toEqual([]);
      const refused = await client.rpc('restore_deleted', { bin_id: binId });
      expect(refused.status, role).toBe(403);
      expect(refused.error?.code, role).toBe('42501');
      expect(JSON.stringify(refused.error), role).not.toContain(customer.name);
    }
    await stillDeleted('customers', customer.id, binId);
  });

  it('is not restored by the person who deleted it once he no longer has the right (moved to another department)', async () => {
    const person = await createThrowawayOperator('manager', 'KF1');
    try {
      const { customer, binId } = await deletedCustomer(await person.client());
      await sql(`update public.operators set department_id = $1 where id = $2`, [departmentIds.KF2, person.id]);
      const client = await person.client();
      expect((await client.from('recycle_bin').select('id').eq('id', binId)).data).toEqual([]);
      expect((await client.rpc('restore_deleted', { bin_id: binId })).status).toBe(403);
      await stillDeleted('customers', customer.id, binId);
      expect((await (await signInAs('manager')).rpc('restore_deleted', { bin_id: binId })).error).toBeNull();
    } finally {
      await person.remove();
    }
  });

  it('lets a deactivated operator do nothing: he sees no bin entry and restores nothing, not even what he deleted', async () => {
    const person = await createThrowawayOperator('manager', 'KF1');
    try {
      const deleter = await person.client();
      const { customer, binId } = await deletedCustomer(deleter);
      expect((await deleter.from('recycle_bin').select('id').eq('id', binId)).data).toHaveLength(1);
      await sql(`update public.operators set active = false where id = $1`, [person.id]);
      expect((await deleter.from('recycle_bin').select('id').eq('id', binId)).data ?? []).toEqual([]);
      const refused = await deleter.rpc('restore_deleted', { bin_id: binId });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      await stillDeleted('customers', customer.id, binId);
    } finally {
      await person.remove();
    }
  });

  it('follows each register’s own rule: a clerk restores the unhandled consultation he received, but a manager may not restore a complaint no one may delete', async () => {
    const { client: clerk, row: consultation } = await recordRequest('clerk', { kind: '咨询', content: unique('回收咨询') });
    expect((await clerk.from('service_requests').delete().eq('id', consultation.id).select('id')).data).toHaveLength(1);
    const [consultationBin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where row_id = $1`, [consultation.id]);
    const restored = await clerk.rpc('restore_deleted', { bin_id: Number(consultationBin.id) });
    expect(restored.error).toBeNull();
    expect(restored.data).toEqual({ table_name: 'service_requests', row_id: consultation.id });

    const { row: filed } = await recordRequest('clerk', complaint({ content: unique('回收投诉') }));
    await sql(`delete from public.service_requests where id = $1`, [filed.id]); // in the console: complaints are never deleted through the app
    const [complaintBin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where row_id = $1`, [filed.id]);
    const manager = await signInAs('manager');
    expect((await manager.from('recycle_bin').select('id').eq('id', Number(complaintBin.id))).data).toEqual([]);
    expect((await manager.rpc('restore_deleted', { bin_id: Number(complaintBin.id) })).status).toBe(403);
    await stillDeleted('service_requests', filed.id, Number(complaintBin.id));
    await sql(`delete from public.service_requests where id = $1`, [consultation.id]);
  });

  it('lists a bin of a thousand deleted cards at once (the right is asked per register, not per entry)', async () => {
    const name = unique('批量删除');
    await sql(
      `insert into public.customers (name, phone, department_id, owner_id)
       select $1 || g, '139' || lpad((random() * 99999999)::int::text, 8, '0'), $2, $3 from generate_series(1, 1000) g`,
      [name, departmentIds.KF1, operatorIds.clerk],
    );
    await sql(`delete from public.customers where name like $1`, [`${name}%`]);
    const manager = await signInAs('manager');
    const started = Date.now();
    const listed = await manager.from('recycle_bin').select('id', { count: 'exact', head: true }).eq('table_name', 'customers').like('row_data->>name', `${name}%`);
    expect(listed.count).toBe(1000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await (await signInAs('clerk2')).from('recycle_bin').select('id', { count: 'exact', head: true }).like('row_data->>name', `${name}%`)).count).toBe(0);
  });

  it('answers 404, not 500, for an entry that is not in the bin', async () => {
    const refused = await (await signInAs('manager')).rpc('restore_deleted', { bin_id: 2_000_000_000 });
    expect(refused.status).toBe(404);
    expect(refused.error?.message).toContain('回收站中没有这条记录');
  });

  it('refuses to restore over a record that took its place', async () => {
    const manager = await signInAs('manager');
    const { customer, binId } = await deletedCustomer(manager);
    await sql(`insert into public.customers (id, name, phone, department_id, owner_id) values ($1, '占位', $2, $3, $4)`, [customer.id, uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    const refused = await manager.rpc('restore_deleted', { bin_id: binId });
    expect(refused.status).toBe(409);
    expect(refused.error?.message).toContain('无法恢复');
    expect(await sql(`select name from public.customers where id = $1`, [customer.id])).toEqual([{ name: '占位' }]);
    await sql(`delete from public.customers where id = $1`, [customer.id]);
  });
});
