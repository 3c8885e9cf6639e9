// A clerk's to-dos (issue 17): one per event and person, closed by the move that settles them; and
// 申请查阅: a clerk asks to read a customer he cannot see, the right person decides, and the grant
// opens the customer until it expires.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { signInAs, sql } from '../support/stack.ts';

type Todo = { recipient_id: string; kind: string; title: string; dedupe_key: string; done: boolean };
const todosOf = (linkId: string) =>
  sql<Todo>(
    `select recipient_id, kind, title, dedupe_key, done_at is not null as done from public.notifications
     where link_id = $1 order by recipient_id, created_at, kind`,
    [linkId],
  );
const kindsOf = (todos: Todo[], recipient: string, open?: boolean) =>
  todos.filter((t) => t.recipient_id === recipient && (open === undefined || t.done !== open)).map((t) => t.kind).sort();

const customers: string[] = [];
afterAll(async () => {
  await sql('delete from public.customers where id = any($1::uuid[])', [customers]);
});
async function customerOf(owner: string, department: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
    [unique('查阅客户'), uniquePhone(), department, owner],
  );
  customers.push(row.id);
  return row.id;
}

describe('to-dos: one per event and person, closed by the move that settles them', () => {
  it('a serious complaint walked through assignment, sending back, reassignment, the hourly jobs and the reply raises each to-do once, and the reply closes them', async () => {
    const { row } = await recordRequest('manager', { ...complaint({ severity: '严重' }), received_at: '2016-05-03T09:00:00+08:00' });
    const manager = await signInAs('manager');
    const clerk = await signInAs('clerk');

    // Assigned twice to the same clerk (a double click): one 派单 to-do.
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    expect(kindsOf(await todosOf(row.id), operatorIds.clerk)).toEqual(['派单']);

    // Sent back: the clerk's 派单 is settled; the receiver is told once.
    expect((await clerk.rpc('send_back_request', { request_id: row.id, reason: '不属于本人负责范围' })).error).toBeNull();
    let todos = await todosOf(row.id);
    expect(kindsOf(todos, operatorIds.clerk, true)).toEqual([]);
    expect(kindsOf(todos, operatorIds.manager, true)).toEqual(['工单退回', '投诉升级']);

    // Assigned again: a new event, so a new 派单; the 工单退回 is settled.
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    // The hourly jobs run twice: past the reply deadline and the first-answer deadline, once each.
    for (let run = 0; run < 2; run += 1) {
      await sql(`select private.job_complaint_replies(now()), private.job_request_deadlines(now())`);
    }
    todos = await todosOf(row.id);
    expect(kindsOf(todos, operatorIds.manager, true)).toEqual(['投诉升级']);
    expect(kindsOf(todos, operatorIds.clerk, true)).toEqual(['工单时限', '工单时限', '投诉升级', '派单']);
    expect(kindsOf(todos, operatorIds.director, true)).toEqual(['投诉升级', '投诉升级']);
    // Nobody has the same to-do twice.
    const seen = todos.map((t) => `${t.recipient_id}|${t.kind}|${t.title}|${t.done}`);
    expect(seen.filter((s) => s.endsWith('false')).length).toBe(new Set(seen.filter((s) => s.endsWith('false'))).size);

    // The handler replies: his 派单, the escalations and the first-answer deadline are settled; the
    // settle-by deadline stays open until the request is settled.
    expect((await clerk.rpc('reply_complaint', { request_id: row.id, reply: '已向客户致歉并上门处理' })).error).toBeNull();
    todos = await todosOf(row.id);
    expect(kindsOf(todos, operatorIds.clerk, true)).toEqual(['工单时限']);
    expect(todos.find((t) => t.recipient_id === operatorIds.clerk && !t.done)?.dedupe_key).toMatch(/^settle-overdue:/);
    expect(kindsOf(todos, operatorIds.director, true)).toEqual([]);
    expect(kindsOf(todos, operatorIds.manager, true)).toEqual([]);
    // Over the whole walk: the clerk was assigned twice, the director told of two escalations.
    expect(kindsOf(todos, operatorIds.clerk)).toEqual(['工单时限', '工单时限', '投诉升级', '派单', '派单']);
    expect(kindsOf(todos, operatorIds.director)).toEqual(['投诉升级', '投诉升级']);
    expect(kindsOf(todos, operatorIds.manager)).toEqual(['工单退回', '投诉升级']);
  });

  it('the same rule firing again, under another key or none, does not raise the same open to-do twice', async () => {
    const link = unique('todo');
    const raise = (key: string | null) =>
      sql<{ notify: boolean }>(`select private.notify($1, '系统', '请核对台账 | Check the register', null, 'customers', $2, null, $3)`, [operatorIds.clerk, link, key]);
    expect((await raise('a:1'))[0].notify).toBe(true);
    expect((await raise('a:2'))[0].notify).toBe(false);
    expect((await raise(null))[0].notify).toBe(false);
    expect(await sql(`select count(*)::int as n from public.notifications where link_id = $1`, [link])).toEqual([{ n: 1 }]);
    // Done, the next event of the same kind is a new to-do.
    await sql(`update public.notifications set done_at = now() where link_id = $1`, [link]);
    expect((await raise('a:3'))[0].notify).toBe(true);
  });

  it('an access request leaves every approver’s list once one of them decides it', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const { data: req, error } = await (await signInAs('clerk')).from('access_requests').insert({ customer_id: customerId, reason: '核对历史报修记录' }).select().single();
    expect(error).toBeNull();
    expect(kindsOf(await todosOf(req!.id), operatorIds.manager, true)).toEqual(['查阅申请']);
    expect((await (await signInAs('manager')).rpc('decide_access_request', { request_id: req!.id, approve: true })).error).toBeNull();
    const todos = await todosOf(req!.id);
    expect(kindsOf(todos, operatorIds.manager, true)).toEqual([]);
    expect(kindsOf(todos, operatorIds.clerk, true)).toEqual(['审批结果']);
  });

  it('a filed customer’s 备案逾期 to-do is closed by the 备案 move', async () => {
    const customerId = await customerOf(operatorIds.clerk, departmentIds.KF1);
    await sql(`update public.customers set filing_due = '2016-01-04' where id = $1`, [customerId]);
    await sql(`select private.job_filing_deadlines(now())`);
    expect(kindsOf(await todosOf(customerId), operatorIds.clerk, true)).toEqual(['备案逾期']);
    expect((await (await signInAs('clerk')).rpc('file_customer', { customer_id: customerId })).error).toBeNull();
    expect(kindsOf(await todosOf(customerId), operatorIds.clerk, true)).toEqual([]);
  });
});

