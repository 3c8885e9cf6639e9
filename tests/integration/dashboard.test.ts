// Dashboard 仪表盘 (public.dashboard_summary): every figure is counted under the caller's own RLS —
// the director counts the whole centre, a KF1 manager KF1, a clerk their own — with Beijing months.
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { anonClient, createThrowawayOperator, signInAs, sql, stackEnv } from '../support/stack.ts';

type Summary = {
  as_of: string;
  month: string;
  todos: { unread: number; open: number };
  overdue: { complaints: number; filings: number; return_visits: number };
  complaints: { total: number; by_category: { category: string; count: number }[]; by_severity: { severity: string; count: number }[] };
  satisfaction_trend: { month: string; satisfied: number; fairly_satisfied: number; dissatisfied: number }[];
  return_visits: { due: number; done: number };
};

async function summaryOf(client: SupabaseClient, asOf?: string): Promise<Summary> {
  const { data, error } = await client.rpc('dashboard_summary', asOf ? { as_of: asOf } : {});
  if (error) throw new Error(`${error.code}: ${error.message}`);
  return data as Summary;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

// Other test files write to the same registers while this one runs. A figure is compared only
// when the rows behind it (`rowsSql`, first column the id) stood still for the whole reading.
type Row = { id: string; [column: string]: unknown };
async function whileStill<T>(rowsSql: string, read: () => Promise<T>): Promise<{ value: T; rows: Row[] }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = await sql<Row>(rowsSql);
    const value = await read();
    const after = await sql<Row>(rowsSql);
    if (JSON.stringify(before) === JSON.stringify(after)) return { value, rows: after };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the rows kept changing under other tests; no quiet moment to compare');
}

// Reads the figures before and after `arrange` adds one row to `rowsSql`; retried (with a new
// row) if anything else joined or left those rows in between.
async function aroundArranging<T>(rowsSql: string, arrange: () => Promise<string>, read: () => Promise<T>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await whileStill(rowsSql, read);
    const id = await arrange();
    const after = await whileStill(rowsSql, read);
    const was = new Set(before.rows.map((r) => r.id));
    const now = new Set(after.rows.map((r) => r.id));
    const joined = [...now].filter((x) => !was.has(x));
    const left = [...was].filter((x) => !now.has(x));
    if (joined.length === 1 && joined[0] === id && left.length === 0) return { before: before.value, after: after.value };
  }
  throw new Error('other tests kept changing the same rows; no quiet moment to measure');
}

const overdueComplaintsSql = `select id::text as id from public.service_requests
  where kind = '投诉' and replied_at is null and status <> '已结案' and reply_due < now() order by id`;
const overdueFilingsSql = `select id::text as id from public.customers
  where filed_at is null and status <> '公海' and filing_due < (now() at time zone 'Asia/Shanghai')::date order by id`;
const overdueVisitsSql = `select id::text as id from public.return_visits
  where done_at is null and planned_on < (now() at time zone 'Asia/Shanghai')::date order by id`;

const arranged = { requests: [] as string[], customers: [] as string[], visits: [] as string[] };
afterAll(async () => {
  await sql('delete from public.return_visits where id = any($1::uuid[])', [arranged.visits]);
  await sql('delete from public.customers where id = any($1::uuid[])', [arranged.customers]);
  await sql('delete from public.service_requests where id = any($1::uuid[])', [arranged.requests]);
});

async function overdueComplaintFrom(role: 'clerk' | 'clerk2' | 'manager'): Promise<string> {
  const department = role === 'clerk2' ? departmentIds.KF2 : departmentIds.KF1;
  const { row } = await recordRequest(role, complaint({ department_id: department, received_at: daysAgo(10) }));
  arranged.requests.push(row.id);
  return row.id;
}

