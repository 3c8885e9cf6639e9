// Projects 工程项目 (issue 14 point 2; 000 档案资料管理): the department's staff and the project's
// own engineering managers A角 and B角 read it, the archive room and the gm read all, the deputy
// GM reads the departments in his charge; the department manager records and edits it. Status,
// completion date and archive number are the system's; once complete, A and B stay.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

let gcbManager: Awaited<ReturnType<typeof createThrowawayOperator>>;
let manager: SupabaseClient;
const projects: string[] = [];

beforeAll(async () => {
  gcbManager = await createThrowawayOperator('manager', 'GCB');
  manager = await gcbManager.client();
});

afterAll(async () => {
  await sql(`delete from public.archive_handovers where project_id = any($1::uuid[])`, [projects]);
  await sql(`delete from public.projects where id = any($1::uuid[])`, [projects]);
  await gcbManager.remove().catch(() => undefined);
});

async function projectOf(department: string, a: string = operatorIds.engineer, b: string = operatorIds.engineer2): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id) values ($1, $2, $3, $4, $5) returning id`,
    [unique('P').slice(0, 30), `${unique('项目')}工程`, department, a, b],
  );
  projects.push(row.id);
  return row.id;
}
const storedProject = async (id: string) => (await sql(`select * from public.projects where id = $1`, [id]))[0];
const sees = async (client: SupabaseClient, id: string) => ((await client.from('projects').select('id').eq('id', id)).data ?? []).length === 1;

describe('who reads a project', () => {
  it('its department’s staff, its A角 and B角 wherever they sit, the archive room and the gm; not another department', async () => {
    const gcb = await projectOf(departmentIds.GCB);
    // A KF2 project whose A角 is an engineer of 工程部.
    const kf2 = await projectOf(departmentIds.KF2, operatorIds.engineer, operatorIds.clerk2);
    expect(await sees(await signInAs('engineer2'), gcb)).toBe(true);
    expect(await sees(manager, gcb)).toBe(true);
    expect(await sees(await signInAs('archivist'), gcb)).toBe(true);
    expect(await sees(await signInAs('gm'), gcb)).toBe(true);
    expect(await sees(await signInAs('clerk'), gcb)).toBe(false);
    expect(await sees(await signInAs('manager'), gcb)).toBe(false);
    expect(await sees(await signInAs('engineer'), kf2)).toBe(true);
    expect(await sees(await signInAs('engineer2'), kf2)).toBe(false);
  });

  it('the deputy GM reads the projects of the departments in his charge only (departments.deputy_gm_id)', async () => {
    const inCharge = await projectOf(departmentIds.GCB);
    const notInCharge = await projectOf(departmentIds.DA, operatorIds.engineer, operatorIds.engineer2);
    const deputy = await signInAs('deputy');
    expect(await sees(deputy, inCharge)).toBe(true);
    expect(await sees(deputy, notInCharge)).toBe(false);
  });
});

describe('who writes a project', () => {
  it('the department manager records it, in his own department; a clerk or engineer cannot', async () => {
    const code = unique('P').slice(0, 30);
    const created = await manager.from('projects')
      .insert({ code, name: '新区污水处理厂贷款项目', a_manager_id: operatorIds.engineer, b_manager_id: operatorIds.engineer2 })
      .select().single();
    expect(created.error).toBeNull();
    projects.push(created.data.id);
    expect(created.data).toMatchObject({ department_id: departmentIds.GCB, status: '进行中', completed_on: null });

    const byEngineer = await (await signInAs('engineer')).from('projects')
      .insert({ code: unique('P').slice(0, 30), name: '工程经理自建项目', a_manager_id: operatorIds.engineer, b_manager_id: operatorIds.engineer2 }).select();
    expect(byEngineer.status).toBe(403);
    const elsewhere = await manager.from('projects')
      .insert({ code: unique('P').slice(0, 30), name: '别部门的项目', department_id: departmentIds.KF1, a_manager_id: operatorIds.engineer, b_manager_id: operatorIds.engineer2 }).select();
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(elsewhere.status).toBeLessThan(500);
  });

  it('A角 and B角 must be two people', async () => {
    const same = await manager.from('projects')
      .insert({ code: unique('P').slice(0, 30), name: '同一人项目', a_manager_id: operatorIds.engineer, b_manager_id: operatorIds.engineer }).select();
    expect(same.status).toBe(400);
    expect(same.error).toMatchObject({ code: '23514' });
    expect(same.error!.message).toMatch(/projects_a_and_b_differ/);
    // (the screens show the constraint's bilingual comment)
    const [why] = await sql<{ c: string }>(`select obj_description(oid, 'pg_constraint') as c from pg_constraint where conname = 'projects_a_and_b_differ'`);
    expect(why.c).toMatch(/两个人.*\|.*two people/);
  });

  it('A角 and B角 are people at work', async () => {
    const leaver = await createThrowawayOperator('clerk', 'GCB');
    try {
      await sql(`update public.operators set active = false where id = $1`, [leaver.id]);
      const refused = await manager.from('projects')
        .insert({ code: unique('P').slice(0, 30), name: '调离人员项目', a_manager_id: leaver.id, b_manager_id: operatorIds.engineer2 }).select();
      expect(refused.status).toBe(400);
      expect(refused.error!.message).toMatch(/在岗.*\|.*at work/);
      const id = await projectOf(departmentIds.GCB);
      const changed = await manager.from('projects').update({ b_manager_id: leaver.id }).eq('id', id).select();
      expect(changed.status).toBe(400);
      expect((await storedProject(id)).b_manager_id).toBe(operatorIds.engineer2);
    } finally {
      await leaver.remove().catch(() => undefined);
    }
  });

  it('status, completion date and archive number are the system’s: refused through PATCH and apply_rows, nothing changes', async () => {
    const id = await projectOf(departmentIds.GCB);
    const before = await storedProject(id);
    for (const patch of [{ status: '已归档' }, { completed_on: '2026-01-05' }, { archive_number: '2026鸿借字第999号' }, { department_id: departmentIds.KF1 }]) {
      const refused = await manager.from('projects').update(patch).eq('id', id).select();
      expect(refused.status, JSON.stringify(patch)).toBe(403);
      expect(refused.error!.message).toMatch(/\|/);
    }
    const batch = await manager.rpc('apply_rows', { register: 'projects', rows: [{ key: id, values: { completed_on: '2026-01-05' } }] });
    expect(batch.data).toMatchObject({ applied: 0, rows: [{ ok: false, code: '42501', column: 'completed_on' }] });
    expect(await storedProject(id)).toEqual(before);
  });

  it('once complete, its A角 and B角, its certificates flag and its number word stay; the notes may still change', async () => {
    const id = await projectOf(departmentIds.GCB);
    expect((await manager.rpc('complete_project', { project_id: id })).error).toBeNull();
    const before = await storedProject(id);
    for (const patch of [{ a_manager_id: operatorIds.clerk }, { b_manager_id: operatorIds.clerk }, { has_certificates: true }, { number_word: '保' }]) {
      const refused = await manager.from('projects').update(patch).eq('id', id).select();
      expect(refused.status, JSON.stringify(patch)).toBe(409);
      expect(refused.error!.message).toMatch(/已完工.*\|.*complete/);
    }
    expect(await storedProject(id)).toEqual(before);
    expect((await manager.from('projects').update({ notes: '贷款已发放' }).eq('id', id).select()).error).toBeNull();
  });

  it('a project in progress may be deleted by its manager; a completed one not', async () => {
    const open = await projectOf(departmentIds.GCB);
    const done = await projectOf(departmentIds.GCB);
    expect((await manager.rpc('complete_project', { project_id: done })).error).toBeNull();
    expect((await manager.from('projects').delete().eq('id', open).select()).data).toHaveLength(1);
    expect((await manager.from('projects').delete().eq('id', done).select()).data ?? []).toHaveLength(0);
    expect(await storedProject(done)).toBeDefined();
  });

  it('offers 完工 to the department manager of a project in progress only', async () => {
    const id = await projectOf(departmentIds.GCB);
    const [move] = await sql<{ condition: string }>(`select condition from private.moves where register = 'projects' and move = 'complete'`);
    expect(move.condition).toMatch(/进行中/);
    const engineerSees = await (await signInAs('engineer')).rpc('complete_project', { project_id: id });
    expect(engineerSees.error).toMatchObject({ code: '42501' });
  });
});
