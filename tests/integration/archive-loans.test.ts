// Archive loans 档案借阅 (issue 14 point 4; RULES §10): the loan slip 档案资料出借单, who approves
// it (gm / deputy gm in charge / department manager for customer files; gm alone for an original of
// an important contract), executives borrowing directly, outside units with a letter, the
// archivist's hand-out, item-by-item return and 复位, and the ways around each rule.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique } from '../support/ids.ts';
import { createThrowawayOperator, signInAs, sql } from '../support/stack.ts';

type Loan = { id: string; slip_no: string; status: string; borrower_id: string; department_id: string; approver_id: string | null; read_in_office: boolean; decision_note: string | null; lent_by: string | null; return_note: string | null };
type Category = '立项审批资料' | '重要合同单据' | '调查资料' | '客户资料';

const dueOn = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const made: string[] = [];

/** A file received into the archive room (numbered by F's private.number_archive_file), as the database owner. */
async function fileInStore(category: Category, department: string = departmentIds.KF1, copyKind: '原件' | '工作件' = '原件'): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.archive_files (title, department_id, category, copy_kind, page_count, room, cabinet, shelf)
     values ($1, $2, $3, $4, 12, '档案室', 'A-01', '2') returning id`,
    [unique(`借阅测试${category}`), department, category, copyKind],
  );
  await sql(`select private.number_archive_file($1)`, [row.id]);
  made.push(row.id);
  return row.id;
}

const slip = async (client: SupabaseClient, fields: Record<string, unknown> = {}) =>
  client.from('archive_loans').insert({ purpose: unique('核对合同条款'), due_on: dueOn(), ...fields }).select('*').single<Loan>();

async function slipWith(role: Parameters<typeof signInAs>[0], files: string[], fields: Record<string, unknown> = {}): Promise<{ client: SupabaseClient; loan: Loan }> {
  const client = await signInAs(role);
  const created = await slip(client, fields);
  expect(created.error).toBeNull();
  for (const file of files) {
    const line = await client.from('archive_loan_files').insert({ loan_id: created.data!.id, file_id: file });
    expect(line.error, `line ${file}`).toBeNull();
  }
  return { client, loan: await loanRow(created.data!.id) };
}

const loanRow = async (id: string) => (await sql<Loan>(`select * from public.archive_loans where id = $1`, [id]))[0];
const fileStatus = async (id: string) => (await sql<{ status: string }>(`select status from public.archive_files where id = $1`, [id]))[0].status;
const notified = (loanId: string, kind: string) =>
  sql<{ recipient_id: string }>(`select recipient_id from public.notifications where link_table = 'archive_loans' and link_id = $1 and kind = $2 order by recipient_id`, [loanId, kind]).then((r) => r.map((x) => x.recipient_id));

let gm: SupabaseClient;
let deputy: SupabaseClient;
let manager: SupabaseClient;
let archivist: SupabaseClient;
beforeAll(async () => {
  [gm, deputy, manager, archivist] = await Promise.all([signInAs('gm'), signInAs('deputy'), signInAs('manager'), signInAs('archivist')]);
});
afterAll(async () => {
  if (made.length) {
    await sql(`delete from public.archive_loans where id in (select loan_id from public.archive_loan_files where file_id = any ($1::uuid[]))`, [made]);
  }
});

describe('the loan slip 档案资料出借单', () => {
  it('is numbered by the database, names whoever writes it as the borrower with his department, and awaits approval', async () => {
    const clerk = await signInAs('clerk');
    const created = await slip(clerk);
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ status: '待审批', borrower_id: operatorIds.clerk, department_id: departmentIds.KF1, approver_id: null });
    expect(created.data!.slip_no).toMatch(/^JY\d{4}\d{5}$/);
    // Naming another borrower, a state or a number is refused, and nothing is written.
    const purpose = unique('冒名借阅');
    for (const extra of [{ borrower_id: operatorIds.manager }, { status: '已批准' }, { slip_no: 'JY-X' }, { approver_id: operatorIds.gm }]) {
      const refused = await slip(clerk, { purpose, ...extra });
      expect(refused.error?.code, JSON.stringify(extra)).toBe('42501');
    }
    expect(await sql(`select 1 from public.archive_loans where purpose = $1`, [purpose])).toEqual([]);
  });

  it('refuses a due date in the past', async () => {
    const refused = await slip(await signInAs('clerk'), { due_on: '2020-01-01' });
    expect(refused.error?.code).toBe('22023');
    expect(refused.error?.message).toContain('归还期限');
  });
});

describe('who approves 审批', () => {
  it('project files: the gm or the deputy gm in charge of the file’s department approve; the department manager and another deputy cannot', async () => {
    const file = await fileInStore('调查资料');
    const { loan } = await slipWith('clerk', [file]);
    // The approvers it awaits are told (借阅审批), the manager is not.
    expect(await notified(loan.id, '借阅审批')).toEqual([operatorIds.gm, operatorIds.deputy].sort());
    const refused = await manager.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('总经理或分管副总经理');
    const other = await createThrowawayOperator('deputy_gm', 'ZJB');
    try {
      const byOther = await (await other.client()).rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
      expect(byOther.status).toBeGreaterThanOrEqual(400);
      expect(['42501', 'PT404']).toContain(byOther.error?.code);
    } finally {
      await other.remove();
    }
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批', approver_id: null });
    const approved = await deputy.rpc('decide_archive_loan', { loan_id: loan.id, approve: true, note: '同意，按期归还' });
    expect(approved.error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已批准', approver_id: operatorIds.deputy, decision_note: '同意，按期归还' });
    // The borrower hears the decision (审批结果); the approvers' to-dos are done.
    expect(await notified(loan.id, '审批结果')).toEqual([operatorIds.clerk]);
    expect(await sql(`select 1 from public.notifications where link_id = $1 and kind = '借阅审批' and done_at is null`, [loan.id])).toEqual([]);
    // Decided once.
    const again = await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: false, note: '重复审批' });
    expect(again.error?.code).toBe('PT409');
  });

  it('an original of an important contract (重要合同单据 原件) leaves only with the gm’s approval: the deputy in charge is not enough', async () => {
    const original = await fileInStore('重要合同单据');
    const { loan } = await slipWith('clerk', [original]);
    expect(await notified(loan.id, '借阅审批')).toEqual([operatorIds.gm]);
    const refused = await deputy.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toContain('重要合同单据原件');
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批' });
    expect((await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: true })).error).toBeNull();
    // A working copy of the same category is the deputy's to approve.
    const copy = await fileInStore('重要合同单据', departmentIds.KF1, '工作件');
    const second = await slipWith('clerk', [copy]);
    expect((await deputy.rpc('decide_archive_loan', { loan_id: second.loan.id, approve: true })).error).toBeNull();
  });

  it('customer files (客户资料): the department manager approves, and the slip is read in the office only', async () => {
    const customerFile = await fileInStore('客户资料');
    const { client, loan } = await slipWith('clerk', [customerFile]);
    expect(loan.read_in_office).toBe(true);
    // The borrower cannot take it out of the office.
    const out = await client.from('archive_loans').update({ read_in_office: false }).eq('id', loan.id).select('id');
    expect(out.error?.code).toBe('23514');
    expect(out.error?.message).toContain('办公室阅览');
    expect((await loanRow(loan.id)).read_in_office).toBe(true);
    expect(await notified(loan.id, '借阅审批')).toEqual([operatorIds.manager, operatorIds.gm, operatorIds.deputy].sort());
    // Another department's manager cannot approve it.
    const otherManager = await createThrowawayOperator('manager', 'KF2');
    try {
      const refused = await (await otherManager.client()).rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
      expect(refused.status).toBeGreaterThanOrEqual(400);
    } finally {
      await otherManager.remove();
    }
    expect((await manager.rpc('decide_archive_loan', { loan_id: loan.id, approve: true, note: '在客务部办公室阅览' })).error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已批准', approver_id: operatorIds.manager, read_in_office: true });
  });

  it('a rejection needs a reason and tells the borrower', async () => {
    const file = await fileInStore('立项审批资料');
    const { loan } = await slipWith('clerk', [file]);
    const bare = await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: false });
    expect(bare.error?.code).toBe('23502');
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批' });
    expect((await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: false, note: '用途不明，请补充说明' })).error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已驳回', approver_id: operatorIds.gm });
    expect(await notified(loan.id, '审批结果')).toEqual([operatorIds.clerk]);
  });

  it('the gm and the deputy gm borrow directly: their slip is approved on creation, by themselves, recorded as such', async () => {
    for (const [role, id] of [['gm', operatorIds.gm], ['deputy', operatorIds.deputy]] as const) {
      const file = await fileInStore('立项审批资料');
      const { loan } = await slipWith(role, [file]);
      expect(loan, role).toMatchObject({ status: '已批准', approver_id: id });
      expect(loan.decision_note, role).toContain('直接借阅');
    }
  });

  it('a deputy’s direct slip with an original of an important contract goes back to the gm for approval', async () => {
    const original = await fileInStore('重要合同单据');
    const { loan } = await slipWith('deputy', [original]);
    expect(loan).toMatchObject({ status: '待审批', approver_id: null });
    expect(loan.decision_note).toContain('总经理批准');
    expect(await notified(loan.id, '借阅审批')).toEqual([operatorIds.gm]);
    const lend = await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    expect(lend.error?.code).toBe('PT409');
    expect(await fileStatus(original)).toBe('在库');
  });

  it('an outside unit (外单位) needs its letter of introduction recorded, and the gm or deputy in charge — not a department manager — approves', async () => {
    const clerk = await signInAs('clerk');
    const purpose = unique('外单位查档');
    const noLetter = await slip(clerk, { purpose, outside_unit: '市住建局' });
    expect(noLetter.error?.code).toBe('23514');
    expect(noLetter.error?.message).toContain('介绍信');
    expect(await sql(`select 1 from public.archive_loans where purpose = $1`, [purpose])).toEqual([]);
    const customerFile = await fileInStore('客户资料');
    const { loan } = await slipWith('clerk', [customerFile], { outside_unit: '市住建局', introduction_letter: '市住建局介绍信 2026-118 号' });
    const byManager = await manager.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    expect(byManager.status).toBeGreaterThanOrEqual(400);
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批' });
    expect((await deputy.rpc('decide_archive_loan', { loan_id: loan.id, approve: true })).error).toBeNull();
  });

  it('a borrower cannot approve his own slip, nor a slip without files', async () => {
    const empty = await slip(await signInAs('clerk'));
    const refused = await gm.rpc('decide_archive_loan', { loan_id: empty.data!.id, approve: true });
    expect(refused.error?.code).toBe('PT409');
    const { loan } = await slipWith('manager', [await fileInStore('客户资料')]);
    const own = await manager.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    expect(own.error?.code).toBe('42501');
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批' });
  });
});

describe('hand-out 出借 and return 归还复位', () => {
  it('only the archivist hands out, only an approved slip; the files are then on loan', async () => {
    const file = await fileInStore('调查资料');
    const { loan } = await slipWith('clerk', [file]);
    const early = await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    expect(early.error?.code).toBe('PT409');
    await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    const byClerk = await (await signInAs('clerk')).rpc('lend_archive_loan', { loan_id: loan.id });
    expect(byClerk.error?.code).toBe('42501');
    expect(await fileStatus(file)).toBe('在库');
    const lent = await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    expect(lent.error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已借出', lent_by: operatorIds.archivist });
    expect(await fileStatus(file)).toBe('借出');
  });

  it('a file on loan cannot go on another slip; destroyed or not yet received files cannot be lent', async () => {
    const file = await fileInStore('调查资料');
    const { loan } = await slipWith('gm', [file]);
    await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    const clerk = await signInAs('clerk');
    const other = await slip(clerk);
    const line = await clerk.from('archive_loan_files').insert({ loan_id: other.data!.id, file_id: file });
    expect(line.error?.code).toBe('PT409');
    expect(line.error?.message).toContain('已借出');
    const [unreceived] = await sql<{ id: string }>(
      `insert into public.archive_files (title, department_id, category, copy_kind) values ($1, $2, '调查资料', '原件') returning id`,
      [unique('未入库'), departmentIds.KF1],
    );
    made.push(unreceived.id);
    const notYet = await clerk.from('archive_loan_files').insert({ loan_id: other.data!.id, file_id: unreceived.id });
    expect(notYet.error?.code).toBe('PT409');
    const destroyed = await fileInStore('调查资料');
    await sql(`update public.archive_files set status = '已销毁' where id = $1`, [destroyed]);
    const gone = await clerk.from('archive_loan_files').insert({ loan_id: other.data!.id, file_id: destroyed });
    expect(gone.error?.code).toBe('PT409');
    expect(await sql(`select 1 from public.archive_loan_files where loan_id = $1`, [other.data!.id])).toEqual([]);
  });

  it('two slips for the same file: when both are approved at once, exactly one gets it (the file row is locked)', async () => {
    const file = await fileInStore('调查资料');
    const first = await slipWith('clerk', [file]);
    const second = await slipWith('clerk', [file]);
    const results = await Promise.all([
      gm.rpc('decide_archive_loan', { loan_id: first.loan.id, approve: true }),
      deputy.rpc('decide_archive_loan', { loan_id: second.loan.id, approve: true }),
    ]);
    expect(results.filter((r) => r.error === null)).toHaveLength(1);
    expect(results.find((r) => r.error)?.error?.code).toBe('PT409');
    const states = [(await loanRow(first.loan.id)).status, (await loanRow(second.loan.id)).status].sort();
    expect(states).toEqual(['已批准', '待审批']);
  });

  it('the archivist checks each item back: an incomplete item keeps the slip on loan and tells the borrower and the gm; complete, the files go back in store', async () => {
    const [a, b] = [await fileInStore('立项审批资料'), await fileInStore('调查资料')];
    const { loan } = await slipWith('clerk', [a, b]);
    await deputy.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    const lines = await sql<{ id: string; file_id: string }>(`select id, file_id from public.archive_loan_files where loan_id = $1 order by file_id`, [loan.id]);
    const lineA = lines.find((l) => l.file_id === a)!.id;
    const lineB = lines.find((l) => l.file_id === b)!.id;
    // Not every line checked: refused.
    expect((await archivist.rpc('check_archive_loan_line', { line_id: lineA, complete: true })).error).toBeNull();
    const unchecked = await archivist.rpc('return_archive_loan', { loan_id: loan.id });
    expect(unchecked.error?.code).toBe('PT409');
    expect(unchecked.error?.message).toContain('尚未核对');
    // An incomplete item: recorded, the borrower and the gm told, the slip stays on loan.
    const bare = await archivist.rpc('check_archive_loan_line', { line_id: lineB, complete: false });
    expect(bare.error?.code).toBe('23502');
    expect((await archivist.rpc('check_archive_loan_line', { line_id: lineB, complete: false, note: '缺第 3 页现场照片' })).error).toBeNull();
    const refused = await archivist.rpc('return_archive_loan', { loan_id: loan.id, all_complete: true });
    expect(refused.error?.code).toBe('PT409');
    expect(refused.error?.message).toContain('未完整归还');
    expect(await loanRow(loan.id)).toMatchObject({ status: '已借出' });
    expect((await loanRow(loan.id)).return_note).toContain('缺第 3 页现场照片');
    expect(await sql(`select returned_complete, missing_note from public.archive_loan_files where id = $1`, [lineB])).toEqual([{ returned_complete: false, missing_note: '缺第 3 页现场照片' }]);
    expect(await notified(loan.id, '借阅逾期')).toEqual([operatorIds.clerk, operatorIds.gm].sort());
    expect([await fileStatus(a), await fileStatus(b)]).toEqual(['借出', '借出']);
    // The rest brought back: complete, returned, back in store (复位).
    expect((await archivist.rpc('check_archive_loan_line', { line_id: lineB, complete: true })).error).toBeNull();
    const returned = await archivist.rpc('return_archive_loan', { loan_id: loan.id, note: '已补齐，核对无误' });
    expect(returned.error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已归还' });
    expect([await fileStatus(a), await fileStatus(b)]).toEqual(['在库', '在库']);
  });

  it('“every item complete” on the return ticks the unchecked lines; only the archivist takes files back', async () => {
    const file = await fileInStore('调查资料');
    const { loan } = await slipWith('gm', [file]);
    await archivist.rpc('lend_archive_loan', { loan_id: loan.id });
    const byGm = await gm.rpc('return_archive_loan', { loan_id: loan.id, all_complete: true });
    expect(byGm.error?.code).toBe('42501');
    expect(await fileStatus(file)).toBe('借出');
    expect((await archivist.rpc('return_archive_loan', { loan_id: loan.id, all_complete: true })).error).toBeNull();
    expect(await sql(`select returned_complete from public.archive_loan_files where loan_id = $1`, [loan.id])).toEqual([{ returned_complete: true }]);
    expect(await fileStatus(file)).toBe('在库');
  });
});

describe('certificates 权证', () => {
  it('are lent like files: from the safe, on loan while out, back in the safe on return; a clerk, who cannot see them, cannot put one on a slip', async () => {
    const [project] = await sql<{ id: string }>(
      `insert into public.projects (code, name, department_id, a_manager_id, b_manager_id) values ($1, $2, $3, $4, $5) returning id`,
      [unique('JQ').slice(0, 30), unique('借阅权证工程'), departmentIds.GCB, operatorIds.engineer, operatorIds.engineer2],
    );
    const [certificate] = await sql<{ id: string }>(
      `insert into public.certificates (project_id, name, certificate_no, safe_no) values ($1, '国有土地使用证', $2, '保险柜-2') returning id`,
      [project.id, unique('土证')],
    );
    const certificateStatus = async () => (await sql<{ status: string }>(`select status from public.certificates where id = $1`, [certificate.id]))[0].status;
    const clerk = await signInAs('clerk');
    const own = await slip(clerk);
    const refused = await clerk.from('archive_loan_files').insert({ loan_id: own.data!.id, certificate_id: certificate.id });
    expect(refused.error?.code).toBe('42501');
    const created = await slip(gm);
    expect((await gm.from('archive_loan_files').insert({ loan_id: created.data!.id, certificate_id: certificate.id })).error).toBeNull();
    expect((await archivist.rpc('lend_archive_loan', { loan_id: created.data!.id })).error).toBeNull();
    expect(await certificateStatus()).toBe('借出');
    const again = await slip(gm);
    const twice = await gm.from('archive_loan_files').insert({ loan_id: again.data!.id, certificate_id: certificate.id });
    expect(twice.error?.code).toBe('PT409');
    expect((await archivist.rpc('return_archive_loan', { loan_id: created.data!.id, all_complete: true })).error).toBeNull();
    expect(await certificateStatus()).toBe('在库');
  });
});

describe('withdrawing 撤回', () => {
  it('the borrower withdraws a slip not yet handed out; nobody else may, and a lent slip cannot be withdrawn', async () => {
    const file = await fileInStore('调查资料');
    const { client, loan } = await slipWith('clerk', [file]);
    const byOther = await gm.rpc('withdraw_archive_loan', { loan_id: loan.id });
    expect(byOther.error?.code).toBe('42501');
    expect((await client.rpc('withdraw_archive_loan', { loan_id: loan.id })).error).toBeNull();
    expect(await loanRow(loan.id)).toMatchObject({ status: '已撤回' });
    const lentFile = await fileInStore('调查资料');
    const lent = await slipWith('gm', [lentFile]);
    await archivist.rpc('lend_archive_loan', { loan_id: lent.loan.id });
    const late = await gm.rpc('withdraw_archive_loan', { loan_id: lent.loan.id });
    expect(late.error?.code).toBe('PT409');
    expect(await loanRow(lent.loan.id)).toMatchObject({ status: '已借出' });
  });
});

describe('ways around the rules', () => {
  it('the state and the signatures cannot be written directly, by PATCH or by the batch write', async () => {
    const file = await fileInStore('调查资料');
    const { client, loan } = await slipWith('clerk', [file]);
    for (const patch of [{ status: '已批准' }, { approver_id: operatorIds.gm }, { lent_by: operatorIds.archivist }, { borrower_id: operatorIds.clerk2 }]) {
      const refused = await client.from('archive_loans').update(patch).eq('id', loan.id).select('id');
      expect(refused.error?.code, JSON.stringify(patch)).toBe('42501');
    }
    const batch = await client.rpc('apply_rows', { register: 'archive_loans', rows: [{ key: loan.id, values: { status: '已借出' } }] });
    expect((batch.data as { failed: number } | null)?.failed ?? (batch.error ? 1 : 0)).toBe(1);
    const line = (await sql<{ id: string }>(`select id from public.archive_loan_files where loan_id = $1`, [loan.id]))[0];
    const tick = await client.from('archive_loan_files').update({ returned_complete: true }).eq('id', line.id).select('id');
    expect(tick.error?.code).toBe('42501');
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批', approver_id: null, lent_by: null, borrower_id: operatorIds.clerk });
    // Nobody deletes a slip (withdrawing is the move).
    const removed = await client.from('archive_loans').delete().eq('id', loan.id).select('id');
    expect(removed.error?.code).toBe('42501');
    expect(await loanRow(loan.id)).toBeDefined();
  });

  it('after approval the slip’s files, purpose and due date are frozen: no line added, swapped or deleted, and a deleted line is not restored from the bin', async () => {
    const [file, spare, extra] = [await fileInStore('调查资料'), await fileInStore('调查资料'), await fileInStore('调查资料')];
    const { client, loan } = await slipWith('clerk', [file, spare]);
    const spareLine = (await sql<{ id: string }>(`select id from public.archive_loan_files where loan_id = $1 and file_id = $2`, [loan.id, spare]))[0];
    expect((await client.from('archive_loan_files').delete().eq('id', spareLine.id).select('id')).data).toHaveLength(1);
    await gm.rpc('decide_archive_loan', { loan_id: loan.id, approve: true });
    const added = await client.from('archive_loan_files').insert({ loan_id: loan.id, file_id: extra });
    expect(added.error?.code).toBe('PT409');
    const line = (await sql<{ id: string }>(`select id from public.archive_loan_files where loan_id = $1`, [loan.id]))[0];
    const swapped = await client.from('archive_loan_files').update({ file_id: extra }).eq('id', line.id).select('id');
    expect(swapped.error?.code).toBe('PT409');
    const later = await client.from('archive_loans').update({ due_on: '2099-12-31' }).eq('id', loan.id).select('id');
    expect(later.error?.code).toBe('PT409');
    const [bin] = await sql<{ id: string }>(`select id::text from public.recycle_bin where table_name = 'archive_loan_files' and row_id = $1`, [spareLine.id]);
    if (bin) {
      const restored = await client.rpc('restore_deleted', { bin_id: Number(bin.id) });
      expect(restored.error).not.toBeNull();
    }
    expect(await sql(`select file_id from public.archive_loan_files where loan_id = $1`, [loan.id])).toEqual([{ file_id: file }]);
    expect(await loanRow(loan.id)).toMatchObject({ status: '已批准' });
  });

  it('a clerk cannot put another clerk’s slip to his own use, nor see it', async () => {
    const { loan } = await slipWith('clerk', [await fileInStore('调查资料')]);
    const clerk2 = await signInAs('clerk2');
    expect((await clerk2.from('archive_loans').select('id').eq('id', loan.id)).data).toEqual([]);
    const line = await clerk2.from('archive_loan_files').insert({ loan_id: loan.id, file_id: await fileInStore('调查资料', departmentIds.KF2) });
    expect(line.error).not.toBeNull();
    expect((await clerk2.rpc('withdraw_archive_loan', { loan_id: loan.id })).error?.code).toBe('PT404');
    expect(await loanRow(loan.id)).toMatchObject({ status: '待审批' });
  });
});

describe('the printed slip', () => {
  it('carries the borrower’s, the approver’s and the archivist’s signature lines', async () => {
    expect(await sql(`select print_title_zh, print_signatures_zh from private.registers where register = 'archive_loans'`)).toEqual([
      { print_title_zh: '档案资料出借单', print_signatures_zh: ['借阅人', '批准人', '档案管理员'] },
    ]);
  });
});

describe('the demo archive (seeds/05_demo_loans.sql)', () => {
  it('holds loans in every state, one of them overdue, with the lent files on loan', async () => {
    const rows = await sql<{ status: string; overdue: boolean; file_status: string }>(
      `select l.status, l.status = '已借出' and l.due_on < current_date as overdue, f.status as file_status
       from public.archive_loans l join public.archive_loan_files lf on lf.loan_id = l.id join public.archive_files f on f.id = lf.file_id
       where l.id between '00000000-0000-4000-e004-000000000000' and '00000000-0000-4000-e004-ffffffffffff'`,
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['待审批', '已批准', '已驳回', '已借出', '已归还', '已撤回']));
    expect(rows.filter((r) => r.overdue)).toHaveLength(1);
    for (const r of rows.filter((x) => x.status === '已借出')) expect(r.file_status).toBe('借出');
  });
});
