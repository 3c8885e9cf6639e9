// Issue 11 §2: a request's state moves only through its workflow RPCs, each checking who may make
// the move and what must be filled first; a refused move answers 4xx (403 not allowed, 404 not
// found or not visible, 409 not in that state, 400 something missing) in Chinese | English, never 500.
import { describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { signInAs, sql } from '../support/stack.ts';

const bilingual = /[\u4e00-\u9fff].* \| [A-Za-z]/;

async function inProgress(fields: Record<string, unknown> = { kind: '报修', fault: '水管漏水' }) {
  const { client, row } = await recordRequest('clerk', fields);
  const assigned = await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
  expect(assigned.error).toBeNull();
  return { client, id: row.id };
}

const requestRow = async (id: string) =>
  (await sql<{ row: Record<string, unknown> }>(`select to_jsonb(r.*) - 'updated_at' as row from public.service_requests r where id = $1`, [id]))[0].row;

describe('a complaint closes only with a written reply and the responsible department’s sign-off', () => {
  it('refuses the satisfied return visit of a complaint without reply or sign-off (409), then closes it once both are there', async () => {
    const { client, id } = await inProgress(complaint());
    expect((await client.rpc('resolve_request', { request_id: id, resolution: '已调查核实并致歉' })).error).toBeNull();
    const [visit] = await sql<{ id: string }>(`select id from public.return_visits where request_id = $1 and done_at is null`, [id]);

    const early = await client.rpc('record_return_visit', { visit_id: visit.id, method: '电话', content: '回访', satisfaction: '满意' });
    expect(early.status).toBe(409);
    expect(early.error?.message).toMatch(bilingual);
    expect(early.error?.message).toContain('答复');
    expect(early.error?.message).toContain('签字认可');
    expect(await sql(`select status from public.service_requests where id = $1`, [id])).toEqual([{ status: '待回访' }]);
    expect(await sql(`select done_at from public.return_visits where id = $1`, [visit.id])).toEqual([{ done_at: null }]);

    expect((await client.rpc('reply_complaint', { request_id: id, reply: '已向客户书面答复并致歉' })).error).toBeNull();
    const onlyReplied = await client.rpc('record_return_visit', { visit_id: visit.id, method: '电话', content: '回访', satisfaction: '满意' });
    expect(onlyReplied.status).toBe(409);
    expect(onlyReplied.error?.message).toContain('sign-off');

    const byClerk = await client.rpc('sign_off_request', { request_id: id });
    expect(byClerk.status).toBe(403);
    expect((await (await signInAs('manager')).rpc('sign_off_request', { request_id: id })).error).toBeNull();
    const closed = await client.rpc('record_return_visit', { visit_id: visit.id, method: '电话', content: '回访', satisfaction: '满意' });
    expect(closed.error).toBeNull();
    expect(await sql(`select status from public.service_requests where id = $1`, [id])).toEqual([{ status: '已结案' }]);
  });
});

describe('a return visit is done only through its move', () => {
  it('refuses marking a visit done by a direct edit (visitor and time of one’s choosing); the request stays 待回访', async () => {
    const { client, id } = await inProgress();
    await client.rpc('resolve_request', { request_id: id, resolution: '更换水管' });
    const [visit] = await sql<{ id: string }>(`select id from public.return_visits where request_id = $1 and done_at is null`, [id]);
    for (const edit of [{ done_at: '2026-01-01T09:00:00+08:00' }, { visitor_id: operatorIds.kf1Colleague }]) {
      const direct = await client.from('return_visits').update({ method: '电话', satisfaction: '满意', ...edit }).eq('id', visit.id).select();
      expect(direct.status, JSON.stringify(edit)).toBe(403);
      expect(direct.error?.message).toMatch(bilingual);
    }
    expect(await sql(`select done_at, visitor_id, satisfaction from public.return_visits where id = $1`, [visit.id])).toEqual([{ done_at: null, visitor_id: null, satisfaction: null }]);
    expect(await sql(`select status from public.service_requests where id = $1`, [id])).toEqual([{ status: '待回访' }]);
  });
});

describe('退回 send back', () => {
  it('returns a request in progress to 受理 with the reason recorded, by its handler; the first receiver is told', async () => {
    const { client, id } = await inProgress();
    const noReason = await client.rpc('send_back_request', { request_id: id, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.error?.message).toMatch(bilingual);
    const sent = await client.rpc('send_back_request', { request_id: id, reason: '不属于本部门维修范围' });
    expect(sent.error).toBeNull();
    expect(await sql(`select status, handler_id, sent_back_reason from public.service_requests where id = $1`, [id])).toEqual([
      { status: '受理', handler_id: null, sent_back_reason: '不属于本部门维修范围' },
    ]);
    // (the manager may send back, but not a request that is not in progress)
    const again = await (await signInAs('manager')).rpc('send_back_request', { request_id: id, reason: '再次退回' });
    expect(again.status).toBe(409);
    expect(again.error?.message).toMatch(bilingual);
  });

  it('is the handler’s or the responsible department’s manager’s move: anyone else is refused (403) and nothing changes', async () => {
    const { client, row: { id } } = await recordRequest('manager', { kind: '报修', fault: '门锁坏了' });
    expect((await client.rpc('assign_request', { request_id: id, handler: operatorIds.kf1Colleague })).error).toBeNull();
    const before = await requestRow(id);
    // The clerk reads the department's repairs but neither handles this one nor manages the department.
    const byClerk = await (await signInAs('clerk')).rpc('send_back_request', { request_id: id, reason: '想退回' });
    expect(byClerk.status).toBe(403);
    expect(byClerk.error?.message).toMatch(bilingual);
    expect(await requestRow(id)).toEqual(before);
    const byManager = await client.rpc('send_back_request', { request_id: id, reason: '派错了人' });
    expect(byManager.error).toBeNull();
    expect((await requestRow(id)).status).toBe('受理');
  });

  it('is offered as a move on the request in progress to its handler', async () => {
    const { client, id } = await inProgress();
    const { data, error } = await client.rpc('row_rights', { register: 'service_requests', keys: [id] });
    expect(error).toBeNull();
    expect((data as { moves: string[] }[])[0].moves).toContain('send_back');
  });
});

describe('a refused move answers 4xx, never 500', () => {
  it('answers 404 for a request that does not exist or that the caller may not see, 409 for a move from the wrong state', async () => {
    const clerk = await signInAs('clerk');
    const missing = await clerk.rpc('assign_request', { request_id: crypto.randomUUID(), handler: operatorIds.clerk });
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toMatch(bilingual);
    const visit = await clerk.rpc('record_return_visit', { visit_id: crypto.randomUUID(), method: '电话', content: '回访', satisfaction: '满意' });
    expect(visit.status).toBe(404);

    const { client, row } = await recordRequest('clerk', { kind: '咨询' });
    const notInProgress = await client.rpc('resolve_request', { request_id: row.id, resolution: '已答复' });
    expect(notInProgress.status, JSON.stringify(notInProgress.error)).toBe(409);
    expect(notInProgress.error?.message).toMatch(bilingual);
  });
});
