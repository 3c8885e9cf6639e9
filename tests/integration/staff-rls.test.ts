// Departments and staff: every active operator reads them, only the administrator writes them,
// and an operator marked inactive (调离) loses all access on the very next request.
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayOperator, signInAs, sql, type DemoRole } from '../support/stack.ts';

const everyRole: DemoRole[] = ['clerk', 'clerk2', 'archivist', 'manager', 'director', 'gm', 'admin'];
const nonAdmins = everyRole.filter((r) => r !== 'admin');
const createdCodes: string[] = [];

afterAll(async () => {
  await sql('delete from public.departments where code = any($1)', [createdCodes]);
});

describe.each(everyRole)('as %s', (role) => {
  it('reads every department and every staff member', async () => {
    const client = await signInAs(role);
    const departments = await client.from('departments').select('code');
    expect(departments.error).toBeNull();
    expect(departments.data?.map((d) => d.code)).toEqual(expect.arrayContaining(['KF1', 'KF2', 'DA', 'KFZX', 'ZJB', 'XXB']));
    const staff = await client.from('operators').select('code, role');
    expect(staff.error).toBeNull();
    expect(staff.data?.length).toBeGreaterThanOrEqual(7);
  });

  it('sees itself through current_operator', async () => {
    const client = await signInAs(role);
    const { data, error } = await client.rpc('current_operator').single<{ role: string; active: boolean }>();
    expect(error).toBeNull();
    expect(data).toMatchObject({ role: role === 'clerk2' ? 'clerk' : role, active: true });
  });
});

describe.each(nonAdmins)('as %s (not an administrator)', (role) => {
  it('cannot create a department', async () => {
    const client = await signInAs(role);
    const { error } = await client.from('departments').insert({ code: `X${role}`.slice(0, 20), name: `越权部门${role}` });
    expect(error?.code).toBe('42501');
    expect(await sql('select 1 from public.departments where name = $1', [`越权部门${role}`])).toHaveLength(0);
  });

  it('cannot rename a department or change a colleague’s role', async () => {
    const client = await signInAs(role);
    const rename = await client.from('departments').update({ name: '被改名' }).eq('code', 'KF1').select();
    expect(rename.error?.code).toBe('42501');
    const promote = await client.from('operators').update({ role: 'admin' }).eq('code', 'KF1001').select();
    expect(promote.error?.code).toBe('42501');
    expect(await sql(`select name from public.departments where code = 'KF1'`)).toEqual([{ name: '客服一部' }]);
    expect(await sql(`select role::text from public.operators where code = 'KF1001'`)).toEqual([{ role: 'clerk' }]);
  });

  it('cannot delete a department', async () => {
    const client = await signInAs(role);
    await client.from('departments').delete().eq('code', 'KF2');
    expect(await sql(`select 1 from public.departments where code = 'KF2'`)).toHaveLength(1);
  });
});

describe('as admin', () => {
  it('creates, renames and deletes a department; each update bumps its version', async () => {
    const admin = await signInAs('admin');
    const code = `T${Date.now().toString(36)}`.slice(0, 20);
    createdCodes.push(code);
    const created = await admin.from('departments').insert({ code, name: `测试部${code}` }).select().single();
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ code, version: 1 });
    const renamed = await admin.from('departments').update({ name: `更名部${code}` }).eq('code', code).select().single();
    expect(renamed.error).toBeNull();
    expect(renamed.data).toMatchObject({ name: `更名部${code}`, version: 2 });
    const removed = await admin.from('departments').delete().eq('code', code).select();
    expect(removed.data).toHaveLength(1);
  });

  it('is refused a malformed staff phone number with the constraint named', async () => {
    const admin = await signInAs('admin');
    const { error } = await admin.from('operators').update({ phone: '12345' }).eq('code', 'KF1001');
    expect(error?.code).toBe('23514');
    expect(error?.message).toContain('operators_phone_format');
  });
});

describe('password age', () => {
  it('records on the staff row when an operator changes their password', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await sql(`update public.operators set password_changed_at = '2026-01-01' where id = $1`, [person.id]);
      const client = await person.client();
      expect((await client.auth.updateUser({ password: 'Xinmima2026' })).error).toBeNull();
      const [row] = await sql<{ password_changed_at: Date }>(`select password_changed_at from public.operators where id = $1`, [person.id]);
      expect(Date.now() - row.password_changed_at.getTime()).toBeLessThan(60_000);
    } finally {
      await person.remove();
    }
  });
});

describe('deactivation (调离岗位)', () => {
  it('refuses everything to an operator marked inactive on the next request, although the token is still valid', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      const client = await person.client();
      const before = await client.from('departments').select('id');
      expect(before.data?.length).toBeGreaterThanOrEqual(6);

      const admin = await signInAs('admin');
      const off = await admin.from('operators').update({ active: false }).eq('id', person.id);
      expect(off.error).toBeNull();

      const departments = await client.from('departments').select('id');
      expect(departments.data).toEqual([]);
      const staff = await client.from('operators').select('id');
      expect(staff.data).toEqual([]);
      const me = await client.rpc('current_operator').single<{ active: boolean }>();
      expect(me.data?.active).toBe(false);

      const back = await admin.from('operators').update({ active: true }).eq('id', person.id);
      expect(back.error).toBeNull();
      expect((await client.from('departments').select('id')).data?.length).toBeGreaterThanOrEqual(6);
    } finally {
      await person.remove();
    }
  });
});
