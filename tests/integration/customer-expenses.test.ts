// Customer expenses 客户费用报销 (issue 15 point 3; RULES §14): entertainment, travel and gifts for
// a customer. 000 1.8: 对于没有备案的客户,凡涉及到与此客户相关的款待、差旅、礼品等费用,财务部门一律
// 不予报销 — refused on every path (insert, a change of customer, apply_rows, approval after the
// filing was undone, restore). 000 第三条: a travel claim with documents worth archiving is approved
// only after the department archivist signed for them (档案员签字认可后会计部才可交予核报差旅费).
// The department manager decides; a decided claim is locked; approved claims are totalled per
// customer and month.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, type DemoRole } from '../support/stack.ts';

type Claim = {
  id: string; claim_no: string; customer_id: string; kind: string; amount: string | number; spent_on: string; description: string;
  has_archive_documents: boolean; archive_documents: string | null; claimant_id: string; department_id: string; status: string;
  documents_received_by: string | null; documents_received_at: string | null; approver_id: string | null; decision_note: string | null; version: number;
};
type RowResult = { ok: boolean; code?: string; column?: string; message?: string };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const yesterday = day(-1);
const customersMade: string[] = [];

/** A customer of the department, owned by `owner`, filed (备案) or not, as the database owner. */
async function customer(filed: boolean, owner: string = operatorIds.clerk, department: string = departmentIds.KF1): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id, filed_at) values ($1, $2, $3, $4, case when $5 then now() end) returning id`,
    [unique('费用客户'), uniquePhone(), department, owner, filed],
  );
  customersMade.push(row.id);
  return row.id;
}

const claimFields = (customerId: string, fields: Record<string, unknown> = {}) => ({
  customer_id: customerId, kind: '招待', amount: 368, spent_on: yesterday, description: unique('客户座谈工作餐'), ...fields,
});
const file = (client: SupabaseClient, customerId: string, fields: Record<string, unknown> = {}) =>
  client.from('customer_expenses').insert(claimFields(customerId, fields)).select('*').single<Claim>();

async function claimOf(client: SupabaseClient, customerId: string, fields: Record<string, unknown> = {}): Promise<Claim> {
  const created = await file(client, customerId, fields);
  expect(created.error).toBeNull();
  return created.data!;
}

const claimRow = async (id: string) => (await sql<Claim>(`select * from public.customer_expenses where id = $1`, [id]))[0];
const claimsByDescription = async (description: string) => sql(`select 1 from public.customer_expenses where description = $1`, [description]);
const notified = (claimId: string, kind: string, dedupe = '%') =>
  sql<{ recipient_id: string }>(
    `select recipient_id from public.notifications where link_table = 'customer_expenses' and link_id = $1 and kind = $2 and dedupe_key like $3 order by recipient_id`,
    [claimId, kind, dedupe],
  ).then((r) => r.map((x) => x.recipient_id));
const openTodos = (claimId: string) =>
  sql(`select 1 from public.notifications where link_table = 'customer_expenses' and link_id = $1 and kind = '费用审批' and done_at is null`, [claimId]);

async function applyOne(client: SupabaseClient, values: Record<string, unknown>, key: string | null = null): Promise<RowResult> {
  const { data, error } = await client.rpc('apply_rows', { register: 'customer_expenses', rows: [{ key, values }] });
  expect(error).toBeNull();
  const report = data as { applied: number; failed: number; rows: RowResult[] };
  expect(report).toMatchObject({ applied: 0, failed: 1 });
  return report.rows[0];
}

async function movesOf(role: DemoRole | SupabaseClient, id: string): Promise<string[]> {
  const client = typeof role === 'string' ? await signInAs(role) : role;
  const { data, error } = await client.rpc('row_rights', { register: 'customer_expenses', keys: [id] });
  if (error) throw error;
  return (data as { moves: string[] }[])[0]?.moves ?? [];
}

let clerk: SupabaseClient;
let clerk2: SupabaseClient;
let manager: SupabaseClient;
let archivist: SupabaseClient;
let deputy: SupabaseClient;
let gm: SupabaseClient;
let director: SupabaseClient;
beforeAll(async () => {
  [clerk, clerk2, manager, archivist, deputy, gm, director] = await Promise.all(
    (['clerk', 'clerk2', 'manager', 'archivist', 'deputy', 'gm', 'director'] as const).map((r) => signInAs(r)),
  );
});
afterAll(async () => {
  if (customersMade.length) {
    await sql(`delete from public.customer_expenses where customer_id = any ($1::uuid[])`, [customersMade]);
    await sql(`delete from public.customers where id = any ($1::uuid[])`, [customersMade]);
  }
});

describe('the claim 客户费用报销单', () => {
  it('is numbered by the database, names whoever writes it as the claimant with his department, awaits approval, and tells his manager (费用审批)', async () => {
    const created = await claimOf(clerk, await customer(true));
    expect(created).toMatchObject({ status: '待审批', claimant_id: operatorIds.clerk, department_id: departmentIds.KF1, approver_id: null, documents_received_by: null });
    expect(created.claim_no).toMatch(/^BX\d{4}\d{5}$/);
    expect(await notified(created.id, '费用审批')).toEqual([operatorIds.manager]);
    // Naming another claimant, a state, a number or a signature is refused, and nothing is written.
    const description = unique('冒名报销');
    const target = await customer(true);
    for (const extra of [{ claimant_id: operatorIds.manager }, { status: '已批准' }, { claim_no: 'BX-X' }, { approver_id: operatorIds.manager },
      { documents_received_by: operatorIds.clerk }, { department_id: departmentIds.KF2 }]) {
      const refused = await file(clerk, target, { description, ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
    expect(await claimsByDescription(description)).toEqual([]);
  });

  it('keeps the amount above 0 and within 999999.99 yuan, and the date not in the future', async () => {
    const target = await customer(true);
    const description = unique('越界金额');
    for (const amount of [0, -50, 1_000_000, 'NaN']) {
      const refused = await file(clerk, target, { description, amount });
      expect(refused.status, String(amount)).toBe(400);
      expect(refused.error?.code).toBe('23514');
      expect(refused.error?.message).toContain('customer_expenses_amount');
    }
    const row = await applyOne(clerk, claimFields(target, { description, amount: 0 }));
    expect(row).toMatchObject({ ok: false, column: 'amount' });
    expect(row.message).toContain('金额');
    const future = await file(clerk, target, { description, spent_on: day(2) });
    expect(future.error?.code).toBe('22023');
    expect(future.error?.message).toContain('费用日期');
    expect(await claimsByDescription(description)).toEqual([]);
  });

  it('lists documents to archive on a travel claim only, and only with their list', async () => {
    const target = await customer(true);
    const description = unique('资料清单');
    const notTravel = await file(clerk, target, { description, kind: '招待', has_archive_documents: true, archive_documents: '会议纪要 1 份' });
    expect(notTravel.error?.code).toBe('23514');
    expect(notTravel.error?.message).toContain('customer_expenses_documents_travel_only');
    const unlisted = await file(clerk, target, { description, kind: '差旅', has_archive_documents: true });
    expect(unlisted.error?.code).toBe('23514');
    expect(unlisted.error?.message).toContain('customer_expenses_documents_listed');
    expect(await claimsByDescription(description)).toEqual([]);
  });
});

describe('未备案客户费用不予报销: no expense for a customer that is not filed', () => {
  it('refuses a claim for an unfiled customer at the customer field, through the REST API and apply_rows, and stores nothing', async () => {
    const unfiled = await customer(false);
    const description = unique('未备案招待');
    const refused = await file(clerk, unfiled, { description });
    expect(refused.status).toBe(400);
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('未备案');
    expect(refused.error?.message).toContain('不予报销');
    expect(refused.error?.message).toContain('not filed');
    const row = await applyOne(clerk, claimFields(unfiled, { description }));
    expect(row).toMatchObject({ ok: false, code: '23514', column: 'customer_id' });
    expect(row.message).toContain('未备案');
    // The same for every kind: entertainment, travel, gifts (款待、差旅、礼品).
    for (const kind of ['差旅', '礼品']) {
      expect((await file(clerk, unfiled, { description, kind })).error?.code).toBe('23514');
    }
    expect(await claimsByDescription(description)).toEqual([]);
  });

  it('refuses moving a waiting claim to an unfiled customer, by PATCH and by apply_rows, and keeps the claim as it was', async () => {
    const created = await claimOf(clerk, await customer(true));
    const unfiled = await customer(false);
    const before = await claimRow(created.id);
    const patched = await clerk.from('customer_expenses').update({ customer_id: unfiled }).eq('id', created.id).select();
    expect(patched.status).toBe(400);
    expect(patched.error?.code).toBe('23514');
    expect(patched.error?.message).toContain('未备案');
    const row = await applyOne(clerk, { customer_id: unfiled }, created.id);
    expect(row).toMatchObject({ ok: false, code: '23514', column: 'customer_id' });
    expect(await claimRow(created.id)).toEqual(before);
    // Another filed customer is fine.
    const moved = await clerk.from('customer_expenses').update({ customer_id: await customer(true) }).eq('id', created.id).select();
    expect(moved.error).toBeNull();
  });

  it('refuses approving, or editing, a claim whose customer’s filing was undone; it stays waiting, and may still be declined', async () => {
    const target = await customer(true);
    const created = await claimOf(clerk, target);
    await sql(`update public.customers set filed_at = null where id = $1`, [target]);
    const before = await claimRow(created.id);
    const approved = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true });
    expect(approved.status).toBe(400);
    expect(approved.error?.code).toBe('23514');
    expect(approved.error?.message).toContain('未备案');
    const edited = await clerk.from('customer_expenses').update({ description: '改写费用说明' }).eq('id', created.id).select();
    expect(edited.error?.code).toBe('23514');
    expect(await claimRow(created.id)).toEqual(before);
    expect(await sql(`select 1 from public.customer_expense_totals where customer_id = $1`, [target])).toEqual([]);
    // The approve button is not offered; declining is.
    expect(await movesOf(manager, created.id)).toEqual(['decline']);
    const declined = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: false, note: '客户未备案，不予报销' });
    expect(declined.error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ status: '已驳回', approver_id: operatorIds.manager });
  });

  it('refuses restoring a deleted claim from the recycle bin once its customer is no longer filed', async () => {
    const target = await customer(true);
    const created = await claimOf(clerk, target);
    const removed = await clerk.from('customer_expenses').delete().eq('id', created.id).select('id');
    expect(removed.error).toBeNull();
    expect(removed.data).toHaveLength(1);
    // The manager's to-do goes with it.
    expect(await openTodos(created.id)).toEqual([]);
    const [bin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where table_name = 'customer_expenses' and row_id = $1`, [created.id]);
    await sql(`update public.customers set filed_at = null where id = $1`, [target]);
    const restored = await clerk.rpc('restore_deleted', { bin_id: Number(bin.id) });
    expect(restored.status).toBe(400);
    expect(restored.error?.code).toBe('23514');
    expect(restored.error?.message).toContain('未备案');
    expect(await claimRow(created.id)).toBeUndefined();
    // Filed again, it comes back as it was.
    await sql(`update public.customers set filed_at = now() where id = $1`, [target]);
    expect((await clerk.rpc('restore_deleted', { bin_id: Number(bin.id) })).error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ claim_no: created.claim_no, status: '待审批' });
    expect(await openTodos(created.id)).toHaveLength(1);
  });

  it('refuses a paper claim imported by the administrator (历史台账导入) for an unfiled customer, and imports one for a filed customer as it was', async () => {
    const admin = await signInAs('admin');
    const historical = (customerId: string, description: string) => ({
      key: null,
      values: {
        customer_id: customerId, kind: '礼品', amount: 240, spent_on: '2025-09-28', description, claimant_id: operatorIds.clerk,
        status: '已批准', approver_id: operatorIds.manager, decided_at: '2025-09-30T10:00:00+08:00', claim_no: unique('BXH').slice(0, 30),
      },
    });
    const description = unique('纸质报销单');
    const refused = await admin.rpc('import_history', { register: 'customer_expenses', rows: [historical(await customer(false), description)] });
    expect(refused.error).toBeNull();
    expect(refused.data).toMatchObject({ applied: 0, failed: 1, rows: [{ ok: false, code: '23514', column: 'customer_id' }] });
    expect(await claimsByDescription(description)).toEqual([]);
    const filed = await customer(true);
    const imported = await admin.rpc('import_history', { register: 'customer_expenses', rows: [historical(filed, description)] });
    expect(imported.data).toMatchObject({ applied: 1, failed: 0 });
    expect((await sql<Claim>(`select * from public.customer_expenses where description = $1`, [description]))[0]).toMatchObject({
      status: '已批准', claimant_id: operatorIds.clerk, department_id: departmentIds.KF1, approver_id: operatorIds.manager,
    });
    expect(await sql(`select to_char(month, 'YYYY-MM') as month, total::text from public.customer_expense_totals where customer_id = $1`, [filed]))
      .toEqual([{ month: '2025-09', total: '240.00' }]);
  });
});

