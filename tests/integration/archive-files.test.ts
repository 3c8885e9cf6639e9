// Archive files 档案 (issue 14 point 1; RULES §8): numbering by the archivist on receipt
// (2026鸿借字第001号, unique, never reused), originals never edited once received (原始客户档案一般不可
// 修改), working copies edited only under an edit request approved by the department manager
// (工作档案需经客务部经理同意方可修改), no delete for anyone and destruction only with the general
// manager's approval (不得擅自带走或销毁). Each refusal is tried through the API as the demo users,
// and nothing may have changed.
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

type FileRow = {
  id: string; number: string | null; number_year: number | null; number_seq: number | null; title: string; status: string;
  copy_kind: string; category: string; page_count: number; room: string | null; cabinet: string | null; keeper_id: string | null;
  received_at: string | null; department_id: string;
};

let archivist: SupabaseClient;
let gm: SupabaseClient;
let clerk: SupabaseClient;
let clerk2: SupabaseClient;
let manager: SupabaseClient;
let deputy: SupabaseClient;
let admin: SupabaseClient;

beforeAll(async () => {
  [archivist, gm, clerk, clerk2, manager, deputy, admin] = await Promise.all(
    (['archivist', 'gm', 'clerk', 'clerk2', 'manager', 'deputy', 'admin'] as const).map((r) => signInAs(r)),
  );
});

const thisYear = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));

/** A file as 客服部 sends it to the archive room: not yet numbered. */
async function newFile(opts: { copyKind?: '原件' | '工作件'; department?: string; category?: string; projectId?: string } = {}) {
  const [row] = await sql<{ id: string }>(
    `insert into public.archive_files (title, department_id, category, copy_kind, page_count, project_id)
     values ($1, $2, $3, $4, 12, $5) returning id`,
    [unique('客户档案'), opts.department ?? departmentIds.KF1, opts.category ?? '客户资料', opts.copyKind ?? '原件', opts.projectId ?? null],
  );
  await sql(`insert into public.archive_file_items (file_id, title, pages) values ($1, '客户信息卡', 2), ($1, '租赁合同', 8)`, [row.id]);
  return row.id;
}

async function shelved(opts: Parameters<typeof newFile>[0] = {}) {
  const id = await newFile(opts);
  const { error } = await archivist.rpc('shelve_archive_file', { file_id: id, room: '档案室二', cabinet: 'K09', shelf: '2层' });
  expect(error).toBeNull();
  return id;
}

const fileRow = async (id: string) => (await sql<FileRow>(`select * from public.archive_files where id = $1`, [id]))[0];
const items = async (id: string) =>
  sql<{ title: string; item_no: number | null; pages: number }>(`select title, item_no, pages from public.archive_file_items where file_id = $1 order by title`, [id]);

