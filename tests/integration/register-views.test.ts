// Saved grid views 视图 (register_views): a person's own columns, sort and filters for a register.
// Private until shared with the department; only the owner changes or deletes one; deleting goes to
// the recycle bin; the service-request kind views belong to nobody and are shared with everyone.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql, type DemoRole } from '../support/stack.ts';

type View = { id: string; register: string; name: string; owner_id: string | null; department_id: string | null; shared: boolean; config: Record<string, unknown>; version: number };

const prefix = unique('视图');
const otherDepartments: DemoRole[] = ['clerk2', 'archivist', 'director', 'gm', 'admin'];
const clients = new Map<DemoRole, SupabaseClient>();
const as = async (role: DemoRole) => clients.get(role) ?? clients.set(role, await signInAs(role)).get(role)!;
let colleague: Awaited<ReturnType<typeof createThrowawayOperator>>;
let colleagueClient: SupabaseClient;

beforeAll(async () => {
  colleague = await createThrowawayOperator('clerk', 'KF1');
  colleagueClient = await colleague.client();
});

afterAll(async () => {
  await sql('delete from public.register_views where name like $1', [`${prefix}%`]);
  await sql(`delete from public.recycle_bin where table_name = 'register_views' and row_data ->> 'name' like $1`, [`${prefix}%`]);
  await colleague.remove();
});

/** The KF1 clerk's new view, made through the API as the clerk. */
async function clerksView(shared = false): Promise<View> {
  const { data, error } = await (await as('clerk'))
    .from('register_views')
    .insert({ register: 'customers', name: `${prefix}${unique()}`.slice(0, 40), shared, config: { sort: [{ column: 'code', desc: true }] } })
    .select()
    .single();
  if (error) throw new Error(`the clerk cannot save a view: ${error.message}`);
  return data as View;
}

const sees = async (client: SupabaseClient, id: string) => ((await client.from('register_views').select('id').eq('id', id)).data ?? []).length === 1;
const stored = async (id: string) => (await sql('select * from public.register_views where id = $1', [id]))[0];

