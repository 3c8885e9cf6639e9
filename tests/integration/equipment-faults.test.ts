// Equipment and fault work orders 设备台账 / 设备故障工单 (issue 15 point 2; RULES §13): the register
// kept by the fixed-asset keeper (duty 固定资产管理员, demo 李娜), same-day reporting with the late flag
// (003 故障必须当天上报固定资产管理员), the repair route by warranty (002 在保修期内的设备…联系供应商进行维修),
// outside repair only with the department head's approval and supervised technicians (000 送外修理须经
// 有关部门负责人批准; 非本单位技术人员…必需由公司相关技术人员现场全程监视), the repair record
// (设备维修单中的“维修记录”) that closes and freezes the order, and the evening job "same-day faults".
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

type Fault = {
  id: string; fault_no: string; status: string; route: string | null; reported_by: string; department_id: string; reported_late: boolean;
  in_warranty: boolean; occurred_at: string; approver_id: string | null; decision_note: string | null; repair_record: string | null;
  repair_cost: string | null; closed_by: string | null; description: string;
};

const marker = unique('设备测试');
const hour = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** Up to an hour ago, but not before today began in Beijing: a same-day fault stays same-day when the suite runs just after midnight. */
const todayAgo = (ms: number) => {
  const now = Date.now();
  const dayStart = now - ((now + 8 * 3_600_000) % 86_400_000);
  return new Date(Math.max(now - ms, Math.min(dayStart + 1000, now))).toISOString();
};

let clerk: SupabaseClient;
let keeper: SupabaseClient;
let manager: SupabaseClient;
let deputy: SupabaseClient;
let gm: SupabaseClient;
beforeAll(async () => {
  [clerk, keeper, manager, deputy, gm] = await Promise.all([signInAs('clerk'), signInAs('clerk2'), signInAs('manager'), signInAs('deputy'), signInAs('gm')]);
});
afterAll(async () => {
  await sql(`delete from public.equipment_faults where equipment_id in (select id from public.equipment where notes = $1)`, [marker]);
  await sql(`delete from public.equipment where notes = $1`, [marker]);
});