describe('numbering: the archivist numbers and shelves a file on receipt', () => {
  it('gives 年份+鸿+字号+字第NNN号, the next of the year, with the keeper, the time and the location', async () => {
    const id = await newFile();
    const [{ max }] = await sql<{ max: number | null }>(
      `select greatest(coalesce((select max(number_seq) from public.archive_files where number_year = $1), 0),
                       coalesce((select last_seq from private.archive_number_counters where year = $1), 0)) as max`, [thisYear]);
    const { data, error } = await archivist.rpc('shelve_archive_file', { file_id: id, room: '档案室二', cabinet: 'K09', shelf: '3层' });
    expect(error).toBeNull();
    const seq = (max ?? 0) + 1;
    expect(data).toMatchObject({ number: `${thisYear}鸿借字第${String(seq).padStart(3, '0')}号`, number_year: thisYear, number_seq: seq, status: '在库' });
    const row = await fileRow(id);
    expect(row).toMatchObject({ keeper_id: operatorIds.archivist, room: '档案室二', cabinet: 'K09' });
    expect(row.received_at).not.toBeNull();
  });

  it('requires the location (room and cabinet), and numbers nothing without it', async () => {
    const id = await newFile();
    const noCabinet = await archivist.rpc('shelve_archive_file', { file_id: id, room: '档案室二', cabinet: ' ' });
    expect(noCabinet.error?.code).toBe('23502');
    expect(noCabinet.error?.message).toContain('柜号');
    expect(noCabinet.error?.hint).toBe('cabinet');
    const noRoom = await archivist.rpc('shelve_archive_file', { file_id: id, room: '', cabinet: 'K01' });
    expect(noRoom.error?.code).toBe('23502');
    expect(noRoom.error?.hint).toBe('room');
    expect(await fileRow(id)).toMatchObject({ number: null, received_at: null, cabinet: null });
  });

  it('is the archivist\'s: a clerk, the manager or the gm cannot number a file', async () => {
    const id = await newFile();
    for (const who of [clerk, manager, gm]) {
      const refused = await who.rpc('shelve_archive_file', { file_id: id, room: '档案室二', cabinet: 'K01' });
      expect(refused.error?.code).toBe('42501');
      expect(refused.error?.message).toContain('档案管理员');
    }
    expect((await fileRow(id)).number).toBeNull();
  });

  it('numbers a file once: the second time is refused and the number stays', async () => {
    const id = await shelved();
    const before = await fileRow(id);
    const again = await archivist.rpc('shelve_archive_file', { file_id: id, room: '档案室一', cabinet: 'A01' });
    expect(again.error?.code).toBe('PT409');
    expect(await fileRow(id)).toMatchObject({ number: before.number, cabinet: 'K09' });
  });

  it('cannot be typed: number, year, sequence, status, keeper and receipt time are refused through PATCH, insert and apply_rows', async () => {
    const id = await newFile();
    const patched = await archivist.from('archive_files').update({ number: `${thisYear}鸿借字第999号` }).eq('id', id).select();
    expect(patched.error?.code).toBe('42501');
    expect(patched.error?.message).toContain('档案号');
    const status = await archivist.from('archive_files').update({ status: '已移交' }).eq('id', id).select();
    expect(status.error?.code).toBe('42501');
    const inserted = await archivist.from('archive_files').insert({
      title: unique('自编号档案'), department_id: departmentIds.KF1, category: '客户资料', number: '2026鸿借字第998号', number_seq: 998,
    });
    expect(inserted.error?.code).toBe('42501');
    const batch = await archivist.rpc('apply_rows', { register: 'archive_files', rows: [{ key: id, values: { number_seq: 997 } }] });
    expect(batch.error).toBeNull();
    expect(batch.data).toMatchObject({ applied: 0, failed: 1 });
    expect(await fileRow(id)).toMatchObject({ number: null, number_seq: null, status: '在库' });
    expect(await sql(`select 1 from public.archive_files where number in ('2026鸿借字第998号', '2026鸿借字第999号')`)).toHaveLength(0);
  });

  it('takes the project\'s number word, and the project takes the number of its first file', async () => {
    const [project] = await sql<{ id: string }>(
      `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id, number_word)
       values ($1, '测试担保项目', $2, $3, $4, '保') returning id`,
      [unique('T').slice(0, 30), departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2],
    );
    const id = await shelved({ projectId: project.id, department: departmentIds.GCB, category: '重要合同单据' });
    const row = await fileRow(id);
    expect(row.number).toMatch(new RegExp(`^${thisYear}鸿保字第\\d{3,}号$`));
    expect(await sql(`select archive_number from public.projects where id = $1`, [project.id])).toEqual([{ archive_number: row.number }]);
  });
});

