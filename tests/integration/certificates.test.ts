// Certificates 权证 (issue 14 point 3; RULES §9): kept in the safe (存入保险柜单独保存), numbered with
// their project's file number (权证编号应与工程的档案编号一致), kept apart from the files by the
// certificate keeper (a duty, 权证管理员), never edited once received, never deleted, destroyed
// only with the general manager's approval.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

let archivist: SupabaseClient;
let gm: SupabaseClient;
let clerk: SupabaseClient;
let manager: SupabaseClient;
let deputy: SupabaseClient;
let admin: SupabaseClient;
let keeper: Awaited<ReturnType<typeof createThrowawayOperator>>;
let keeperClient: SupabaseClient;

beforeAll(async () => {
  [archivist, gm, clerk, manager, deputy, admin] = await Promise.all(
    (['archivist', 'gm', 'clerk', 'manager', 'deputy', 'admin'] as const).map((r) => signInAs(r)),
  );
  // A clerk of 总经理办公室 whose duty is 权证管理员 (公司指定的权证治理人员).
  keeper = await createThrowawayOperator('clerk', 'ZJB');
  await sql(`update public.operators set duties = '{权证管理员}' where id = $1`, [keeper.id]);
  keeperClient = await keeper.client();
});
afterAll(async () => {
  await sql(`update public.operators set duties = '{}' where id = $1`, [keeper.id]);
});

