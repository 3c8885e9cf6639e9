// QC groups 质量管理小组 (issue 15 point 5; RULES §18): groups with their leader and members, the
// topic registered by the general office (the director: 到公司综合部进行课题注册登记) before any
// activity, activities with their PDCA stage and minutes, a month without one flagged, a group idle
// six months flagged and made to record its reason; and the monthly job "QC idle check".
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { signInAs, sql, stackEnv } from '../support/stack.ts';

type Group = { id: string; name: string; leader_id: string; department_id: string; topic: string; topic_registered_at: string | null; registered_by: string | null; last_activity_on: string | null; missed_month: string | null; idle_since: string | null; idle_flagged_at: string | null; idle_reason: string | null };
type Run = { id: number; job_name: string; error: string | null; trigger: string };

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
// (as JSON: dates come back as the database writes them, not as JavaScript dates)
const groupRow = async (id: string) => (await sql<{ j: Group }>(`select to_jsonb(g) as j from public.qc_groups g where id = $1`, [id]))[0].j;
const made: string[] = [];

async function runJob(asOf: string, token = stackEnv().SERVICE_ROLE_KEY): Promise<{ status: number; run?: Run }> {
  const response = await fetch(`${stackEnv().API_URL}/functions/v1/qc-idle`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ as_of: asOf, trigger: 'manual' }),
  });
  return { status: response.status, ...((await response.json()) as { run?: Run }) };
}
const told = (groupId: string, prefix: string) =>
  sql<{ recipient_id: string }>(
    `select recipient_id from public.notifications where kind = 'QC小组' and link_id = $1 and dedupe_key like $2 order by recipient_id`,
    [groupId, `${prefix}%`],
  ).then((rows) => rows.map((r) => r.recipient_id));

let clerk: SupabaseClient;
let clerk2: SupabaseClient;
let director: SupabaseClient;
beforeAll(async () => {
  [clerk, clerk2, director] = await Promise.all([signInAs('clerk'), signInAs('clerk2'), signInAs('director')]);
});
afterAll(async () => {
  if (made.length) await sql(`delete from public.qc_groups where id = any ($1::uuid[])`, [made]);
});

async function formGroup(client: SupabaseClient = clerk): Promise<Group> {
  const created = await client.from('qc_groups').insert({ name: unique('QC测试小组'), topic: '提高报修一次修复率' }).select('*').single<Group>();
  expect(created.error).toBeNull();
  made.push(created.data!.id);
  return created.data!;
}

