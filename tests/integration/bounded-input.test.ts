// Bounded input (issue 11, point 6): every free-text column has a length limit, numbers are
// finite, dates fall in the years 2000–2100. Tried as the clerk through the REST API and through
// apply_rows (the batch write behind paste and import); each refusal names the column and
// nothing is stored.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

type RowResult = { ok: boolean; column?: string; constraint?: string; message?: string; message_en?: string };

const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
let clerk: SupabaseClient;
let customerId: string;

beforeAll(async () => {
  clerk = await signInAs('clerk');
  [{ id: customerId }] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
    [unique('有界'), uniquePhone(), departmentIds.KF1, operatorIds.clerk],
  );
});
afterAll(async () => {
  if (customerId) {
    await sql('delete from public.contacts where customer_id = $1', [customerId]);
    await sql('delete from public.customers where id = $1', [customerId]);
  }
});

async function applyOne(register: string, values: Record<string, unknown>, key: string | null = null): Promise<RowResult> {
  const { data, error } = await clerk.rpc('apply_rows', { register, rows: [{ key, values }] });
  if (error) throw new Error(`apply_rows refused the whole call: ${JSON.stringify(error)}`);
  const report = data as { applied: number; failed: number; rows: RowResult[] };
  expect(report).toMatchObject({ applied: 0, failed: 1 });
  return report.rows[0];
}

const countCustomers = async (name: string) => (await sql(`select 1 from public.customers where name = $1`, [name])).length;
const countRequests = async (caller: string) => (await sql(`select 1 from public.service_requests where caller_name = $1`, [caller])).length;
const countContacts = async (summary: string) => (await sql(`select 1 from public.contacts where summary = $1`, [summary])).length;

describe('a 10 MB note', () => {
  it('is refused through the REST API with HTTP 400 naming the notes column, and nothing is stored', async () => {
    const name = unique('长备注');
    const refused = await clerk.from('customers').insert({ name, phone: uniquePhone(), notes: tenMegabytes });
    expect(refused.status).toBe(400);
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('customers_notes_length');
    expect(await countCustomers(name)).toBe(0);
  });

  it('is refused through apply_rows with the column and its message, and nothing is stored', async () => {
    const name = unique('长备注');
    const row = await applyOne('customers', { name, phone: uniquePhone(), notes: tenMegabytes });
    expect(row).toMatchObject({ ok: false, column: 'notes', constraint: 'customers_notes_length', message: '备注最多 4000 字', message_en: 'Notes: at most 4000 characters' });
    expect(await countCustomers(name)).toBe(0);
  });

  it('is refused as an edit of an existing card too, which keeps its note', async () => {
    const refused = await clerk.from('customers').update({ notes: 'y'.repeat(4001) }).eq('id', customerId);
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('customers_notes_length');
    const row = await applyOne('customers', { notes: 'y'.repeat(4001) }, customerId);
    expect(row).toMatchObject({ ok: false, column: 'notes' });
    expect(await sql(`select notes from public.customers where id = $1`, [customerId])).toEqual([{ notes: null }]);
    // 4000 characters is the limit, not past it.
    const atLimit = await clerk.from('customers').update({ notes: 'y'.repeat(4000) }).eq('id', customerId);
    expect(atLimit.error).toBeNull();
  });

  it('is refused as a complaint’s evidence, and the request is not stored', async () => {
    const caller = unique('长证据');
    const refused = await clerk.from('service_requests').insert({
      kind: '投诉', complaint_category: '服务质量', severity: '一般', caller_name: caller, content: '服务态度差',
      department_id: departmentIds.KF1, evidence: tenMegabytes,
    });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('service_requests_evidence_length');
    expect(await countRequests(caller)).toBe(0);
  });
});

describe('a repair cost', () => {
  it('refuses NaN through the REST API and apply_rows, and nothing is stored', async () => {
    const base = { kind: '报修', content: '水管漏水', department_id: departmentIds.KF1 };
    const caller = unique('非数');
    const refused = await clerk.from('service_requests').insert({ ...base, caller_name: caller, cost: 'NaN' });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('service_requests_cost_finite');
    const row = await applyOne('service_requests', { ...base, caller_name: caller, cost: 'NaN' });
    expect(row).toMatchObject({ ok: false, column: 'cost', message: '费用必须是有限的数', message_en: 'Cost: must be a finite number' });
    expect(await countRequests(caller)).toBe(0);
  });

  it('refuses Infinity and -Infinity, and nothing is stored', async () => {
    const caller = unique('无穷费用');
    for (const cost of ['Infinity', '-Infinity']) {
      const refused = await clerk.from('service_requests').insert({ kind: '报修', caller_name: caller, content: '水管漏水', department_id: departmentIds.KF1, cost });
      expect(refused.status).toBe(400);
    }
    expect(await countRequests(caller)).toBe(0);
  });
});

