// Visitors and vehicles 来访登记 / 车辆登记 (issue 15 point 6; RULES §20): the gate post (门岗, 马军)
// registers every visitor and verifies the identity document before letting him in (对于进入小区的
// 各类人员,必须认真进行验证登记方可放行), and registers unknown vehicles (对进入小区的陌生车辆要进行
// 登记). ID numbers are personal data: the register holds them masked, for every reader, through
// every PostgREST path and in the Excel export; the full number is read only by the gate, the
// department's manager and the director, through visitor_id_number().
// The app modules under test read import.meta.env and import.meta.glob (Vite's types):
/// <reference types="vite/client" />
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportView } from '../../src/modules/registers/export/export-view.ts';
import { parseFile } from '../../src/modules/registers/import/parse-file.ts';
import { fetchRegisters } from '../../src/modules/registers/model/to-registers.ts';
import { supabaseClient } from '../../src/data/supabase-client.ts';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { DEMO_PASSWORD, demoUsers, signInAs, sql, type DemoRole } from '../support/stack.ts';

vi.mock('../../src/data/supabase-client.ts', async () => {
  const { anonClient } = await import('../support/stack.ts');
  return { supabaseClient: anonClient(), missingSupabaseEnv: false };
});

type Visitor = {
  id: string; name: string; id_type: string | null; id_number: string | null; status: string; recorded_by: string | null;
  host_operator_id: string | null; host_department_id: string; verified_by: string | null; verified_at: string | null;
  time_in: string | null; time_out: string | null; refused_reason: string | null; notes: string | null;
};
type Vehicle = { id: string; plate: string; status: string; registered_by: string | null; time_in: string; time_out: string | null };

const marker = unique('来访');
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** An 18-character 身份证 number with its right check digit (ISO 7064 MOD 11-2). */
const idCard = (first17: string) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11];
const freshIdCard = () => idCard(`110105198503${String(10 + Math.floor(Math.random() * 18)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`);
const wrongCheckDigit = (number: string) => number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
const masked = (n: string) => `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`;

const visitorRow = async (id: string) => (await sql<Visitor>(`select * from public.visitors where id = $1`, [id]))[0];
const fullNumber = async (id: string) => (await sql<{ id_number: string }>(`select id_number from private.visitor_id_numbers where visitor_id = $1`, [id]))[0]?.id_number;

const clients = new Map<DemoRole, SupabaseClient>();
const as = async (role: DemoRole) => clients.get(role) ?? clients.set(role, await signInAs(role)).get(role)!;

/** A visitor registered by the gate, to see the KF1 clerk unless told otherwise. */
async function register(fields: Record<string, unknown> = {}): Promise<Visitor> {
  const guard = await as('guard');
  const { data, error } = await guard.from('visitors')
    .insert({ name: `${marker}访客`, id_type: '身份证', id_number: freshIdCard(), host_operator_id: operatorIds.clerk, purpose: '商谈物业服务事宜', ...fields })
    .select('*').single<Visitor>();
  expect(error).toBeNull();
  return data!;
}

afterAll(async () => {
  await sql(`delete from public.vehicle_visits where purpose like $1`, [`${marker}%`]);
  await sql(`delete from private.visitor_id_numbers where visitor_id in (select id from public.visitors where name like $1)`, [`${marker}%`]);
  await sql(`delete from public.visitors where name like $1`, [`${marker}%`]);
});

