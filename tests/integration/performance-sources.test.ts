// Performance sources 绩效来源 (issue 16 point 1 and the points of point 2; RULES §15): the effective-dated
// performance rates, service records 服务记录单 (points by job kind, the customer's signature or an approved
// exemption), safety incidents 安全事故 (−2 points), parts sales 备品备件销售 (3% / 5% commission once paid in
// full), praise letters 表扬信 (200–500 yuan set by the director), and the monthly service points
// (以每月出差17个点为基数, 超过17个点的部分按270元/点).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

type Row = Record<string, unknown>;
const customer = (n: number) => `00000000-0000-4000-d000-${String(n).padStart(12, '0')}`;
const beijingDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const one = async (text: string, values: unknown[] = []) => (await sql<{ j: Row }>(`select to_jsonb(t) as j from (${text}) t`, values))[0]?.j;
const monthRow = (engineer: string, month: string) =>
  one(`select records, points::float8 as points, incidents, net_points::float8 as net_points, bonus_yuan::float8 as bonus_yuan
       from public.monthly_service_points where engineer_id = $1 and month = $2`, [engineer, month]);

let engineer: Awaited<ReturnType<typeof createThrowawayOperator>>;
const testKind = `测${unique()}`.slice(0, 20);
beforeAll(async () => {
  // A service engineer of 工程部 of the tests' own, so the demo engineers' figures stay as seeded.
  engineer = await createThrowawayOperator('clerk', 'GCB');
  await sql(`update public.operators set duties = '{服务工程师}' where id = $1`, [engineer.id]);
});
afterAll(async () => {
  await sql(`delete from public.service_records where engineer_id = $1 or job_kind = $2`, [engineer.id, testKind]);
  await sql(`delete from public.safety_incidents where engineer_id = $1`, [engineer.id]);
  await sql(`delete from public.monthly_service_points where engineer_id = $1`, [engineer.id]);
  await sql(`delete from public.parts_sales where parts like '测试备件%'`);
  await sql(`delete from public.praise_letters where content like '测试表扬%'`);
  await sql(`delete from public.performance_rates where key like 'points.job.测%' or key like 'test.%'`);
  await sql(`delete from public.notifications where recipient_id = $1`, [engineer.id]);
  await engineer.remove();
});