describe('dashboard_summary', () => {
  it('is refused to anyone not signed in', async () => {
    const { error } = await anonClient().rpc('dashboard_summary');
    expect(error?.code).toBe('42501');
  });

  it('a notification raised for a clerk adds one to their unread to-dos; reading it takes it off', async () => {
    // A throwaway clerk: other test files raise notifications for the demo clerk at any time.
    const clerk = await createThrowawayOperator('clerk', 'KF1');
    try {
      const client = await clerk.client();
      const before = await summaryOf(client);
      const [note] = await sql<{ id: string }>(
        `insert into public.notifications (recipient_id, kind, title) values ($1, '系统', '仪表盘测试提醒') returning id`,
        [clerk.id],
      );
      const raised = await summaryOf(client);
      expect(raised.todos).toEqual({ unread: before.todos.unread + 1, open: before.todos.open + 1 });
      const read = await client.from('notifications').update({ read_at: new Date().toISOString() }).eq('id', note.id);
      expect(read.error).toBeNull();
      expect((await summaryOf(client)).todos).toEqual({ unread: before.todos.unread, open: before.todos.open + 1 });
      // The clerk's to-do is the clerk's alone: not even the director reads it.
      const director = await signInAs('director');
      expect((await director.from('notifications').select('id').eq('id', note.id)).data).toHaveLength(0);
    } finally {
      await clerk.remove();
    }
  });

  it('an overdue complaint received in KF2 counts for the director but not for the KF1 manager', async () => {
    const [director, manager] = await Promise.all([signInAs('director'), signInAs('manager')]);
    const { before, after } = await aroundArranging(
      overdueComplaintsSql,
      () => overdueComplaintFrom('clerk2'),
      async () => ({ director: (await summaryOf(director)).overdue.complaints, manager: (await summaryOf(manager)).overdue.complaints }),
    );
    expect(after.director).toBe(before.director + 1);
    expect(after.manager).toBe(before.manager);
  });

  it('an overdue complaint the KF1 manager received counts for the manager but not for a KF1 clerk, who counts only their own', async () => {
    const [manager, clerk] = await Promise.all([signInAs('manager'), signInAs('clerk')]);
    const read = async () => ({ manager: (await summaryOf(manager)).overdue.complaints, clerk: (await summaryOf(clerk)).overdue.complaints });
    const managers = await aroundArranging(overdueComplaintsSql, () => overdueComplaintFrom('manager'), read);
    expect(managers.after).toEqual({ manager: managers.before.manager + 1, clerk: managers.before.clerk });
    const clerks = await aroundArranging(overdueComplaintsSql, () => overdueComplaintFrom('clerk'), read);
    expect(clerks.after).toEqual({ manager: clerks.before.manager + 1, clerk: clerks.before.clerk + 1 });
  });

  it('a KF2 customer past the filing deadline and a KF2 return visit past its date count for the director, not for the KF1 manager', async () => {
    const [director, manager, clerk2] = await Promise.all([signInAs('director'), signInAs('manager'), signInAs('clerk2')]);
    const newCustomer = async () => {
      const { data, error } = await clerk2
        .from('customers')
        .insert({ name: unique('仪表盘客户'), phone: uniquePhone(), first_contact_at: daysAgo(30) })
        .select('id')
        .single();
      if (error) throw new Error(`${error.code}: ${error.message}`);
      arranged.customers.push(data.id);
      // (the card went round the reception roster; as its manager would, hand it to clerk2)
      await sql('update public.customers set owner_id = $1 where id = $2', [operatorIds.clerk2, data.id]);
      return data.id as string;
    };
    const filings = await aroundArranging(overdueFilingsSql, newCustomer, async () => ({
      director: (await summaryOf(director)).overdue.filings,
      manager: (await summaryOf(manager)).overdue.filings,
    }));
    expect(filings.after).toEqual({ director: filings.before.director + 1, manager: filings.before.manager });

    const customerId = arranged.customers[arranged.customers.length - 1];
    const newVisit = async () => {
      const { data, error } = await clerk2
        .from('return_visits')
        .insert({ source: '例行', customer_id: customerId, planned_on: daysAgo(10).slice(0, 10) })
        .select('id')
        .single();
      if (error) throw new Error(`${error.code}: ${error.message}`);
      arranged.visits.push(data.id);
      return data.id as string;
    };
    const visits = await aroundArranging(overdueVisitsSql, newVisit, async () => ({
      director: (await summaryOf(director)).overdue.return_visits,
      manager: (await summaryOf(manager)).overdue.return_visits,
    }));
    expect(visits.after).toEqual({ director: visits.before.director + 1, manager: visits.before.manager });
  });

  it("this month's complaints by category and severity are, for the director, a plain count over the Beijing month", async () => {
    const { row } = await recordRequest('clerk2', complaint({ department_id: departmentIds.KF2, complaint_category: '物流', severity: '严重' }));
    arranged.requests.push(row.id);
    const director = await signInAs('director');
    // The director reads every complaint except one that names the director (recusal).
    const { value, rows } = await whileStill(
      `select id::text as id, complaint_category, severity from public.service_requests
       where kind = '投诉' and accused_operator_id is distinct from '${operatorIds.director}'
         and date_trunc('month', received_at at time zone 'Asia/Shanghai') = date_trunc('month', now() at time zone 'Asia/Shanghai')
       order by id`,
      () => summaryOf(director),
    );
    const tally = (key: 'complaint_category' | 'severity') =>
      Object.fromEntries([...new Set(rows.map((r) => String(r[key])))].map((k) => [k, rows.filter((r) => r[key] === k).length]));
    expect(rows.map((r) => r.id)).toContain(row.id);
    expect(value.complaints.total).toBe(rows.length);
    expect(Object.fromEntries(value.complaints.by_category.map((c) => [c.category, c.count]))).toEqual(tally('complaint_category'));
    expect(Object.fromEntries(value.complaints.by_severity.map((s) => [s.severity, s.count]))).toEqual(tally('severity'));
  });

  it('the month is Beijing’s: at 00:30 on 1 December (Beijing) a complaint from 23:30 on 30 November is last month’s', async () => {
    // In one repeatable-read transaction, signed in as the director the way PostgREST does it,
    // and rolled back: nothing other tests write can move the numbers, and nothing is left behind.
    const [director] = await sql<{ user_id: string }>('select user_id from public.operators where id = $1', [operatorIds.director]);
    const db = new pg.Client({ connectionString: stackEnv().DB_URL });
    await db.connect();
    try {
      await db.query('begin isolation level repeatable read');
      const asDirector = async () => {
        await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: director.user_id, role: 'authenticated' })]);
        await db.query('set local role authenticated');
        const { rows } = await db.query<{ s: Summary }>(`select public.dashboard_summary('2026-12-01T00:30:00+08:00') as s`);
        await db.query('reset role');
        return rows[0].s;
      };
      const before = await asDirector();
      const insert = `insert into public.service_requests (kind, complaint_category, severity, caller_name, content, department_id, received_at)
                      values ('投诉', $1, '一般', '跨月测试', '跨月投诉测试', $2, $3)`;
      // Both are 30 November in UTC; only the second is December in Beijing.
      await db.query(insert, ['申诉', departmentIds.KF2, '2026-11-30T23:30:00+08:00']);
      await db.query(insert, ['产品质量', departmentIds.KF2, '2026-12-01T00:10:00+08:00']);
      const after = await asDirector();
      expect(after.month).toBe('2026-12-01');
      expect(after.complaints.total).toBe(before.complaints.total + 1);
      const count = (s: Summary, category: string) => s.complaints.by_category.find((c) => c.category === category)?.count ?? 0;
      expect(count(after, '申诉')).toBe(count(before, '申诉'));
      expect(after.satisfaction_trend.map((m) => m.month)).toEqual(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
    } finally {
      await db.query('rollback').catch(() => undefined);
      await db.end();
    }
  });

  it('the satisfaction trend and this month’s return-visit completion are, for the director, plain counts of return visits', async () => {
    const director = await signInAs('director');
    const { value, rows } = await whileStill(
      `select v.id::text as id, v.satisfaction,
              to_char(v.done_at at time zone 'Asia/Shanghai', 'YYYY-MM-01') as done_month,
              date_trunc('month', v.planned_on) = date_trunc('month', now() at time zone 'Asia/Shanghai') as planned_this_month
       from public.return_visits v
       left join public.service_requests r on r.id = v.request_id
       where r.accused_operator_id is distinct from '${operatorIds.director}'
       order by v.id`,
      () => summaryOf(director),
    );
    expect(value.satisfaction_trend).toHaveLength(6);
    expect(value.satisfaction_trend[5].month).toBe(value.month);
    for (const m of value.satisfaction_trend) {
      const visits = rows.filter((r) => r.done_month === m.month);
      expect(m, m.month).toEqual({
        month: m.month,
        satisfied: visits.filter((r) => r.satisfaction === '满意').length,
        fairly_satisfied: visits.filter((r) => r.satisfaction === '基本满意').length,
        dissatisfied: visits.filter((r) => r.satisfaction === '不满意').length,
      });
    }
    const due = rows.filter((r) => r.planned_this_month);
    expect(value.return_visits).toEqual({ due: due.length, done: due.filter((r) => r.done_month !== null).length });
    expect(value.return_visits.due).toBeGreaterThan(0);
  });
});