describe('the visitor register 来访登记', () => {
  it('is kept by the gate: the guard registers a visitor as its recorder, awaiting verification, the department visited taken from the colleague', async () => {
    const number = freshIdCard();
    const v = await register({ id_number: number });
    expect(v).toMatchObject({ status: '待核验', recorded_by: operatorIds.guard, host_department_id: departmentIds.KF1, verified_by: null, time_in: null });
    expect(v.id_number).toBe(masked(number));
    expect(await fullNumber(v.id)).toBe(number);
  });

  it('a clerk, a manager or the director cannot register a visitor, and nothing is written', async () => {
    const name = `${marker}冒登`;
    for (const role of ['clerk', 'manager', 'director', 'gm'] as const) {
      const refused = await (await as(role)).from('visitors').insert({ name, id_type: '身份证', id_number: freshIdCard(), host_name: '某业主', host_department_id: departmentIds.KF1, purpose: '冒名登记' });
      expect(refused.error?.code, role).toBe('42501');
    }
    expect(await sql(`select 1 from public.visitors where name = $1`, [name])).toEqual([]);
  });

  it('names whom the visitor visits: a colleague, or a name and the department', async () => {
    const guard = await as('guard');
    const named = await guard.from('visitors').insert({ name: `${marker}外访`, host_name: '18 栋业主 孙女士', host_department_id: departmentIds.KF2, purpose: '探访亲属' }).select('*').single<Visitor>();
    expect(named.error).toBeNull();
    expect(named.data).toMatchObject({ host_operator_id: null, host_department_id: departmentIds.KF2 });
    const nobody = await guard.from('visitors').insert({ name: `${marker}无被访人`, host_department_id: departmentIds.KF2, purpose: '探访亲属' });
    expect(nobody.error?.code).toBe('23514');
    expect(nobody.error?.message).toContain('被访人');
    expect(await sql(`select 1 from public.visitors where name = $1`, [`${marker}无被访人`])).toEqual([]);
  });
});

describe('the ID number 证件号码 is checked for its type', () => {
  it('an 18-character 身份证 needs its region, a real birth date and its check digit', async () => {
    const guard = await as('guard');
    const name = `${marker}错号`;
    const good = freshIdCard();
    const cases: [string, string][] = [
      [wrongCheckDigit(good), '校验位'],
      [good.slice(0, 17), '18 位'],
      [idCard('11010519851332123'), '出生日期'], // the 32nd of month 13
      [idCard('99010519850312123'), '地区码'],
      [idCard(`110105${new Date().getFullYear() + 1}0101123`), '出生日期'], // born next year
    ];
    for (const [number, says] of cases) {
      const refused = await guard.from('visitors').insert({ name, id_type: '身份证', id_number: number, host_operator_id: operatorIds.clerk, purpose: '证件测试' });
      expect(refused.error?.code, number).toBe('22023');
      expect(refused.error?.message, number).toContain(says);
    }
    // A number without its type, and a masked number typed back, are refused too.
    const untyped = await guard.from('visitors').insert({ name, id_number: good, host_operator_id: operatorIds.clerk, purpose: '证件测试' });
    expect(untyped.error?.code).toBe('22023');
    expect(untyped.error?.message).toContain('证件类型');
    const starred = await guard.from('visitors').insert({ name, id_type: '身份证', id_number: masked(good), host_operator_id: operatorIds.clerk, purpose: '证件测试' });
    expect(starred.error?.code).toBe('22023');
    expect(await sql(`select 1 from public.visitors where name = $1`, [name])).toEqual([]);
    // A lower-case x check digit, spaces included, is the same number.
    const withX = idCard('11010519900101002').endsWith('X') ? idCard('11010519900101002') : idCard('11010519900101010');
    const spaced = `${withX.slice(0, 6)} ${withX.slice(6, 14)} ${withX.slice(14).toLowerCase()}`;
    const v = await register({ id_number: spaced });
    expect(await fullNumber(v.id)).toBe(withX);
  });

  it('the form and the grid (apply_rows) name the ID number field in the refusal, in both languages', async () => {
    const guard = await as('guard');
    const name = `${marker}表单错号`;
    const batch = await guard.rpc('apply_rows', {
      register: 'visitors',
      rows: [{ key: null, values: { name, id_type: '身份证', id_number: wrongCheckDigit(freshIdCard()), host_operator_id: operatorIds.clerk, purpose: '表单测试' } }],
    });
    expect(batch.error).toBeNull();
    expect(batch.data).toMatchObject({ applied: 0, failed: 1 });
    expect(batch.data.rows[0]).toMatchObject({ ok: false, code: '22023', column: 'id_number' });
    expect(batch.data.rows[0].message).toContain('校验位');
    expect(batch.data.rows[0].message_en).toContain('check digit');
    expect(await sql(`select 1 from public.visitors where name = $1`, [name])).toEqual([]);
  });

  it('passports, Hong Kong/Macao permits and other documents have their own forms', async () => {
    const guard = await as('guard');
    const name = `${marker}证件`;
    for (const [type, number] of [['护照', 'E1234567'], ['港澳通行证', 'C12345678'], ['港澳通行证', 'H1234567890'], ['其他', '军官证南字第2019号']]) {
      const v = await register({ id_type: type, id_number: number });
      expect(await fullNumber(v.id), type).toBe(number);
    }
    for (const [type, number] of [['护照', 'E12-345'], ['港澳通行证', 'X12345678'], ['港澳通行证', 'C1234'], ['其他', 'AB']]) {
      const refused = await guard.from('visitors').insert({ name, id_type: type, id_number: number, host_operator_id: operatorIds.clerk, purpose: '证件测试' });
      expect(refused.error?.code, `${type} ${number}`).toBe('22023');
    }
    const badType = await guard.from('visitors').insert({ name, id_type: '驾驶证', id_number: '123456', host_operator_id: operatorIds.clerk, purpose: '证件测试' });
    expect(badType.error?.code).toBe('22023');
    expect(badType.error?.message).toContain('证件类型');
    expect(await sql(`select 1 from public.visitors where name = $1`, [name])).toEqual([]);
  });
});