/** A piece of equipment (as the database owner): in warranty or not, in a department. */
async function equipment(inWarranty: boolean, department: string = departmentIds.KF1): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.equipment (name, model, location, department_id, supplier, purchased_on, warranty_end, notes)
     values ($1, 'HP M404dn', '测试工位', $2, '华信办公设备有限公司', current_date - 400, current_date + $3::int, $4) returning id`,
    [unique('测试打印机').slice(0, 40), department, inWarranty ? 30 : -30, marker],
  );
  return row.id;
}

const faultRow = async (id: string) => (await sql<Fault>(`select * from public.equipment_faults where id = $1`, [id]))[0];
const notified = (id: string, kind: string) =>
  sql<{ recipient_id: string }>(`select recipient_id from public.notifications where link_table = 'equipment_faults' and link_id = $1 and kind = $2 order by recipient_id`, [id, kind])
    .then((r) => r.map((x) => x.recipient_id));

/** The clerk reports a fault of a KF1 piece of equipment that occurred `occurredAgo` ms ago. */
async function report(inWarranty = false, occurredAgo = 10 * 60_000, client = clerk, department: string = departmentIds.KF1): Promise<Fault> {
  const equipmentId = await equipment(inWarranty, department);
  const { data, error } = await client.from('equipment_faults')
    .insert({ equipment_id: equipmentId, occurred_at: occurredAgo <= 3_600_000 ? todayAgo(occurredAgo) : ago(occurredAgo), channel: '电话', description: `${marker} 打印机卡纸` }).select('*').single<Fault>();
  expect(error).toBeNull();
  return data!;
}

/** A fault the keeper has routed (as she would). */
async function routed(route: '供应商保修' | '内部维修' | '外送维修', department: string = departmentIds.KF1): Promise<Fault> {
  const reporter = department === departmentIds.KF1 ? clerk : keeper;
  const fault = await report(route === '供应商保修', 10 * 60_000, reporter, department);
  const { error } = await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route });
  expect(error).toBeNull();
  return faultRow(fault.id);
}

describe('the equipment register 设备台账', () => {
  it('is kept by the fixed-asset keeper (duty 固定资产管理员): she registers equipment and the database numbers it by department; a clerk cannot', async () => {
    const add = (client: SupabaseClient, name: string, extra: Record<string, unknown> = {}) =>
      client.from('equipment').insert({ name, location: '客服一部 测试工位', department_id: departmentIds.KF1, warranty_end: '2030-01-01', notes: marker, ...extra })
        .select('id, asset_no').single<{ id: string; asset_no: string }>();
    const first = await add(keeper, unique('台式电脑').slice(0, 40));
    const second = await add(keeper, unique('台式电脑').slice(0, 40));
    expect(first.error).toBeNull();
    expect(first.data!.asset_no).toMatch(/^KF1-\d{4}$/);
    expect(Number(second.data!.asset_no.slice(4))).toBe(Number(first.data!.asset_no.slice(4)) + 1);
    // A clerk without the duty registers nothing; nobody gives the number himself.
    const name = unique('冒登设备').slice(0, 40);
    const byClerk = await add(clerk, name);
    expect(byClerk.error?.code).toBe('42501');
    const ownNumber = await add(keeper, name, { asset_no: 'KF1-9999' });
    expect(ownNumber.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.equipment where name = $1`, [name])).toEqual([]);
    // The number cannot be edited afterwards either.
    const renumber = await keeper.from('equipment').update({ asset_no: 'KF1-9998' }).eq('id', first.data!.id).select();
    expect(renumber.error?.code).toBe('42501');
    expect(renumber.error?.message).toContain('资产编号');
  });

  it('comes in from the paper register through the administrator’s import, keeping its asset numbers and numbering the pieces that had none', async () => {
    const admin = await signInAs('admin');
    const oldNo = `AQB-${String(9000 + Math.floor(Math.random() * 999)).padStart(4, '0')}`;
    const { data, error } = await admin.rpc('import_history', {
      register: 'equipment',
      rows: [
        { key: null, values: { asset_no: oldNo, name: '旧监控主机', location: '安全保卫部 监控室', department_id: departmentIds.AQB, purchased_on: '2018-03-01', warranty_end: '2020-03-01', notes: marker } },
        { key: null, values: { name: '旧对讲机', location: '安全保卫部 岗亭', department_id: departmentIds.AQB, notes: marker } },
      ],
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({ applied: 2, historical: true });
    const numbers = (await sql<{ asset_no: string }>(`select asset_no from public.equipment where notes = $1 and department_id = $2 order by name`, [marker, departmentIds.AQB])).map((r) => r.asset_no);
    expect(numbers).toContain(oldNo);
    expect(numbers.every((n) => /^AQB-\d{4}$/.test(n))).toBe(true);
    // Nobody else imports.
    expect((await keeper.rpc('import_history', { register: 'equipment', rows: [] })).error?.code).toBe('42501');
  });

  it('refuses a warranty that ends before the purchase, naming the rule', async () => {
    const name = unique('保修倒置').slice(0, 40);
    const refused = await keeper.from('equipment').insert({
      name, location: '客服一部', department_id: departmentIds.KF1, purchased_on: '2025-06-01', warranty_end: '2024-06-01', notes: marker,
    });
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('equipment_warranty_after_purchase');
    expect(await sql(`select 1 from public.equipment where name = $1`, [name])).toEqual([]);
  });

  it('is read by each department for its own equipment, by the keeper, the director and the gm for all, and not by the administrator', async () => {
    const kf1 = await equipment(false, departmentIds.KF1);
    const kf2 = await equipment(false, departmentIds.KF2);
    const reads = async (role: Parameters<typeof signInAs>[0]) =>
      ((await (await signInAs(role)).from('equipment').select('id').in('id', [kf1, kf2])).data ?? []).map((r) => r.id).sort();
    expect(await reads('clerk')).toEqual([kf1]);
    expect(await reads('clerk2')).toEqual([kf1, kf2].sort());
    expect(await reads('director')).toEqual([kf1, kf2].sort());
    expect(await reads('gm')).toEqual([kf1, kf2].sort());
    expect(await reads('admin')).toEqual([]);
  });

  it('keeps a piece of equipment that has fault orders: the keeper cannot delete it', async () => {
    const fault = await report();
    const [{ equipment_id }] = await sql<{ equipment_id: string }>(`select equipment_id from public.equipment_faults where id = $1`, [fault.id]);
    const refused = await keeper.from('equipment').delete().eq('id', equipment_id);
    expect(refused.error?.code).toBe('23503');
    expect(await sql(`select 1 from public.equipment where id = $1`, [equipment_id])).toHaveLength(1);
  });
});

