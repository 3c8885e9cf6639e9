// The policies private.create_register_policies() writes for a register: they ask the permission
// rows on every request (an admin's change counts from the next one), a read scope reaches the
// department's rows or one's own, a write scope says exactly whose rows; and every option a
// register offers (enum or check list) has its English label in one place.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

const gmDepartment = '00000000-0000-4000-a000-000000000005';
const marker = unique('权限助手');

afterAll(async () => {
  await sql(`delete from public.permissions where note = $1`, [marker]);
  await sql(`delete from public.reception_roster where operator_id in (select id from public.operators where name = $1)`, [marker]);
  await sql(`delete from public.operators where name = $1`, [marker]);
});

/** A staff member without sign-in and their roster row in a department, off duty: walk-in customers
 *  recorded meanwhile by other test files are never allocated to him (he could not be deleted after). */
async function rosterRow(department: string): Promise<string> {
  const [person] = await sql<{ id: string }>(`insert into public.operators (code, name, department_id, role) values ($1, $2, $3, 'clerk') returning id`, [unique('P').slice(0, 20), marker, department]);
  const [row] = await sql<{ id: string }>(`insert into public.reception_roster (department_id, operator_id, position, on_duty) values ($1, $2, 70, false) returning id`, [department, person.id]);
  return row.id;
}

describe('a register whose policies the helper made (the reception roster)', () => {
  // gm × reception_roster is asserted elsewhere only on a KF1 row, which a department scope of the
  // general manager's office never reaches: files running alongside are undisturbed.
  it('obeys a permission row an admin adds on the next request, to the department scope it names, and stops when the row is removed', async () => {
    const [home, elsewhere] = [await rosterRow(gmDepartment), await rosterRow(departmentIds.KF1)];
    const gm = await signInAs('gm');
    const admin = await signInAs('admin');
    const reads = async () => ((await gm.from('reception_roster').select('id').in('id', [home, elsewhere])).data ?? []).map((r) => r.id);
    const moves = async () => {
      const result = await gm.from('reception_roster').update({ position: 71 }).in('id', [home, elsewhere]).select('id');
      return (result.data ?? []).map((r) => r.id);
    };

    expect(await reads()).toEqual([]);
    expect(await moves()).toEqual([]);

    const granted = await admin.from('permissions').insert([
      { role: 'gm', register: 'reception_roster', action: 'read', scope: 'department', note: marker },
      { role: 'gm', register: 'reception_roster', action: 'update', scope: 'department', note: marker },
    ]).select('id');
    expect(granted.error).toBeNull();
    expect(await reads()).toEqual([home]);
    expect(await moves()).toEqual([home]);
    expect(await sql(`select position from public.reception_roster where id = $1`, [elsewhere])).toEqual([{ position: 70 }]);

    const revoked = await admin.from('permissions').delete().in('id', granted.data!.map((r) => r.id)).select('id');
    expect(revoked.data).toHaveLength(2);
    expect(await reads()).toEqual([]);
    expect(await moves()).toEqual([]);
  });
});

describe('the recycle bin files a deleted row under the owner its policies name', () => {
  it('a contact the manager deletes shows in the bin of the clerk who recorded it, who may delete their own contacts', async () => {
    const [customer] = await sql<{ id: string }>(`insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id`,
      [`${marker}客户`, uniquePhone(), departmentIds.KF1, operatorIds.clerk]);
    try {
      const [contact] = await sql<{ id: string }>(`insert into public.contacts (customer_id, kind, summary, staff_id) values ($1, '电话', $2, $3) returning id`,
        [customer.id, `${marker}往来`, operatorIds.clerk]);
      const deleted = await (await signInAs('manager')).from('contacts').delete().eq('id', contact.id).select('id');
      expect(deleted.data).toEqual([{ id: contact.id }]);
      const bin = await (await signInAs('clerk')).from('recycle_bin').select('owner_id, department_id').eq('table_name', 'contacts').eq('row_id', contact.id);
      expect(bin.data).toEqual([{ owner_id: operatorIds.clerk, department_id: departmentIds.KF1 }]);
      expect((await (await signInAs('clerk2')).from('recycle_bin').select('id').eq('row_id', contact.id)).data).toEqual([]);
    } finally {
      await sql(`delete from public.customers where id = $1`, [customer.id]);
    }
  });
});