describe('a contact date', () => {
  // "Absurd" is outside the years 2000–2100 (the range the working-day functions accept). A
  // contact dated in 2099 is inside it: keeping contacts from being dated in the future is a
  // separate rule, not this one.
  it('refuses infinity, -infinity, 1999 and 2101 through the REST API, and nothing is stored', async () => {
    const summary = unique('荒谬日期');
    for (const contactAt of ['infinity', '-infinity', '1999-12-31T23:00:00+08:00', '2101-01-01T00:00:00+08:00']) {
      const refused = await clerk.from('contacts').insert({ customer_id: customerId, kind: '电话', summary, contact_at: contactAt });
      expect(refused.status, contactAt).toBe(400);
      expect(refused.error?.message, contactAt).toContain('contacts_contact_at_range');
    }
    expect(await countContacts(summary)).toBe(0);
  });

  it('refuses infinity through apply_rows with the column and its message, and nothing is stored', async () => {
    const summary = unique('荒谬日期');
    const row = await applyOne('contacts', { customer_id: customerId, kind: '电话', summary, contact_at: 'infinity' });
    expect(row).toMatchObject({ ok: false, column: 'contact_at', constraint: 'contacts_contact_at_range', message: '时间须在 2000–2100 年之间' });
    expect(await countContacts(summary)).toBe(0);
  });

  it('refuses a next step dated infinity', async () => {
    const summary = unique('荒谬日期');
    const refused = await clerk.from('contacts').insert({ customer_id: customerId, kind: '电话', summary, next_step_on: 'infinity' });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('contacts_next_step_on_range');
    expect(await countContacts(summary)).toBe(0);
  });
});

describe('every bound has a refusal message', () => {
  it('each length, finite and range check on the registers carries a "中文 | English" comment', async () => {
    const missing = await sql<{ conname: string }>(
      `select c.conname from pg_catalog.pg_constraint c
       where c.connamespace = 'public'::regnamespace and c.contype = 'c' and c.conname ~ '_(length|finite|range)$'
         and coalesce(pg_catalog.obj_description(c.oid, 'pg_constraint'), '') not like '%|%'`,
    );
    expect(missing).toEqual([]);
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from pg_catalog.pg_constraint where connamespace = 'public'::regnamespace and contype = 'c' and conname ~ '_(length|finite|range)$'`,
    );
    expect(n).toBeGreaterThan(60);
  });
});

describe('every column a person can write is bounded', () => {
  // Read from the catalog, not a hand-kept list: a column added later without a bound fails here.
  it('each text, JSON, list, number and date column the API roles may insert or update has a check constraint', async () => {
    const unbounded = await sql<{ col: string }>(
      `select c.relname || '.' || a.attname as col
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class c on c.oid = a.attrelid
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and a.attgenerated = ''
         and pg_catalog.format_type(a.atttypid, null) in ('text', 'jsonb', 'json', 'text[]', 'uuid[]', 'numeric', 'timestamp with time zone', 'date')
         and (pg_catalog.has_column_privilege('authenticated', c.oid, a.attnum, 'INSERT')
              or pg_catalog.has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE'))
         -- declared system-owned columns are the database's: the guard refuses a client's value
         and a.attname <> all (private.system_columns_of(c.relname::text))
         and not exists (select 1 from pg_catalog.pg_constraint k where k.conrelid = c.oid and k.contype = 'c' and a.attnum = any (k.conkey))
       order by 1`,
    );
    expect(unbounded.map((r) => r.col)).toEqual([]);
  });

  it('keeps the password age within the month the policy allows, whatever the admin types', async () => {
    const admin = await signInAs('admin');
    const before = await sql(`select value from public.settings where key = 'password.max_age_days'`);
    for (const value of [31, 0, 'NaN', 1e9]) {
      const { status } = await admin.from('settings').update({ value }).eq('key', 'password.max_age_days');
      expect(status, String(value)).toBe(400);
    }
    expect(await sql(`select value from public.settings where key = 'password.max_age_days'`)).toEqual(before);
  });

  it('keeps the daily backup at a whole hour of the day, so it is never set to an hour that never comes', async () => {
    const admin = await signInAs('admin');
    const before = await sql(`select value from public.settings where key = 'backup.daily_hour'`);
    for (const value of [24, -1, 2.5, '3']) {
      const { status } = await admin.from('settings').update({ value }).eq('key', 'backup.daily_hour');
      expect(status, String(value)).toBe(400);
    }
    expect(await sql(`select value from public.settings where key = 'backup.daily_hour'`)).toEqual(before);
  });
});
