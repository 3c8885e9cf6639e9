// The file handover A角 → B角 → archive room (000 档案资料管理 四、五; issue 14 points 2 and 3):
// completion opens it with A's deadline of three working days, A hands the list to B, B signs and
// hands it on within two working days or returns a missing-items list, the archivist checks each
// item and receives (the third signature), numbering the file; certificates go separately, into
// the safe under the project's number; a postponement needs the approver and a reason. Each rule
// is tried through the API as the people it concerns, and each refusal leaves everything as it was.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

type Handover = {
  id: string; status: string; kind: string; a_due_on: string; file_by: string; b_due_on: string | null; a_signed_at: string | null;
  b_signed_at: string | null; handed_at: string | null; received_at: string | null; archivist_id: string | null;
  file_id: string | null; missing_items: string | null; postponed_reason: string | null; postponed_by: string | null;
};

let gcbManager: Awaited<ReturnType<typeof createThrowawayOperator>>;
let manager: SupabaseClient;
let engineer: SupabaseClient; // A角
let engineer2: SupabaseClient; // B角
let archivist: SupabaseClient;
const projects: string[] = [];

beforeAll(async () => {
  gcbManager = await createThrowawayOperator('manager', 'GCB');
  [manager, engineer, engineer2, archivist] = await Promise.all([
    gcbManager.client(), signInAs('engineer'), signInAs('engineer2'), signInAs('archivist'),
  ]);
});

afterAll(async () => {
  // (the archive keeps what was received; only the test's unfiled leftovers go)
  await sql(`delete from public.archive_handover_items i using public.archive_handovers h
             where i.handover_id = h.id and h.project_id = any($1::uuid[]) and h.status <> '已归档'`, [projects]);
  await sql(`delete from public.archive_handovers where project_id = any($1::uuid[]) and status <> '已归档'`, [projects]);
  await sql(`delete from public.projects p where id = any($1::uuid[]) and not exists (select 1 from public.archive_handovers h where h.project_id = p.id)
             and not exists (select 1 from public.archive_files f where f.project_id = p.id)`, [projects]);
  await gcbManager.remove().catch(() => undefined);
});

/** A project of 工程部 in progress: 高建华 is A角, 林涛 B角. */
async function newProject(fields: Record<string, unknown> = {}): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id, has_certificates)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [unique('T').slice(0, 30), `${unique('测试工程')}项目`, departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2, fields.has_certificates ?? false],
  );
  projects.push(row.id);
  return row.id;
}

const handoverOf = async (project: string, kind = '档案') =>
  (await sql<Handover>(`select *, a_due_on::text, b_due_on::text, file_by::text from public.archive_handovers where project_id = $1 and kind = $2`, [project, kind]))[0];
const stored = async (id: string) => (await sql<Handover>(`select *, a_due_on::text, b_due_on::text, file_by::text from public.archive_handovers where id = $1`, [id]))[0];
const itemsOf = async (handover: string) =>
  sql<{ id: string; title: string; checked: boolean }>(`select id, title, checked from public.archive_handover_items where handover_id = $1 order by created_at`, [handover]);
const workingDays = async (from: string, n: number) =>
  (await sql<{ d: string }>(`select public.add_working_days($1::timestamptz, $2)::text as d`, [from, n]))[0].d;

/** A completed project's open file handover (the project completed today by its manager). */
async function openHandover(fields: Record<string, unknown> = {}): Promise<{ project: string; handover: Handover }> {
  const project = await newProject(fields);
  const done = await manager.rpc('complete_project', { project_id: project });
  expect(done.error).toBeNull();
  return { project, handover: await handoverOf(project) };
}

async function addItems(handover: string, items: Record<string, unknown>[]) {
  const result = await engineer.from('archive_handover_items').insert(items.map((i) => ({ handover_id: handover, is_attachment: false, ...i }))).select();
  expect(result.error).toBeNull();
  return result.data!;
}

/** Through A's hand-over and B's signature, waiting for the archive room. */
async function atArchiveRoom(fields: Record<string, unknown> = {}) {
  const { project, handover } = await openHandover(fields);
  await addItems(handover.id, [
    { title: '立项审批资料', pages: 12 },
    { title: '借款合同', pages: 20 },
    { title: '客户未取走的合同副本（附件）', pages: 5, is_attachment: true },
  ]);
  expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
  expect((await engineer2.rpc('sign_handover_receipt', { handover: handover.id })).error).toBeNull();
  expect((await engineer2.rpc('hand_over_to_archive', { handover: handover.id })).error).toBeNull();
  return { project, handover: await stored(handover.id) };
}