describe('travel claims with documents worth archiving: 档案员签字认可后才可核报差旅费', () => {
  it('are approved only after the department archivist signed for the documents; he is told, signs, and then the manager approves', async () => {
    const traveller = await createThrowawayOperator('clerk', 'KF1');
    try {
      const client = await traveller.client();
      const created = await claimOf(client, await customer(true, traveller.id), {
        kind: '差旅', amount: 1680, has_archive_documents: true, archive_documents: '考察报告 1 份、会议纪要 2 页',
      });
      // The manager is asked to decide, the KF1 archivist (王小明, duty 档案员) to sign; not the archive room.
      expect(await notified(created.id, '费用审批', 'expense-approve:%')).toEqual([operatorIds.manager]);
      expect(await notified(created.id, '费用审批', 'expense-documents:%')).toEqual([operatorIds.clerk]);
      // Not yet: the manager's approval is refused and not offered.
      const early = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true });
      expect(early.status).toBe(409);
      expect(early.error?.code).toBe('PT409');
      expect(early.error?.message).toContain('档案员');
      expect(await claimRow(created.id)).toMatchObject({ status: '待审批', approver_id: null });
      expect(await movesOf(manager, created.id)).toEqual(['decline']);
      expect(await movesOf(clerk, created.id)).toEqual(['receive_documents']);
      // Someone who is not the department's archivist cannot sign.
      const other = await clerk2.rpc('receive_customer_expense_documents', { claim_id: created.id });
      expect(other.status).toBeGreaterThanOrEqual(400);
      expect(other.status).toBeLessThan(500);
      expect(['42501', 'PT404']).toContain(other.error?.code);
      const byManager = await manager.rpc('receive_customer_expense_documents', { claim_id: created.id });
      expect(byManager.error?.code).toBe('42501');
      expect((await claimRow(created.id)).documents_received_by).toBeNull();
      // The archivist signs (签字认可); his to-do is done.
      const signed = await clerk.rpc('receive_customer_expense_documents', { claim_id: created.id });
      expect(signed.error).toBeNull();
      expect(await claimRow(created.id)).toMatchObject({ documents_received_by: operatorIds.clerk, status: '待审批' });
      expect((await claimRow(created.id)).documents_received_at).not.toBeNull();
      expect(await sql(`select 1 from public.notifications where link_id = $1 and dedupe_key like 'expense-documents:%' and done_at is null`, [created.id])).toEqual([]);
      expect((await clerk.rpc('receive_customer_expense_documents', { claim_id: created.id })).error?.code).toBe('PT409');
      // What he signed for stays as signed: the kind and the list of documents.
      const before = await claimRow(created.id);
      for (const values of [{ archive_documents: '另一份清单' }, { kind: '招待', has_archive_documents: false, archive_documents: null }]) {
        const changed = await client.from('customer_expenses').update(values).eq('id', created.id).select();
        expect(changed.error?.code).toBe('PT409');
        expect(changed.error?.message).toContain('档案员已签收');
      }
      expect(await claimRow(created.id)).toEqual(before);
      // Now the manager approves, and the claimant hears it.
      expect(await movesOf(manager, created.id)).toEqual(['approve', 'decline']);
      const approved = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true, note: '资料已归档，同意报销' });
      expect(approved.error).toBeNull();
      expect(await claimRow(created.id)).toMatchObject({ status: '已批准', approver_id: operatorIds.manager });
      expect(await notified(created.id, '审批结果')).toEqual([traveller.id]);
    } finally {
      await sql(`delete from public.customer_expenses where claimant_id = $1`, [traveller.id]);
      await sql(`delete from public.customers where owner_id = $1`, [traveller.id]);
      await traveller.remove();
    }
  });

  it('the archivist’s own travel claim is signed for by the archive room, never by himself', async () => {
    const created = await claimOf(clerk, await customer(true), {
      kind: '差旅', amount: 920, has_archive_documents: true, archive_documents: '培训讲义 1 册',
    });
    expect(await notified(created.id, '费用审批', 'expense-documents:%')).toEqual([operatorIds.archivist]);
    const himself = await clerk.rpc('receive_customer_expense_documents', { claim_id: created.id });
    expect(himself.error?.code).toBe('42501');
    expect(himself.error?.message).toContain('自己');
    expect((await claimRow(created.id)).documents_received_by).toBeNull();
    expect(await movesOf(archivist, created.id)).toEqual(['receive_documents']);
    expect((await archivist.rpc('receive_customer_expense_documents', { claim_id: created.id })).error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ documents_received_by: operatorIds.archivist });
  });

  it('documents listed later on a waiting claim are signed for first too; taken off again, the archivist’s to-do is done', async () => {
    const created = await claimOf(clerk, await customer(true), { kind: '差旅', amount: 450 });
    expect(await notified(created.id, '费用审批', 'expense-documents:%')).toEqual([]);
    const listed = await clerk.from('customer_expenses').update({ has_archive_documents: true, archive_documents: '学习资料 1 份' }).eq('id', created.id).select();
    expect(listed.error).toBeNull();
    expect(await notified(created.id, '费用审批', 'expense-documents:%')).toEqual([operatorIds.archivist]);
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error?.code).toBe('PT409');
    const unlisted = await clerk.from('customer_expenses').update({ has_archive_documents: false, archive_documents: null }).eq('id', created.id).select();
    expect(unlisted.error).toBeNull();
    expect(await sql(`select 1 from public.notifications where link_id = $1 and dedupe_key like 'expense-documents:%' and done_at is null`, [created.id])).toEqual([]);
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error).toBeNull();
  });

  it('a travel claim without documents to archive needs no signature, and is approved at once', async () => {
    const created = await claimOf(clerk, await customer(true), { kind: '差旅', amount: 86.5 });
    expect(await notified(created.id, '费用审批', 'expense-documents:%')).toEqual([]);
    const signed = await clerk.rpc('receive_customer_expense_documents', { claim_id: created.id });
    expect(signed.error?.code).toBe('PT409');
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ status: '已批准' });
  });
});

