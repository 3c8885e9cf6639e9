// Complaints 投诉: the 3-day reply, immediate escalation of serious and major complaints, recusal of the person
// complained about, discretion (不得告知不相关人员) and the responsible department's sign-off.
import { describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

const hours = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / 3_600_000;

describe('reply deadline', () => {
  it('is 3 days after receipt whatever the severity (003: 3天內給予用戶明確的答復; a major one is escalated at once instead)', async () => {
    const ordinary = await recordRequest('clerk', complaint({ received_at: '2026-11-20T09:00:00+08:00' }));
    expect(hours('2026-11-20T09:00:00+08:00', ordinary.row.reply_due ?? '')).toBe(72);
    const major = await recordRequest('clerk', complaint({ severity: '重大', received_at: '2026-11-20T09:00:00+08:00' }));
    expect(hours('2026-11-20T09:00:00+08:00', major.row.reply_due ?? '')).toBe(72);
  });

  it('follows the setting when an admin changes it', async () => {
    await sql(`update public.settings set value = '2' where key = 'complaint.reply_days.serious'`);
    try {
      const serious = await recordRequest('clerk', complaint({ severity: '严重', received_at: '2026-11-20T09:00:00+08:00' }));
      expect(hours('2026-11-20T09:00:00+08:00', serious.row.reply_due ?? '')).toBe(48);
    } finally {
      await sql(`update public.settings set value = '3' where key = 'complaint.reply_days.serious'`);
    }
  });

  it('cannot be moved by its clerk changing the severity or the time received; the department manager may re-grade it', async () => {
    const { client, row } = await recordRequest('clerk', complaint({ severity: '重大' }));
    const dueBefore = row.reply_due;
    const regrade = await client.from('service_requests').update({ severity: '一般' }).eq('id', row.id).select();
    expect(regrade.status).toBe(403);
    expect(regrade.error?.message).toMatch(/严重程度.* \| Severity/);
    const backdate = await client.from('service_requests').update({ received_at: '2099-01-01T09:00:00+08:00' }).eq('id', row.id).select();
    expect(backdate.status).toBe(403);
    expect(await sql(`select severity, reply_due from public.service_requests where id = $1`, [row.id])).toEqual([{ severity: '重大', reply_due: new Date(dueBefore!) }]);
    const byManager = await (await signInAs('manager')).from('service_requests').update({ severity: '严重' }).eq('id', row.id).select().single();
    expect(byManager.error).toBeNull();
    expect(hours(row.received_at as string, (byManager.data as { reply_due: string }).reply_due)).toBe(72);
  });

  it('is met by a reply, which records when', async () => {
    const { client, row } = await recordRequest('clerk', complaint());
    const replied = await client.rpc('reply_complaint', { request_id: row.id, reply: '已书面答复处理意见' });
    expect(replied.error).toBeNull();
    expect(replied.data.replied_at).toBeTruthy();
  });
});

describe('a major complaint (重大)', () => {
  it('notifies the director at once and is marked escalated', async () => {
    const { row } = await recordRequest('clerk', complaint({ severity: '重大' }));
    const director = await signInAs('director');
    const notes = await director.from('notifications').select('kind, link_id').eq('link_id', row.id);
    expect(notes.data).toEqual([{ kind: '投诉升级', link_id: row.id }]);
    expect((await sql(`select escalated_at from public.service_requests where id = $1`, [row.id]))[0].escalated_at).not.toBeNull();
  });
});

describe('recusal (回避)', () => {
  it('the person complained about can neither read the complaint nor be its handler', async () => {
    const { client, row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: operatorIds.clerk2, evidence: '通话录音' }));
    const accused = await signInAs('clerk2');
    expect((await accused.from('service_requests').select('id').eq('id', row.id)).data).toHaveLength(0);
    const assign = await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk2 });
    expect(assign.error?.message).toContain('回避');
    await expect(
      sql(`select set_config('taizhang.workflow', 'on', false); update public.service_requests set handler_id = $1 where id = $2`, [operatorIds.clerk2, row.id]),
    ).rejects.toThrow();
  });

  it('hides a complaint even from its manager-level reader when that reader is the one complained about', async () => {
    const { row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: operatorIds.manager }));
    const manager = await signInAs('manager');
    expect((await manager.from('service_requests').select('id').eq('id', row.id)).data).toHaveLength(0);
    const director = await signInAs('director');
    expect((await director.from('service_requests').select('id').eq('id', row.id)).data).toHaveLength(1);
  });
});

describe('discretion: who reads a complaint', () => {
  it('its receiver, its handler, their managers, director and gm — not an uninvolved colleague', async () => {
    const { client, row } = await recordRequest('clerk', complaint());
    await client.rpc('assign_request', { request_id: row.id, handler: operatorIds.clerk });
    for (const role of ['clerk', 'manager', 'director', 'gm'] as const) {
      expect((await (await signInAs(role)).from('service_requests').select('id').eq('id', row.id)).data, role).toHaveLength(1);
    }
    for (const role of ['clerk2', 'archivist', 'admin'] as const) {
      expect((await (await signInAs(role)).from('service_requests').select('id').eq('id', row.id)).data, role).toHaveLength(0);
    }
  });

  it('a colleague in the same department sees its consultations but not its complaints', async () => {
    const colleague = await createThrowawayOperator('clerk', 'KF1');
    try {
      const { row: consultation } = await recordRequest('clerk', { kind: '咨询' });
      const { row: grievance } = await recordRequest('clerk', complaint());
      const client = await colleague.client();
      expect((await client.from('service_requests').select('id').eq('id', consultation.id)).data).toHaveLength(1);
      expect((await client.from('service_requests').select('id').eq('id', grievance.id)).data).toHaveLength(0);
    } finally {
      await colleague.remove();
    }
  });
});

describe('sign-off by the responsible department (签字认可)', () => {
  it('is recorded with who and when, and only its manager or the director may sign', async () => {
    const { client, row } = await recordRequest('clerk', complaint());
    expect((await client.rpc('sign_off_request', { request_id: row.id })).error?.code).toBe('42501');
    const manager = await signInAs('manager');
    const signed = await manager.rpc('sign_off_request', { request_id: row.id });
    expect(signed.error).toBeNull();
    expect(signed.data).toMatchObject({ signed_off_by: operatorIds.manager });
    expect(signed.data.signed_off_at).toBeTruthy();
    expect((await manager.rpc('sign_off_request', { request_id: row.id })).error?.message).toContain('已于');
  });
});