describe('the group and its topic 课题注册登记', () => {
  it('is formed with the caller as leader and his department; the director is asked to register its topic', async () => {
    const group = await formGroup();
    expect(group).toMatchObject({ leader_id: operatorIds.clerk, department_id: departmentIds.KF1, topic_registered_at: null });
    expect(await told(group.id, 'qc-register:')).toEqual([operatorIds.director]);
    // The registration and the flags are the system's.
    for (const extra of [{ topic_registered_at: new Date().toISOString() }, { registered_by: operatorIds.director }, { idle_flagged_at: null, missed_month: '2019-01-01' }]) {
      const refused = await clerk.from('qc_groups').insert({ name: unique('QC自行登记'), topic: '自行登记的课题', ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
  });

  it('is registered by the director only, once', async () => {
    const group = await formGroup();
    const refused = await clerk.rpc('register_qc_topic', { group_id: group.id });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('综合部');
    expect((await groupRow(group.id)).topic_registered_at).toBeNull();
    const registered = await director.rpc('register_qc_topic', { group_id: group.id });
    expect(registered.error).toBeNull();
    expect(await groupRow(group.id)).toMatchObject({ registered_by: operatorIds.director });
    const again = await director.rpc('register_qc_topic', { group_id: group.id });
    expect(again.error?.code).toBe('PT409');
  });

  it('allows no activity before the topic is registered, and a new topic needs a new registration', async () => {
    const group = await formGroup();
    const early = await clerk.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '计划', minutes: '讨论活动计划' });
    expect(early.error?.code).toBe('PT409');
    expect(early.error?.message).toContain('注册登记');
    expect(await sql(`select 1 from public.qc_activities where group_id = $1`, [group.id])).toEqual([]);
    await director.rpc('register_qc_topic', { group_id: group.id });
    expect((await clerk.from('qc_groups').update({ topic: '缩短来电等待时间' }).eq('id', group.id)).error).toBeNull();
    expect(await groupRow(group.id)).toMatchObject({ topic_registered_at: null, registered_by: null });
    expect(await told(group.id, 'qc-register:')).toHaveLength(2);
  });

  it('is kept by its leader and the director: another clerk cannot change it, the admin sees none', async () => {
    const group = await formGroup();
    const refused = await clerk2.from('qc_groups').update({ topic: '别人改的课题' }).eq('id', group.id).select();
    expect(refused.error?.code).toBe('42501');
    expect((await groupRow(group.id)).topic).toBe('提高报修一次修复率');
    expect(((await clerk2.from('qc_groups').select('id').eq('id', group.id)).data ?? []).length).toBe(1);
    const admin = await signInAs('admin');
    expect((await admin.from('qc_groups').select('id')).data).toEqual([]);
  });
});

describe('activities 小组活动 (PDCA)', () => {
  it('are recorded by the leader or a member, with a PDCA stage, never in the future; the group keeps its last activity', async () => {
    const group = await formGroup();
    await director.rpc('register_qc_topic', { group_id: group.id });
    const outsider = await clerk2.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '计划', minutes: '非组员记录' });
    expect(outsider.error?.code).toBe('42501');
    expect((await clerk.from('qc_group_members').insert({ group_id: group.id, operator_id: operatorIds.clerk2, duty: '数据收集' })).error).toBeNull();
    // Only the leader (or the director) adds members.
    const byMember = await clerk2.from('qc_group_members').insert({ group_id: group.id, operator_id: operatorIds.manager });
    expect(byMember.error?.code).toBe('42501');
    const badStage = await clerk2.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '总结', minutes: '阶段不对' });
    expect(badStage.error?.code).toBe('23514');
    const future = await clerk2.from('qc_activities').insert({ group_id: group.id, held_on: '2099-01-01', minutes: '未来的活动', stage: '计划' });
    expect(future.error?.code).toBe('22023');
    expect(future.error?.message).toContain('活动日期');
    expect(await sql(`select 1 from public.qc_activities where group_id = $1`, [group.id])).toEqual([]);
    const recorded = await clerk2.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '计划', minutes: '现状调查：上月报修返修 12 件' }).select('recorded_by').single();
    expect(recorded.error).toBeNull();
    expect(recorded.data).toEqual({ recorded_by: operatorIds.clerk2 });
    expect((await groupRow(group.id)).last_activity_on).toBe(today());
  });
});