describe('approval by the department manager 审批', () => {
  it('only the claimant’s department manager decides: not a colleague, another department, the gm or the claimant himself; declining needs a reason; decided once', async () => {
    const created = await claimOf(clerk, await customer(true));
    for (const [who, client] of [['clerk2', clerk2], ['gm', gm], ['deputy', deputy], ['director', director]] as const) {
      const refused = await client.rpc('decide_customer_expense', { claim_id: created.id, approve: true });
      expect(refused.status, who).toBeGreaterThanOrEqual(400);
      expect(refused.status, who).toBeLessThan(500);
      expect(['42501', 'PT404'], who).toContain(refused.error?.code);
    }
    const own = await clerk.rpc('decide_customer_expense', { claim_id: created.id, approve: true });
    expect(own.error?.code).toBe('42501');
    expect(await movesOf(clerk, created.id)).toEqual([]);
    const bare = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: false, note: ' ' });
    expect(bare.error?.code).toBe('23502');
    expect(bare.error?.message).toContain('驳回须写明意见');
    expect(await claimRow(created.id)).toMatchObject({ status: '待审批', approver_id: null, decision_note: null });
    const declined = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: false, note: '超出招待标准' });
    expect(declined.error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ status: '已驳回', approver_id: operatorIds.manager, decision_note: '超出招待标准' });
    expect(await notified(created.id, '审批结果')).toEqual([operatorIds.clerk]);
    expect(await openTodos(created.id)).toEqual([]);
    const again = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true });
    expect(again.error?.code).toBe('PT409');
    expect(await claimRow(created.id)).toMatchObject({ status: '已驳回' });
  });

  it('a manager’s own claim goes to the deputy gm in charge of his department', async () => {
    const created = await claimOf(manager, await customer(true, operatorIds.clerk), { kind: '礼品', amount: 600 });
    expect(await notified(created.id, '费用审批')).toEqual([operatorIds.deputy]);
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error?.code).toBe('42501');
    expect(await movesOf(deputy, created.id)).toEqual(['approve', 'decline']);
    expect((await deputy.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error).toBeNull();
    expect(await claimRow(created.id)).toMatchObject({ status: '已批准', approver_id: operatorIds.deputy });
  });
});

