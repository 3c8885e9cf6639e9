// row_rights(): the grid asks, for the rows on screen, whether the person may update or delete
// each one, and the tables' own RLS policies answer: a cell is editable only where a write would pass.
// It also names the declared workflow moves each row offers the person.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { signInAs, sql, type DemoRole } from '../support/stack.ts';

const marker = unique('行权限');

afterAll(async () => {
  await sql('delete from public.return_visits where request_id in (select id from public.service_requests where content like $1)', [`${marker}%`]);
  await sql('delete from public.service_requests where content like $1', [`${marker}%`]);
});

async function request(receiver: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id) values ('咨询', '来电人', $1, $2, $3) returning id`,
    [`${marker}${unique()}`, departmentIds.KF1, receiver],
  );
  return row.id;
}

type Rights = { key: string; can_update: boolean; can_delete: boolean; moves: string[] };

async function rightsOf(role: DemoRole, keys: string[], register = 'service_requests'): Promise<Map<string, Rights>> {
  const { data, error } = await (await signInAs(role)).rpc('row_rights', { register, keys });
  if (error) throw error;
  return new Map((data as Rights[]).map((r) => [r.key, r]));
}

describe('row rights follow the RLS policies', () => {
  it('lets a clerk change the requests they received, not a colleague’s they can only read', async () => {
    const mine = await request(operatorIds.clerk);
    const colleagues = await request(operatorIds.kf1Colleague);
    const rights = await rightsOf('clerk', [mine, colleagues]);
    expect(rights.get(mine)).toMatchObject({ can_update: true, can_delete: true });
    expect(rights.get(colleagues)).toMatchObject({ can_update: false, can_delete: false });
    // The answer is the database's: the colleague's request really is refused.
    const { error } = await (await signInAs('clerk')).from('service_requests').update({ content: `${marker}改` }).eq('id', colleagues).select();
    expect(error?.code).toBe('42501');
  });

  it('lets the department manager change any request of the department', async () => {
    const colleagues = await request(operatorIds.kf1Colleague);
    expect((await rightsOf('manager', [colleagues])).get(colleagues)).toMatchObject({ can_update: true });
  });

  it('says nothing about rows the person cannot read', async () => {
    const kf1 = await request(operatorIds.clerk);
    expect((await rightsOf('clerk2', [kf1])).has(kf1)).toBe(false);
  });

  it('answers nothing for an unknown register', async () => {
    const { data, error } = await (await signInAs('clerk')).rpc('row_rights', { register: 'no_such_table', keys: ['x'] });
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });
});

describe('row rights for every register', () => {
  it('can be asked of every register each role reads, whatever its policies look like', async () => {
    for (const role of ['clerk', 'manager', 'director', 'admin'] as const) {
      const client = await signInAs(role);
      const { data: columns } = await client.rpc('register_metadata');
      const registers = new Map((columns as { register: string; key_column: string }[]).map((c) => [c.register, c.key_column]));
      for (const [register, key] of registers) {
        const { data: rows } = await client.from(register).select(key).limit(5);
        const keys = ((rows ?? []) as unknown as Record<string, unknown>[]).map((r) => String(r[key]));
        const { data, error } = await client.rpc('row_rights', { register, keys });
        expect(error, `${role} × ${register}`).toBeNull();
        expect((data as Rights[]).length, `${role} × ${register}`).toBe(keys.length);
      }
    }
  });

  it('lets a clerk change their own contact records (a policy with a subquery on the customer)', async () => {
    const client = await signInAs('clerk');
    const { data: rows } = await client.from('contacts').select('id').eq('staff_id', operatorIds.clerk).limit(3);
    const keys = (rows ?? []).map((r) => r.id as string);
    expect(keys.length).toBeGreaterThan(0);
    const { data, error } = await client.rpc('row_rights', { register: 'contacts', keys });
    expect(error).toBeNull();
    expect((data as Rights[]).every((r) => r.can_update)).toBe(true);
  });
});

describe('the workflow moves a row offers', () => {
  const movesOf = async (role: DemoRole, key: string, register = 'service_requests') => (await rightsOf(role, [key], register)).get(key)?.moves;

  it('offers the first receiver the assignment of a request just received, not a colleague who only reads it', async () => {
    const mine = await request(operatorIds.clerk);
    // (a consultation also offers its first answer and the report to the centre)
    expect(await movesOf('clerk', mine)).toEqual(['assign', 'answer', 'report_to_centre']);
    const colleagues = await request(operatorIds.kf1Colleague);
    expect(await movesOf('clerk', colleagues)).toEqual([]);
    // The department manager may direct any request of the department.
    expect(await movesOf('manager', colleagues)).toEqual(['assign', 'answer', 'report_to_centre']);
  });

  it('follows a complaint through its states: reply until answered, sign-off for the department manager once resolved', async () => {
    const { client, row } = await recordRequest('clerk', complaint({ content: `${marker}${unique()}` }));
    expect(await movesOf('clerk', row.id)).toEqual(['assign', 'reply', 'report_to_centre']);
    expect((await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    expect(await movesOf('clerk', row.id)).toEqual(['assign', 'resolve', 'reply', 'send_back', 'report_to_centre']);
    expect((await client.rpc('reply_complaint', { request_id: row.id, reply: '已答复客户处理意见' })).error).toBeNull();
    expect(await movesOf('clerk', row.id)).toEqual(['assign', 'resolve', 'send_back', 'report_to_centre']);
    expect((await client.rpc('resolve_request', { request_id: row.id, resolution: '已更换维修人员并致歉' })).error).toBeNull();
    // 待回访: the clerk may not sign off; the manager of the responsible department may, once.
    expect(await movesOf('clerk', row.id)).toEqual([]);
    expect(await movesOf('manager', row.id)).toEqual(['sign_off']);
    expect((await (await signInAs('clerk')).rpc('sign_off_request', { request_id: row.id })).error?.code).toBe('42501');
    expect((await (await signInAs('manager')).rpc('sign_off_request', { request_id: row.id })).error).toBeNull();
    expect(await movesOf('manager', row.id)).toEqual([]);
  });

  it('offers recording a return visit until it is done', async () => {
    const { client, row } = await recordRequest('clerk', { kind: '报修', content: `${marker}${unique()}` });
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    await client.rpc('resolve_request', { request_id: row.id, resolution: '已修复' });
    const [visit] = await sql<{ id: string }>('select id from public.return_visits where request_id = $1', [row.id]);
    expect(await movesOf('clerk', visit.id, 'return_visits')).toEqual(['record_visit']);
    const recorded = await client.rpc('record_return_visit', { visit_id: visit.id, method: '电话', content: '客户确认已修好', satisfaction: '满意' });
    expect(recorded.error).toBeNull();
    expect(await movesOf('clerk', visit.id, 'return_visits')).toEqual([]);
  });

  it('offers approving or declining an access request only to an approver, and only while it waits', async () => {
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [unique('行权限客户'), `199${String(Date.now()).slice(-8)}`, departmentIds.KF1, operatorIds.kf1Colleague],
    );
    try {
      const { data: req, error } = await (await signInAs('clerk')).from('access_requests').insert({ customer_id: customer.id, reason: '核对往来记录' }).select().single();
      expect(error).toBeNull();
      expect(await movesOf('manager', req!.id, 'access_requests')).toEqual(['approve', 'decline']);
      expect(await movesOf('clerk', req!.id, 'access_requests')).toEqual([]);
      expect((await (await signInAs('manager')).rpc('decide_access_request', { request_id: req!.id, approve: false, note: '无需查阅' })).error).toBeNull();
      expect(await movesOf('manager', req!.id, 'access_requests')).toEqual([]);
    } finally {
      await sql('delete from public.access_requests where customer_id = $1', [customer.id]);
      await sql('delete from public.customers where id = $1', [customer.id]);
    }
  });

  it('offers no edit and no delete on a row its register declares frozen (signed, closed, decided), to anyone, as the triggers refuse it', async () => {
    const frozen = await sql<{ register: string; frozen_when: string }>(`select register, frozen_when from private.registers where frozen_when is not null order by register`);
    expect(frozen.map((f) => f.register)).toEqual(['customer_expenses', 'duty_records', 'equipment_faults', 'member_points', 'parts_sales', 'performance_statement_lines', 'performance_statements', 'praise_letters', 'service_records', 'survey_questions', 'surveys', 'vehicle_visits', 'visitors', 'work_reports']);
    const roles: DemoRole[] = ['clerk', 'clerk2', 'archivist', 'manager', 'director', 'deputy', 'gm', 'admin', 'guard'];
    for (const { register, frozen_when } of frozen) {
      const [row] = await sql<{ id: string }>(`select id::text from public.${register} where (${frozen_when}) order by created_at limit 1`);
      expect(row, `${register}: the demo data holds a frozen row`).toBeDefined();
      for (const role of roles) {
        const rights = (await rightsOf(role, [row.id], register)).get(row.id);
        if (rights) expect({ role, register, update: rights.can_update, delete: rights.can_delete }).toEqual({ role, register, update: false, delete: false });
      }
    }
    // Not every row: today's open duty record is still its writer's to change.
    const [open] = await sql<{ id: string }>(`select id::text from public.duty_records where status = '值班中' limit 1`);
    const openRights = await Promise.all(roles.map(async (role) => (await rightsOf(role, [open.id], 'duty_records')).get(open.id)?.can_update ?? false));
    expect(openRights.some(Boolean)).toBe(true);
    // And the answer is the database's: the clerk, whose own records the policies let him write, is refused a signed one of his.
    const [signed] = await sql<{ id: string; events: string }>(
      `select id::text, events from public.duty_records where status = '已交接' and on_duty_id = $1 order by created_at limit 1`, [operatorIds.clerk]);
    const { error } = await (await signInAs('clerk')).from('duty_records').update({ events: '改写已签字的记录' }).eq('id', signed.id).select();
    expect(error?.code).toMatch(/^(PT409|42501)$/);
    expect(await sql(`select events from public.duty_records where id = $1`, [signed.id])).toEqual([{ events: signed.events }]);
  });
});
