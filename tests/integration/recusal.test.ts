// Issue 11 §3 — recusal survives every edit, and no write path shows a row its writer may not read.
// Each case is tried the way someone getting around the rule would: through PostgREST, apply_rows
// (dry run too) and the RPCs, as the demo users, asserting the refusal and that nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

type Throwaway = Awaited<ReturnType<typeof createThrowawayOperator>>;
let accused: Throwaway;
let another: Throwaway;

beforeAll(async () => {
  accused = await createThrowawayOperator('clerk', 'KF1');
  another = await createThrowawayOperator('clerk', 'KF1');
});
afterAll(async () => {
  await sql(`update public.service_requests set recused_operator_ids = '{}', accused_operator_id = null, handler_id = null,
             kind = '咨询', complaint_category = null, severity = null, accused_department_id = null
             where $1 = any (recused_operator_ids) or $2 = any (recused_operator_ids)`, [accused.id, another.id]);
  await accused.remove();
  await another.remove();
});

const storedRequest = async (id: string) =>
  (await sql<{ row: Record<string, unknown> }>(`select to_jsonb(r.*) - 'updated_at' as row from public.service_requests r where id = $1`, [id]))[0].row;

// A card of the demo clerk's (王小明, 客服一部), as a manager's assignment leaves it.
const clerksCustomer = async (name: string) =>
  (await sql<{ id: string; code: string; name: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id, code, name`,
    [name, uniquePhone(), departmentIds.KF1, operatorIds.clerk],
  ))[0];

const misconduct = () => complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' });

describe('a complaint that names someone keeps its kind, category and accused', () => {
  it('refuses its receiver turning it into a consultation, changing its category or clearing the accused — through the API and apply_rows', async () => {
    const { client, row } = await recordRequest('clerk', misconduct());
    const before = await storedRequest(row.id);
    const attempts: Record<string, unknown>[] = [
      { kind: '咨询', complaint_category: null, severity: null, accused_operator_id: null },
      { complaint_category: '服务质量' },
      { accused_operator_id: null, accused_department_id: departmentIds.KF1 },
      { accused_operator_id: another.id },
    ];
    for (const values of attempts) {
      const patch = await client.from('service_requests').update(values).eq('id', row.id).select();
      expect(patch.status, JSON.stringify(values)).toBe(403);
      expect(patch.error?.message).toContain('重新定性');
      const report = await client.rpc('apply_rows', { register: 'service_requests', rows: [{ key: row.id, values }] });
      expect((report.data as { rows: { ok: boolean; code: string }[] }).rows[0]).toMatchObject({ ok: false, code: '42501' });
    }
    expect(await storedRequest(row.id)).toEqual(before);
  });

  it('refuses even the responsible manager: only the director reclassifies', async () => {
    const { row } = await recordRequest('clerk', misconduct());
    const manager = await signInAs('manager');
    const patch = await manager.from('service_requests').update({ accused_operator_id: another.id }).eq('id', row.id).select();
    expect(patch.status).toBe(403);
    const move = await manager.rpc('reclassify_complaint', { request_id: row.id, kind: '投诉', complaint_category: '员工违纪', accused_operator: another.id, reason: '认错人了' });
    expect(move.status).toBe(403);
    expect(move.error?.message).toBe('只有客服中心主任可以重新定性投诉 | Only the director reclassifies a complaint');
    expect((await storedRequest(row.id)).accused_operator_id).toBe(accused.id);
  });

  it('lets the director reclassify with a reason, recorded on the row and in the audit log, and the first accused stays recused', async () => {
    const { client, row } = await recordRequest('clerk', misconduct());
    const director = await signInAs('director');
    const noReason = await director.rpc('reclassify_complaint', { request_id: row.id, kind: '投诉', complaint_category: '员工违纪', accused_operator: another.id });
    expect(noReason.status).toBe(400);
    const moved = await director.rpc('reclassify_complaint', { request_id: row.id, kind: '投诉', complaint_category: '员工违纪', accused_operator: another.id, reason: '经核实，被投诉人为另一位同事' });
    expect(moved.error).toBeNull();
    const stored = await storedRequest(row.id);
    expect(stored).toMatchObject({ accused_operator_id: another.id, reclassified_by: operatorIds.director, reclassify_reason: '经核实，被投诉人为另一位同事' });
    expect(stored.recused_operator_ids).toEqual([accused.id, another.id]);
    const audit = await sql(`select 1 from public.audit_log where table_name = 'service_requests' and row_id = $1 and action = 'update'
                             and 'accused_operator_id' = any (changed_fields)`, [row.id]);
    expect(audit.length).toBeGreaterThan(0);

    // Neither the first nor the second person named reads it or may be made its handler.
    for (const person of [accused, another]) {
      const reader = await person.client();
      expect((await reader.from('service_requests').select('id').eq('id', row.id)).data).toEqual([]);
      const assign = await client.rpc('assign_request', { request_id: row.id, handler: person.id });
      expect(assign.status).toBe(403);
      expect(assign.error?.message).toContain('回避');
    }
    // Even as a consultation, the people it once named stay recused.
    const consultation = await director.rpc('reclassify_complaint', { request_id: row.id, kind: '咨询', reason: '不属于投诉' });
    expect(consultation.error).toBeNull();
    expect((await (await accused.client()).from('service_requests').select('id').eq('id', row.id)).data).toEqual([]);
    expect((await client.rpc('assign_request', { request_id: row.id, handler: accused.id })).status).toBe(403);
  });

  it('offers the Reclassify move to the director alone', async () => {
    const { row } = await recordRequest('clerk', misconduct());
    for (const [role, offered] of [['clerk', false], ['manager', false], ['director', true]] as const) {
      const { data } = await (await signInAs(role)).rpc('row_rights', { register: 'service_requests', keys: [row.id] });
      expect((data as { moves: string[] }[])[0].moves.includes('reclassify'), role).toBe(offered);
    }
  });

  it('refuses a clerk changing the recused list itself', async () => {
    const { client, row } = await recordRequest('clerk', misconduct());
    const patch = await client.from('service_requests').update({ recused_operator_ids: [] }).eq('id', row.id).select();
    expect(patch.status).toBe(403);
    expect((await storedRequest(row.id)).recused_operator_ids).toEqual([accused.id]);
  });

  it('lets only the responsible manager or the director turn a complaint that names no one into another kind', async () => {
    const { client, row } = await recordRequest('clerk', complaint());
    const patch = await client.from('service_requests').update({ kind: '咨询', complaint_category: null, severity: null }).eq('id', row.id).select();
    expect(patch.status).toBe(403);
    expect((await storedRequest(row.id)).kind).toBe('投诉');
    const manager = await signInAs('manager');
    const byManager = await manager.from('service_requests').update({ kind: '咨询', complaint_category: null, severity: null }).eq('id', row.id).select('kind');
    expect(byManager.error).toBeNull();
    expect((await storedRequest(row.id)).kind).toBe('咨询');
  });
});

describe('no write path reveals a row its writer may not read', () => {
  it('refuses the accused recording a return visit on the complaint against him, without showing its customer', async () => {
    const customer = await clerksCustomer(unique('投诉客户'));
    const { row } = await recordRequest('clerk', misconduct());
    await sql(`update public.service_requests set customer_id = $1 where id = $2`, [customer!.id, row.id]);
    const reader = await accused.client();
    const insert = await reader.from('return_visits').insert({ request_id: row.id, customer_id: customer!.id, planned_on: '2026-12-10' }).select();
    expect(insert.status).toBe(403);
    expect(JSON.stringify(insert)).not.toContain(customer!.name);
    expect(insert.error?.message).toMatch(/不在您的查看范围内/);
    expect(await sql(`select 1 from public.return_visits where request_id = $1 and visitor_id is not distinct from $2`, [row.id, accused.id])).toEqual([]);
  });

  it("refuses a contact or a request on another clerk's customer, saying it exists and whom to ask — and not what it is", async () => {
    const name = unique('别人的客户');
    const customer = await clerksCustomer(name);
    const clerk2 = await signInAs('clerk2');
    const before = await sql(`select (select count(*) from public.contacts where customer_id = $1)::int as contacts,
                                     (select count(*) from public.service_requests where customer_id = $1)::int as requests`, [customer!.id]);
    const contact = await clerk2.from('contacts').insert({ customer_id: customer!.id, kind: '电话', summary: '跟进' }).select();
    const request = await clerk2.from('service_requests').insert({ customer_id: customer!.id, kind: '咨询', content: '咨询内容', department_id: departmentIds.KF2 }).select();
    for (const refused of [contact, request]) {
      expect(refused.status).toBe(403);
      expect(refused.error?.message).toContain('客服一部');
      expect(refused.error?.message).not.toContain(name);
      expect(refused.error?.message).not.toContain(customer!.code);
    }
    const dry = await clerk2.rpc('apply_rows', { register: 'contacts', rows: [{ key: null, values: { customer_id: customer!.id, kind: '电话', summary: '跟进' } }], dry_run: true });
    expect((dry.data as { rows: { ok: boolean; code: string; column: string }[] }).rows[0]).toMatchObject({ ok: false, code: '42501', column: 'customer_id' });
    expect(await sql(`select (select count(*) from public.contacts where customer_id = $1)::int as contacts,
                             (select count(*) from public.service_requests where customer_id = $1)::int as requests`, [customer!.id])).toEqual(before);
  });

  it("refuses moving one's own contact onto a customer one may not read, yet keeps an old link editable", async () => {
    // (cards as a manager's assignment leaves them: the clerk2's own, and one of another department's clerk)
    const [mine] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('自己的客户'), uniquePhone(), departmentIds.KF2, operatorIds.clerk2]);
    const [theirs] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('别人的'), uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    const clerk2 = await signInAs('clerk2');
    const { data: contact } = await clerk2.from('contacts').insert({ customer_id: mine!.id, kind: '电话', summary: '首次联系' }).select('id').single();
    const moved = await clerk2.from('contacts').update({ customer_id: theirs!.id }).eq('id', contact!.id).select();
    expect(moved.status).toBe(403);
    const edited = await clerk2.from('contacts').update({ summary: '首次联系，已约拜访' }).eq('id', contact!.id).select('customer_id');
    expect(edited.error).toBeNull();
    expect(edited.data).toEqual([{ customer_id: mine!.id }]);
  });

  it('still lets a clerk ask to read a customer he may not see (the access request names it)', async () => {
    const customer = await clerksCustomer(unique('申请查阅'));
    const asked = await (await signInAs('clerk2')).from('access_requests').insert({ customer_id: customer!.id, reason: '客户来电需查询档案' }).select('id');
    expect(asked.error).toBeNull();
  });

  it('keeps the accused manager from deleting the complaint against him, or restoring it once deleted', async () => {
    const { row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: operatorIds.manager }));
    const manager = await signInAs('manager');
    await manager.from('service_requests').delete().eq('id', row.id);
    expect(await sql(`select 1 from public.service_requests where id = $1`, [row.id])).toHaveLength(1);
    // Deleted by someone else (the console), it is in the bin — but not his to list or restore.
    await sql(`delete from public.service_requests where id = $1`, [row.id]);
    const [entry] = await sql<{ id: number }>(`select id from public.recycle_bin where table_name = 'service_requests' and row_id = $1`, [row.id]);
    expect((await manager.from('recycle_bin').select('id').eq('id', entry.id)).data).toEqual([]);
    const restore = await manager.rpc('restore_deleted', { bin_id: entry.id });
    expect(restore.status).toBe(403);
    expect(JSON.stringify(restore)).not.toContain('员工违纪');
    expect(await sql(`select 1 from public.service_requests where id = $1`, [row.id])).toEqual([]);
  });

  it("leaves the accused manager's dashboard as it was: the complaint against him counts nowhere he can see", async () => {
    // A department of this test's own, so no other test file adds complaints its manager reads: its
    // manager reads every complaint his department receives, and would count this one but for recusal.
    const code = unique('HS').slice(0, 20);
    await sql(`insert into public.departments (code, name) values ($1, $2)`, [code, `回避测试部${code}`]);
    const manager = await createThrowawayOperator('manager', code);
    const receiver = await createThrowawayOperator('clerk', code);
    try {
      const reader = await manager.client();
      const complaintFigures = async () => {
        const { data } = await reader.rpc('dashboard_summary');
        const summary = data as { complaints: { total: number }; overdue: { complaints: number } };
        return { complaints: summary.complaints, overdue: summary.overdue.complaints };
      };
      const before = await complaintFigures();
      const named = await (await receiver.client()).from('service_requests')
        .insert({ ...complaint({ complaint_category: '员工违纪', accused_operator_id: manager.id }), caller_name: '来电人' });
      expect(named.error).toBeNull();
      expect(await complaintFigures()).toEqual(before);
      // The same complaint naming someone else is his to count.
      const other = await (await receiver.client()).from('service_requests').insert({ ...complaint(), caller_name: '来电人' });
      expect(other.error).toBeNull();
      expect((await complaintFigures()).complaints.total).toBe(before.complaints.total + 1);
    } finally {
      await sql(`delete from public.service_requests where receiver_id = $1`, [receiver.id]);
      await receiver.remove();
      await manager.remove();
      await sql(`delete from public.departments where code = $1`, [code]);
    }
  });
});