async function project(word = '借') {
  const [row] = await sql<{ id: string }>(
    `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id, number_word)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [unique('Q').slice(0, 30), unique('权证测试项目'), departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2, word],
  );
  return row.id;
}

async function fileOf(projectId: string) {
  const [row] = await sql<{ id: string }>(
    `insert into public.archive_files (title, department_id, category, project_id) values ($1, $2, '重要合同单据', $3) returning id`,
    [unique('工程档案'), departmentIds.GCB, projectId],
  );
  return row.id;
}

const certificate = (projectId: string, extra: Record<string, unknown> = {}) => ({
  project_id: projectId, name: '房屋所有权证', certificate_no: unique('房权证字第'), holder: '张建华', quantity: 1, safe_no: '保险柜-1', ...extra,
});

const certRow = async (id: string) => (await sql<Record<string, unknown>>(`select * from public.certificates where id = $1`, [id]))[0];

describe('a certificate carries its project\'s file number', () => {
  it('takes the number when the project\'s file is numbered, and has it from the start afterwards', async () => {
    const projectId = await project('保');
    const early = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    expect(early.error).toBeNull();
    expect(early.data).toMatchObject({ number: null, department_id: departmentIds.GCB, keeper_id: operatorIds.archivist, status: '在库' });

    const fileId = await fileOf(projectId);
    const shelved = await archivist.rpc('shelve_archive_file', { file_id: fileId, room: '档案室一', cabinet: 'A09' });
    expect(shelved.error).toBeNull();
    const number = shelved.data.number as string;
    expect(number).toMatch(/鸿保字第\d{3,}号$/);
    expect((await certRow(early.data!.id)).number).toBe(number);

    const later = await archivist.from('certificates').insert(certificate(projectId, { name: '他项权证' })).select('number').single();
    expect(later.data).toEqual({ number });
  });

  it('cannot be given another number, typed or through the batch write', async () => {
    const projectId = await project();
    const made = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    const typed = await archivist.from('certificates').update({ number: '2026鸿借字第900号' }).eq('id', made.data!.id).select();
    expect(typed.error?.code).toBe('42501');
    expect(typed.error?.message).toContain('档案号');
    const inserted = await archivist.from('certificates').insert(certificate(projectId, { number: '2026鸿借字第901号' }));
    expect(inserted.error?.code).toBe('42501');
    const batch = await archivist.rpc('apply_rows', { register: 'certificates', rows: [{ key: made.data!.id, values: { number: 'X' } }] });
    expect(batch.data).toMatchObject({ applied: 0, failed: 1 });
    expect((await certRow(made.data!.id)).number).toBeNull();
  });
});

describe('a certificate is kept in the safe (存入保险柜单独保存)', () => {
  it('refuses a certificate in store without its safe number, or kept anywhere but the safe', async () => {
    const projectId = await project();
    const name = unique('无柜权证');
    const noSafe = await archivist.from('certificates').insert(certificate(projectId, { name, safe_no: null }));
    expect(noSafe.error?.code).toBe('23514');
    expect(noSafe.error?.message).toContain('certificates_safe_no_required');
    const drawer = await archivist.from('certificates').insert(certificate(projectId, { name, location_kind: '文件柜' }));
    expect(drawer.error?.code).toBe('23514');
    expect(drawer.error?.message).toContain('certificates_location_kind_check');
    expect(await sql(`select 1 from public.certificates where name = $1`, [name])).toHaveLength(0);
  });

  it('may move to another safe, but never leaves the safe number empty', async () => {
    const projectId = await project();
    const made = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    const moved = await archivist.from('certificates').update({ safe_no: '保险柜-2' }).eq('id', made.data!.id).select('safe_no');
    expect(moved.data).toEqual([{ safe_no: '保险柜-2' }]);
    const cleared = await archivist.from('certificates').update({ safe_no: null }).eq('id', made.data!.id).select();
    expect(cleared.error?.code).toBe('23514');
    expect((await certRow(made.data!.id)).safe_no).toBe('保险柜-2');
  });
});

describe('certificates are kept apart, by the certificate keeper (视同现金治理)', () => {
  it('the keeper (duty 权证管理员) reads and keeps them; clerks and the department manager do not see them; the admin neither', async () => {
    const projectId = await project();
    const made = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    const id = made.data!.id as string;
    const seen = async (who: SupabaseClient) => ((await who.from('certificates').select('id').eq('id', id)).data ?? []).length;
    expect(await seen(keeperClient)).toBe(1);
    expect(await seen(gm)).toBe(1);
    expect(await seen(deputy)).toBe(1); // 工程部 is in his charge
    expect(await seen(clerk)).toBe(0);
    expect(await seen(manager)).toBe(0);
    expect(await seen(admin)).toBe(0);
    const kept = await keeperClient.from('certificates').update({ safe_no: '保险柜-3' }).eq('id', id).select('safe_no');
    expect(kept.data).toEqual([{ safe_no: '保险柜-3' }]);
    const byClerk = await clerk.from('certificates').update({ safe_no: '抽屉' }).eq('id', id).select();
    expect(byClerk.data ?? []).toHaveLength(0);
    expect((await certRow(id)).safe_no).toBe('保险柜-3');
  });

  it('a certificate is never edited once received: name, number, holder, quantity are refused to the keeper and the archivist', async () => {
    const projectId = await project();
    const made = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    const before = await certRow(made.data!.id);
    for (const [who, values] of [
      [archivist, { certificate_no: '改过的权证号' }], [archivist, { quantity: 3 }], [keeperClient, { holder: '李四' }], [keeperClient, { name: '改名权证' }],
    ] as const) {
      const refused = await who.from('certificates').update(values).eq('id', made.data!.id).select();
      expect(refused.error?.code).toBe('42501');
      expect(refused.error?.message).toContain('权证原件');
    }
    expect(await certRow(made.data!.id)).toEqual(before);
  });
});

describe('nobody deletes a certificate; its destruction is the general manager\'s to approve', () => {
  it('refuses deletes, and destroys only with the gm\'s approval', async () => {
    const projectId = await project();
    const made = await archivist.from('certificates').insert(certificate(projectId)).select().single();
    const id = made.data!.id as string;
    for (const who of [archivist, keeperClient, gm]) {
      const refused = await who.from('certificates').delete().eq('id', id).select();
      expect(refused.error?.code).toBe('42501');
    }
    const typed = await archivist.from('certificates').update({ status: '已销毁' }).eq('id', id).select();
    expect(typed.error?.code).toBe('42501');
    const requested = await archivist.rpc('request_archive_destruction', { certificate_id: id, reason: '贷款结清，权证已退还客户后的复印件' });
    expect(requested.error).toBeNull();
    const byArchivist = await archivist.rpc('decide_archive_destruction', { destruction_id: requested.data.id, approve: true });
    expect(byArchivist.error?.code).toBe('42501');
    expect((await certRow(id)).status).toBe('在库');
    const approved = await gm.rpc('decide_archive_destruction', { destruction_id: requested.data.id, approve: true });
    expect(approved.error).toBeNull();
    expect((await certRow(id)).status).toBe('已销毁');
    const edited = await keeperClient.from('certificates').update({ safe_no: '保险柜-9' }).eq('id', id).select();
    expect(edited.error?.code).toBe('PT409');
  });
});