describe('a decided claim is locked: 驳回的费用不能改了再报', () => {
  it('a declined claim stays declined: no edit by PATCH or apply_rows, no delete, and nothing changes', async () => {
    const created = await claimOf(clerk, await customer(true));
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: false, note: '无发票' })).error).toBeNull();
    const before = await claimRow(created.id);
    const patched = await clerk.from('customer_expenses').update({ amount: 100, description: '改小金额重新报销' }).eq('id', created.id).select();
    expect(patched.status).toBe(409);
    expect(patched.error?.code).toBe('PT409');
    expect(patched.error?.message).toContain('不能再修改');
    const row = await applyOne(clerk, { amount: 100 }, created.id);
    expect(row).toMatchObject({ ok: false, code: 'PT409', column: 'amount' });
    const removed = await clerk.from('customer_expenses').delete().eq('id', created.id).select('id');
    expect(removed.data ?? []).toEqual([]);
    expect(await claimRow(created.id)).toEqual(before);
  });

  it('an approved claim is locked for everyone, its manager included', async () => {
    const created = await claimOf(clerk, await customer(true));
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error).toBeNull();
    const before = await claimRow(created.id);
    for (const client of [clerk, manager]) {
      const patched = await client.from('customer_expenses').update({ amount: 9999 }).eq('id', created.id).select();
      expect(patched.status).toBeGreaterThanOrEqual(400);
      expect(patched.status).toBeLessThan(500);
    }
    expect((await applyOne(clerk, { description: '批准后改写' }, created.id)).ok).toBe(false);
    expect(await claimRow(created.id)).toEqual(before);
  });
});