async function checkAll(handover: string) {
  const result = await archivist.from('archive_handover_items').update({ checked: true }).eq('handover_id', handover).select();
  expect(result.error).toBeNull();
}

describe('completion opens the handover 完工', () => {
  it('gives A three working days from completion to hand the file to B, and tells A', async () => {
    const project = await newProject();
    const done = await manager.rpc('complete_project', { project_id: project, completed_on: '2026-09-30' });
    expect(done.error).toBeNull();
    expect(done.data).toMatchObject({ status: '已完工', completed_on: '2026-09-30' });
    const handover = await handoverOf(project);
    // 30 Sep 2026 (Wed) → the National Day holiday: three working days after it.
    expect(handover).toMatchObject({ status: 'A角整理', kind: '档案', a_due_on: await workingDays('2026-09-30T12:00:00+08:00', 3) });
    // 每月的10日前应将归档文件资料归档完毕: completed in September, filed by 10 October.
    expect(handover.file_by).toBe('2026-10-10');
    const notes = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '档案移交' and link_id = $2`, [operatorIds.engineer, handover.id]);
    expect(notes).toHaveLength(1);
  });

  it('opens a separate certificate handover when the project has certificates (重要的权证应与档案资料分开移交)', async () => {
    const project = await newProject({ has_certificates: true });
    expect((await manager.rpc('complete_project', { project_id: project })).error).toBeNull();
    const kinds = await sql<{ kind: string }>(`select kind from public.archive_handovers where project_id = $1 order by kind`, [project]);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['权证', '档案'].sort());
  });

  it('is recorded only by the department manager, once, and not for a future day; nothing changes on a refusal', async () => {
    const project = await newProject();
    const byEngineer = await engineer.rpc('complete_project', { project_id: project });
    expect(byEngineer.error).toMatchObject({ code: '42501' });
    expect(byEngineer.error!.message).toMatch(/部门的经理.*\|.*manager/);
    const byOtherDepartment = await (await signInAs('clerk2')).rpc('complete_project', { project_id: project });
    expect(byOtherDepartment.error).toMatchObject({ code: 'PT404' });
    const future = await manager.rpc('complete_project', { project_id: project, completed_on: '2099-01-01' });
    expect(future.error).toMatchObject({ code: '22023', hint: 'completed_on' });
    expect((await sql(`select status, completed_on from public.projects where id = $1`, [project]))[0]).toEqual({ status: '进行中', completed_on: null });
    expect(await sql(`select 1 from public.archive_handovers where project_id = $1`, [project])).toHaveLength(0);

    expect((await manager.rpc('complete_project', { project_id: project })).error).toBeNull();
    const again = await manager.rpc('complete_project', { project_id: project });
    expect(again.error).toMatchObject({ code: 'PT409' });
    expect(await sql(`select 1 from public.archive_handovers where project_id = $1`, [project])).toHaveLength(1);
  });
});

describe('A hands the file to B (三个工作日内移交工程经理B角)', () => {
  it('needs a list of items with their pages; attachments are listed too', async () => {
    const { handover } = await openHandover();
    const empty = await engineer.rpc('hand_over_to_b', { handover: handover.id });
    expect(empty.error).toMatchObject({ code: '23514', hint: 'items' });
    expect(empty.error!.message).toMatch(/清单.*\|.*list/);
    const noPages = await engineer.from('archive_handover_items').insert({ handover_id: handover.id, title: '借款合同' }).select();
    expect(noPages.status).toBe(400);
    expect(noPages.error!.message).toMatch(/页数.*\|.*pages/);
    const onlyAttachment = await addItems(handover.id, [{ title: '附件：发票复印件', pages: 3, is_attachment: true }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toMatchObject({ code: '23514' });
    expect(await stored(handover.id)).toMatchObject({ status: 'A角整理', a_signed_at: null });
    expect(onlyAttachment).toHaveLength(1);
  });

  it('signs as giver and gives B two working days from that day (两个工作日内移交档案室), telling B', async () => {
    const { handover } = await openHandover();
    await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }]);
    const handed = await engineer.rpc('hand_over_to_b', { handover: handover.id });
    expect(handed.error).toBeNull();
    const after = await stored(handover.id);
    expect(after.status).toBe('待B角审核');
    expect(after.a_signed_at).not.toBeNull();
    expect(after.b_due_on).toBe(await workingDays(after.a_signed_at!, 2));
    const notes = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '档案移交' and link_id = $2`, [operatorIds.engineer2, handover.id]);
    expect(notes).toHaveLength(1);
  });

  it('is A’s alone: B, the archivist and the department manager cannot hand over for him, and nobody signs twice', async () => {
    const { handover } = await openHandover();
    await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }]);
    for (const client of [engineer2, archivist, manager]) {
      const refused = await client.rpc('hand_over_to_b', { handover: handover.id });
      expect(refused.error).toMatchObject({ code: '42501' });
    }
    expect(await stored(handover.id)).toMatchObject({ status: 'A角整理', a_signed_at: null });
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    const before = await stored(handover.id);
    const twice = await engineer.rpc('hand_over_to_b', { handover: handover.id });
    expect(twice.error).toMatchObject({ code: 'PT409' });
    expect(twice.error!.message).toMatch(/不能重复签字.*\|.*twice/);
    expect(await stored(handover.id)).toEqual(before);
  });

  it('keeps the list A’s while the file is with him: B cannot add to it, A cannot change it once handed over', async () => {
    const { handover } = await openHandover();
    const [item] = await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }]);
    const byB = await engineer2.from('archive_handover_items').insert({ handover_id: handover.id, title: 'B加的资料', pages: 2 }).select();
    expect(byB.status).toBe(403);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    const changed = await engineer.from('archive_handover_items').update({ pages: 99 }).eq('id', item.id).select();
    expect(changed.status).toBe(409);
    expect(changed.error!.message).toMatch(/已交出.*\|.*handed over/);
    const added = await engineer.from('archive_handover_items').insert({ handover_id: handover.id, title: '后补资料', pages: 2 }).select();
    expect(added.status).toBe(409);
    const removed = await engineer.from('archive_handover_items').delete().eq('id', item.id).select();
    expect(removed.data ?? []).toHaveLength(0);
    expect(await itemsOf(handover.id)).toEqual([{ id: item.id, title: '立项审批资料', checked: false }]);
  });

  it('cannot bring back a deleted item from the recycle bin once the list is handed over', async () => {
    const { handover } = await openHandover();
    const [keep, drop] = await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }, { title: '多余的一页', pages: 1 }]);
    expect((await engineer.from('archive_handover_items').delete().eq('id', drop.id).select()).data).toHaveLength(1);
    const [bin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where table_name = 'archive_handover_items' and row_id = $1`, [drop.id]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    const restored = await engineer.rpc('restore_deleted', { bin_id: Number(bin.id) });
    expect(restored.error).not.toBeNull();
    expect((await itemsOf(handover.id)).map((i) => i.id)).toEqual([keep.id]);
  });
});

describe('B reviews: signs, returns a missing-items list, or hands to the archive room', () => {
  it('B signs the receipt once, and hands to the archive room only after signing', async () => {
    const { handover } = await openHandover();
    await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }]);
    expect((await engineer2.rpc('sign_handover_receipt', { handover: handover.id })).error).toMatchObject({ code: 'PT409' });
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    const unsigned = await engineer2.rpc('hand_over_to_archive', { handover: handover.id });
    expect(unsigned.error).toMatchObject({ code: 'PT409' });
    expect(unsigned.error!.message).toMatch(/签收.*\|.*Sign/);
    expect((await engineer.rpc('sign_handover_receipt', { handover: handover.id })).error).toMatchObject({ code: '42501' });
    expect((await engineer2.rpc('sign_handover_receipt', { handover: handover.id })).error).toBeNull();
    const signed = await stored(handover.id);
    const twice = await engineer2.rpc('sign_handover_receipt', { handover: handover.id });
    expect(twice.error).toMatchObject({ code: 'PT409' });
    expect(await stored(handover.id)).toEqual(signed);
    expect((await engineer.rpc('hand_over_to_archive', { handover: handover.id })).error).toMatchObject({ code: '42501' });
    expect((await engineer2.rpc('hand_over_to_archive', { handover: handover.id })).error).toBeNull();
    const after = await stored(handover.id);
    expect(after.status).toBe('待档案室接收');
    expect(after.handed_at).not.toBeNull();
    const notes = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '档案移交' and link_id = $2`, [operatorIds.archivist, handover.id]);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('B’s missing-items list sends the file back to A, who completes it and hands it over again (补充资料清单要求工程经理A角补齐)', async () => {
    const { handover } = await openHandover();
    await addItems(handover.id, [{ title: '借款合同', pages: 15 }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    expect((await engineer2.rpc('sign_handover_receipt', { handover: handover.id })).error).toBeNull();
    const blank = await engineer2.rpc('return_handover', { handover: handover.id, missing_items: ' ' });
    expect(blank.error).toMatchObject({ code: '23502', hint: 'missing_items' });
    expect((await stored(handover.id)).status).toBe('待B角审核');
    const returned = await engineer2.rpc('return_handover', { handover: handover.id, missing_items: '保证人签字页缺失' });
    expect(returned.error).toBeNull();
    expect(await stored(handover.id)).toMatchObject({ status: '退回补充', missing_items: '保证人签字页缺失', b_signed_at: null });
    const notes = await sql(`select body from public.notifications where recipient_id = $1 and kind = '档案移交' and link_id = $2 and body like '%保证人签字页%'`, [operatorIds.engineer, handover.id]);
    expect(notes).toHaveLength(1);
    // B cannot hand on what he returned; A completes the list and hands over again.
    expect((await engineer2.rpc('hand_over_to_archive', { handover: handover.id })).error).toMatchObject({ code: 'PT409' });
    await addItems(handover.id, [{ title: '保证人签字页', pages: 1 }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    expect(await stored(handover.id)).toMatchObject({ status: '待B角审核', b_signed_at: null });
  });
});

describe('the archive room receives: the third signature (三方分别签字确认)', () => {
  it('checks the list item by item before receiving; only an archivist ticks, and only on receipt', async () => {
    const { handover } = await atArchiveRoom();
    const unchecked = await archivist.rpc('receive_archive_handover', { handover: handover.id, room: '档案室一', cabinet: 'C01' });
    expect(unchecked.error).toMatchObject({ code: '23514', hint: 'checked' });
    expect(unchecked.error!.message).toMatch(/未核对.*\|.*not checked/);
    const [first] = await itemsOf(handover.id);
    const byB = await engineer2.from('archive_handover_items').update({ checked: true }).eq('id', first.id).select();
    expect(byB.status).toBe(403);
    expect(byB.error!.message).toMatch(/档案管理员.*\|.*archivist/);
    expect((await itemsOf(handover.id)).every((i) => !i.checked)).toBe(true);
    expect(await stored(handover.id)).toMatchObject({ status: '待档案室接收', received_at: null });
  });

  it('makes the archive file with its items, attachments listed but not numbered, numbered 年鸿借字第NNN号, and tells A and B', async () => {
    const { project, handover } = await atArchiveRoom();
    await checkAll(handover.id);
    const noRoom = await archivist.rpc('receive_archive_handover', { handover: handover.id, cabinet: 'C01' });
    expect(noRoom.error).toMatchObject({ code: '23502', hint: 'room' });
    const received = await archivist.rpc('receive_archive_handover', { handover: handover.id, category: '重要合同单据', room: '档案室一', cabinet: 'C01', shelf: '2层' });
    expect(received.error).toBeNull();
    const after = await stored(handover.id);
    expect(after).toMatchObject({ status: '已归档', archivist_id: operatorIds.archivist });
    expect(after.received_at).not.toBeNull();
    const [file] = await sql<{ id: string; number: string; status: string; page_count: number; category: string; copy_kind: string; room: string }>(
      `select id, number, status, page_count, category, copy_kind, room from public.archive_files where id = $1`, [after.file_id]);
    expect(file).toMatchObject({ status: '在库', page_count: 37, category: '重要合同单据', copy_kind: '原件', room: '档案室一' });
    expect(file.number).toMatch(/^\d{4}鸿借字第\d{3,}号$/);
    const items = await sql<{ item_no: number | null; title: string; is_attachment: boolean }>(
      `select item_no, title, is_attachment from public.archive_file_items where file_id = $1 order by item_no nulls last`, [file.id]);
    expect(items).toEqual([
      { item_no: 1, title: '立项审批资料', is_attachment: false },
      { item_no: 2, title: '借款合同', is_attachment: false },
      { item_no: null, title: '客户未取走的合同副本（附件）', is_attachment: true },
    ]);
    expect((await sql(`select status, archive_number from public.projects where id = $1`, [project]))[0]).toEqual({ status: '已归档', archive_number: file.number });
    for (const person of [operatorIds.engineer, operatorIds.engineer2]) {
      const notes = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '档案移交' and link_id = $2 and title like '%接收归档%'`, [person, handover.id]);
      expect(notes).toHaveLength(1);
    }
    const twice = await archivist.rpc('receive_archive_handover', { handover: handover.id, room: '档案室一', cabinet: 'C01' });
    expect(twice.error).toMatchObject({ code: 'PT409' });
    expect(await sql(`select 1 from public.archive_files where project_id = $1`, [project])).toHaveLength(1);
  });

  it('is the archivist’s alone: A, B and the manager cannot receive', async () => {
    const { handover } = await atArchiveRoom();
    await checkAll(handover.id);
    for (const client of [engineer, engineer2, manager]) {
      const refused = await client.rpc('receive_archive_handover', { handover: handover.id, room: '档案室一', cabinet: 'C01' });
      expect(refused.error).toMatchObject({ code: '42501' });
    }
    expect(await stored(handover.id)).toMatchObject({ status: '待档案室接收', file_id: null });
  });

  it('the archivist may return a missing-items list too; A completes it and the file goes round again', async () => {
    const { handover } = await atArchiveRoom();
    await checkAll(handover.id);
    expect((await archivist.rpc('return_handover', { handover: handover.id, missing_items: '缺少抵押物评估报告原件' })).error).toBeNull();
    expect(await stored(handover.id)).toMatchObject({ status: '退回补充', handed_at: null });
    expect((await itemsOf(handover.id)).every((i) => !i.checked)).toBe(true);
    const receive = await archivist.rpc('receive_archive_handover', { handover: handover.id, room: '档案室一', cabinet: 'C01' });
    expect(receive.error).toMatchObject({ code: 'PT409' });
    await addItems(handover.id, [{ title: '抵押物评估报告原件', pages: 6 }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
  });
});

describe('certificates 权证: handed over apart from the file, into the safe under the project’s number', () => {
  it('needs each certificate’s number and count, is received into the safe, and takes the file’s archive number', async () => {
    const { project, handover: file } = await atArchiveRoom({ has_certificates: true });
    await checkAll(file.id);
    expect((await archivist.rpc('receive_archive_handover', { handover: file.id, room: '档案室一', cabinet: 'C02' })).error).toBeNull();

    const certs = await handoverOf(project, '权证');
    expect(certs.status).toBe('A角整理');
    const noNumber = await engineer.from('archive_handover_items').insert({ handover_id: certs.id, title: '他项权证', quantity: 1 }).select();
    expect(noNumber.status).toBe(400);
    expect(noNumber.error!.message).toMatch(/权证号.*\|.*certificate number/);
    await addItems(certs.id, [
      { title: '他项权证', certificate_no: '测他项（2026）第001号', quantity: 1 },
      { title: '动产抵押登记通知书', certificate_no: '测抵登字〔2026〕9号', quantity: 2 },
    ]);
    expect((await engineer.rpc('hand_over_to_b', { handover: certs.id })).error).toBeNull();
    expect((await engineer2.rpc('sign_handover_receipt', { handover: certs.id })).error).toBeNull();
    expect((await engineer2.rpc('hand_over_to_archive', { handover: certs.id })).error).toBeNull();
    await checkAll(certs.id);
    const noSafe = await archivist.rpc('receive_archive_handover', { handover: certs.id });
    expect(noSafe.error).toMatchObject({ code: '23502', hint: 'safe_no' });
    expect((await archivist.rpc('receive_archive_handover', { handover: certs.id, safe_no: '保险柜2号' })).error).toBeNull();

    const [{ archive_number }] = await sql<{ archive_number: string }>(`select archive_number from public.projects where id = $1`, [project]);
    const stored = await sql(`select name, certificate_no, quantity, number, location_kind, safe_no, status from public.certificates where project_id = $1 order by quantity`, [project]);
    expect(stored).toEqual([
      { name: '他项权证', certificate_no: '测他项（2026）第001号', quantity: 1, number: archive_number, location_kind: '保险柜', safe_no: '保险柜2号', status: '在库' },
      { name: '动产抵押登记通知书', certificate_no: '测抵登字〔2026〕9号', quantity: 2, number: archive_number, location_kind: '保险柜', safe_no: '保险柜2号', status: '在库' },
    ]);
    expect(archive_number).toMatch(/^\d{4}鸿借字第\d{3,}号$/);
  });
});

describe('nobody skips a step or writes the handover’s record by hand', () => {
  it('refuses status, deadlines, signatures and kind through PATCH and apply_rows, and a handover typed in, changing nothing', async () => {
    const { project, handover } = await openHandover();
    for (const [client, patch] of [
      [engineer, { status: '待档案室接收' }],
      [engineer, { a_due_on: '2099-01-01' }],
      [archivist, { file_by: '2099-01-10' }],
      [engineer2, { b_signed_at: new Date().toISOString() }],
      [archivist, { status: '已归档' }],
      [archivist, { kind: '权证' }],
      [archivist, { received_at: new Date().toISOString(), archivist_id: operatorIds.archivist }],
    ] as const) {
      const refused = await client.from('archive_handovers').update(patch).eq('id', handover.id).select();
      expect(refused.status, JSON.stringify(patch)).toBe(403);
      expect(refused.error!.message).toMatch(/\|/);
    }
    const batch = await archivist.rpc('apply_rows', { register: 'archive_handovers', rows: [{ key: handover.id, values: { status: '已归档' } }] });
    expect(batch.error).toBeNull();
    expect(batch.data).toMatchObject({ applied: 0, rows: [{ ok: false, code: '42501', column: 'status' }] });
    const typed = await engineer.from('archive_handovers').insert({ project_id: project, kind: '档案' }).select();
    expect(typed.status).toBeGreaterThanOrEqual(400);
    const deleted = await archivist.from('archive_handovers').delete().eq('id', handover.id).select();
    expect(deleted.data ?? []).toHaveLength(0);
    expect(await stored(handover.id)).toEqual(handover);
    expect(await sql(`select 1 from public.archive_handovers where project_id = $1`, [project])).toHaveLength(1);
  });

  it('lets the project’s A and B and the archivist keep notes on it', async () => {
    const { handover } = await openHandover();
    const noted = await engineer.from('archive_handovers').update({ notes: '原件在财务部，明日取回' }).eq('id', handover.id).select();
    expect(noted.error).toBeNull();
    expect((await stored(handover.id)).status).toBe('A角整理');
  });
});

describe('postponement (特别状况说明缘由经有权审批人同意后可以酌情延后)', () => {
  it('is granted only by the department manager or the gm, with a reason, and moves the deadline of the step now due', async () => {
    const { handover } = await openHandover();
    const later = await workingDays(`${handover.a_due_on}T12:00:00+08:00`, 5);
    for (const client of [engineer, engineer2, archivist, await signInAs('manager')]) {
      const refused = await client.rpc('postpone_handover', { handover: handover.id, due_on: later, reason: '客户资料尚在公证处' });
      expect(refused.error?.code).toMatch(/^(42501|PT404)$/);
    }
    const noReason = await manager.rpc('postpone_handover', { handover: handover.id, due_on: later, reason: '' });
    expect(noReason.error).toMatchObject({ code: '23502', hint: 'reason' });
    const earlier = await manager.rpc('postpone_handover', { handover: handover.id, due_on: handover.a_due_on, reason: '客户资料尚在公证处' });
    expect(earlier.error).toMatchObject({ code: '22023', hint: 'due_on' });
    expect(await stored(handover.id)).toMatchObject({ a_due_on: handover.a_due_on, postponed_reason: null });

    const granted = await manager.rpc('postpone_handover', { handover: handover.id, due_on: later, reason: '客户资料尚在公证处' });
    expect(granted.error).toBeNull();
    expect(await stored(handover.id)).toMatchObject({ a_due_on: later, postponed_reason: '客户资料尚在公证处', postponed_by: gcbManager.id });

    await addItems(handover.id, [{ title: '立项审批资料', pages: 15 }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    const bDue = (await stored(handover.id)).b_due_on!;
    const bLater = await workingDays(`${bDue}T12:00:00+08:00`, 3);
    const gm = await signInAs('gm');
    expect((await gm.rpc('postpone_handover', { handover: handover.id, due_on: bLater, reason: 'B角出差' })).error).toBeNull();
    expect(await stored(handover.id)).toMatchObject({ a_due_on: later, b_due_on: bLater, postponed_by: operatorIds.gm, postponed_reason: 'B角出差' });
  });
});

describe('the buttons each person is offered', () => {
  const movesOf = async (client: SupabaseClient, register: string, key: string) => {
    const { data, error } = await client.rpc('row_rights', { register, keys: [key] });
    if (error) throw error;
    return ((data as { moves: string[] }[])[0]?.moves ?? []).sort();
  };

  it('offers each step only to whoever may take it, and only at that step', async () => {
    const project = await newProject();
    expect(await movesOf(manager, 'projects', project)).toEqual(['complete']);
    expect(await movesOf(engineer, 'projects', project)).toEqual([]);
    expect((await manager.rpc('complete_project', { project_id: project })).error).toBeNull();
    expect(await movesOf(manager, 'projects', project)).toEqual([]);

    const handover = await handoverOf(project);
    expect(await movesOf(engineer, 'archive_handovers', handover.id)).toEqual(['hand_to_b']);
    expect(await movesOf(engineer2, 'archive_handovers', handover.id)).toEqual([]);
    expect(await movesOf(archivist, 'archive_handovers', handover.id)).toEqual([]);
    expect(await movesOf(manager, 'archive_handovers', handover.id)).toEqual(['postpone']);
    await addItems(handover.id, [{ title: '立项审批资料', pages: 10 }]);
    expect((await engineer.rpc('hand_over_to_b', { handover: handover.id })).error).toBeNull();
    expect(await movesOf(engineer, 'archive_handovers', handover.id)).toEqual([]);
    expect(await movesOf(engineer2, 'archive_handovers', handover.id)).toEqual(['return_b', 'sign_receipt']);
    expect((await engineer2.rpc('sign_handover_receipt', { handover: handover.id })).error).toBeNull();
    expect(await movesOf(engineer2, 'archive_handovers', handover.id)).toEqual(['hand_to_archive', 'return_b']);
    expect((await engineer2.rpc('hand_over_to_archive', { handover: handover.id })).error).toBeNull();
    expect(await movesOf(engineer2, 'archive_handovers', handover.id)).toEqual([]);
    expect(await movesOf(archivist, 'archive_handovers', handover.id)).toEqual(['receive_file', 'return_archive']);
    expect(await movesOf(manager, 'archive_handovers', handover.id)).toEqual([]);
  });
});

describe('the demo archive', () => {
  it('has a handover past A’s deadline, and one at each step', async () => {
    const [overdue] = await sql<{ status: string; late: boolean }>(
      `select status, a_due_on < current_date as late from public.archive_handovers where id = '00000000-0000-4000-e001-000000000104'`);
    expect(overdue).toEqual({ status: 'A角整理', late: true });
    const steps = await sql<{ status: string }>(`select distinct status from public.archive_handovers where id::text like '00000000-0000-4000-e001-%'`);
    expect(steps.map((s) => s.status).sort()).toEqual(['A角整理', '待B角审核', '待档案室接收', '退回补充', '已归档'].sort());
    // the next signer of each open step has it among his notifications
    const waiting = await sql<{ recipient_id: string }>(
      `select recipient_id from public.notifications where kind = '档案移交' and link_id = '00000000-0000-4000-e001-000000000105'`);
    expect(waiting.map((n) => n.recipient_id)).toContain(operatorIds.engineer2);
    // the filed project: its file numbered, its certificates in the safe under the same number
    const filed = await sql<{ number: string; archive_number: string; certificates: string[] }>(
      `select f.number, p.archive_number, array(select c.number from public.certificates c where c.project_id = p.id) as certificates
       from public.projects p join public.archive_handovers h on h.project_id = p.id and h.kind = '档案' join public.archive_files f on f.id = h.file_id
       where p.id = '00000000-0000-4000-e001-000000000009'`);
    expect(filed).toEqual([{ number: '2026鸿借字第061号', archive_number: '2026鸿借字第061号', certificates: ['2026鸿借字第061号', '2026鸿借字第061号'] }]);
  });

  it('prints the handover sheet with the three signature lines', async () => {
    const [declared] = await sql<{ zh: string[]; en: string[] }>(
      `select print_signatures_zh as zh, print_signatures_en as en from private.registers where register = 'archive_handovers'`);
    expect(declared).toEqual({ zh: ['工程经理A角', '工程经理B角', '档案管理员'], en: ['Engineering manager A', 'Engineering manager B', 'Archivist'] });
  });
});
