// Annual inspection 年度档案检查 (issue 14 point 5; RULES §8, 002: 每年对全部档案资料进行全面检查，
// 并做详细记录): one task per room and cabinet holding files, planned once a year (idempotent),
// recorded by the archivist with what was checked and found.
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql } from '../support/stack.ts';

let archivist: SupabaseClient;
let gm: SupabaseClient;
let clerk: SupabaseClient;
let admin: SupabaseClient;

// A year of its own, so the test's tasks are its own.
const year = 2001 + Math.floor(Math.random() * 20);

beforeAll(async () => {
  [archivist, gm, clerk, admin] = await Promise.all((['archivist', 'gm', 'clerk', 'admin'] as const).map((r) => signInAs(r)));
  await sql(`delete from public.notifications where kind = '档案检查' and dedupe_key = $1`, [`archive-inspection:${year}`]);
  // A cabinet of files with no room given, to be planned once too.
  await sql(
    `insert into public.archive_files (title, department_id, category, cabinet, status) values ($1, $2, '客户资料', 'Z01', '在库')`,
    [unique('无档案室的档案'), departmentIds.KF1],
  );
});

const cabinets = async () =>
  Number((await sql<{ n: string }>(
    `select count(*) as n from (select distinct nullif(btrim(room), '') as room, btrim(cabinet) as cabinet from public.archive_files
     where status in ('在库', '借出') and char_length(btrim(coalesce(cabinet, ''))) > 0) x`))[0].n);
const tasks = async () => sql<{ id: string; room: string | null; cabinet: string; status: string }>(
  `select id, room, cabinet, status from public.archive_inspections where year = $1 order by room, cabinet`, [year]);

describe('the annual inspection is planned once a year, a task per cabinet', () => {
  it('creates one task per (room, cabinet) holding files; planned again it adds nothing', async () => {
    const [{ added }] = await sql<{ added: number }>(`select private.plan_annual_inspections($1, $2) as added`, [year, `${year}-12-31`]);
    const expected = await cabinets();
    expect(expected).toBeGreaterThan(0);
    expect(added).toBe(expected);
    expect(await tasks()).toHaveLength(expected);
    const [{ again }] = await sql<{ again: number }>(`select private.plan_annual_inspections($1, $2) as again`, [year, `${year}-12-31`]);
    expect(again).toBe(0);
    expect(await tasks()).toHaveLength(expected);
    expect((await tasks()).filter((t) => t.cabinet === 'Z01' && t.room === null)).toHaveLength(1);
    const notes = await sql(`select 1 from public.notifications where recipient_id = $1 and kind = '档案检查' and dedupe_key = $2`,
      [operatorIds.archivist, `archive-inspection:${year}`]);
    expect(notes).toHaveLength(1);
  });

  it('is not for people to call: the planning function is closed to the API roles', async () => {
    const refused = await archivist.rpc('plan_annual_inspections', { p_year: year, p_due: `${year}-12-31` });
    expect(refused.error).not.toBeNull();
  });
});

describe('the archivist records each inspection with what he found (并做详细记录)', () => {
  it('records the files checked, the findings and the date; the task is done and cannot be recorded twice', async () => {
    const [task] = await tasks();
    const noFindings = await archivist.rpc('record_archive_inspection', { inspection_id: task.id, files_checked: 30, findings: ' ' });
    expect(noFindings.error?.code).toBe('23502');
    expect(noFindings.error?.hint).toBe('findings');
    const badCount = await archivist.rpc('record_archive_inspection', { inspection_id: task.id, files_checked: -1, findings: '完好' });
    expect(badCount.error?.code).toBe('22023');
    expect((await tasks())[0].status).toBe('待检查');

    const done = await archivist.rpc('record_archive_inspection', {
      inspection_id: task.id, files_checked: 30, findings: '逐卷清点，数量与台帐一致；两卷封面受潮，已更换档案盒',
    });
    expect(done.error).toBeNull();
    expect(done.data).toMatchObject({ status: '已检查', inspector_id: operatorIds.archivist, files_checked: 30 });
    expect(done.data.inspected_on).not.toBeNull();
    const twice = await archivist.rpc('record_archive_inspection', { inspection_id: task.id, files_checked: 1, findings: '再记一次' });
    expect(twice.error?.code).toBe('PT409');
    expect((await sql(`select files_checked from public.archive_inspections where id = $1`, [task.id]))[0]).toEqual({ files_checked: 30 });
  });

  it('refuses findings typed into the row, and the record by anyone but the archivist', async () => {
    const all = await tasks();
    const task = all.find((t) => t.status === '待检查')!;
    const typed = await archivist.from('archive_inspections').update({ findings: '直接改的记录', status: '已检查' }).eq('id', task.id).select();
    expect(typed.error?.code).toBe('42501');
    for (const who of [clerk, gm, admin]) {
      const refused = await who.rpc('record_archive_inspection', { inspection_id: task.id, files_checked: 3, findings: '代为记录' });
      expect(refused.error?.code).toMatch(/^(42501|PT404)$/);
    }
    const deleted = await archivist.from('archive_inspections').delete().eq('id', task.id).select();
    expect(deleted.error?.code).toBe('42501');
    expect(await sql(`select status, findings from public.archive_inspections where id = $1`, [task.id])).toEqual([{ status: '待检查', findings: null }]);
  });

  it('closes the archivist\'s reminder once every cabinet of the year is inspected', async () => {
    for (const t of (await tasks()).filter((x) => x.status === '待检查')) {
      const { error } = await archivist.rpc('record_archive_inspection', { inspection_id: t.id, files_checked: 5, findings: '完好无损' });
      expect(error).toBeNull();
    }
    const [note] = await sql<{ done_at: string | null }>(
      `select done_at from public.notifications where recipient_id = $1 and dedupe_key = $2`, [operatorIds.archivist, `archive-inspection:${year}`]);
    expect(note.done_at).not.toBeNull();
  });
});
