// Issue 11 §1: the columns the database computes or that chase a person are declared once
// (private.system_columns), and nobody who may edit a register changes one by editing a cell.
// The columns come from the catalog, not a list kept here: a column declared later is covered.
import { describe, expect, it } from 'vitest';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { signInAs, sql, type DemoRole } from '../support/stack.ts';

type Declared = { register: string; column_name: string; why: string; data_type: string; udt_name: string; references_table: string | null };

// Every declared column of every register that declares its own, with the bookkeeping ('*') of
// each, and what its type is (to write a value that differs from the stored one).
const declared = await sql<Declared>(`
  with registers as (select distinct register from private.system_columns where register <> '*')
  select r.register, s.column_name, s.why, c.data_type, c.udt_name,
         (select f.relname::text from pg_catalog.pg_constraint k
            join pg_catalog.pg_class f on f.oid = k.confrelid
            join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
          where k.conrelid = format('public.%I', r.register)::regclass and k.contype = 'f' and a.attname = s.column_name limit 1) as references_table
  from registers r
  join private.system_columns s on s.register in ('*', r.register)
  join information_schema.columns c on c.table_schema = 'public' and c.table_name = r.register and c.column_name = s.column_name
  order by r.register, s.column_name`);

const registers = [...new Set(declared.map((d) => d.register))];
// Each register's primary key (most are id; scheduled jobs are keyed by name).
const keyOf = new Map(
  (await sql<{ register: string; key: string }>(
    `select c.relname::text as register, a.attname::text as key from pg_catalog.pg_index i
     join pg_catalog.pg_class c on c.oid = i.indrelid join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
     where i.indisprimary and c.relnamespace = 'public'::regnamespace and c.relname = any ($1)`, [registers])).map((r) => [r.register, r.key]),
);
// Each register's columns, to ask only for the row keys a demo row hangs off.
const tableColumns = new Map<string, Set<string>>();
for (const r of await sql<{ table_name: string; columns: string[] }>(
  `select table_name::text, array_agg(column_name::text) as columns from information_schema.columns where table_schema = 'public' and table_name = any ($1) group by table_name`,
  [registers],
)) tableColumns.set(r.table_name, new Set(r.columns));
const accounts: DemoRole[] = ['clerk', 'clerk2', 'archivist', 'manager', 'director', 'gm', 'admin'];
const roleOf = (account: DemoRole) => (account === 'clerk2' ? 'clerk' : account);

// The permission registers behind a register (a complaint is updated under 'complaints').
const permissionRegisters = (register: string) => (register === 'service_requests' ? ['service_requests', 'complaints'] : [register]);

async function mayUpdate(account: DemoRole, register: string): Promise<boolean> {
  const rows = await sql(`select 1 from public.permissions where role = $1 and register = any ($2) and action = 'update'`, [roleOf(account), permissionRegisters(register)]);
  return rows.length > 0;
}

const anotherEnumValue = async (udt: string, current: unknown) =>
  (await sql<{ v: string }>(`select e.enumlabel as v from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder`, [udt]))
    .map((r) => r.v)
    .find((v) => v !== current);

// A value of the column's type that is not the stored one.
async function differentValue(column: Declared, current: unknown): Promise<unknown> {
  if (column.references_table === 'operators') return current === operatorIds.kf1Colleague ? operatorIds.clerk2 : operatorIds.kf1Colleague;
  if (column.references_table === 'departments') return current === departmentIds.KF2 ? departmentIds.DA : departmentIds.KF2;
  if (column.references_table) {
    const [other] = await sql<{ id: string }>(`select id from public.${column.references_table} where id is distinct from $1 limit 1`, [current]);
    return other.id;
  }
  switch (column.data_type) {
    case 'timestamp with time zone':
      return '2099-01-02T03:04:05+00:00';
    case 'date':
      return '2099-01-02';
    case 'boolean':
      return !current;
    case 'integer':
      return typeof current === 'number' ? current + 7 : 7;
    case 'numeric':
      return typeof current === 'number' ? current + 7 : 7;
    case 'text':
      return `改动${String(current ?? '')}`.slice(0, 40);
    case 'USER-DEFINED':
      return anotherEnumValue(column.udt_name, current);
    case 'ARRAY':
      return [...((current as unknown[] | null) ?? []), operatorIds.kf1Colleague];
    case 'uuid': {
      // (a key of another register, e.g. the repair a sampling visit checks: refused whatever it names)
      const other = '00000000-0000-4000-9000-000000000001';
      return current === other ? '00000000-0000-4000-9000-000000000002' : other;
    }
    default:
      throw new Error(`no test value for ${column.register}.${column.column_name} (${column.data_type})`);
  }
}

const storedRow = async (register: string, id: string) =>
  (await sql<{ row: Record<string, unknown> }>(`select to_jsonb(t.*) as row from public.${register} t where ${keyOf.get(register)} = $1`, [id]))[0]?.row;