describe('an original (原件) is never edited once received, by anyone', () => {
  it('refuses the archivist\'s edit of its title, category, pages or kind, and keeps the file as it was', async () => {
    const id = await shelved();
    const before = await fileRow(id);
    for (const values of [{ title: '改过的题名' }, { category: '调查资料' }, { page_count: 99 }, { copy_kind: '工作件' }]) {
      const refused = await archivist.from('archive_files').update(values).eq('id', id).select();
      expect(refused.error?.code).toBe('42501');
      expect(refused.error?.message).toContain('原件');
    }
    const batch = await archivist.rpc('apply_rows', { register: 'archive_files', rows: [{ key: id, values: { title: '批量改题名' } }] });
    expect(batch.data).toMatchObject({ applied: 0, failed: 1 });
    expect(await fileRow(id)).toEqual(before);
  });

  it('refuses adding, changing or removing items of its list, and keeps the list', async () => {
    const id = await shelved();
    const before = await items(id);
    const added = await archivist.from('archive_file_items').insert({ file_id: id, title: '补塞的资料', pages: 3 });
    expect(added.error?.code).toBe('42501');
    expect(added.error?.message).toContain('原件');
    const changed = await archivist.from('archive_file_items').update({ pages: 1 }).eq('file_id', id).select();
    expect(changed.error?.code).toBe('42501');
    const removed = await archivist.from('archive_file_items').delete().eq('file_id', id).select();
    expect(removed.error?.code).toBe('42501');
    expect(await items(id)).toEqual(before);
  });

  it('refuses an item deleted before receipt coming back from the recycle bin afterwards', async () => {
    const id = await newFile();
    const removed = await archivist.from('archive_file_items').delete().eq('file_id', id).eq('title', '租赁合同').select();
    expect(removed.error).toBeNull();
    expect(removed.data).toHaveLength(1);
    const { error } = await archivist.rpc('shelve_archive_file', { file_id: id, room: '档案室二', cabinet: 'K09' });
    expect(error).toBeNull();
    const [bin] = await sql<{ id: string }>(
      `select id::text from public.recycle_bin where table_name = 'archive_file_items' and row_id = $1`, [removed.data![0].id]);
    const restored = await archivist.rpc('restore_deleted', { bin_id: Number(bin.id) });
    expect(restored.error?.code).toBe('42501');
    expect((await items(id)).map((i) => i.title)).toEqual(['客户信息卡']);
  });

  it('cannot get an edit request: the request is refused and nothing is filed', async () => {
    const id = await shelved();
    const refused = await clerk.from('archive_edit_requests').insert({ file_id: id, reason: '想改原件' });
    expect(refused.error?.code).toBe('22023');
    expect(refused.error?.message).toContain('原件');
    expect(await sql(`select 1 from public.archive_edit_requests where file_id = $1`, [id])).toHaveLength(0);
  });

  it('may still be moved by the archivist (room, cabinet), but never left without a location', async () => {
    const id = await shelved();
    const moved = await archivist.from('archive_files').update({ cabinet: 'K10', shelf: '1层' }).eq('id', id).select('cabinet');
    expect(moved.error).toBeNull();
    const cleared = await archivist.from('archive_files').update({ cabinet: null }).eq('id', id).select();
    expect(cleared.error?.code).toBe('23502');
    expect(cleared.error?.message).toContain('存放位置');
    expect((await fileRow(id)).cabinet).toBe('K10');
  });

  it('lists attachments without a number (列入附件的资料不进展编码) and numbers the other items in order', async () => {
    const id = await newFile();
    const { error } = await archivist.from('archive_file_items').insert([
      { file_id: id, title: '客户未取走的合同', pages: 4, is_attachment: true, item_no: 7 },
      { file_id: id, title: '征信报告', pages: 2, is_attachment: false, item_no: null },
    ]);
    expect(error).toBeNull();
    expect(await items(id)).toEqual([
      { title: '客户信息卡', item_no: 1, pages: 2 },
      { title: '客户未取走的合同', item_no: null, pages: 4 },
      { title: '征信报告', item_no: 3, pages: 2 },
      { title: '租赁合同', item_no: 2, pages: 8 },
    ]);
  });
});