describe('saved views 视图', () => {
  it('makes a new view its creator’s own, in their department, and private until shared', async () => {
    const view = await clerksView();
    expect(view).toMatchObject({ owner_id: operatorIds.clerk, department_id: departmentIds.KF1, shared: false, version: 1 });
    expect(await sees(await as('clerk'), view.id)).toBe(true);
  });

  it('shows a view to colleagues of the same department only once its owner shares it', async () => {
    const view = await clerksView();
    expect(await sees(colleagueClient, view.id)).toBe(false);
    expect(await sees(await as('manager'), view.id)).toBe(false);

    const shared = await (await as('clerk')).from('register_views').update({ shared: true, version: view.version }).eq('id', view.id).select().single();
    expect(shared.error).toBeNull();
    expect(await sees(colleagueClient, view.id)).toBe(true);
    expect(await sees(await as('manager'), view.id)).toBe(true);
  });

  it('never shows a view to people of another department, shared or not', async () => {
    const [privateView, sharedView] = [await clerksView(false), await clerksView(true)];
    for (const role of otherDepartments) {
      const client = await as(role);
      expect(await sees(client, privateView.id), `${role} sees a private view`).toBe(false);
      expect(await sees(client, sharedView.id), `${role} sees a view shared with 客服一部`).toBe(false);
    }
  });

  it('lets only the owner change or delete a view; anyone else’s attempt changes nothing', async () => {
    const view = await clerksView(true);
    const before = await stored(view.id);
    const others: [string, SupabaseClient][] = [['colleague', colleagueClient], ...(await Promise.all((['manager', ...otherDepartments] as DemoRole[]).map(async (r) => [r, await as(r)] as [string, SupabaseClient])))];
    for (const [who, client] of others) {
      const updated = await client.from('register_views').update({ name: `${prefix}他人改名`, shared: false }).eq('id', view.id).select('id');
      expect(updated.data ?? [], `${who} update`).toEqual([]);
      await client.from('register_views').delete().eq('id', view.id);
      expect(await stored(view.id), `${who} update or delete`).toEqual(before);
    }

    const clerk = await as('clerk');
    const renamed = await clerk.from('register_views').update({ name: `${prefix}改名`, version: view.version }).eq('id', view.id).select().single();
    expect(renamed.data).toMatchObject({ name: `${prefix}改名`, version: view.version + 1 });
    expect((await clerk.from('register_views').delete().eq('id', view.id).select('id')).data).toEqual([{ id: view.id }]);
    expect(await stored(view.id)).toBeUndefined();
  });

  it('refuses a view saved in another person’s name, for another department, or for everyone', async () => {
    const clerk = await as('clerk');
    const name = `${prefix}冒名`;
    const attempts = [
      { who: 'clerk for a colleague', client: clerk, row: { owner_id: colleague.id } },
      { who: 'clerk for 客服二部', client: clerk, row: { department_id: departmentIds.KF2 } },
      { who: 'clerk for everyone', client: clerk, row: { owner_id: null, department_id: null, shared: true } },
      { who: 'admin for the clerk', client: await as('admin'), row: { owner_id: operatorIds.clerk, department_id: departmentIds.KF1 } },
      { who: 'manager for the clerk', client: await as('manager'), row: { owner_id: operatorIds.clerk } },
    ];
    for (const { who, client, row } of attempts) {
      const { error } = await client.from('register_views').insert({ register: 'customers', name, ...row });
      expect(error?.code, who).toBe('42501');
    }
    expect(await sql('select id from public.register_views where name = $1', [name])).toEqual([]);

    // Nor can an owner hand a view over afterwards: owner and department are not writable.
    const view = await clerksView();
    for (const patch of [{ owner_id: colleague.id }, { department_id: departmentIds.KF2 }]) {
      expect((await clerk.from('register_views').update(patch).eq('id', view.id)).error?.code).toBe('42501');
    }
    expect(await stored(view.id)).toMatchObject({ owner_id: operatorIds.clerk, department_id: departmentIds.KF1 });
  });

  it('shows the five service-request kind views and the escalated complaints, owned by nobody and shared, to everyone who reads service requests, and lets nobody change them', async () => {
    const readers = (await sql<{ role: string }>(`select p.role::text as role from public.permissions p where p.register = 'service_requests' and p.action = 'read' order by p.role`)).map((r) => r.role);
    expect(readers).toEqual(['clerk', 'manager', 'director', 'gm']);
    const kinds = ['投诉', '报修', '咨询', '求助', '建议'];
    for (const [who, client] of [['colleague', colleagueClient], ...(await Promise.all((['clerk', 'clerk2', 'manager', 'director', 'gm'] as DemoRole[]).map(async (r) => [r, await as(r)])))] as [string, SupabaseClient][]) {
      const { data } = await client.from('register_views').select('name, owner_id, department_id, shared, config').eq('register', 'service_requests').is('owner_id', null).order('position');
      expect((data ?? []).map((v) => v.name), who).toEqual([...kinds, '升级投诉']);
      expect(data?.[5].config.filters, who).toContainEqual({ column: 'escalated_at', operator: 'nnull' });
      for (const [i, v] of (data ?? []).slice(0, 5).entries()) {
        expect(v, who).toEqual({ name: kinds[i], owner_id: null, department_id: null, shared: true, config: { filters: [{ column: 'kind', operator: 'in', value: [kinds[i]] }] } });
      }
    }
    const [seeded] = await sql<{ id: string }>(`select id from public.register_views where register = 'service_requests' and owner_id is null and name = '投诉'`);
    const before = await stored(seeded.id);
    for (const role of ['clerk', 'manager', 'director', 'admin'] as DemoRole[]) {
      const client = await as(role);
      expect((await client.from('register_views').update({ name: '改掉投诉' }).eq('id', seeded.id).select('id')).data ?? [], role).toEqual([]);
      await client.from('register_views').delete().eq('id', seeded.id);
    }
    expect(await stored(seeded.id)).toEqual(before);
  });

  it('puts a deleted view in the recycle bin, where its owner finds it and can restore it', async () => {
    const view = await clerksView(true);
    const clerk = await as('clerk');
    expect((await clerk.from('register_views').delete().eq('id', view.id)).error).toBeNull();
    expect(await stored(view.id)).toBeUndefined();

    const bin = await clerk.from('recycle_bin').select('id, row_id, row_data, deleted_by, owner_id, department_id').eq('table_name', 'register_views').eq('row_id', view.id);
    expect(bin.data).toHaveLength(1);
    const [entry] = bin.data!;
    expect(entry).toMatchObject({ deleted_by: operatorIds.clerk, owner_id: operatorIds.clerk, department_id: departmentIds.KF1, row_data: { name: view.name, shared: true, config: view.config } });
    // A colleague of another department does not see someone else’s deleted view.
    expect((await (await as('clerk2')).from('recycle_bin').select('id').eq('id', entry.id)).data).toEqual([]);

    expect((await clerk.rpc('restore_deleted', { bin_id: entry.id })).error).toBeNull();
    expect(await stored(view.id)).toMatchObject({ name: view.name, owner_id: operatorIds.clerk, shared: true });
  });
});
