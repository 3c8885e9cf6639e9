// row_rights(): the grid asks, for the rows on screen, whether the person may update or delete
// each one, and the tables' own RLS policies answer: a cell is editable only where a write would pass.
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

const marker = unique('行权限');

afterAll(async () => {
  await sql('delete from public.service_requests where content like $1', [`${marker}%`]);
});

async function request(receiver: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id) values ('咨询', '来电人', $1, $2, $3) returning id`,
    [`${marker}${unique()}`, departmentIds.KF1, receiver],
  );
  return row.id;
}

type Rights = { key: string; can_update: boolean; can_delete: boolean };

async function rightsOf(role: Parameters<typeof signInAs>[0], keys: string[]): Promise<Map<string, Rights>> {
  const { data, error } = await (await signInAs(role)).rpc('row_rights', { register: 'service_requests', keys });
  if (error) throw error;
  return new Map((data as Rights[]).map((r) => [r.key, r]));
}

describe('row rights follow the RLS policies', () => {
  it('lets a clerk change the requests they received, not a colleague’s they can only read', async () => {
    const mine = await request(operatorIds.clerk);
    const colleagues = await request(operatorIds.kf1Colleague);
    const rights = await rightsOf('clerk', [mine, colleagues]);
    expect(rights.get(mine)).toMatchObject({ can_update: true, can_delete: true });
    expect(rights.get(colleagues)).toMatchObject({ can_update: false, can_delete: false });
    // The answer is the database's: the colleague's request really is refused.
    const { error } = await (await signInAs('clerk')).from('service_requests').update({ content: `${marker}改` }).eq('id', colleagues).select();
    expect(error?.code).toBe('42501');
  });

  it('lets the department manager change any request of the department', async () => {
    const colleagues = await request(operatorIds.kf1Colleague);
    expect((await rightsOf('manager', [colleagues])).get(colleagues)).toMatchObject({ can_update: true });
  });

  it('says nothing about rows the person cannot read', async () => {
    const kf1 = await request(operatorIds.clerk);
    expect((await rightsOf('clerk2', [kf1])).has(kf1)).toBe(false);
  });

  it('answers nothing for an unknown register', async () => {
    const { data, error } = await (await signInAs('clerk')).rpc('row_rights', { register: 'no_such_table', keys: ['x'] });
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });
});

describe('row rights for every register', () => {
  it('can be asked of every register each role reads, whatever its policies look like', async () => {
    for (const role of ['clerk', 'manager', 'director', 'admin'] as const) {
      const client = await signInAs(role);
      const { data: columns } = await client.rpc('register_metadata');
      const registers = new Map((columns as { register: string; key_column: string }[]).map((c) => [c.register, c.key_column]));
      for (const [register, key] of registers) {
        const { data: rows } = await client.from(register).select(key).limit(5);
        const keys = ((rows ?? []) as unknown as Record<string, unknown>[]).map((r) => String(r[key]));
        const { data, error } = await client.rpc('row_rights', { register, keys });
        expect(error, `${role} × ${register}`).toBeNull();
        expect((data as Rights[]).length, `${role} × ${register}`).toBe(keys.length);
      }
    }
  });

  it('lets a clerk change their own contact records (a policy with a subquery on the customer)', async () => {
    const client = await signInAs('clerk');
    const { data: rows } = await client.from('contacts').select('id').eq('staff_id', operatorIds.clerk).limit(3);
    const keys = (rows ?? []).map((r) => r.id as string);
    expect(keys.length).toBeGreaterThan(0);
    const { data, error } = await client.rpc('row_rights', { register: 'contacts', keys });
    expect(error).toBeNull();
    expect((data as Rights[]).every((r) => r.can_update)).toBe(true);
  });
});