describe('a working copy (工作件) is edited only under an edit request the department manager approved', () => {
  it('refuses edits without one; the KF1 manager approves the clerk\'s request; the clerk edits until he closes it', async () => {
    const id = await shelved({ copyKind: '工作件' });
    const before = await fileRow(id);

    const early = await clerk.from('archive_files').update({ title: '无申请的修改' }).eq('id', id).select();
    expect(early.error?.code).toBe('42501');
    expect(early.error?.message).toContain('经理');
    const earlyByArchivist = await archivist.from('archive_files').update({ title: '无申请的修改' }).eq('id', id).select();
    expect(earlyByArchivist.error?.code).toBe('42501');
    expect(await fileRow(id)).toEqual(before);

    const filed = await clerk.from('archive_edit_requests').insert({ file_id: id, reason: '客户联系人变更' }).select().single();
    expect(filed.error).toBeNull();
    expect(filed.data).toMatchObject({ status: '待审批', requested_by: operatorIds.clerk, department_id: departmentIds.KF1 });
    const requestId = filed.data!.id as string;
    // The KF1 manager, who decides it, is told at once; the requester is not told of his own request.
    const told = async (kind: string, table: string, rowId: string) =>
      (await sql<{ recipient_id: string }>(`select recipient_id from public.notifications where kind = $1 and link_table = $2 and link_id = $3 order by 1`, [kind, table, rowId])).map((n) => n.recipient_id);
    // (other test files may have a throwaway KF1 manager at work meanwhile: he is told too)
    expect(await told('修改申请', 'archive_edit_requests', requestId)).toContain(operatorIds.manager);
    expect(await told('修改申请', 'archive_edit_requests', requestId)).not.toContain(operatorIds.clerk);
    expect(await told('修改申请', 'archive_edit_requests', requestId)).not.toContain(operatorIds.clerk2);

    const pending = await clerk.from('archive_files').update({ title: '待批的修改' }).eq('id', id).select();
    expect(pending.error?.code).toBe('42501');

    // Not the clerk himself, not another department's manager, not the archivist: the KF1 manager.
    const self = await clerk.rpc('decide_archive_edit_request', { request_id: requestId, approve: true });
    expect(self.error?.code).toMatch(/^(42501|PT404)$/);
    const other = await clerk2.rpc('decide_archive_edit_request', { request_id: requestId, approve: true });
    expect(other.error?.code).toMatch(/^(42501|PT404)$/);
    const byArchivist = await archivist.rpc('decide_archive_edit_request', { request_id: requestId, approve: true });
    expect(byArchivist.error?.code).toBe('42501');
    const typed = await clerk.from('archive_edit_requests').update({ status: '已批准' }).eq('id', requestId).select();
    expect(typed.error?.code ?? (typed.data?.length === 0 ? 'none' : 'changed')).not.toBe('changed');
    expect(await sql(`select status from public.archive_edit_requests where id = $1`, [requestId])).toEqual([{ status: '待审批' }]);

    const approved = await manager.rpc('decide_archive_edit_request', { request_id: requestId, approve: true, note: '同意' });
    expect(approved.error).toBeNull();
    expect(approved.data).toMatchObject({ status: '已批准', decided_by: operatorIds.manager });

    const edit = await clerk.from('archive_files').update({ title: '已批准的修改' }).eq('id', id).select('title');
    expect(edit.error).toBeNull();
    expect(edit.data).toEqual([{ title: '已批准的修改' }]);
    const item = await clerk.from('archive_file_items').insert({ file_id: id, title: '联系人变更说明', pages: 1 });
    expect(item.error).toBeNull();
    // (the content only: where the file is kept stays the archive room's)
    const moved = await clerk.from('archive_files').update({ cabinet: 'K01' }).eq('id', id).select();
    expect(moved.error?.code).toBe('42501');
    expect(moved.error?.message).toContain('档案管理员');
    // The approval is the clerk's: the archivist still may not edit this working copy.
    const notHis = await archivist.from('archive_files').update({ page_count: 50 }).eq('id', id).select();
    expect(notHis.error?.code).toBe('42501');

    const closed = await clerk.rpc('close_archive_edit_request', { request_id: requestId });
    expect(closed.error).toBeNull();
    expect(closed.data).toMatchObject({ status: '已用' });
    const after = await clerk.from('archive_files').update({ title: '用过之后的修改' }).eq('id', id).select();
    expect(after.error?.code).toBe('42501');
    expect((await fileRow(id)).title).toBe('已批准的修改');
  });

  it('is filed in one\'s own name, for a file one can see, and never approved by its own requester', async () => {
    const id = await shelved({ copyKind: '工作件' });
    const otherDepartment = await clerk2.from('archive_edit_requests').insert({ file_id: id, reason: '看不到的档案' });
    expect(otherDepartment.error?.code).toBe('42501');
    const inHisName = await clerk.from('archive_edit_requests').insert({ file_id: id, reason: '代同事申请', requested_by: operatorIds.kf1Colleague });
    expect(inHisName.error?.code).toBe('42501');
    const preApproved = await clerk.from('archive_edit_requests').insert({ file_id: id, reason: '自带批准', status: '已批准' });
    expect(preApproved.error?.code).toBe('42501');
    expect(await sql(`select 1 from public.archive_edit_requests where file_id = $1`, [id])).toHaveLength(0);

    const own = await manager.from('archive_edit_requests').insert({ file_id: id, reason: '经理本人要改' }).select().single();
    expect(own.error).toBeNull();
    const selfApproved = await manager.rpc('decide_archive_edit_request', { request_id: own.data!.id, approve: true });
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.error?.message).toContain('不能审批自己的申请');
    expect(await sql(`select status from public.archive_edit_requests where id = $1`, [own.data!.id])).toEqual([{ status: '待审批' }]);
  });

  it('a declined request allows nothing', async () => {
    const id = await shelved({ copyKind: '工作件' });
    const filed = await clerk.from('archive_edit_requests').insert({ file_id: id, reason: '调整页数' }).select().single();
    const declined = await manager.rpc('decide_archive_edit_request', { request_id: filed.data!.id, approve: false, note: '以原件为准' });
    expect(declined.data).toMatchObject({ status: '已驳回' });
    const refused = await clerk.from('archive_files').update({ page_count: 30 }).eq('id', id).select();
    expect(refused.error?.code).toBe('42501');
    expect((await fileRow(id)).page_count).toBe(12);
    const again = await manager.rpc('decide_archive_edit_request', { request_id: filed.data!.id, approve: true });
    expect(again.error?.code).toBe('PT409');
  });
});

