// Issue 18: what the import's speed-ups (a dry run without audit rows, the caller and a new
// request's deadlines remembered for the transaction) must not change. A dry run leaves no trace
// and a real write is always audited, under its writer's name: nobody switches the audit off by
// setting the dry run's flag himself, neither as a setting in his session nor as a request header.
// Deadlines and the first receiver are the same for a request filed alone or among thousands, and
// follow a change of the settings, the calendar or the caller within the same transaction.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

type Report = { applied: number; failed: number; rows: { index: number; ok: boolean; key?: string }[] };

const request = (tag: string, i: number, kind = '咨询') => ({
  key: null,
  version: null,
  values: { kind, channel: '电话', caller_name: `速度来电人${i}`, phone: '13900000000', content: `${tag} #${i}`, department_id: departmentIds.KF1 },
});
const auditedFor = async (tag: string) =>
  (await sql<{ n: number }>(`select count(*)::int as n from public.audit_log where table_name = 'service_requests' and after ->> 'content' like $1`, [`${tag} #%`]))[0].n;

describe('an import’s dry run and the audit log', () => {
  it('a dry run writes no audit rows and nothing else; the real write audits every row under the clerk’s name', async () => {
    const tag = unique('速审');
    const clerk = await signInAs('clerk');
    const rows = Array.from({ length: 40 }, (_, i) => request(tag, i));
    const dry = await clerk.rpc('apply_rows', { register: 'service_requests', rows, dry_run: true });
    expect(dry.error).toBeNull();
    expect((dry.data as Report).applied).toBe(40);
    expect(await auditedFor(tag)).toBe(0);
    const [none] = await sql<{ n: number }>('select count(*)::int as n from public.service_requests where content like $1', [`${tag} #%`]);
    expect(none.n).toBe(0);

    const real = await clerk.rpc('apply_rows', { register: 'service_requests', rows, dry_run: false });
    expect(real.error).toBeNull();
    expect((real.data as Report).applied).toBe(40);
    const audit = await sql<{ action: string; actor_operator_id: string; actor_role: string; n: number }>(
      `select action, actor_operator_id, actor_role, count(*)::int as n from public.audit_log
       where table_name = 'service_requests' and after ->> 'content' like $1 group by 1, 2, 3`,
      [`${tag} #%`],
    );
    expect(audit).toEqual([{ action: 'insert', actor_operator_id: operatorIds.clerk, actor_role: 'authenticated', n: 40 }]);
  });

  it('a clerk who sends the dry run’s flag as a request header is audited as ever', async () => {
    const tag = unique('速头');
    const clerk = await signInAs('clerk');
    const { data: session } = await clerk.auth.getSession();
    const env = stackEnv();
    const headers = {
      apikey: env.ANON_KEY,
      Authorization: `Bearer ${session.session!.access_token}`,
      'Content-Type': 'application/json',
      'taizhang.dry_run': 'on',
      'x-taizhang-dry-run': 'on',
      Prefer: 'return=minimal',
    };
    const inserted = await fetch(`${env.API_URL}/rest/v1/service_requests`, { method: 'POST', headers, body: JSON.stringify(request(tag, 1).values) });
    expect(inserted.status).toBe(201);
    const applied = await fetch(`${env.API_URL}/rest/v1/rpc/apply_rows`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ register: 'service_requests', rows: [request(tag, 2)], dry_run: false }),
    });
    expect(applied.status).toBe(200);
    expect(((await applied.json()) as Report).applied).toBe(1);
    expect(await auditedFor(tag)).toBe(2);
  });

  describe('in a session of his own (as PostgREST signs him in)', () => {
    let db: pg.Client;
    beforeEach(async () => {
      db = new pg.Client({ connectionString: stackEnv().DB_URL });
      await db.connect();
    });
    afterEach(async () => {
      await db.query('rollback').catch(() => undefined);
      await db.end();
    });
    const asClerk = async (who: string = operatorIds.clerk) => {
      const [{ user_id }] = await sql<{ user_id: string }>('select user_id from public.operators where id = $1', [who]);
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user_id, role: 'authenticated' })]);
      await db.query('set local role authenticated');
    };

    it('a clerk who sets the dry run’s flag himself and writes — directly or through apply_rows — is audited', async () => {
      const tag = unique('速旗');
      await db.query('begin');
      await asClerk();
      await db.query(`select set_config('taizhang.dry_run', 'on', true)`);
      await db.query(`insert into public.service_requests (kind, channel, caller_name, content, department_id) values ('咨询', '电话', '旗', $1, $2)`, [`${tag} #1`, departmentIds.KF1]);
      await db.query(`select public.apply_rows('service_requests', $1::jsonb, false)`, [JSON.stringify([request(tag, 2)])]);
      // and once more after a dry run in the same transaction: the dry run's flag went with its rollback
      await db.query(`select public.apply_rows('service_requests', $1::jsonb, true)`, [JSON.stringify([request(tag, 3)])]);
      await db.query(`insert into public.service_requests (kind, channel, caller_name, content, department_id) values ('咨询', '电话', '旗', $1, $2)`, [`${tag} #4`, departmentIds.KF1]);
      await db.query('reset role');
      await db.query('commit');
      const audit = await sql<{ content: string; actor_operator_id: string }>(
        `select after ->> 'content' as content, actor_operator_id from public.audit_log where table_name = 'service_requests' and after ->> 'content' like $1 order by 1`,
        [`${tag} #%`],
      );
      expect(audit).toEqual([
        { content: `${tag} #1`, actor_operator_id: operatorIds.clerk },
        { content: `${tag} #2`, actor_operator_id: operatorIds.clerk },
        { content: `${tag} #4`, actor_operator_id: operatorIds.clerk },
      ]);
    });

    it('two people writing in one transaction are each the first receiver and the writer in the audit log', async () => {
      const tag = unique('速人');
      await db.query('begin');
      await asClerk(operatorIds.clerk);
      await db.query(`select public.apply_rows('service_requests', $1::jsonb, false)`, [JSON.stringify([request(tag, 1)])]);
      await db.query('reset role');
      await asClerk(operatorIds.clerk2);
      await db.query(`select public.apply_rows('service_requests', $1::jsonb, false)`, [JSON.stringify([{ ...request(tag, 2), values: { ...request(tag, 2).values, department_id: departmentIds.KF2 } }])]);
      await db.query('reset role');
      const { rows } = await db.query<{ content: string; receiver_id: string; receiver_department_id: string; actor_operator_id: string }>(
        `select s.content, s.receiver_id, s.receiver_department_id, a.actor_operator_id
         from public.service_requests s join public.audit_log a on a.table_name = 'service_requests' and a.row_id = s.id::text
         where s.content like $1 order by 1`,
        [`${tag} #%`],
      );
      expect(rows).toEqual([
        { content: `${tag} #1`, receiver_id: operatorIds.clerk, receiver_department_id: departmentIds.KF1, actor_operator_id: operatorIds.clerk },
        { content: `${tag} #2`, receiver_id: operatorIds.clerk2, receiver_department_id: departmentIds.KF2, actor_operator_id: operatorIds.clerk2 },
      ]);
    });

    it('a request filed among many gets the deadlines it gets alone, and a settings or calendar change in the same transaction counts at once', async () => {
      const tag = unique('速限');
      const received = '2026-09-30T20:00:00+08:00'; // a Wednesday evening before the National Day holidays
      await db.query('begin');
      // (the received time is the database's to set: the rows are filed here as the console would, 25 at once)
      const file = async (i: number, kind: string) => {
        await db.query(
          `insert into public.service_requests (kind, channel, caller_name, content, department_id, received_at)
           select $1::text, '电话', '速度来电人', $2::text || ' #' || ($3::integer * 100 + k), $4::uuid, $5::timestamptz from generate_series(0, 24) k`,
          [kind, tag, i, departmentIds.KF1, received],
        );
        const due = await db.query<{ handover_due: Date; answer_due: Date | null; settle_due: Date | null; investigate_due: Date | null; complete_due: Date | null; n: number }>(
          `select handover_due, answer_due, settle_due, investigate_due, complete_due, count(*)::int as n from public.service_requests
           where content like $1 group by 1, 2, 3, 4, 5`,
          [`${tag} #${i}__`],
        );
        expect(due.rows).toHaveLength(1); // every one of the 25 alike
        return due.rows[0];
      };
      const expected = async (hours: number, settleDays: number) =>
        (
          await db.query<{ handover_due: Date; settle_due: Date }>(
            `select private.request_deadline_after_hours($1::timestamptz, $2::integer) as handover_due, private.request_deadline_end_of_working_day($1::timestamptz, $3::integer) as settle_due`,
            [received, hours, settleDays],
          )
        ).rows[0];

      const first = await file(1, '咨询');
      const plain = await expected(24, 2);
      expect([first.handover_due, first.settle_due]).toEqual([plain.handover_due, plain.settle_due]);
      expect(first.answer_due).toEqual(new Date(new Date(received).getTime() + 12 * 3600_000));

      await db.query(`update public.settings set value = '200' where key = 'request.handover_hours'`);
      const afterSetting = await file(2, '咨询');
      const longer = await expected(200, 2);
      expect(afterSetting.handover_due).toEqual(longer.handover_due);
      expect(afterSetting.handover_due).not.toEqual(first.handover_due);

      // 1 October becomes a working day: the settle-by (2 working days) comes a week sooner.
      await db.query(`insert into public.business_calendar (day, kind, name) values ('2026-10-01', 'workday', '测试调休') on conflict (day) do update set kind = 'workday'`);
      const afterCalendar = await file(3, '咨询');
      const sooner = await expected(200, 2);
      expect(afterCalendar.settle_due).toEqual(sooner.settle_due);
      expect(afterCalendar.settle_due).not.toEqual(afterSetting.settle_due);

      const repair = await file(4, '报修');
      const repairDue = (
        await db.query<{ investigate_due: Date; complete_due: Date }>(
          `select private.request_deadline_end_of_working_day($1::timestamptz, 0) as investigate_due, private.request_deadline_end_of_working_day($1::timestamptz, private.repair_complete_working_days('一般')) as complete_due`,
          [received],
        )
      ).rows[0];
      expect([repair.investigate_due, repair.complete_due, repair.answer_due, repair.settle_due]).toEqual([repairDue.investigate_due, repairDue.complete_due, null, null]);
      await db.query('rollback');
    });
  });
});