describe('performance rates 绩效标准 (effective-dated; a locked figure never changes)', () => {
  it('holds the seeded rates: 17 points base, 270 yuan a point, 2 points a safety incident, 35%/3%, 50%/5%, praise 200–500', async () => {
    const rows = await sql<{ key: string; value: string }>(
      `select key, private.performance_rate(key, current_date)::text as value from unnest($1::text[]) key`,
      [['points.base', 'points.yuan_per_point', 'points.safety_incident', 'commission.low_margin', 'commission.low_rate',
        'commission.high_margin', 'commission.high_rate', 'praise.min', 'praise.max', 'points.job.安装调试', 'points.job.维修', 'points.job.巡检', 'points.job.培训']],
    );
    expect(Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]))).toEqual({
      'points.base': 17, 'points.yuan_per_point': 270, 'points.safety_incident': 2, 'commission.low_margin': 0.35, 'commission.low_rate': 0.03,
      'commission.high_margin': 0.5, 'commission.high_rate': 0.05, 'praise.min': 200, 'praise.max': 500,
      'points.job.安装调试': 3, 'points.job.维修': 2, 'points.job.巡检': 1, 'points.job.培训': 1.5,
    });
  });

  it('counts the row with the latest effective date on or before the day, and refuses a day without one', async () => {
    await sql(`insert into public.performance_rates (key, value, effective_from, label) values
      ('test.rate', 10, '2019-01-01', '测试标准'), ('test.rate', 12, '2019-07-01', '测试标准')`);
    const at = async (day: string) => Number((await sql<{ v: string }>(`select private.performance_rate('test.rate', $1)::text as v`, [day]))[0].v);
    expect([await at('2019-01-01'), await at('2019-06-30'), await at('2019-07-01'), await at('2025-01-01')]).toEqual([10, 10, 12, 12]);
    await expect(sql(`select private.performance_rate('test.rate', '2018-12-31')`)).rejects.toMatchObject({ code: '23514', message: expect.stringMatching(/没有生效的值 \| No performance rate/) });
  });

  it('the admin adds a rate from today on, but cannot rewrite or delete one in effect, nor date one back; others cannot write them', async () => {
    const admin = await signInAs('admin');
    const added = await admin.from('performance_rates').insert({ key: 'test.admin', value: 5, effective_from: beijingDay(1), label: '测试标准（明日生效）' }).select('*').single();
    expect(added.error).toBeNull();
    const back = await admin.from('performance_rates').insert({ key: 'test.admin', value: 4, effective_from: '2019-01-01', label: '测试标准（倒签）' });
    expect(back.error).toMatchObject({ code: '22023', message: expect.stringMatching(/不能早于今天.*\| A new rate cannot take effect before today/) });
    const [base] = await sql<{ id: string }>(`select id from public.performance_rates where key = 'points.base' and effective_from = '2000-01-01'`);
    const rewrite = await admin.from('performance_rates').update({ value: 15 }).eq('id', base.id).select();
    expect(rewrite.error).toMatchObject({ code: 'PT409', message: expect.stringMatching(/已生效，不能修改或删除.*\| Rate points.base has been in effect/) });
    const removed = await admin.from('performance_rates').delete().eq('id', base.id).select();
    expect(removed.error?.code).toBe('PT409');
    expect(await sql(`select value::float8 as v from public.performance_rates where id = $1`, [base.id])).toEqual([{ v: 17 }]);
    // A rate not yet in effect can still be corrected.
    const fixed = await admin.from('performance_rates').update({ value: 6 }).eq('id', (added.data as Row).id as string).select('value').single();
    expect(fixed.error).toBeNull();
    const clerk = await signInAs('clerk');
    const byClerk = await clerk.from('performance_rates').insert({ key: 'test.clerk', value: 1, effective_from: beijingDay(1), label: '文员新增' });
    expect(byClerk.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.performance_rates where key = 'test.clerk'`)).toEqual([]);
  });
});

describe('service records 服务记录单', () => {
  let client: SupabaseClient;
  beforeAll(async () => {
    client = await engineer.client();
  });

  it('are written by the service engineer himself: his name and department, the points of the job kind on the day served', async () => {
    const made = await client.from('service_records')
      .insert({ customer_id: customer(3), served_on: '2019-03-04', job_kind: '安装调试', location: '深圳市南山区', customer_signed: true, engineer_id: operatorIds.engineer2 })
      .select('*').single();
    // naming someone else is refused (the engineer is always the caller)
    expect(made.error?.code).toBe('42501');
    const ok = await client.from('service_records')
      .insert({ customer_id: customer(3), served_on: '2019-03-04', job_kind: '安装调试', location: '深圳市南山区', customer_signed: true })
      .select('*').single();
    expect(ok.error).toBeNull();
    expect(ok.data).toMatchObject({ engineer_id: engineer.id, department_id: departmentIds.GCB, points: 3, status: '已签收' });
  });

  it('take the points rate in force on the day served (a later rate does not change earlier records)', async () => {
    await sql(`insert into public.performance_rates (key, value, effective_from, label) values
      ($1, 2, '2000-01-01', '测试服务类型'), ($1, 4, '2019-06-01', '测试服务类型')`, [`points.job.${testKind}`]);
    const before = await client.from('service_records').insert({ customer_id: customer(4), served_on: '2019-05-31', job_kind: testKind, location: '东莞市', customer_signed: true }).select('points').single();
    const after = await client.from('service_records').insert({ customer_id: customer(4), served_on: '2019-06-01', job_kind: testKind, location: '东莞市', customer_signed: true }).select('points').single();
    expect([before.data?.points, after.data?.points]).toEqual([2, 4]);
  });

  it('refuse a job kind without a points rate, a day in the future, and someone without the duty 服务工程师; nothing is written', async () => {
    const count = async () => Number((await sql<{ n: string }>(`select count(*) as n from public.service_records where location = '拒绝测试'`))[0].n);
    const noRate = await client.from('service_records').insert({ customer_id: customer(5), served_on: '2019-03-05', job_kind: '喝茶', location: '拒绝测试' });
    expect(noRate.error).toMatchObject({ code: '23514', message: expect.stringMatching(/服务类型“喝茶”.*没有点数标准.*\| Job kind "喝茶" has no points rate/) });
    const future = await client.from('service_records').insert({ customer_id: customer(5), served_on: beijingDay(2), job_kind: '维修', location: '拒绝测试' });
    expect(future.error).toMatchObject({ code: '22023', message: expect.stringMatching(/不能晚于今天 \| Served on cannot be in the future/) });
    const clerk = await signInAs('clerk');
    const notEngineer = await clerk.from('service_records').insert({ customer_id: customer(5), served_on: '2019-03-05', job_kind: '维修', location: '拒绝测试' });
    expect(notEngineer.error?.code).toBe('42501');
    expect(await count()).toBe(0);
  });

  it('an engineer sees his own, the manager his department\'s, the director and the gm all; other clerks none', async () => {
    const seen = async (role: 'engineer' | 'engineer2' | 'clerk' | 'manager' | 'director' | 'gm') =>
      new Set(((await (await signInAs(role)).from('service_records').select('engineer_id').in('engineer_id', [operatorIds.engineer, operatorIds.engineer2])).data ?? []).map((r) => r.engineer_id));
    expect(await seen('engineer')).toEqual(new Set([operatorIds.engineer]));
    expect(await seen('engineer2')).toEqual(new Set([operatorIds.engineer2]));
    expect(await seen('clerk')).toEqual(new Set());
    expect(await seen('manager')).toEqual(new Set()); // 陈刚 manages 客服一部, not 工程部
    expect(await seen('director')).toEqual(new Set([operatorIds.engineer, operatorIds.engineer2]));
    expect(await seen('gm')).toEqual(new Set([operatorIds.engineer, operatorIds.engineer2]));
  });

  it('unsigned without an exemption the record stays 未签收 (the 100 yuan penalty of 否则每次罚款100元); the engineer asks, the director (工程部 has no manager) is told and decides', async () => {
    const unsigned = await client.from('service_records').insert({ customer_id: customer(6), served_on: '2019-03-06', job_kind: '维修', location: '惠州市' }).select('*').single();
    expect(unsigned.data).toMatchObject({ status: '未签收', signature_exempt: false });
    const asked = await client.from('service_records').update({ exemption_reason: '客户现场负责人不在，无法签字' }).eq('id', unsigned.data?.id).select('*').single();
    expect(asked.data).toMatchObject({ status: '申请免签' });
    const told = await sql(`select recipient_id from public.notifications where link_table = 'service_records' and link_id = $1 and kind = '绩效' and done_at is null`, [unsigned.data?.id]);
    expect(told).toEqual([{ recipient_id: operatorIds.director }]);
    // the engineer cannot mark it exempt himself, nor decide it
    const self = await client.from('service_records').update({ signature_exempt: true }).eq('id', unsigned.data?.id).select();
    expect(self.error?.code).toBe('42501');
    const ownDecision = await client.rpc('decide_signature_exemption', { record_id: unsigned.data?.id, approve: true });
    expect(ownDecision.error).toMatchObject({ code: '42501', message: expect.stringMatching(/不能审批自己的免签申请 \| You cannot decide your own/) });
    // another department's manager does not even see it
    const manager = await (await signInAs('manager')).rpc('decide_signature_exemption', { record_id: unsigned.data?.id, approve: true });
    expect(manager.error?.code).toBe('PT404');
    const director = await signInAs('director');
    const noNote = await director.rpc('decide_signature_exemption', { record_id: unsigned.data?.id, approve: false });
    expect(noNote.error).toMatchObject({ code: '23502', message: expect.stringMatching(/不批准须写明意见 \| Refusing needs a note/) });
    expect(await one(`select status from public.service_records where id = $1`, [unsigned.data?.id])).toEqual({ status: '申请免签' });
    const approved = await director.rpc('decide_signature_exemption', { record_id: unsigned.data?.id, approve: true, note: '情况属实' }).single();
    expect(approved.data).toMatchObject({ status: '免签', signature_exempt: true, exemption_decided_by: operatorIds.director });
    expect(await sql(`select kind from public.notifications where recipient_id = $1 and link_id = $2 and kind = '审批结果'`, [engineer.id, unsigned.data?.id])).toHaveLength(1);
    // decided: frozen, as is a signed one
    const rewrite = await client.from('service_records').update({ location: '改写' }).eq('id', unsigned.data?.id).select();
    expect(rewrite.error).toMatchObject({ code: 'PT409', message: expect.stringMatching(/批准免签，不能再修改或删除 \| The service record is exempted from signing/) });
    const again = await director.rpc('decide_signature_exemption', { record_id: unsigned.data?.id, approve: false, note: '改判' });
    expect(again.error?.code).toBe('PT409');
    const [signed] = await sql<{ id: string }>(`select id from public.service_records where engineer_id = $1 and customer_signed limit 1`, [engineer.id]);
    const removeSigned = await client.from('service_records').delete().eq('id', signed.id).select();
    expect(removeSigned.error?.code).toBe('PT409');
    expect(await one(`select location, status from public.service_records where id = $1`, [unsigned.data?.id])).toEqual({ location: '惠州市', status: '免签' });
  });

  it('a refused exemption leaves the record 未签收 and frozen', async () => {
    const rec = await client.from('service_records').insert({ customer_id: customer(7), served_on: '2019-03-07', job_kind: '巡检', location: '珠海市', exemption_reason: '客户要求次日补签' }).select('*').single();
    const refused = await (await signInAs('director')).rpc('decide_signature_exemption', { record_id: rec.data?.id, approve: false, note: '应次日补签' }).single();
    expect(refused.data).toMatchObject({ status: '未签收', signature_exempt: false });
    const sign = await client.from('service_records').update({ customer_signed: true }).eq('id', rec.data?.id).select();
    expect(sign.error?.code).toBe('PT409');
  });
});

describe('safety incidents 安全事故 (当月出现安全事故扣罚2个绩效点数)', () => {
  it('are recorded by the engineer\'s department manager or the director, not by the engineer nor another department\'s manager', async () => {
    const row = { engineer_id: engineer.id, occurred_on: '2019-04-10', description: '测试事故：未戴安全帽' };
    const own = await (await engineer.client()).from('safety_incidents').insert(row);
    expect(own.error?.code).toBe('42501');
    const manager = await (await signInAs('manager')).from('safety_incidents').insert(row);
    expect(manager.error).toMatchObject({ code: '42501', message: expect.stringMatching(/经理或客服中心总监记录 \| The engineer's department manager or the director records/) });
    const notEngineer = await (await signInAs('director')).from('safety_incidents').insert({ ...row, engineer_id: operatorIds.clerk });
    expect(notEngineer.error).toMatchObject({ code: '23514', message: expect.stringMatching(/服务工程师名下/) });
    expect(await sql(`select 1 from public.safety_incidents where engineer_id = $1`, [engineer.id])).toEqual([]);
    const director = await (await signInAs('director')).from('safety_incidents').insert(row).select('*').single();
    expect(director.data).toMatchObject({ recorded_by: operatorIds.director, department_id: departmentIds.GCB });
    // the engineer sees his own incident
    expect((await (await engineer.client()).from('safety_incidents').select('id')).data).toHaveLength(1);
  });
});

describe('monthly service points 月度服务点数 (以每月出差17个点为基数, 超过17个点的部分按270元/点)', () => {
  const month = '2019-09-01';
  const addRecords = (n: number, kind = '安装调试') =>
    sql(`insert into public.service_records (engineer_id, customer_id, served_on, job_kind, location, customer_signed)
         select $1, $2, ('2019-09-01'::date + i), $3, '测试地点', false from generate_series(1, $4::integer) i`, [engineer.id, customer(8), kind, n]);

  it('21 points with one safety incident: (21 − 2 − 17) × 270 = 540 yuan; without the incident 1080; below the base 0', async () => {
    await addRecords(5);
    expect(await monthRow(engineer.id, month)).toEqual({ records: 5, points: 15, incidents: 0, net_points: 15, bonus_yuan: 0 });
    await addRecords(2);
    expect(await monthRow(engineer.id, month)).toEqual({ records: 7, points: 21, incidents: 0, net_points: 21, bonus_yuan: 1080 });
    await (await signInAs('director')).from('safety_incidents').insert({ engineer_id: engineer.id, occurred_on: '2019-09-20', description: '测试事故：违规操作' });
    expect(await monthRow(engineer.id, month)).toEqual({ records: 7, points: 21, incidents: 1, net_points: 19, bonus_yuan: 540 });
    // recomputed whole, the month gives the same figures
    await sql(`update public.monthly_service_points set bonus_yuan = 0 where engineer_id = $1 and month = $2`, [engineer.id, month]);
    const [{ n }] = await sql<{ n: number }>(`select private.compute_monthly_points('2019-09-15') as n`);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await monthRow(engineer.id, month)).toMatchObject({ net_points: 19, bonus_yuan: 540 });
  });

  it('moves with the records: a record moved to another month or deleted leaves the figures right', async () => {
    const [rec] = await sql<{ id: string }>(`select id from public.service_records where engineer_id = $1 and served_on = '2019-09-02'`, [engineer.id]);
    await sql(`update public.service_records set served_on = '2019-10-02' where id = $1`, [rec.id]);
    expect(await monthRow(engineer.id, month)).toMatchObject({ records: 6, points: 18, net_points: 16, bonus_yuan: 0 });
    expect(await monthRow(engineer.id, '2019-10-01')).toMatchObject({ records: 1, points: 3 });
    await sql(`delete from public.service_records where id = $1`, [rec.id]);
    expect(await monthRow(engineer.id, '2019-10-01')).toBeUndefined();
  });

  it('the engineer sees only his own monthly figures, the director all, another clerk none; nobody writes them', async () => {
    const mine = await (await engineer.client()).from('monthly_service_points').select('engineer_id');
    expect(new Set((mine.data ?? []).map((r) => r.engineer_id))).toEqual(new Set([engineer.id]));
    expect((await (await signInAs('clerk')).from('monthly_service_points').select('id')).data).toEqual([]);
    const all = await (await signInAs('director')).from('monthly_service_points').select('engineer_id');
    expect(new Set((all.data ?? []).map((r) => r.engineer_id))).toEqual(new Set([engineer.id, operatorIds.engineer, operatorIds.engineer2]));
    const write = await (await signInAs('admin')).from('monthly_service_points').update({ bonus_yuan: 9999 }).eq('engineer_id', engineer.id).select();
    expect(write.error?.code).toBe('42501');
  });

  it('the seeded demo: 高建华 last month 7 installations (21 points) and one incident → 540 yuan', async () => {
    const [{ m }] = await sql<{ m: string }>(`select to_char(date_trunc('month', (now() at time zone 'Asia/Shanghai')::date - interval '1 month'), 'YYYY-MM-DD') as m`);
    expect(await monthRow(operatorIds.engineer, m)).toEqual({ records: 7, points: 21, incidents: 1, net_points: 19, bonus_yuan: 540 });
  });
});

describe('parts sales 备品备件销售 (35%以上毛利按3%提成, 50%以上毛利按5%提成, 全额回款后)', () => {
  const sale = async (quoted: number, cost: number) => {
    const made = await (await signInAs('clerk')).from('parts_sales')
      .insert({ customer_id: customer(9), sold_on: '2019-05-10', parts: `测试备件${quoted}-${cost}`, quoted_amount: quoted, cost_amount: cost })
      .select('*').single();
    expect(made.error).toBeNull();
    return made.data as Row;
  };

  it('the commission rate follows the margin: exactly 35% → 3%, just below → 0, exactly 50% → 5%, just below → 3%; 0 until paid in full', async () => {
    const rows = [await sale(1000, 650), await sale(1000, 650.01), await sale(1000, 500), await sale(1000, 500.01)];
    expect(rows.map((r) => [Number(r.margin), Number(r.commission_rate), Number(r.commission)])).toEqual([
      [0.35, 0.03, 0], [0.34999, 0, 0], [0.5, 0.05, 0], [0.49999, 0.03, 0],
    ]);
    expect(rows[0]).toMatchObject({ seller_id: operatorIds.clerk, department_id: departmentIds.KF1 });
  });

  it('the seller\'s manager records paid in full and the commission follows (3% of 1000 = 30); the seller cannot, and nobody writes the commission', async () => {
    const row = await sale(1000, 600);
    const clerk = await signInAs('clerk');
    const selfPaid = await clerk.rpc('record_parts_sale_paid', { sale_id: row.id, paid_on: '2019-06-01' });
    expect(selfPaid.error).toMatchObject({ code: '42501', message: expect.stringMatching(/经理或客服中心总监登记 \| The seller's department manager or the director records/) });
    const write = await clerk.from('parts_sales').update({ commission: 500 }).eq('id', row.id as string).select();
    expect(write.error?.code).toBe('42501');
    expect(await one(`select commission::float8 as c, paid_in_full_on from public.parts_sales where id = $1`, [row.id])).toEqual({ c: 0, paid_in_full_on: null });
    const manager = await signInAs('manager');
    const early = await manager.rpc('record_parts_sale_paid', { sale_id: row.id, paid_on: '2019-05-01' });
    expect(early.error).toMatchObject({ code: '22023', message: expect.stringMatching(/须在销售日期/) });
    const paid = await manager.rpc('record_parts_sale_paid', { sale_id: row.id, paid_on: '2019-06-01' }).single();
    expect(paid.data).toMatchObject({ paid_in_full_on: '2019-06-01', commission: 30, paid_recorded_by: operatorIds.manager });
    const change = await clerk.from('parts_sales').update({ quoted_amount: 2000 }).eq('id', row.id as string).select();
    expect(change.error).toMatchObject({ code: 'PT409', message: expect.stringMatching(/全额回款，提成已定.*\| The sale was paid in full/) });
    const twice = await manager.rpc('record_parts_sale_paid', { sale_id: row.id, paid_on: '2019-06-02' });
    expect(twice.error?.code).toBe('PT409');
    // other clerks never see the sale or its commission
    expect((await (await signInAs('clerk2')).from('parts_sales').select('id').eq('id', row.id as string)).data).toEqual([]);
  });

  it('refuses a cost above the quote', async () => {
    const refused = await (await signInAs('clerk')).from('parts_sales').insert({ customer_id: customer(9), sold_on: '2019-05-10', parts: '测试备件亏本', quoted_amount: 100, cost_amount: 120 });
    expect(refused.error).toMatchObject({ code: '23514', message: expect.stringMatching(/成本高于报价/) });
    expect(await sql(`select 1 from public.parts_sales where parts = '测试备件亏本'`)).toEqual([]);
  });
});

describe('praise letters 表扬信 (公司收到用户表扬信赐予效劳人员200-500元嘉奖)', () => {
  let letterId: string;
  beforeAll(async () => {
    const made = await (await signInAs('manager')).from('praise_letters')
      .insert({ operator_id: operatorIds.clerk, customer_id: customer(10), received_on: '2019-05-20', content: '测试表扬：服务热情' }).select('*').single();
    expect(made.error).toBeNull();
    expect(made.data).toMatchObject({ status: '待定额', amount: null, recorded_by: operatorIds.manager, department_id: departmentIds.KF1 });
    letterId = (made.data as Row).id as string;
  });

  it('the director sets the award within 200–500 yuan; outside it, or by anyone else, is refused and nothing changes', async () => {
    const director = await signInAs('director');
    for (const amount of [199.99, 500.01, 0]) {
      const refused = await director.rpc('set_praise_award', { letter_id: letterId, amount });
      expect(refused.error, String(amount)).toMatchObject({ code: '22023', message: expect.stringMatching(/嘉奖金额须在 200.*500 元之间 \| The award must be between/) });
    }
    const manager = await (await signInAs('manager')).rpc('set_praise_award', { letter_id: letterId, amount: 300 });
    expect(manager.error).toMatchObject({ code: '42501', message: expect.stringMatching(/由客服中心总监确定 \| The director sets the award/) });
    const direct = await (await signInAs('manager')).from('praise_letters').update({ amount: 300 }).eq('id', letterId).select();
    expect(direct.error?.code).toBe('42501');
    expect(await one(`select amount, status from public.praise_letters where id = $1`, [letterId])).toEqual({ amount: null, status: '待定额' });
    const set = await director.rpc('set_praise_award', { letter_id: letterId, amount: 200 }).single();
    expect(set.data).toMatchObject({ amount: 200, status: '已定额', amount_set_by: operatorIds.director });
    const rewrite = await (await signInAs('manager')).from('praise_letters').update({ content: '测试表扬：改写' }).eq('id', letterId).select();
    expect(rewrite.error?.code).toBe('PT409');
    // the praised clerk sees his letter and its award; another clerk does not
    expect((await (await signInAs('clerk')).from('praise_letters').select('amount').eq('id', letterId)).data).toEqual([{ amount: 200 }]);
    expect((await (await signInAs('clerk2')).from('praise_letters').select('amount').eq('id', letterId)).data).toEqual([]);
  });

  it('500 exactly is allowed', async () => {
    const made = await (await signInAs('director')).from('praise_letters')
      .insert({ operator_id: operatorIds.clerk2, received_on: '2019-05-21', content: '测试表扬：电子邮件致谢' }).select('id').single();
    const set = await (await signInAs('director')).rpc('set_praise_award', { letter_id: made.data?.id, amount: 500 }).single();
    expect(set.data).toMatchObject({ amount: 500, status: '已定额' });
  });
});
