// To-dos in the reader's language (issue 17): every notification title is written "中文 | English"
// like every message from the database, and the app shows the reader's half. private.notify
// refuses a title without both halves (22023), so a rule written later cannot forget the English;
// the events a clerk's day raises — a complaint escalated, a dispatch, the hourly deadline and reply
// reminders, an approval asked and decided — each arrive with a Chinese and an English half.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { signInAs, sql } from '../support/stack.ts';

const cjk = /[\u4e00-\u9fff]/;
const latin = /[A-Za-z]/;

/** A title's two halves, split where the app splits it (the first " | "). */
function halves(title: string): { zh: string; en: string } | null {
  const at = title.indexOf(' | ');
  return at < 0 ? null : { zh: title.slice(0, at).trim(), en: title.slice(at + 3).trim() };
}

const customers: string[] = [];
afterAll(async () => {
  await sql('delete from public.access_requests where customer_id = any($1::uuid[])', [customers]);
  await sql('delete from public.customers where id = any($1::uuid[])', [customers]);
});

describe('a notification title without a Chinese and an English half', () => {
  const refused = [
    ['Chinese only', '请核对台账'],
    ['English only', 'Check the register'],
    ['an empty English half', '请核对台账 | '],
    ['an empty Chinese half', ' | Check the register'],
    ['the halves the wrong way round', 'Check the register | 请核对台账'],
    ['an English half without English', '请核对台账 | 请核对台账'],
    ['no title at all', null],
  ] as const;

  it.each(refused)('is refused by private.notify (22023), and no to-do is raised: %s', async (_, title) => {
    const link = unique('lang');
    await expect(sql(`select private.notify($1, '系统', $2, null, 'customers', $3, null, $3)`, [operatorIds.clerk, title, link])).rejects.toMatchObject({
      code: '22023',
      message: expect.stringContaining('A notification title needs a Chinese and an English half'),
    });
    expect(await sql(`select count(*)::int as n from public.notifications where link_id = $1`, [link])).toEqual([{ n: 0 }]);
  });

  it('is refused even when there is nobody to tell, so a rule cannot forget the English where it rarely fires', async () => {
    await expect(sql(`select private.notify(null, '系统', '请核对台账')`)).rejects.toMatchObject({ code: '22023' });
    expect(await sql<{ notify: boolean }>(`select private.notify(null, '系统', '请核对台账 | Check the register')`)).toEqual([{ notify: false }]);
  });

  it('is accepted with both halves; one too long for the title is shortened half by half, keeping the English', async () => {
    const link = unique('lang');
    const zh = '请核对'.repeat(60);
    const en = 'Check the register '.repeat(15).trim();
    expect(await sql(`select private.notify($1, '系统', $2, null, 'customers', $3, null, $3) as raised`, [operatorIds.clerk, `${zh} | ${en}`, link])).toEqual([{ raised: true }]);
    const [{ title }] = await sql<{ title: string }>(`select title from public.notifications where link_id = $1`, [link]);
    expect(title.length).toBeLessThanOrEqual(200);
    const parts = halves(title)!;
    expect(parts.zh).toMatch(/^请核对.*…$/);
    expect(parts.en).toMatch(/^Check the register .*…$/);
  });
});