describe('nobody deletes a file; destruction needs the general manager (不得擅自带走或销毁)', () => {
  it('refuses a delete by the archivist, the gm and the admin, and the file stays', async () => {
    const id = await shelved();
    for (const who of [archivist, gm, admin]) {
      const refused = await who.from('archive_files').delete().eq('id', id).select();
      expect(refused.error?.code).toBe('42501');
    }
    expect(await fileRow(id)).toBeDefined();
  });

  it('is requested with a reason and approved by the gm alone; the file is then 已销毁 for good', async () => {
    const id = await shelved();
    const noReason = await archivist.rpc('request_archive_destruction', { file_id: id, reason: ' ' });
    expect(noReason.error?.code).toBe('23502');
    const byClerk = await clerk.rpc('request_archive_destruction', { file_id: id, reason: '没用了' });
    expect(byClerk.error?.code).toBe('42501');
    const typedStatus = await archivist.from('archive_files').update({ status: '已销毁' }).eq('id', id).select();
    expect(typedStatus.error?.code).toBe('42501');
    const selfApproved = await archivist.from('archive_destructions').insert({ file_id: id, reason: '自批销毁', status: '已批准' });
    expect(selfApproved.error?.code).toBe('42501');
    expect((await fileRow(id)).status).toBe('在库');

    const requested = await archivist.rpc('request_archive_destruction', { file_id: id, reason: '保管期限届满' });
    expect(requested.error).toBeNull();
    expect(requested.data).toMatchObject({ status: '待审批', requested_by: operatorIds.archivist });
    const destructionId = requested.data.id as string;
    // The general manager, who alone decides it, is told at once.
    const toldOfDestruction = (await sql<{ recipient_id: string }>(
      `select recipient_id from public.notifications where kind = '销毁申请' and link_table = 'archive_destructions' and link_id = $1`, [destructionId])).map((n) => n.recipient_id);
    expect(toldOfDestruction).toContain(operatorIds.gm);
    expect(toldOfDestruction).not.toContain(operatorIds.archivist);
    const twice = await archivist.rpc('request_archive_destruction', { file_id: id, reason: '再申请一次' });
    expect(twice.error?.code).toBe('PT409');

    for (const who of [archivist, deputy, manager]) {
      const refused = await who.rpc('decide_archive_destruction', { destruction_id: destructionId, approve: true });
      expect(refused.error?.code).toMatch(/^(42501|PT404)$/);
    }
    expect((await fileRow(id)).status).toBe('在库');

    const approved = await gm.rpc('decide_archive_destruction', { destruction_id: destructionId, approve: true, note: '同意销毁' });
    expect(approved.error).toBeNull();
    expect(approved.data).toMatchObject({ status: '已批准', approved_by: operatorIds.gm });
    const row = await fileRow(id);
    expect(row.status).toBe('已销毁');
    expect(row.number).not.toBeNull();

    const edited = await archivist.from('archive_files').update({ cabinet: 'K01' }).eq('id', id).select();
    expect(edited.error?.code).toBe('PT409');
    const again = await archivist.rpc('request_archive_destruction', { file_id: id, reason: '再销毁' });
    expect(again.error?.code).toBe('PT409');
    const notice = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '审批结果' and link_id = $2`,
      [operatorIds.archivist, destructionId]);
    expect(notice).toHaveLength(1);
  });

  it('never gives a destroyed file\'s number again', async () => {
    const id = await shelved();
    const requested = await archivist.rpc('request_archive_destruction', { file_id: id, reason: '重复件' });
    await gm.rpc('decide_archive_destruction', { destruction_id: requested.data.id, approve: true });
    const destroyed = await fileRow(id);
    const next = await fileRow(await shelved());
    expect(next.number_seq).toBeGreaterThan(destroyed.number_seq!);
    expect(next.number).not.toBe(destroyed.number);
    expect(await sql(`select 1 from public.archive_files where number = $1`, [destroyed.number])).toHaveLength(1);
  });

  it('is refused for a file on loan', async () => {
    const id = await shelved();
    await sql(`update public.archive_files set status = '借出' where id = $1`, [id]);
    const refused = await archivist.rpc('request_archive_destruction', { file_id: id, reason: '借出中' });
    expect(refused.error?.code).toBe('PT409');
    expect(await sql(`select 1 from public.archive_destructions where file_id = $1`, [id])).toHaveLength(0);
  });
});

describe('who sees which files', () => {
  it('a department sees its own catalogue, the deputy GM the departments in his charge, the admin nothing', async () => {
    const id = await shelved({ department: departmentIds.KF1 });
    const seen = async (who: SupabaseClient) => ((await who.from('archive_files').select('id').eq('id', id)).data ?? []).length;
    expect(await seen(clerk)).toBe(1);
    expect(await seen(manager)).toBe(1);
    expect(await seen(archivist)).toBe(1);
    expect(await seen(gm)).toBe(1);
    expect(await seen(deputy)).toBe(1);
    expect(await seen(clerk2)).toBe(0);
    expect(await seen(admin)).toBe(0);
  });
});

describe('the demo archive (seeds/04_demo_archive_files.sql)', () => {
  it('holds a few hundred numbered files over several projects, certificates under their project\'s number, one destroyed', async () => {
    const [counts] = await sql<{ files: number; projects: number; numbered: number; destroyed: number; items: number; attachments: number }>(
      `select count(*)::integer as files, count(distinct project_id)::integer as projects, count(number)::integer as numbered,
              count(*) filter (where status = '已销毁')::integer as destroyed,
              (select count(*)::integer from public.archive_file_items i where i.file_id::text like '00000000-0000-4000-e002-%') as items,
              (select count(*)::integer from public.archive_file_items i where i.file_id::text like '00000000-0000-4000-e002-%' and i.is_attachment and i.item_no is null) as attachments
       from public.archive_files where id::text like '00000000-0000-4000-e002-%'`);
    expect(counts.files).toBeGreaterThanOrEqual(300);
    expect(counts.projects).toBeGreaterThanOrEqual(6);
    expect(counts.numbered).toBe(counts.files - 2);
    expect(counts.destroyed).toBe(1);
    expect(counts.attachments).toBe(counts.files);
    const mismatched = await sql(
      `select 1 from public.certificates c join public.projects p on p.id = c.project_id
       where c.id::text like '00000000-0000-4000-e003-%' and c.number is distinct from p.archive_number`);
    expect(mismatched).toHaveLength(0);
    expect(await sql(`select 1 from public.certificates where id::text like '00000000-0000-4000-e003-%'`)).toHaveLength(18);
  });
});
