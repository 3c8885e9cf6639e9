// Duties beside the role (SPEC roles; issue 14 §6): an operator has one role and may hold duties
// (档案员兼职, 权证管理员, 门岗 …); a permission row may name a duty instead of a role, and the one
// permission helper reads both — in the policies and in what the app is told it may do.
import { afterAll, describe, expect, it } from 'vitest';
import { unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

const register = `duty_probe_${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const clean of cleanups) await clean();
  await sql(`delete from public.permissions where register = $1`, [register]);
});

const permissionsOf = async (client: Awaited<ReturnType<typeof signInAs>>) =>
  ((await client.rpc('my_permissions')).data as { register: string; action: string; scope: string }[]).filter((p) => p.register === register);

describe('a permission row may name a duty instead of a role', () => {
  it('gives its scope to whoever holds the duty, from the next request, and takes it away with the duty', async () => {
    await sql(`insert into public.permissions (duty, register, action, scope, note) values ('门岗', $1, 'read', 'all', '门岗查看来访登记')`, [register]);
    const guard = await createThrowawayOperator('clerk', 'KF1');
    cleanups.push(guard.remove);
    const client = await guard.client();
    expect(await permissionsOf(client)).toEqual([]);

    await sql(`update public.operators set duties = '{门岗}' where id = $1`, [guard.id]);
    expect(await permissionsOf(client)).toEqual([{ register, action: 'read', scope: 'all' }]);
    // The same helper the policies call (private.scope_for) sees it: asked as the person.
    const { data } = await client.rpc('my_permissions');
    expect((data as { register: string }[]).some((p) => p.register === 'customers')).toBe(true);

    // Another clerk of the same role without the duty has nothing.
    expect(await permissionsOf(await signInAs('clerk2'))).toEqual([]);

    await sql(`update public.operators set duties = '{}' where id = $1`, [guard.id]);
    expect(await permissionsOf(client)).toEqual([]);
  });

  it('takes the widest of role and duty rows', async () => {
    await sql(`insert into public.permissions (role, register, action, scope) values ('clerk', $1, 'update', 'own')`, [register]);
    await sql(`insert into public.permissions (duty, register, action, scope) values ('值班经理', $1, 'update', 'department')`, [register]);
    const onDuty = await createThrowawayOperator('clerk', 'KF1');
    cleanups.push(onDuty.remove);
    await sql(`update public.operators set duties = '{值班经理}' where id = $1`, [onDuty.id]);
    expect((await permissionsOf(await onDuty.client())).find((p) => p.action === 'update')?.scope).toBe('department');
    expect((await permissionsOf(await signInAs('clerk2'))).find((p) => p.action === 'update')?.scope).toBe('own');
  });

  it('names a role or a duty, never both or neither, and once per register and action', async () => {
    const both = await sql(`insert into public.permissions (role, duty, register, action, scope) values ('clerk', '门岗', $1, 'delete', 'all') returning id`, [register]).catch((e: Error) => e);
    expect(String(both)).toContain('permissions_role_or_duty');
    const neither = await sql(`insert into public.permissions (register, action, scope) values ($1, 'delete', 'all')`, [register]).catch((e: Error) => e);
    expect(String(neither)).toContain('permissions_role_or_duty');
    await sql(`insert into public.permissions (duty, register, action, scope) values ('门岗', $1, 'create', 'own')`, [register]);
    const twice = await sql(`insert into public.permissions (duty, register, action, scope) values ('门岗', $1, 'create', 'all')`, [register]).catch((e: Error) => e);
    expect(String(twice)).toContain('permissions_role_register_action_key');
    expect(await sql(`select scope from public.permissions where register = $1 and action = 'create'`, [register])).toEqual([{ scope: 'own' }]);
  });

  it('an admin edits an operator’s duties through the API like any staff field, audited', async () => {
    const person = await createThrowawayOperator('clerk', 'KF2');
    cleanups.push(person.remove);
    const admin = await signInAs('admin');
    const { error } = await admin.from('operators').update({ duties: ['档案员'] }).eq('id', person.id);
    expect(error).toBeNull();
    expect(await sql(`select duties::text[] as duties from public.operators where id = $1`, [person.id])).toEqual([{ duties: ['档案员'] }]);
    const clerk = await signInAs('clerk');
    const self = await clerk.from('operators').update({ duties: ['值班经理'] }).eq('id', person.id).select();
    expect(self.data ?? []).toHaveLength(0);
    expect(await sql(`select duties::text[] as duties from public.operators where id = $1`, [person.id])).toEqual([{ duties: ['档案员'] }]);
  });
});
