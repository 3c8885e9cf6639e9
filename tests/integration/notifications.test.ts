// Notifications 待办提醒: addressed to one person, who alone sees them and marks them read or done.
import { describe, expect, it } from 'vitest';
import { operatorIds } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

async function notify(recipient: string, title: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.notifications (recipient_id, kind, title) values ($1, '系统', $2) returning id`,
    [recipient, title],
  );
  return row.id;
}

describe('notifications', () => {
  it('are seen by their addressee only', async () => {
    const id = await notify(operatorIds.clerk, `测试提醒${Date.now()}`);
    expect((await (await signInAs('clerk')).from('notifications').select('id').eq('id', id)).data).toHaveLength(1);
    for (const role of ['clerk2', 'manager', 'director', 'gm', 'admin'] as const) {
      expect((await (await signInAs(role)).from('notifications').select('id').eq('id', id)).data, role).toHaveLength(0);
    }
  });

  it('are marked read and done by the addressee, who cannot rewrite or redirect them', async () => {
    const id = await notify(operatorIds.clerk, '请处理回访');
    const clerk = await signInAs('clerk');
    const read = await clerk.from('notifications').update({ read_at: new Date().toISOString(), done_at: new Date().toISOString() }).eq('id', id).select().single();
    expect(read.error).toBeNull();
    expect(read.data.done_at).toBeTruthy();
    expect((await clerk.from('notifications').update({ title: '改掉标题' }).eq('id', id)).error?.code).toBe('42501');
    expect((await clerk.from('notifications').update({ recipient_id: operatorIds.clerk2 }).eq('id', id)).error?.code).toBe('42501');
    expect(await sql(`select title, recipient_id from public.notifications where id = $1`, [id])).toEqual([{ title: '请处理回访', recipient_id: operatorIds.clerk }]);
  });

  it('cannot be raised by an operator for someone else', async () => {
    const clerk = await signInAs('clerk');
    const { error } = await clerk.from('notifications').insert({ recipient_id: operatorIds.clerk2, kind: '系统', title: '伪造提醒' });
    expect(error?.code).toBe('42501');
  });

  it('are raised once per dedupe key, however often a rule fires', async () => {
    const key = `test:${Date.now()}`;
    const first = await sql<{ notify: boolean }>(`select private.notify($1, '系统', '一次 | Once', null, null, null, null, $2)`, [operatorIds.clerk, key]);
    const second = await sql<{ notify: boolean }>(`select private.notify($1, '系统', '一次 | Once', null, null, null, null, $2)`, [operatorIds.clerk, key]);
    expect([first[0].notify, second[0].notify]).toEqual([true, false]);
  });
});