describe('totals per customer and month 客户费用月度汇总', () => {
  it('sum the approved claims per customer, month and kind; waiting and declined claims do not count', async () => {
    const target = await customer(true);
    const lastMonth = day(-40);
    const decide = async (fields: Record<string, unknown>, approve: boolean | null) => {
      const created = await claimOf(clerk, target, fields);
      if (approve !== null) {
        const { error } = await manager.rpc('decide_customer_expense', { claim_id: created.id, approve, note: approve ? null : '不予报销' });
        expect(error).toBeNull();
      }
    };
    await decide({ kind: '招待', amount: 300.5 }, true);
    await decide({ kind: '礼品', amount: 200 }, true);
    await decide({ kind: '差旅', amount: 100 }, true);
    await decide({ kind: '招待', amount: 999 }, false);
    await decide({ kind: '招待', amount: 50 }, null);
    await decide({ kind: '礼品', amount: 88, spent_on: lastMonth }, true);
    const totals = await sql<{ month: string; claims: number; entertainment: string; travel: string; gifts: string; total: string; department_id: string }>(
      `select to_char(month, 'YYYY-MM') as month, claims, entertainment::text, travel::text, gifts::text, total::text, department_id
       from public.customer_expense_totals where customer_id = $1 order by month`, [target]);
    expect(totals).toEqual([
      { month: lastMonth.slice(0, 7), claims: 1, entertainment: '0.00', travel: '0.00', gifts: '88.00', total: '88.00', department_id: departmentIds.KF1 },
      { month: yesterday.slice(0, 7), claims: 3, entertainment: '300.50', travel: '100.00', gifts: '200.00', total: '600.50', department_id: departmentIds.KF1 },
    ]);
  });

  it('are read by the department manager, the director and the gm, not by clerks, and written by nobody', async () => {
    const target = await customer(true);
    const created = await claimOf(clerk, target, { amount: 120 });
    expect((await manager.rpc('decide_customer_expense', { claim_id: created.id, approve: true })).error).toBeNull();
    const read = async (client: SupabaseClient) => (await client.from('customer_expense_totals').select('total').eq('customer_id', target)).data ?? [];
    expect(await read(manager)).toEqual([{ total: 120 }]);
    expect(await read(director)).toEqual([{ total: 120 }]);
    expect(await read(gm)).toEqual([{ total: 120 }]);
    expect(await read(deputy)).toEqual([{ total: 120 }]);
    expect(await read(clerk)).toEqual([]);
    expect(await read(clerk2)).toEqual([]);
    const forged = await manager.from('customer_expense_totals').update({ total: 1 }).eq('customer_id', target).select();
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const added = await manager.from('customer_expense_totals').insert({ customer_id: target, month: '2026-01-01', department_id: departmentIds.KF1, claims: 1, entertainment: 1, travel: 0, gifts: 0, total: 1 });
    expect(added.status).toBeGreaterThanOrEqual(400);
    expect(await sql(`select total::text from public.customer_expense_totals where customer_id = $1`, [target])).toEqual([{ total: '120.00' }]);
  });
});