describe('the helper on a new register', () => {
  // A table made, given its policies and used inside one transaction that is rolled back: no other
  // file sees the table or its permission rows.
  it('reads nothing without a permission row, one’s own rows at any scope, the department’s at department scope, all at all; writes only the rows the write scope names', async () => {
    const seen: Record<string, string[]> = {};
    const client = new pg.Client({ connectionString: stackEnv().DB_URL });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`create table public.policy_probe (id text primary key, owner_id uuid, department_id uuid)`);
      await client.query(`create index policy_probe_owner_id_idx on public.policy_probe (owner_id)`);
      await client.query(`create index policy_probe_department_id_idx on public.policy_probe (department_id)`);
      await client.query(`alter table public.policy_probe enable row level security`);
      await client.query(`grant select, insert, update, delete on public.policy_probe to authenticated`);
      await client.query(`select private.create_register_policies('public.policy_probe', owner_column => 'owner_id', department_column => 'department_id')`);
      await client.query(`insert into public.policy_probe values ('mine elsewhere', $1, $2), ('department', $3, $4), ('other', null, $2)`,
        [operatorIds.clerk, departmentIds.KF2, operatorIds.kf1Colleague, departmentIds.KF1]);
      const [{ user_id }] = (await client.query(`select user_id from public.operators where id = $1`, [operatorIds.clerk])).rows;
      const asClerk = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
        await client.query('savepoint step');
        await client.query('set local role authenticated');
        await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user_id, role: 'authenticated' })]);
        try {
          const rows = (await client.query<T>(text, values)).rows;
          await client.query('reset role');
          await client.query('release savepoint step');
          return { rows, error: null as string | null };
        } catch (error) {
          await client.query('rollback to savepoint step');
          await client.query('reset role');
          return { rows: [] as T[], error: (error as { code?: string }).code ?? 'error' };
        }
      };
      const setScope = async (action: string, scope: string | null) => {
        await client.query(`delete from public.permissions where role = 'clerk' and register = 'policy_probe' and action = $1`, [action]);
        if (scope) await client.query(`insert into public.permissions (role, register, action, scope) values ('clerk', 'policy_probe', $1, $2)`, [action, scope]);
      };
      const read = async () => (await asClerk<{ id: string }>('select id from public.policy_probe order by id')).rows.map((r) => r.id);

      for (const scope of [null, 'own', 'department', 'all']) {
        await setScope('read', scope);
        seen[scope ?? 'none'] = await read();
      }
      expect(seen).toEqual({
        none: [],
        own: ['mine elsewhere'],
        department: ['department', 'mine elsewhere'],
        all: ['department', 'mine elsewhere', 'other'],
      });

      // Writing, the scope says exactly whose rows: a department scope does not reach one's own
      // rows in another department, and a refused edit of a row one reads raises (42501).
      await setScope('update', 'department');
      expect(await asClerk(`update public.policy_probe set department_id = department_id where id = 'department' returning id`)).toEqual({ rows: [{ id: 'department' }], error: null });
      expect((await asClerk(`update public.policy_probe set department_id = department_id where id = 'mine elsewhere' returning id`)).error).toBe('42501');
      await setScope('create', 'own');
      expect((await asClerk(`insert into public.policy_probe values ('new mine', $1, $2)`, [operatorIds.clerk, departmentIds.KF2])).error).toBeNull();
      expect((await asClerk(`insert into public.policy_probe values ('new theirs', $1, $2)`, [operatorIds.kf1Colleague, departmentIds.KF1])).error).toBe('42501');
      await setScope('delete', null);
      expect(await asClerk(`delete from public.policy_probe returning id`)).toEqual({ rows: [], error: null });
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  });

  it('refuses a policy column without an index of its own', async () => {
    const client = new pg.Client({ connectionString: stackEnv().DB_URL });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`create table public.policy_probe (id text primary key, owner_id uuid)`);
      await expect(client.query(`select private.create_register_policies('public.policy_probe', owner_column => 'owner_id')`)).rejects.toThrow('needs an index');
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  });
});

describe('options and their English labels', () => {
  it('workflow states are Postgres enums', async () => {
    const rows = await sql<{ column: string; type: string }>(
      `select table_name || '.' || column_name as column, udt_name as type from information_schema.columns
       where table_schema = 'public' and (table_name, column_name) in (('service_requests', 'status'), ('access_requests', 'status'), ('customers', 'status'))
       order by 1`,
    );
    expect(rows).toEqual([
      { column: 'access_requests.status', type: 'access_request_status' },
      { column: 'customers.status', type: 'customer_status' },
      { column: 'service_requests.status', type: 'request_status' },
    ]);
  });

  it('every enum value and every check-list option of a register has an English label', async () => {
    const options = await sql<{ source: string; value: string; label_en: string | null }>(`
      with options as (
        select t.typname::text as source, e.enumlabel::text as value
        from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
        where t.typnamespace = 'public'::regnamespace
        union
        select c.conrelid::regclass::text || '.' || a.attname, replace(m[1], '''''', '''')
        from pg_catalog.pg_constraint c
        join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        cross join lateral regexp_matches(pg_catalog.pg_get_constraintdef(c.oid), '''((?:[^'']|'''')*)''::text', 'g') as m
        where c.contype = 'c' and cardinality(c.conkey) = 1 and c.connamespace = 'public'::regnamespace
          and pg_catalog.pg_get_constraintdef(c.oid) ~ '(= ANY \\(ARRAY\\[|IN \\()'
      )
      select o.source, o.value, l.label_en from options o left join private.option_labels l on l.value = o.value order by 1, 2`);
    expect(options.length).toBeGreaterThan(80);
    expect(options.filter((o) => o.label_en === null)).toEqual([]);
    // Natural English: no Chinese left in a label.
    expect(options.filter((o) => /[\u4e00-\u9fff]/.test(o.label_en ?? ''))).toEqual([]);
    expect(options).toContainEqual({ source: 'request_status', value: '待回访', label_en: 'Awaiting return visit' });
  });
});