describe('the job "QC idle check" QC小组活动检查', () => {
  it('is declared monthly, run by the scheduler only, and logs each run', async () => {
    expect(await sql(`select schedule from public.scheduled_jobs where name = 'qc-idle'`)).toEqual([{ schedule: '0 1 1 * *' }]);
    const { data } = await clerk.auth.getSession();
    expect((await runJob(new Date().toISOString(), data.session!.access_token)).status).toBe(403);
    const run = await runJob(new Date().toISOString());
    expect(run.status).toBe(200);
    expect(run.run).toMatchObject({ job_name: 'qc-idle', error: null, trigger: 'manual' });
  });

  it('flags a month without an activity and tells the leader and the director once', async () => {
    const [group] = await sql<{ id: string }>(
      `insert into public.qc_groups (name, leader_id, topic, topic_registered_at, registered_by, created_at)
       values ($1, $2, '降低来电放弃率', timestamptz '2019-05-10 10:00+08', $3, timestamptz '2019-05-01 09:00+08') returning id`,
      [unique('QC月检小组'), operatorIds.clerk, operatorIds.director],
    );
    made.push(group.id);
    await sql(`insert into public.qc_activities (group_id, held_on, stage, minutes, recorded_by) values ($1, '2019-06-12', '计划', '制定计划', $2)`, [group.id, operatorIds.clerk]);
    // June had one; July had none.
    await runJob('2019-07-01T09:00:00+08:00');
    expect(await told(group.id, 'qc-missed:')).toEqual([]);
    await runJob('2019-08-01T09:00:00+08:00');
    await runJob('2019-08-02T09:00:00+08:00');
    expect(await told(group.id, 'qc-missed:')).toEqual([operatorIds.clerk, operatorIds.director].sort());
    expect((await groupRow(group.id)).missed_month).toBe('2019-07-01');
    // A July activity entered late clears the month's flag.
    await sql(`insert into public.qc_activities (group_id, held_on, stage, minutes, recorded_by) values ($1, '2019-07-30', '实施', '补录的活动', $2)`, [group.id, operatorIds.clerk]);
    expect((await groupRow(group.id)).missed_month).toBeNull();
  });

  it('flags a group idle six months, which must then record its reason before any change or activity; an activity clears the flag', async () => {
    const [group] = await sql<{ id: string }>(
      `insert into public.qc_groups (name, leader_id, topic, topic_registered_at, registered_by, created_at)
       values ($1, $2, '减少档案查借差错', timestamptz '2019-01-10 10:00+08', $3, timestamptz '2019-01-02 09:00+08') returning id`,
      [unique('QC停活小组'), operatorIds.clerk, operatorIds.director],
    );
    made.push(group.id);
    await sql(`insert into public.qc_activities (group_id, held_on, stage, minutes, recorded_by) values ($1, '2019-02-20', '计划', '制定计划', $2)`, [group.id, operatorIds.clerk]);
    await runJob('2019-08-01T09:00:00+08:00');
    expect((await groupRow(group.id)).idle_flagged_at).toBeNull();
    await runJob('2019-09-01T09:00:00+08:00');
    await runJob('2019-10-01T09:00:00+08:00');
    expect(await groupRow(group.id)).toMatchObject({ idle_since: '2019-02-20', idle_reason: null });
    expect((await groupRow(group.id)).idle_flagged_at).not.toBeNull();
    expect(await told(group.id, 'qc-idle:')).toEqual([operatorIds.clerk, operatorIds.director].sort());
    // The flag is the system's; the reason is the group's, and it comes first.
    const unflag = await clerk.from('qc_groups').update({ idle_flagged_at: null }).eq('id', group.id).select();
    expect(unflag.error?.code).toBe('42501');
    const rename = await clerk.from('qc_groups').update({ topic: '换个课题躲过标记' }).eq('id', group.id).select();
    expect(rename.error?.code).toBe('23502');
    expect(rename.error?.message).toContain('原因');
    const activity = await clerk.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '计划', minutes: '恢复活动' });
    expect(activity.error?.code).toBe('23502');
    expect((await groupRow(group.id)).topic).toBe('减少档案查借差错');
    expect((await clerk.from('qc_groups').update({ idle_reason: '组员轮岗培训三个月，课题暂停，已向综合部说明' }).eq('id', group.id)).error).toBeNull();
    expect((await clerk.from('qc_activities').insert({ group_id: group.id, held_on: today(), stage: '计划', minutes: '恢复活动，重新制定计划' })).error).toBeNull();
    expect(await groupRow(group.id)).toMatchObject({ idle_flagged_at: null, idle_since: null, idle_reason: '组员轮岗培训三个月，课题暂停，已向综合部说明' });
  });
});

describe('the demo groups', () => {
  it('are one active group (an activity every month) and one idle six months, flagged, its reason still to record', async () => {
    expect((await runJob(new Date().toISOString())).run?.error).toBeNull();
    const active = await groupRow('00000000-0000-4000-f007-000000000001');
    const idle = await groupRow('00000000-0000-4000-f007-000000000002');
    expect(active).toMatchObject({ missed_month: null, idle_flagged_at: null });
    expect(active.topic_registered_at).not.toBeNull();
    expect(idle.idle_flagged_at).not.toBeNull();
    expect(idle.idle_reason).toBeNull();
    expect(await told(idle.id, 'qc-idle:')).toEqual([operatorIds.clerk, operatorIds.director].sort());
    expect(await sql(`select count(*)::int as n from public.qc_group_members where group_id = $1`, [active.id])).toEqual([{ n: 3 }]);
  });
});
