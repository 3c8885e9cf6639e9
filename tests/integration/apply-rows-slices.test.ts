// apply_rows' fast path for imports (issue 18): a batch of new rows goes in a statement at a time;
// a refused row no longer sends the whole batch row by row, its slice is halved until the bad rows
// stand alone. Every rule still holds: the refused rows are named by their place with the rule's
// words, the others are written once each, and a dry run writes nothing.
import { describe, expect, it } from 'vitest';
import { departmentIds, unique } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

type Outcome = { index: number; ok: boolean; key?: string; message?: string; constraint?: string };

const batch = (tag: string, bad: Set<number>) =>
  Array.from({ length: 100 }, (_, i) => ({
    key: null,
    version: null,
    values: { kind: '咨询', channel: '电话', caller_name: `分片来电人${i}`, phone: '13900000000', content: bad.has(i) ? 'x' : `${tag} #${i}`, department_id: departmentIds.KF1 },
  }));

describe('a large batch with a few refused rows', () => {
  it('writes every good row once and names each refused one by its place and the rule, in order', async () => {
    const tag = unique('分片');
    const clerk = await signInAs('clerk');
    const { data, error } = await clerk.rpc('apply_rows', { register: 'service_requests', rows: batch(tag, new Set([17, 63])), dry_run: false });
    expect(error).toBeNull();
    const report = data as { applied: number; failed: number; rows: Outcome[] };
    expect([report.applied, report.failed]).toEqual([98, 2]);
    expect(report.rows.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(report.rows.filter((r) => !r.ok).map((r) => [r.index, r.constraint, r.message])).toEqual([
      [17, 'service_requests_content_not_blank', '内容 2–4000 字'],
      [63, 'service_requests_content_not_blank', '内容 2–4000 字'],
    ]);
    const written = await sql<{ content: string; n: number }>('select content, count(*)::int as n from public.service_requests where content like $1 group by content', [`${tag} #%`]);
    expect(written).toHaveLength(98);
    expect(written.every((r) => r.n === 1)).toBe(true);
    // Each written row's key is the one reported for its place; the triggers ran (首问责任人 = the clerk).
    const keys = report.rows.filter((r) => r.ok).map((r) => r.key);
    const rows = await sql<{ id: string; receiver_name: string }>(
      'select s.id, o.name as receiver_name from public.service_requests s join public.operators o on o.id = s.receiver_id where s.id = any($1::uuid[])',
      [keys],
    );
    expect(rows).toHaveLength(98);
    expect(new Set(rows.map((r) => r.receiver_name))).toEqual(new Set(['王小明']));
    // Every written row is in the audit log once.
    const [audit] = await sql<{ n: number }>(`select count(*)::int as n from public.audit_log where table_name = 'service_requests' and action = 'insert' and row_id = any($1)`, [keys]);
    expect(audit.n).toBe(98);
  });

  it('reports the same in a dry run and writes nothing', async () => {
    const tag = unique('分片试');
    const clerk = await signInAs('clerk');
    const { data } = await clerk.rpc('apply_rows', { register: 'service_requests', rows: batch(tag, new Set([0, 99])), dry_run: true });
    const report = data as { applied: number; failed: number; rows: Outcome[] };
    expect([report.applied, report.failed]).toEqual([98, 2]);
    expect(report.rows.filter((r) => !r.ok).map((r) => r.index)).toEqual([0, 99]);
    const [none] = await sql<{ n: number }>('select count(*)::int as n from public.service_requests where content like $1', [`${tag} #%`]);
    expect(none.n).toBe(0);
  });
});