describe('who reads a claim', () => {
  it('the claimant, his manager, the deputy gm in charge, the director and the gm; not a clerk of another department, nor the archive room unless documents are to be archived', async () => {
    const created = await claimOf(clerk, await customer(true));
    const reads = async (client: SupabaseClient) => ((await client.from('customer_expenses').select('id').eq('id', created.id)).data ?? []).length;
    expect(await reads(clerk)).toBe(1);
    expect(await reads(manager)).toBe(1);
    expect(await reads(deputy)).toBe(1);
    expect(await reads(director)).toBe(1);
    expect(await reads(gm)).toBe(1);
    expect(await reads(clerk2)).toBe(0);
    expect(await reads(archivist)).toBe(0);
    const patched = await clerk2.from('customer_expenses').update({ amount: 1 }).eq('id', created.id).select();
    expect(patched.data ?? []).toEqual([]);
    expect(Number((await claimRow(created.id)).amount)).toBe(368);
  });
});

describe('the printed claim form and the menu', () => {
  it('prints as 客户费用报销单 with the lines 报销人 / 档案员（差旅） / 部门经理, in the operations menu with its monthly totals', async () => {
    const { data, error } = await manager.rpc('register_metadata');
    expect(error).toBeNull();
    const registers = data as { register: string; menu_group: string; print_title_zh: string; print_signatures_zh: string[]; can_create: boolean; can_update: boolean; can_delete: boolean }[];
    expect(registers.find((r) => r.register === 'customer_expenses')).toMatchObject({
      menu_group: 'operations', print_title_zh: '客户费用报销单', print_signatures_zh: ['报销人', '档案员（差旅）', '部门经理'],
    });
    expect(registers.find((r) => r.register === 'customer_expense_totals')).toMatchObject({
      menu_group: 'operations', can_create: false, can_update: false, can_delete: false,
    });
  });
});

describe('the demo data', () => {
  it('has claims in every state over filed customers, travel claims with and without the archivist’s signature, one declined, and monthly totals', async () => {
    const rows = await sql<{ status: string; kind: string; has_archive_documents: boolean; signed: boolean; filed: boolean }>(
      `select e.status::text, e.kind, e.has_archive_documents, e.documents_received_at is not null as signed, c.filed_at is not null as filed
       from public.customer_expenses e join public.customers c on c.id = e.customer_id
       where e.id between '00000000-0000-4000-f005-000000000000' and '00000000-0000-4000-f005-ffffffffffff'`);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    expect(rows.every((r) => r.filed)).toBe(true);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['待审批', '已批准', '已驳回']));
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['招待', '差旅', '礼品']));
    expect(rows.filter((r) => r.status === '已驳回')).toHaveLength(1);
    expect(rows.some((r) => r.has_archive_documents && r.signed && r.status === '待审批')).toBe(true);
    expect(rows.some((r) => r.has_archive_documents && !r.signed)).toBe(true);
    expect(rows.some((r) => r.has_archive_documents && r.signed && r.status === '已批准')).toBe(true);
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from public.customer_expense_totals`);
    expect(n).toBeGreaterThan(3);
  });
});