describe('the to-dos a clerk’s day raises', () => {
  it('a serious complaint escalated, dispatched, sent back, chased by the hourly jobs, and an access request asked and decided: every title has a Chinese and an English half', async () => {
    // A serious complaint (escalated at once to the director and the department manager), received long ago.
    const { row } = await recordRequest('manager', { ...complaint({ severity: '严重' }), received_at: '2016-05-03T09:00:00+08:00' });
    const manager = await signInAs('manager');
    const clerk = await signInAs('clerk');
    // Dispatched to the clerk, sent back to the receiver, dispatched again.
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    expect((await clerk.rpc('send_back_request', { request_id: row.id, reason: '不属于本人负责范围' })).error).toBeNull();
    expect((await manager.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk })).error).toBeNull();
    // The hourly jobs: past the reply deadline and the request's deadlines.
    await sql(`select private.job_complaint_replies(now()), private.job_request_deadlines(now())`);

    // An access request to the manager, and his decision back to the clerk.
    const [customer] = await sql<{ id: string; code: string }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id, code`,
      [unique('语言客户'), uniquePhone(), departmentIds.KF1, operatorIds.kf1Colleague],
    );
    customers.push(customer.id);
    const { data: req, error } = await clerk.from('access_requests').insert({ customer_id: customer.id, reason: '核对历史报修记录' }).select().single();
    expect(error).toBeNull();
    expect((await manager.rpc('decide_access_request', { request_id: req!.id, approve: true })).error).toBeNull();

    const todos = await sql<{ recipient_id: string; kind: string; title: string; body: string | null }>(
      `select recipient_id, kind, title, body from public.notifications where link_id = any($1) order by kind, recipient_id`,
      [[row.id, req!.id]],
    );
    expect([...new Set(todos.map((t) => t.kind))].sort()).toEqual(['审批结果', '工单时限', '工单退回', '投诉升级', '查阅申请', '派单'].sort());
    for (const todo of todos) {
      const parts = halves(todo.title);
      expect(parts, todo.title).not.toBeNull();
      expect(parts!.zh, todo.title).toMatch(cjk);
      expect(parts!.en, todo.title).toMatch(latin);
      // Codes and dates are the only values in these titles (a person's name aside): the English half is all English.
      if (todo.kind !== '查阅申请') expect(parts!.en, todo.title).not.toMatch(cjk);
    }
    // (dispatched twice: two 派单 to-dos, the same words)
    const english = (kind: string, recipient: string) => [...new Set(todos.filter((t) => t.kind === kind && t.recipient_id === recipient).map((t) => halves(t.title)!.en))];
    expect(english('派单', operatorIds.clerk)).toEqual([`Request ${row.code} is assigned to you`]);
    expect(english('工单退回', operatorIds.manager)).toEqual([`Request ${row.code} was sent back to reception`]);
    expect(english('投诉升级', operatorIds.director)).toContain(`Serious complaint ${row.code} received: needs your attention now`);
    expect(english('投诉升级', operatorIds.director)).toContain(`Complaint ${row.code} is past its reply deadline without a clear reply`);
    expect(english('工单时限', operatorIds.clerk).some((t) => t.startsWith(`Request ${row.code} is past its `))).toBe(true);
    expect(english('查阅申请', operatorIds.manager)).toEqual([expect.stringContaining(`asks to see customer ${customer.code}: for your decision`)]);
    expect(english('审批结果', operatorIds.clerk)).toEqual([`Your request to see customer ${customer.code} was approved`]);
    // The Chinese halves read as before.
    expect(todos.find((t) => t.kind === '派单')!.title).toMatch(new RegExp(`^工单 ${row.code} 已派给您处理 \\| `));
    // A body that is a rule's sentence is bilingual too; a person's own words stay as written.
    const deadline = todos.find((t) => t.kind === '工单时限' && t.recipient_id === operatorIds.clerk)!;
    expect(halves(deadline.body!)).not.toBeNull();
    expect(todos.find((t) => t.kind === '工单退回')!.body).toBe('不属于本人负责范围');
  });

  it('every to-do a rule raised in this database, the demo data’s included, has both halves', async () => {
    // Raised through private.notify (which always names the event); a row written by hand has no key.
    const titles = await sql<{ title: string }>(`select title from public.notifications where dedupe_key is not null`);
    expect(titles.length).toBeGreaterThan(0);
    const wrong = titles.map((t) => t.title).filter((t) => {
      const parts = halves(t);
      return !parts || !cjk.test(parts.zh) || !latin.test(parts.en);
    });
    expect(wrong).toEqual([]);
  });
});