describe('verification before entry 验证登记方可放行', () => {
  it('a visitor is let in only once verified; verifying needs the ID type and number; then in, then out', async () => {
    const guard = await as('guard');
    const v = await register({ id_type: null, id_number: null });
    // Not verified: not let in.
    const early = await guard.rpc('admit_visitor', { visitor_id: v.id });
    expect(early.error?.code).toBe('PT409');
    expect(early.error?.message).toContain('验证证件登记后方可放行');
    // No document: not verified.
    const noId = await guard.rpc('verify_visitor', { visitor_id: v.id });
    expect(noId.error?.code).toBe('23502');
    expect(noId.error?.message).toContain('证件类型');
    expect(await visitorRow(v.id)).toMatchObject({ status: '待核验', verified_by: null, time_in: null });
    // Nor by writing the stamps directly.
    for (const patch of [{ status: '在访' }, { time_in: new Date().toISOString() }, { verified_by: operatorIds.guard }]) {
      const direct = await guard.from('visitors').update(patch).eq('id', v.id).select('id');
      expect(direct.error?.code, JSON.stringify(patch)).toBe('42501');
    }
    expect(await visitorRow(v.id)).toMatchObject({ status: '待核验', verified_by: null, time_in: null });

    const number = freshIdCard();
    expect((await guard.from('visitors').update({ id_type: '身份证', id_number: number }).eq('id', v.id)).error).toBeNull();
    const verified = await guard.rpc('verify_visitor', { visitor_id: v.id });
    expect(verified.error).toBeNull();
    expect(await visitorRow(v.id)).toMatchObject({ status: '已核验', verified_by: operatorIds.guard });
    // Verified: the document no longer changes.
    const swap = await guard.from('visitors').update({ id_number: freshIdCard() }).eq('id', v.id).select('id');
    expect(swap.error?.code).toBe('PT409');
    expect(await fullNumber(v.id)).toBe(number);

    const admitted = await guard.rpc('admit_visitor', { visitor_id: v.id });
    expect(admitted.error).toBeNull();
    const inside = await visitorRow(v.id);
    expect(inside.status).toBe('在访');
    expect(inside.time_in).not.toBeNull();
    // The colleague visited is told (来访登记), without the number.
    const told = await sql<{ recipient_id: string; title: string; body: string | null }>(`select recipient_id, title, body from public.notifications where link_table = 'visitors' and link_id = $1 and kind = '来访登记'`, [v.id]);
    expect(told.map((n) => n.recipient_id)).toEqual([operatorIds.clerk]);
    expect(JSON.stringify(told)).not.toContain(number);

    expect((await guard.rpc('leave_visitor', { visitor_id: v.id })).error).toBeNull();
    const left = await visitorRow(v.id);
    expect(left.status).toBe('已离开');
    expect(left.time_out).not.toBeNull();
    // Closed: no edit, no second leave.
    const edit = await guard.from('visitors').update({ notes: '事后补记' }).eq('id', v.id).select('id');
    expect(edit.error?.code).toBe('PT409');
    expect((await guard.rpc('leave_visitor', { visitor_id: v.id })).error?.code).toBe('PT409');
    expect(await visitorRow(v.id)).toMatchObject({ status: '已离开', notes: null });
  });

  it('a visitor who cannot be verified is refused entry, with the reason', async () => {
    const guard = await as('guard');
    const v = await register({ id_type: null, id_number: null });
    const noReason = await guard.rpc('refuse_visitor', { visitor_id: v.id, reason: ' ' });
    expect(noReason.error?.code).toBe('23502');
    expect((await guard.rpc('refuse_visitor', { visitor_id: v.id, reason: '未携带身份证件，被访人不在' })).error).toBeNull();
    expect(await visitorRow(v.id)).toMatchObject({ status: '未放行', refused_reason: '未携带身份证件，被访人不在', time_in: null });
    expect((await guard.rpc('admit_visitor', { visitor_id: v.id })).error?.code).toBe('PT409');
  });

  it('only the gate verifies, lets in and records leaving: not the colleague visited, nor his manager', async () => {
    const v = await register();
    for (const role of ['clerk', 'manager', 'director'] as const) {
      for (const rpc of ['verify_visitor', 'admit_visitor', 'refuse_visitor'] as const) {
        const refused = await (await as(role)).rpc(rpc, { visitor_id: v.id, ...(rpc === 'refuse_visitor' ? { reason: '不让进' } : {}) });
        expect(refused.error?.code, `${role} ${rpc}`).toBe('42501');
      }
    }
    // One who cannot read the record is told it does not exist.
    expect((await (await as('clerk2')).rpc('verify_visitor', { visitor_id: v.id })).error?.code).toBe('PT404');
    expect(await visitorRow(v.id)).toMatchObject({ status: '待核验', verified_by: null });
  });
});