// A row of the register this account may update: a dry run of apply_rows that only restates the
// version passes the update policies exactly where an edit would, and writes nothing.
async function updatableRow(account: DemoRole, register: string): Promise<string | undefined> {
  const client = await signInAs(account);
  const references = ['customer_id', 'request_id'].filter((c) => tableColumns.get(register)?.has(c));
  const key = keyOf.get(register) ?? 'id';
  // Demo rows (the seeds' fixed ids 00000000-0000-4000-…, or hanging off them), which no other
  // test file deletes meanwhile; a register keyed otherwise (scheduled jobs by name) holds only
  // its migration's rows. Asked of the server: other test files' rows (thousands, by the time
  // this file runs) must not push the demo rows out of the page.
  let query = client.from(register).select([`id:${key}`, 'version', ...references].join(', '));
  if (key === 'id') {
    const seededRange = (column: string) => `and(${column}.gte.00000000-0000-4000-0000-000000000000,${column}.lte.00000000-0000-4000-ffff-ffffffffffff)`;
    query = query.or(['id', ...references].map(seededRange).join(','));
  }
  const { data, error } = await query.order('created_at', { ascending: false }).limit(200);
  if (error) throw error;
  const rows = data as unknown as { id: string; version: number }[];
  // (a few rows per dry run: each row is an update with its triggers, rolled back)
  for (let start = 0; start < rows.length; start += 20) {
    const chunk = rows.slice(start, start + 20);
    const rehearsal = await client.rpc('apply_rows', { register, rows: chunk.map((r) => ({ key: r.id, version: r.version, values: {} })), dry_run: true });
    if (rehearsal.error) throw rehearsal.error;
    const first = (rehearsal.data as { rows: { index: number; ok: boolean }[] }).rows.find((r) => r.ok);
    if (first) return chunk[first.index].id;
  }
  return undefined;
}

describe('columns the database owns cannot be written by anyone who may edit the register', () => {
  it('finds declared columns in the catalog for every service-loop register', () => {
    expect(registers).toEqual(expect.arrayContaining(['customers', 'contacts', 'service_requests', 'return_visits']));
  });

  for (const register of registers) {
    it(`refuses every system-owned column of ${register} through the REST API and apply_rows, for every role that may edit it, and changes nothing`, { timeout: 240_000 }, async () => {
      const columns = declared.filter((d) => d.register === register);
      let tried = 0;
      let editors = 0;
      for (const account of accounts) {
        if (!(await mayUpdate(account, register))) continue;
        editors += 1;
        const id = await updatableRow(account, register);
        expect(id, `${account} may update ${register} but has no row to try`).toBeDefined();
        const client = await signInAs(account);
        for (const column of columns) {
          const before = await storedRow(register, id!);
          const value = await differentValue(column, before[column.column_name]);
          expect(value, `${register}.${column.column_name}`).not.toEqual(before[column.column_name]);

          const patch = await client.from(register).update({ [column.column_name]: value }).eq(keyOf.get(register)!, id!).select();
          expect(patch.status, `${account} PATCH ${register}.${column.column_name}: ${JSON.stringify(patch.error)}`).toBeGreaterThanOrEqual(400);
          expect(patch.status).toBeLessThan(500);
          expect(await storedRow(register, id!)).toEqual(before);

          const applied = await client.rpc('apply_rows', { register, rows: [{ key: id, values: { [column.column_name]: value } }] });
          expect(applied.error).toBeNull();
          const report = applied.data as { applied: number; rows: { ok: boolean; code: string; column?: string; message: string; message_en: string }[] };
          expect(report.applied, `${account} apply_rows ${register}.${column.column_name}`).toBe(0);
          expect(report.rows[0]).toMatchObject({ ok: false, code: '42501', column: column.column_name });
          expect(await storedRow(register, id!)).toEqual(before);
          tried += 1;
        }
      }
      // (a register nobody updates, written only by its moves — a destruction record, an edit
      // request — has no one to try here; its insert refuses these columns, as its own tests show)
      if (editors > 0) expect(tried).toBeGreaterThan(0);
    });
  }

  it('names the column and the reason, in Chinese and English, when the REST API refuses an edit', async () => {
    const [row] = await sql<{ id: string }>(`select id from public.customers where owner_id = $1 and status = '正常' limit 1`, [operatorIds.clerk]);
    const client = await signInAs('clerk');
    const { error, status } = await client.from('customers').update({ filing_due: '2099-12-31' }).eq('id', row.id).select();
    const [why] = await sql<{ why: string }>(`select why from private.system_columns where register = 'customers' and column_name = 'filing_due'`);
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: '42501', message: why.why });
    expect(why.why).toMatch(/备案期限.* \| Filing due/);
  });

  it('refuses a new card filed in a colleague’s name or for another department, and takes the department from whoever files it', async () => {
    const client = await signInAs('clerk');
    const phone = `139${String(Date.now()).slice(-8)}`;
    for (const sent of [{ owner_id: operatorIds.kf1Colleague }, { department_id: departmentIds.KF2 }, { filing_due: '2099-01-01' }]) {
      const { status } = await client.from('customers').insert({ name: '代人建卡', phone, ...sent });
      expect(status, JSON.stringify(sent)).toBe(403);
    }
    expect(await sql(`select 1 from public.customers where phone = $1`, [phone])).toEqual([]);
    const { data, error } = await client.from('customers').insert({ name: '本人建卡', phone }).select().single();
    expect(error).toBeNull();
    // (the owner is whoever's turn it is in the reception roster: customers.test.ts)
    expect(data).toMatchObject({ recorded_by: operatorIds.clerk, department_id: departmentIds.KF1 });
    await sql(`delete from public.customers where phone = $1`, [phone]);
  });

  it('shows every declared column read-only on screen', async () => {
    // (each register as the director sees it, or the admin for the system registers, or the archive room and the gm for the archive)
    const meta: { register: string; columns: { name: string; editable: boolean; insertable: boolean; system: boolean; read_only_reason: string | null }[] }[] = [];
    for (const account of ['director', 'admin', 'archivist', 'gm'] as const) {
      const { data, error } = await (await signInAs(account)).rpc('register_metadata');
      expect(error).toBeNull();
      meta.push(...(data as typeof meta).filter((r) => !meta.some((m) => m.register === r.register)));
    }
    for (const column of declared) {
      const shown = meta.find((r) => r.register === column.register)?.columns.find((c) => c.name === column.column_name);
      expect(shown, `${column.register}.${column.column_name}`).toMatchObject({ editable: false, insertable: false, system: true, read_only_reason: column.why });
    }
  });
});