describe('reporting a fault the same day 故障必须当天上报', () => {
  it('stamps the reporter, the time and the department, and tells the fixed-asset keeper at once (设备故障)', async () => {
    const fault = await report();
    expect(fault).toMatchObject({ reported_by: operatorIds.clerk, department_id: departmentIds.KF1, status: '已报修', route: null, reported_late: false, in_warranty: false });
    expect(fault.fault_no).toMatch(/^GZ\d{8}\d{4}$/);
    expect(await notified(fault.id, '设备故障')).toEqual([operatorIds.clerk2]);
    // Naming another reporter, a status or a route is refused, and nothing is written.
    const equipmentId = await equipment(false);
    for (const extra of [{ reported_by: operatorIds.manager }, { status: '维修中' }, { route: '内部维修' }, { reported_late: false }, { reported_at: ago(0) }]) {
      const refused = await clerk.from('equipment_faults').insert({ equipment_id: equipmentId, occurred_at: ago(60_000), description: `${marker} 冒名`, ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
    expect(await sql(`select 1 from public.equipment_faults where equipment_id = $1`, [equipmentId])).toEqual([]);
  });

  it('flags a fault reported on a later day than it occurred as late, tells the keeper so, and the flag cannot be cleared by editing when it occurred', async () => {
    const fault = await report(false, 30 * hour);
    expect(fault.reported_late).toBe(true);
    const [title] = await sql<{ title: string }>(`select title from public.notifications where link_id = $1 and kind = '设备故障'`, [fault.id]);
    expect(title.title).toContain('未当天上报');
    const before = await faultRow(fault.id);
    // Moving the time it occurred to today: refused for the reporter and the keeper, through the API and apply_rows.
    for (const client of [clerk, keeper]) {
      const moved = await client.from('equipment_faults').update({ occurred_at: ago(60_000) }).eq('id', fault.id).select();
      expect(moved.error?.code).toBe('PT409');
      expect(moved.error?.message).toContain('故障发生时间');
      const cleared = await client.from('equipment_faults').update({ reported_late: false }).eq('id', fault.id).select();
      expect(cleared.error?.code).toBe('42501');
      const batch = await client.rpc('apply_rows', { register: 'equipment_faults', rows: [{ key: fault.id, values: { occurred_at: ago(60_000) } }] });
      expect((batch.data as { applied: number; rows: { ok: boolean; column?: string }[] }).rows[0]).toMatchObject({ ok: false, column: 'occurred_at' });
    }
    expect(await faultRow(fault.id)).toEqual(before);
  });

  it('lets the reporter correct his description until the keeper routes it, and not after', async () => {
    const fault = await report(false);
    expect((await clerk.from('equipment_faults').update({ description: `${marker} 打印机卡纸，纸盒弹簧脱落` }).eq('id', fault.id)).error).toBeNull();
    expect((await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '内部维修' })).error).toBeNull();
    const late = await clerk.from('equipment_faults').update({ description: `${marker} 改口` }).eq('id', fault.id).select();
    expect(late.error?.code).toBe('PT409');
    expect(late.error?.message).toContain('故障描述');
    expect((await faultRow(fault.id)).description).toBe(`${marker} 打印机卡纸，纸盒弹簧脱落`);
  });

  it('refuses a fault said to occur after it is reported', async () => {
    const equipmentId = await equipment(false);
    const refused = await clerk.from('equipment_faults').insert({ equipment_id: equipmentId, occurred_at: new Date(Date.now() + 2 * hour).toISOString(), description: `${marker} 未来` });
    expect(refused.error?.code).toBe('22023');
    expect(refused.error?.message).toContain('故障发生时间');
    expect(await sql(`select 1 from public.equipment_faults where equipment_id = $1`, [equipmentId])).toEqual([]);
  });

  it('accepts only the two channels, 工单 and 电话', async () => {
    const equipmentId = await equipment(false);
    const refused = await clerk.from('equipment_faults').insert({ equipment_id: equipmentId, occurred_at: ago(60_000), channel: '微信', description: `${marker} 渠道` });
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('equipment_faults_channel_check');
    expect(await sql(`select 1 from public.equipment_faults where equipment_id = $1`, [equipmentId])).toEqual([]);
  });

  it('lets a clerk report only equipment he can see (his department’s)', async () => {
    const kf2 = await equipment(false, departmentIds.KF2);
    const refused = await clerk.from('equipment_faults').insert({ equipment_id: kf2, occurred_at: ago(60_000), description: `${marker} 别部门` });
    expect(refused.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.equipment_faults where equipment_id = $1`, [kf2])).toEqual([]);
  });

  it('is never deleted, by the reporter or the keeper: a late report stays on record', async () => {
    const fault = await report(false, 30 * hour);
    await clerk.from('equipment_faults').delete().eq('id', fault.id);
    await keeper.from('equipment_faults').delete().eq('id', fault.id);
    expect(await faultRow(fault.id)).toMatchObject({ id: fault.id, reported_late: true });
  });
});

describe('the repair route 维修方式', () => {
  it('in warranty: the keeper sends it to the supplier, never to internal or outside repair', async () => {
    const fault = await report(true);
    expect(fault.in_warranty).toBe(true);
    for (const route of ['内部维修', '外送维修']) {
      const refused = await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route });
      expect(refused.error?.code, route).toBe('23514');
      expect(refused.error?.message).toContain('保修期内');
    }
    expect(await faultRow(fault.id)).toMatchObject({ status: '已报修', route: null });
    expect((await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '供应商保修' })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', route: '供应商保修' });
    // The keeper's to-do is done once routed.
    expect(await sql(`select 1 from public.notifications where link_id = $1 and kind = '设备故障' and done_at is null`, [fault.id])).toEqual([]);
  });

  it('out of warranty: internal or outside repair, not the supplier’s warranty', async () => {
    const fault = await report(false);
    const refused = await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '供应商保修' });
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('已过保修期');
    expect(await faultRow(fault.id)).toMatchObject({ status: '已报修', route: null });
    expect((await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '内部维修', note: '信息部更换硒鼓' })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', route: '内部维修' });
    const again = await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '外送维修' });
    expect(again.error?.code).toBe('PT409');
  });

  it('is decided by the keeper only: the reporter, his manager and an operator without the duty cannot', async () => {
    const fault = await report(false);
    for (const client of [clerk, manager]) {
      const refused = await client.rpc('route_equipment_fault', { fault_id: fault.id, route: '内部维修' });
      expect(refused.error?.code).toBe('42501');
      expect(refused.error?.message).toContain('固定资产管理员');
    }
    const other = await createThrowawayOperator('clerk', 'KF2');
    try {
      const refused = await (await other.client()).rpc('route_equipment_fault', { fault_id: fault.id, route: '内部维修' });
      expect(['42501', 'PT404']).toContain(refused.error?.code);
    } finally {
      await other.remove();
    }
    expect(await faultRow(fault.id)).toMatchObject({ status: '已报修', route: null });
  });
});

describe('outside repair 送外修理须经有关部门负责人批准', () => {
  it('waits for the head of the equipment’s department: the KF1 manager approves; the keeper, the reporter and the gm cannot', async () => {
    const fault = await routed('外送维修');
    expect(fault).toMatchObject({ status: '待审批', route: '外送维修' });
    expect(await notified(fault.id, '外修审批')).toEqual([operatorIds.manager]);
    // Nothing is repaired or closed meanwhile.
    const visit = await keeper.from('equipment_fault_visits').insert({ fault_id: fault.id, technician: '张师傅', company: '宏达电脑维修部', time_in: ago(60_000), supervised_by: operatorIds.admin });
    expect(visit.error?.code).toBe('PT409');
    expect((await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '更换电源', repaired_by: '张师傅' })).error?.code).toBe('PT409');
    for (const client of [keeper, clerk, gm]) {
      const refused = await client.rpc('decide_outside_repair', { fault_id: fault.id, approve: true });
      expect(refused.error?.code).toBe('42501');
    }
    expect(await faultRow(fault.id)).toMatchObject({ status: '待审批', approver_id: null });
    expect((await manager.rpc('decide_outside_repair', { fault_id: fault.id, approve: true, note: '同意，费用 500 元以内' })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', approver_id: operatorIds.manager, decision_note: '同意，费用 500 元以内' });
    expect(await notified(fault.id, '审批结果')).toEqual([operatorIds.clerk2]);
    expect(await sql(`select 1 from public.notifications where link_id = $1 and kind = '外修审批' and done_at is null`, [fault.id])).toEqual([]);
  });

  it('declined (with a reason), goes back to the keeper to be routed again', async () => {
    const fault = await routed('外送维修');
    const bare = await manager.rpc('decide_outside_repair', { fault_id: fault.id, approve: false });
    expect(bare.error?.code).toBe('23502');
    expect(await faultRow(fault.id)).toMatchObject({ status: '待审批' });
    expect((await manager.rpc('decide_outside_repair', { fault_id: fault.id, approve: false, note: '先由信息部内部检修' })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '已报修', route: null, decision_note: '先由信息部内部检修' });
    expect((await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '内部维修' })).error).toBeNull();
  });

  it('for a department without a manager (客服二部) is decided by the deputy gm in charge of it', async () => {
    const fault = await routed('外送维修', departmentIds.KF2);
    expect(await notified(fault.id, '外修审批')).toEqual([operatorIds.deputy]);
    const byOtherManager = await manager.rpc('decide_outside_repair', { fault_id: fault.id, approve: true });
    expect(['42501', 'PT404']).toContain(byOtherManager.error?.code);
    expect((await deputy.rpc('decide_outside_repair', { fault_id: fault.id, approve: true })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', approver_id: operatorIds.deputy });
  });

  it('offers each decision only to whoever may take it, and only at its step', async () => {
    const movesOf = async (client: SupabaseClient, key: string) => {
      const { data, error } = await client.rpc('row_rights', { register: 'equipment_faults', keys: [key] });
      if (error) throw error;
      return ((data as { moves: string[] }[])[0]?.moves ?? []).sort();
    };
    const inWarranty = await report(true);
    expect(await movesOf(keeper, inWarranty.id)).toEqual(['supplier']);
    const fault = await report(false);
    expect(await movesOf(keeper, fault.id)).toEqual(['internal', 'outside']);
    expect(await movesOf(clerk, fault.id)).toEqual([]);
    await keeper.rpc('route_equipment_fault', { fault_id: fault.id, route: '外送维修' });
    expect(await movesOf(manager, fault.id)).toEqual(['approve', 'decline']);
    expect(await movesOf(keeper, fault.id)).toEqual([]);
    await manager.rpc('decide_outside_repair', { fault_id: fault.id, approve: true });
    expect(await movesOf(keeper, fault.id)).toEqual(['close']);
    expect(await movesOf(manager, fault.id)).toEqual(['close']);
    expect(await movesOf(clerk, fault.id)).toEqual([]);
  });
});

describe('outside technicians on site 现场全程监视', () => {
  it('records each visit with who of the company supervised it; a visit without a supervisor is refused', async () => {
    const fault = await routed('供应商保修');
    const technician = unique('刘师傅').slice(0, 40);
    const visit = { fault_id: fault.id, technician, company: '北京联想佳禾科技有限公司', time_in: ago(8 * 60_000), time_out: ago(2 * 60_000) };
    const unsupervised = await keeper.from('equipment_fault_visits').insert(visit);
    expect(unsupervised.error?.code).toBe('23502');
    expect(unsupervised.error?.message).toContain('现场监视人');
    const backwards = await keeper.from('equipment_fault_visits').insert({ ...visit, supervised_by: operatorIds.admin, time_out: ago(9 * 60_000) });
    expect(backwards.error?.code).toBe('22023');
    expect(backwards.error?.message).toContain('离场时间');
    expect(await sql(`select 1 from public.equipment_fault_visits where technician = $1`, [technician])).toEqual([]);
    const recorded = await keeper.from('equipment_fault_visits').insert({ ...visit, supervised_by: operatorIds.admin }).select('supervised_by, recorded_by').single();
    expect(recorded.error).toBeNull();
    expect(recorded.data).toEqual({ supervised_by: operatorIds.admin, recorded_by: operatorIds.clerk2 });
    // The supervisor is someone at work in the company, not a name typed in.
    const leaver = await createThrowawayOperator('clerk', 'XXB');
    await sql(`update public.operators set active = false where id = $1`, [leaver.id]);
    try {
      const inactive = await keeper.from('equipment_fault_visits').insert({ ...visit, technician: `${technician}3`, supervised_by: leaver.id });
      expect(inactive.error?.code).toBe('23514');
      expect(inactive.error?.message).toContain('现场监视人');
    } finally {
      await leaver.remove();
    }
    // The reporter reads it with his order, and records none himself.
    expect((await clerk.from('equipment_fault_visits').select('technician').eq('fault_id', fault.id)).data).toEqual([{ technician }]);
    const byClerk = await clerk.from('equipment_fault_visits').insert({ ...visit, technician: `${technician}2`, supervised_by: operatorIds.clerk });
    expect(byClerk.error?.code).toBe('42501');
  });
});

describe('the repair record and closing 维修记录', () => {
  it('closes the order with what was done, by whom, and its cost in yuan, within bounds; the reporter is told', async () => {
    const fault = await routed('内部维修');
    const noRecord = await keeper.rpc('close_equipment_fault', { fault_id: fault.id, repaired_by: '信息部 孙浩' });
    expect(noRecord.error?.code).toBe('23502');
    expect(noRecord.error?.message).toContain('维修记录');
    const tooDear = await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '更换定影组件', cost: 200000, repaired_by: '信息部 孙浩' });
    expect(tooDear.error?.code).toBe('22023');
    expect(tooDear.error?.message).toContain('维修费用');
    const negative = await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '更换定影组件', cost: -5, repaired_by: '信息部 孙浩' });
    expect(negative.error?.code).toBe('22023');
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', repair_record: null, closed_by: null });
    const closed = await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '更换定影组件，打印测试正常', cost: 268.5, repaired_by: '信息部 孙浩' });
    expect(closed.error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '已修复', repair_record: '更换定影组件，打印测试正常', repair_cost: '268.50', closed_by: operatorIds.clerk2 });
    expect(await notified(fault.id, '设备故障')).toContain(operatorIds.clerk);
  });

  it('is written by the keeper or the department head, not by the reporter', async () => {
    const fault = await routed('内部维修');
    const byReporter = await clerk.from('equipment_faults').update({ repair_record: '自己修好了' }).eq('id', fault.id).select();
    expect(byReporter.error?.code).toBe('42501');
    expect(byReporter.error?.message).toContain('维修记录');
    expect((await clerk.rpc('close_equipment_fault', { fault_id: fault.id, record: '自己修好了', repaired_by: '王小明' })).error?.code).toBe('42501');
    expect(await faultRow(fault.id)).toMatchObject({ status: '维修中', repair_record: null });
    // The department head (the KF1 manager) may close it.
    expect((await manager.rpc('close_equipment_fault', { fault_id: fault.id, record: '重新安装驱动后恢复', repaired_by: '信息部 孙浩' })).error).toBeNull();
    expect(await faultRow(fault.id)).toMatchObject({ status: '已修复', closed_by: operatorIds.manager });
  });

  it('freezes a closed order for everyone, through the API and apply_rows, and its technician visits with it', async () => {
    const fault = await routed('供应商保修');
    const { data: visit } = await keeper.from('equipment_fault_visits')
      .insert({ fault_id: fault.id, technician: '王磊', company: '戴尔（中国）有限公司', time_in: ago(5 * 60_000), supervised_by: operatorIds.engineer2 }).select('id').single<{ id: string }>();
    expect((await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '更换主板', cost: 0, repaired_by: '戴尔售后 王磊' })).error).toBeNull();
    const before = await faultRow(fault.id);
    const visitsBefore = await sql(`select * from public.equipment_fault_visits where fault_id = $1`, [fault.id]);
    for (const patch of [{ description: '改描述' }, { repair_cost: 1 }, { repair_record: '改记录' }]) {
      const refused = await keeper.from('equipment_faults').update(patch).eq('id', fault.id).select();
      expect(refused.error?.code, JSON.stringify(patch)).toBe('PT409');
      expect(refused.error?.message).toContain('已修复结单');
      const batch = await keeper.rpc('apply_rows', { register: 'equipment_faults', rows: [{ key: fault.id, values: patch }] });
      expect((batch.data as { applied: number }).applied).toBe(0);
    }
    expect((await keeper.rpc('close_equipment_fault', { fault_id: fault.id, record: '再次结单', repaired_by: '王磊' })).error?.code).toBe('PT409');
    expect((await keeper.from('equipment_fault_visits').update({ work_done: '补记' }).eq('id', visit!.id).select()).error?.code).toBe('PT409');
    expect((await keeper.from('equipment_fault_visits').delete().eq('id', visit!.id)).error?.code).toBe('PT409');
    expect((await keeper.from('equipment_fault_visits').insert({ fault_id: fault.id, technician: '补录', company: '戴尔', time_in: ago(5 * 60_000), supervised_by: operatorIds.admin })).error?.code).toBe('PT409');
    expect(await faultRow(fault.id)).toEqual(before);
    expect(await sql(`select * from public.equipment_fault_visits where fault_id = $1`, [fault.id])).toEqual(visitsBefore);
  });
});

describe('the printed repair form 设备维修单', () => {
  it('is titled like the paper form, with the signature lines 报修人 / 维修人 / 部门负责人, and lists the technician visits under it', async () => {
    const { data, error } = await keeper.rpc('register_metadata');
    expect(error).toBeNull();
    const registers = data as { register: string; print_title_zh: string | null; print_signatures_zh: string[] | null; menu_group: string | null }[];
    expect(registers.find((r) => r.register === 'equipment_faults')).toMatchObject({
      print_title_zh: '设备维修单', print_signatures_zh: ['报修人', '维修人', '部门负责人'], menu_group: 'operations',
    });
    expect(registers.find((r) => r.register === 'equipment_fault_visits')).toMatchObject({ menu_group: null });
    expect(registers.find((r) => r.register === 'equipment')).toMatchObject({ menu_group: 'operations' });
  });
});

// ── The evening job 故障当天上报检查 ─────────────────────────────────────────────────────────
type Run = { id: number; job_name: string; rows_affected: number; error: string | null; trigger: string };
async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/same-day-faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run }) };
}

/** A fault written as the database owner, at given times (the past the job is run as of). */
async function pastFault(occurred: string, reported: string, status = '已报修'): Promise<string> {
  const equipmentId = await equipment(false);
  const [row] = await sql<{ id: string }>(
    `insert into public.equipment_faults (equipment_id, occurred_at, reported_at, reported_by, description, status)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [equipmentId, occurred, reported, operatorIds.clerk, `${marker} 过去的故障`, status],
  );
  return row.id;
}

describe('the job "same-day faults" 故障当天上报检查', () => {
  it('is a daily evening job (18:00 Beijing), run by the scheduler only, and logs each run', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'same-day-faults'`)).toEqual([{ schedule: '0 10 * * *' }]);
    const { data } = await clerk.auth.getSession();
    expect((await runJob(new Date().toISOString(), data.session!.access_token)).status).toBe(403);
    const run = await runJob(new Date().toISOString());
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'same-day-faults', error: null, trigger: 'manual' });
    expect(await sql(`select 1 from public.job_runs where id = $1`, [run.run!.id])).toHaveLength(1);
  });

  it('tells the keeper and the department head once about a fault reported on a later day than it occurred, as of the day it was reported', async () => {
    const id = await pastFault('2019-05-06T16:00:00+08:00', '2019-05-07T09:00:00+08:00');
    expect((await faultRow(id)).reported_late).toBe(true);
    // (the keeper heard of it on reporting)
    expect(await notified(id, '设备故障')).toEqual([operatorIds.clerk2]);
    await runJob('2019-05-06T18:00:00+08:00');
    expect(await notified(id, '设备故障')).toEqual([operatorIds.clerk2]);
    await runJob('2019-05-07T18:00:00+08:00');
    const told = await notified(id, '设备故障');
    expect(told).toEqual([operatorIds.clerk2, operatorIds.manager].sort());
    await runJob('2019-05-07T18:00:00+08:00');
    await runJob('2019-05-08T18:00:00+08:00');
    expect(await notified(id, '设备故障')).toEqual(told);
  });

  it('chases a fault left without a repair route longer than equipment.route_days (2) days, once', async () => {
    const id = await pastFault('2019-06-03T09:00:00+08:00', '2019-06-03T10:00:00+08:00');
    await sql(`update public.notifications set done_at = now() where link_id = $1`, [id]);
    const unrouted = () => sql(`select recipient_id from public.notifications where link_id = $1 and dedupe_key like 'fault-unrouted:%' order by recipient_id`, [id]).then((r) => r.map((x) => x.recipient_id));
    await runJob('2019-06-05T09:00:00+08:00');
    expect(await unrouted()).toEqual([]);
    await runJob('2019-06-05T18:00:00+08:00');
    expect(await unrouted()).toEqual([operatorIds.clerk2, operatorIds.manager].sort());
    await runJob('2019-06-06T18:00:00+08:00');
    expect(await unrouted()).toHaveLength(2);
    // A routed fault is not chased.
    const routedId = await pastFault('2019-06-03T09:00:00+08:00', '2019-06-03T10:00:00+08:00');
    await sql(`update public.equipment_faults set status = '维修中', route = '内部维修' where id = $1`, [routedId]);
    await runJob('2019-06-07T18:00:00+08:00');
    expect(await sql(`select 1 from public.notifications where link_id = $1 and dedupe_key like 'fault-unrouted:%'`, [routedId])).toEqual([]);
  });
});

describe('the demo equipment and faults', () => {
  it('holds about thirty numbered pieces over the departments and faults in and out of warranty, one outside repair approved with a supervised visit, one reported late', async () => {
    const [{ n, departments }] = await sql<{ n: number; departments: number }>(
      `select count(*)::int as n, count(distinct department_id)::int as departments from public.equipment where id::text like '00000000-0000-4000-f003-%' and asset_no is not null`);
    expect(n).toBe(30);
    expect(departments).toBeGreaterThanOrEqual(6);
    const faults = await sql<{ in_warranty: boolean; route: string | null; status: string; reported_late: boolean; approver_id: string | null; visits: number }>(
      `select f.in_warranty, f.route, f.status, f.reported_late, f.approver_id,
              (select count(*)::int from public.equipment_fault_visits v where v.fault_id = f.id and v.supervised_by is not null) as visits
       from public.equipment_faults f where f.id::text like '00000000-0000-4000-f004-%'`);
    expect(faults.some((f) => f.in_warranty)).toBe(true);
    expect(faults.some((f) => !f.in_warranty)).toBe(true);
    expect(faults.some((f) => f.route === '外送维修' && f.approver_id === operatorIds.manager && f.visits > 0)).toBe(true);
    expect(faults.filter((f) => f.reported_late)).toHaveLength(1);
    // The evening job chases the late demo report and the scanner left without a route.
    expect((await runJob(new Date().toISOString())).run?.error).toBeNull();
    expect(await notified('00000000-0000-4000-f004-000000000004', '设备故障')).toEqual(expect.arrayContaining([operatorIds.clerk2, operatorIds.manager]));
    expect(await notified('00000000-0000-4000-f004-000000000007', '设备故障')).toEqual(expect.arrayContaining([operatorIds.clerk2, operatorIds.gm]));
  });
});