describe('ID numbers are personal data 个人信息', () => {
  let v: Visitor;
  let number: string;
  let car: string;
  beforeAll(async () => {
    number = freshIdCard();
    v = await register({ id_number: number, name: `${marker}隐私` });
    const guard = await as('guard');
    const vehicle = await guard.from('vehicle_visits').insert({ plate: '粤B12345', driver_name: '张师傅', visitor_id: v.id, purpose: `${marker}来访车辆` }).select('id').single<{ id: string }>();
    expect(vehicle.error).toBeNull();
    car = vehicle.data!.id;
  });

  // Readers of the visit (the gate, the KF1 manager, the director, the deputy gm, the gm, the clerk visited)
  // see the masked number through every path; nobody sees the full one, nor can probe its digits.
  it.each(['guard', 'manager', 'director', 'deputy', 'gm', 'clerk'] as const)('%s reads the register with the number masked: select, filter, order, embed', async (role) => {
    const c = await as(role);
    const row = await c.from('visitors').select('id, id_number').eq('id', v.id);
    expect(row.error).toBeNull();
    expect(row.data).toEqual([{ id: v.id, id_number: masked(number) }]);
    const star = await c.from('visitors').select('*').eq('id', v.id).single<Visitor>();
    expect(star.data?.id_number).toBe(masked(number));
    // Filtering on the full number, or on its hidden digits, finds nothing.
    expect((await c.from('visitors').select('id').eq('id_number', number)).data).toEqual([]);
    expect((await c.from('visitors').select('id').like('id_number', `${number.slice(0, 8)}%`).eq('id', v.id)).data).toEqual([]);
    expect((await c.from('visitors').select('id').like('id_number', `%${number.slice(6, 14)}%`).eq('id', v.id)).data).toEqual([]);
    // Ordering by it returns the masked value only.
    const ordered = await c.from('visitors').select('id_number').eq('id', v.id).order('id_number');
    expect(JSON.stringify(ordered.data)).not.toContain(number);
    // Embedded from the colleague visited (operators) and, for those who read vehicles, from the vehicle.
    const embedded = await c.from('operators').select('id, visitors!visitors_host_operator_id_fkey(id, id_number)').eq('id', operatorIds.clerk).single();
    expect(embedded.error).toBeNull();
    expect(JSON.stringify(embedded.data)).not.toContain(number);
    const fromCar = await c.from('vehicle_visits').select('id, visitors(id_number)').eq('id', car);
    expect(JSON.stringify(fromCar.data)).not.toContain(number);
    if (role !== 'clerk') expect(fromCar.data).toEqual([{ id: car, visitors: { id_number: masked(number) } }]);
  });

  it('the full number is read only by the gate, the department’s manager and the director (each reading logged)', async () => {
    for (const role of ['guard', 'manager', 'director'] as const) {
      const { data, error } = await (await as(role)).rpc('visitor_id_number', { visitor_id: v.id });
      expect(error, role).toBeNull();
      expect(data, role).toBe(number);
    }
    expect((await sql<{ n: number }>(`select count(*)::int as n from private.visitor_id_number_reads where visitor_id = $1`, [v.id]))[0].n).toBe(3);
    for (const role of ['clerk', 'deputy', 'gm'] as const) {
      const refused = await (await as(role)).rpc('visitor_id_number', { visitor_id: v.id });
      expect(refused.error?.code, role).toBe('42501');
      expect(refused.error?.message).toContain('个人信息');
      expect(JSON.stringify(refused)).not.toContain(number);
    }
    for (const role of ['clerk2', 'archivist', 'admin'] as const) {
      const refused = await (await as(role)).rpc('visitor_id_number', { visitor_id: v.id });
      expect(refused.error?.code, role).toBe('PT404');
    }
    // The screens offer 查看 beside the masked number to exactly those whom the RPC may answer.
    const revealOf = async (role: Parameters<typeof as>[0]) => {
      const { data } = await (await as(role)).rpc('register_metadata');
      const visitors = (data as { register: string; columns: { name: string; reveal_rpc: string | null; reveal_key_param: string | null }[] }[]).find((r) => r.register === 'visitors');
      return visitors?.columns.find((c) => c.name === 'id_number')?.reveal_rpc ?? null;
    };
    for (const role of ['guard', 'manager', 'director'] as const) expect(await revealOf(role), role).toBe('visitor_id_number');
    for (const role of ['clerk', 'deputy', 'gm'] as const) expect(await revealOf(role), role).toBeNull();
    // Another department's manager does not read the number of a visitor to KF1.
    const kf2Visitor = await register({ host_operator_id: operatorIds.clerk2 });
    expect((await (await as('manager')).rpc('visitor_id_number', { visitor_id: kf2Visitor.id })).error?.code).toBe('PT404');
  });

  it('the full numbers are not served at all: not as a table, not from the private schema', async () => {
    for (const role of ['guard', 'director'] as const) {
      const c = await as(role);
      const table = await c.from('visitor_id_numbers').select('*');
      expect(table.error, role).not.toBeNull();
      const privateSchema = await c.schema('private').from('visitor_id_numbers').select('*');
      expect(privateSchema.error, role).not.toBeNull();
      expect(JSON.stringify([table, privateSchema])).not.toContain(number);
    }
  });

  it('the audit log, the versions and the recycle bin hold the masked number only', async () => {
    const leaks = await sql(`select 1 from public.audit_log where row_id = $1 and (coalesce(before::text, '') || coalesce(after::text, '')) like $2`, [v.id, `%${number}%`]);
    expect(leaks).toEqual([]);
    expect((await sql(`select 1 from public.audit_log where table_name = 'visitors' and row_id = $1`, [v.id])).length).toBeGreaterThan(0);
  });

  it('the Excel export of the register masks the number, even for the gate', async () => {
    const { error } = await supabaseClient.auth.signInWithPassword({ email: demoUsers.guard, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    const visitors = (await fetchRegisters()).find((r) => r.name === 'visitors');
    expect(visitors, 'the gate sees the visitor register').toBeDefined();
    const columns = ['name', 'id_type', 'id_number', 'purpose'].map((name) => visitors!.columns.find((c) => c.name === name)!);
    const guard = await as('guard');
    const blob = await exportView({
      register: visitors!,
      columns,
      // as the grid's export reads a page (Refine's getList: select=*)
      fetchPage: async (offset, limit) => {
        const { data, error: e } = await guard.from('visitors').select('*').eq('id', v.id).range(offset, offset + limit - 1);
        if (e) throw e;
        return data;
      },
      language: 'zh-CN',
    });
    const file = await parseFile(blob);
    expect(file.headers).toEqual(['来访人', '证件类型', '证件号码', '来访事由']);
    expect(file.rows).toEqual([[`${marker}隐私`, '身份证', masked(number), '商谈物业服务事宜']]);
  });
});

describe('deleting a visitor record is a manager’s act (回收站)', () => {
  it('the gate and the colleague cannot delete; the manager can, and restores it with its number', async () => {
    const number = freshIdCard();
    const v = await register({ id_number: number });
    for (const role of ['guard', 'clerk', 'gm'] as const) {
      await (await as(role)).from('visitors').delete().eq('id', v.id);
      expect(await visitorRow(v.id), role).toBeDefined();
    }
    const manager = await as('manager');
    expect((await manager.from('visitors').delete().eq('id', v.id)).error).toBeNull();
    expect(await visitorRow(v.id)).toBeUndefined();
    const [bin] = await sql<{ id: string; row_data: { id_number: string } }>(`select id, row_data from public.recycle_bin where table_name = 'visitors' and row_id = $1`, [v.id]);
    expect(bin.row_data.id_number).toBe(masked(number));
    const restored = await manager.rpc('restore_deleted', { bin_id: Number(bin.id) });
    expect(restored.error).toBeNull();
    expect((await visitorRow(v.id)).id_number).toBe(masked(number));
    expect((await (await as('guard')).rpc('visitor_id_number', { visitor_id: v.id })).data).toBe(number);
  });
});

describe('the vehicle register 车辆登记', () => {
  const plate = () => `粤B${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;

  it('the gate registers an unknown vehicle: plate, driver, purpose; time in and the guard stamped', async () => {
    const guard = await as('guard');
    const { data, error } = await guard.from('vehicle_visits').insert({ plate: '粤b·d1 2345', driver_name: '李师傅', purpose: `${marker}送货` }).select('*').single<Vehicle>();
    expect(error).toBeNull();
    expect(data).toMatchObject({ plate: '粤BD12345', status: '在场', registered_by: operatorIds.guard, time_out: null });
    expect(Date.now() - new Date(data!.time_in).getTime()).toBeLessThan(60_000);
  });

  it('checks the plate: ordinary, new-energy (8 characters) and special plates pass, anything else is refused', async () => {
    const guard = await as('guard');
    for (const good of ['京A12345', '粤BD12345', '粤B12345D', '沪AF12345', '粤Z1234港', '川A1234学']) {
      const ok = await guard.from('vehicle_visits').insert({ plate: good, driver_name: '测试', purpose: `${marker}车牌` });
      expect(ok.error, good).toBeNull();
    }
    const purpose = `${marker}错牌`;
    for (const bad of ['粤B1234', '粤I12345', '粤BO12345', 'AB12345', '粤B123456', '粤BD1234X', '港B12345']) {
      const refused = await guard.from('vehicle_visits').insert({ plate: bad, driver_name: '测试', purpose });
      expect(refused.error?.code, bad).toBe('23514');
      expect(refused.error?.message, bad).toContain('车牌号');
    }
    expect(await sql(`select 1 from public.vehicle_visits where purpose = $1`, [purpose])).toEqual([]);
  });

  it('only the gate registers vehicles and records them leaving; the stamps are the database’s', async () => {
    const purpose = `${marker}冒登车辆`;
    for (const role of ['clerk', 'manager', 'director'] as const) {
      const refused = await (await as(role)).from('vehicle_visits').insert({ plate: plate(), driver_name: '王师傅', purpose });
      expect(refused.error?.code, role).toBe('42501');
    }
    expect(await sql(`select 1 from public.vehicle_visits where purpose = $1`, [purpose])).toEqual([]);
    const guard = await as('guard');
    const timeIn = await guard.from('vehicle_visits').insert({ plate: plate(), driver_name: '王师傅', purpose: `${marker}补登`, time_in: '2026-01-01T08:00:00+08:00' });
    expect(timeIn.error?.code).toBe('42501');

    const { data: car } = await guard.from('vehicle_visits').insert({ plate: plate(), driver_name: '王师傅', purpose: `${marker}离开` }).select('*').single<Vehicle>();
    expect((await (await as('manager')).rpc('leave_vehicle', { vehicle_visit_id: car!.id })).error?.code).toBe('42501');
    expect((await (await as('clerk')).rpc('leave_vehicle', { vehicle_visit_id: car!.id })).error?.code).toBe('PT404');
    expect((await guard.rpc('leave_vehicle', { vehicle_visit_id: car!.id })).error).toBeNull();
    const [left] = await sql<Vehicle>(`select * from public.vehicle_visits where id = $1`, [car!.id]);
    expect(left.status).toBe('已离开');
    expect(left.time_out).not.toBeNull();
    expect((await guard.rpc('leave_vehicle', { vehicle_visit_id: car!.id })).error?.code).toBe('PT409');
    const edit = await guard.from('vehicle_visits').update({ driver_name: '改名' }).eq('id', car!.id).select('id');
    expect(edit.error?.code).toBe('PT409');
    // Managers and the director read the vehicles; a clerk does not.
    expect((await (await as('manager')).from('vehicle_visits').select('id').eq('id', car!.id)).data).toHaveLength(1);
    expect((await (await as('director')).from('vehicle_visits').select('id').eq('id', car!.id)).data).toHaveLength(1);
    expect((await (await as('clerk')).from('vehicle_visits').select('id').eq('id', car!.id)).data).toEqual([]);
  });
});

describe('the demo gate', () => {
  it('a fortnight of visitors and vehicles: verified before entry, some inside now, one refused, numbers masked', async () => {
    const [counts] = await sql<{ visitors: number; days: number; inside: number; refused: number; waiting: number; unverified_in: number; cars: number; cars_inside: number }>(
      `select (select count(*)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%') as visitors,
              (select count(distinct (created_at at time zone 'Asia/Shanghai')::date)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%') as days,
              (select count(*)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%' and status = '在访') as inside,
              (select count(*)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%' and status = '未放行') as refused,
              (select count(*)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%' and status = '待核验') as waiting,
              (select count(*)::int from public.visitors where id::text like '00000000-0000-4000-f008-0%' and time_in is not null and verified_at is null) as unverified_in,
              (select count(*)::int from public.vehicle_visits where id::text like '00000000-0000-4000-f008-1%') as cars,
              (select count(*)::int from public.vehicle_visits where id::text like '00000000-0000-4000-f008-1%' and status = '在场') as cars_inside`,
    );
    expect(counts).toMatchObject({ visitors: 23, inside: 2, refused: 1, waiting: 1, unverified_in: 0, cars: 13, cars_inside: 3 });
    expect(counts.days).toBeGreaterThanOrEqual(12);
    const numbers = await sql<{ id_number: string }>(`select id_number from public.visitors where id::text like '00000000-0000-4000-f008-0%' and id_type = '身份证'`);
    expect(numbers.every((n) => /^\d{4}\*{10}[\dX]{4}$/.test(n.id_number))).toBe(true);
    expect((await sql(`select 1 from private.visitor_id_numbers where visitor_id::text like '00000000-0000-4000-f008-0%'`)).length).toBe(22);
  });
});