describe('申请查阅: a clerk asks to read a customer he cannot see', () => {
  it('a clerk files one for himself, sees the register and his own requests, and no one else’s', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const clerk = await signInAs('clerk');
    const { data: registers } = await clerk.rpc('register_metadata');
    expect((registers as { register: string; can_create: boolean }[]).find((r) => r.register === 'access_requests')).toMatchObject({ can_create: true });

    const { data: mine, error } = await clerk.from('access_requests').insert({ customer_id: customerId, reason: '客户来电查询报修进度' }).select().single();
    expect(error).toBeNull();
    expect(mine).toMatchObject({ status: '待审批', requester_id: operatorIds.clerk });
    expect((await clerk.from('access_requests').select('id').eq('id', mine!.id)).data).toHaveLength(1);

    // Another clerk neither reads it nor files one in his name.
    const clerk2 = await signInAs('clerk2');
    expect((await clerk2.from('access_requests').select('id').eq('id', mine!.id)).data).toEqual([]);
    const forged = await clerk2.from('access_requests').insert({ customer_id: customerId, requester_id: operatorIds.clerk, reason: '替他申请' });
    expect(forged.error?.code).toBe('42501');
    expect(await sql(`select count(*)::int as n from public.access_requests where customer_id = $1`, [customerId])).toEqual([{ n: 1 }]);
  });

  it('the clerk cannot decide his own, the department manager decides, and the grant opens the customer until it expires', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const clerk = await signInAs('clerk');
    const { data: req } = await clerk.from('access_requests').insert({ customer_id: customerId, reason: '核对客户联系电话' }).select().single();
    expect((await clerk.from('customers').select('id').eq('id', customerId)).data).toEqual([]);

    const own = await clerk.rpc('decide_access_request', { request_id: req!.id, approve: true });
    expect(own.error?.code).toBe('42501');
    expect(own.error?.message).toContain('无权审批');
    expect(await sql(`select status::text from public.access_requests where id = $1`, [req!.id])).toEqual([{ status: '待审批' }]);

    const decided = await (await signInAs('manager')).rpc('decide_access_request', { request_id: req!.id, approve: true, valid_days: 2 });
    expect(decided.error).toBeNull();
    expect((await clerk.from('customers').select('id').eq('id', customerId)).data).toHaveLength(1);
    const [decision] = await sql<{ title: string }>(`select title from public.notifications where recipient_id = $1 and link_id = $2`, [operatorIds.clerk, req!.id]);
    expect(decision.title).toContain('已批准');

    await sql(`update public.access_requests set expires_at = now() - interval '1 minute' where id = $1`, [req!.id]);
    expect((await clerk.from('customers').select('id').eq('id', customerId)).data).toEqual([]);
  });

  it('a manager cannot decide his own request either', async () => {
    const customerId = await customerOf(operatorIds.kf1Colleague, departmentIds.KF1);
    const manager = await signInAs('manager');
    const { data: req, error } = await manager.from('access_requests').insert({ customer_id: customerId, reason: '复核客户档案' }).select().single();
    expect(error).toBeNull();
    const own = await manager.rpc('decide_access_request', { request_id: req!.id, approve: true });
    expect(own.error?.code).toBe('42501');
    expect(own.error?.message).toContain('不能审批自己的申请');
    expect(await sql(`select status::text from public.access_requests where id = $1`, [req!.id])).toEqual([{ status: '待审批' }]);
  });
});
