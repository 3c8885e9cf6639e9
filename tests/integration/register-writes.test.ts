// apply_rows(): the one batch write behind paste, fill, undo, import and inline edit. It writes as
// the caller (their rights hold), one row at a time (a bad row does not stop the good ones), can
// rehearse a batch without writing, refuses stale edits and bookkeeping columns, and is audited.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { anonClient, signInAs, sql } from '../support/stack.ts';

type RowReport = {
  index: number; ok: boolean; key?: string; row?: Record<string, unknown>; before?: Record<string, unknown> | null;
  code?: string; column?: string | null; constraint?: string | null; message?: string; message_en?: string;
};
type BatchReport = { applied: number; failed: number; dry_run: boolean; rows: RowReport[] };
type BatchRow = { key?: string | null; version?: number | null; values: Record<string, unknown> };

const prefix = unique('批写');

afterAll(async () => {
  await sql('delete from public.customers where name like $1', [`${prefix}%`]);
  await sql(`delete from public.recycle_bin where table_name = 'customers' and row_data ->> 'name' like $1`, [`${prefix}%`]);
});

async function applyRows(client: SupabaseClient, rows: BatchRow[], dryRun = false, register = 'customers'): Promise<BatchReport> {
  const { data, error } = await client.rpc('apply_rows', { register, rows, dry_run: dryRun });
  if (error) throw new Error(`apply_rows refused the whole call: ${JSON.stringify(error)}`);
  return data as BatchReport;
}

/** A new card's values, with a name this file owns. */
// (no department_id: a card's department is the filer's, a system-owned column)
const card = (tag: string, fields: Record<string, unknown> = {}) => ({ name: `${prefix}${tag}${unique()}`, phone: uniquePhone(), ...fields });

/** A customer made as the database owner. */
async function customerOnFile(fields: { department: string; owner: string; tag?: string }) {
  const [row] = await sql<{ id: string; code: string; phone: string }>(
    `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id, code, phone`,
    [`${prefix}${fields.tag ?? '在册'}${unique()}`, uniquePhone(), fields.department, fields.owner],
  );
  return row;
}

const stored = async (id: string) => (await sql('select * from public.customers where id = $1', [id]))[0];
const countNamed = async (like: string) => (await sql<{ n: number }>('select count(*)::int as n from public.customers where name like $1', [like]))[0].n;

const notAllowed = { code: '42501', message: '无权执行此操作：数据库拒绝了这次修改', message_en: 'Not allowed: the database refused this change' };
const phoneRule = {
  code: '23514',
  column: 'phone',
  constraint: 'customers_phone_format',
  message: '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码',
  message_en: 'Phone: 11-digit mobile, landline with area code, or 7–8 digits',
};

describe('apply_rows writes with the caller’s own rights', () => {
  it('files a clerk’s card for their own department but refuses one naming another department', async () => {
    const clerk = await signInAs('clerk');
    const own = card('本部门');
    const other = card('外部门', { department_id: departmentIds.KF2 });
    const report = await applyRows(clerk, [{ values: own }, { values: other }]);
    expect(report).toMatchObject({ applied: 1, failed: 1 });
    expect(report.rows[0]).toMatchObject({ index: 0, ok: true });
    // (a department is the filer's own: the column is system-owned, refused with its reason)
    expect(report.rows[1]).toMatchObject({ index: 1, ok: false, code: '42501', column: 'department_id' });
    expect(await countNamed(own.name)).toBe(1);
    expect(await countNamed(other.name)).toBe(0);
  });

  it('refuses the general manager, who only reads customers, an update and leaves the card unchanged', async () => {
    const customer = await customerOnFile({ department: departmentIds.KF1, owner: operatorIds.clerk });
    const gm = await signInAs('gm');
    // The gm does see the card: the refusal is about changing it, not about finding it.
    expect((await gm.from('customers').select('id').eq('id', customer.id)).data).toHaveLength(1);
    const before = await stored(customer.id);
    const report = await applyRows(gm, [{ key: customer.id, version: 1, values: { notes: '总经理修改' } }]);
    expect(report).toMatchObject({ applied: 0, failed: 1 });
    expect(report.rows[0]).toMatchObject({ index: 0, ok: false, ...notAllowed });
    expect(await stored(customer.id)).toEqual(before);
  });

  it('reports a card the caller cannot see as not found or not visible, and does not touch it', async () => {
    const theirs = await customerOnFile({ department: departmentIds.KF2, owner: operatorIds.clerk2 });
    const before = await stored(theirs.id);
    const clerk = await signInAs('clerk');
    const report = await applyRows(clerk, [{ key: theirs.id, values: { notes: '越权修改' } }]);
    expect(report.rows).toEqual([
      expect.objectContaining({ index: 0, ok: false, code: 'P0002', message: '记录不存在，或您无权查看', message_en: 'The record does not exist or is not visible to you' }),
    ]);
    expect(report.rows[0]).not.toHaveProperty('row');
    expect(await stored(theirs.id)).toEqual(before);
  });

  it('refuses a card filed in a colleague’s name, naming the owner column and why (a manager reassigns)', async () => {
    const clerk = await signInAs('clerk');
    const walkIn = card('来访', { owner_id: operatorIds.kf1Colleague });
    const report = await applyRows(clerk, [{ values: walkIn }]);
    expect(report.rows[0]).toMatchObject({ index: 0, ok: false, code: '42501', column: 'owner_id' });
    expect(report.rows[0].message_en).toMatch(/manager reassigns/);
    expect(await countNamed(walkIn.name)).toBe(0);
  });
});

describe('apply_rows keeps column rights', () => {
  const ownView = async () =>
    (await sql<{ id: string }>(`insert into public.register_views (register, name, owner_id, department_id) values ('customers', $1, $2, $3) returning id`, [`${prefix}视图${unique()}`.slice(0, 40), operatorIds.clerk, departmentIds.KF1]))[0].id;
  afterAll(async () => {
    await sql('delete from public.register_views where name like $1', [`${prefix}%`]);
  });

  it('refuses a change to a column the caller may not write (a view’s owner), and leaves the row as it was', async () => {
    const id = await ownView();
    const before = (await sql('select * from public.register_views where id = $1', [id]))[0];
    const report = await applyRows(await signInAs('clerk'), [{ key: id, version: 1, values: { owner_id: operatorIds.clerk2 } }], false, 'register_views');
    expect(report.rows[0]).toMatchObject({ index: 0, ok: false, code: '42501' });
    expect((await sql('select * from public.register_views where id = $1', [id]))[0]).toEqual(before);
  });

  it('says in Chinese that a column may not be written', async () => {
    const id = await ownView();
    const report = await applyRows(await signInAs('clerk'), [{ key: id, version: 1, values: { owner_id: operatorIds.clerk2 } }], false, 'register_views');
    expect(report.rows[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('apply_rows takes each row on its own', () => {
  it('writes the good rows of a batch and names each bad one by its place, column and the rule’s message in both languages', async () => {
    const clerk = await signInAs('clerk');
    const [first, badPhone, third] = [card('甲'), card('乙', { phone: '12345' }), card('丙')];
    const noName = { phone: uniquePhone() };
    const report = await applyRows(clerk, [{ values: first }, { values: badPhone }, { values: third }, { values: noName }]);
    expect(report).toMatchObject({ applied: 2, failed: 2, dry_run: false });
    expect(report.rows.map((r) => [r.index, r.ok])).toEqual([[0, true], [1, false], [2, true], [3, false]]);
    expect(report.rows[1]).toMatchObject(phoneRule);
    expect(report.rows[3]).toMatchObject({ code: '23502', column: 'name', message: '“客户名称”不能为空', message_en: 'Name is required' });
    const written = await sql<{ name: string }>('select name from public.customers where name = any($1::text[]) or phone = $2 order by name', [[first.name, badPhone.name, third.name], noName.phone]);
    expect(written.map((r) => r.name)).toEqual([first.name, third.name].sort());
  });

  it('keeps a trigger’s own Chinese message: a duplicate card (重卡) names the card already on file', async () => {
    const existing = await customerOnFile({ department: departmentIds.KF1, owner: operatorIds.clerk, tag: '原卡' });
    const clerk = await signInAs('clerk');
    const again = card('重卡', { phone: existing.phone });
    const report = await applyRows(clerk, [{ values: again }]);
    expect(report.rows[0]).toMatchObject({ index: 0, ok: false, code: '23505' });
    expect(report.rows[0].message).toMatch(/^重卡：/);
    expect(report.rows[0].message).toContain(existing.code);
    expect(await countNamed(again.name)).toBe(0);
  });
});

describe('apply_rows dry run', () => {
  it('writes nothing but reports the same refusals the real write then gives', async () => {
    const clerk = await signInAs('clerk');
    const tag = unique('试');
    const rows = [{ values: card(tag) }, { values: card(tag, { phone: 'not a phone' }) }, { values: card(tag, { department_id: departmentIds.KF2 }) }, { values: card(tag) }];
    const like = `${prefix}${tag}%`;
    expect(await countNamed(like)).toBe(0);

    const rehearsal = await applyRows(clerk, rows, true);
    expect(rehearsal).toMatchObject({ applied: 2, failed: 2, dry_run: true });
    expect(rehearsal.rows[1]).toMatchObject({ index: 1, ...phoneRule });
    expect(rehearsal.rows[2]).toMatchObject({ index: 2, code: '42501', column: 'department_id' });
    expect(await countNamed(like)).toBe(0);

    const real = await applyRows(clerk, rows);
    expect(real).toMatchObject({ applied: 2, failed: 2, dry_run: false });
    expect(real.rows.filter((r) => !r.ok)).toEqual(rehearsal.rows.filter((r) => !r.ok));
    expect(await countNamed(like)).toBe(2);
  });
});

describe('apply_rows refuses stale edits and bookkeeping', () => {
  it('refuses an edit based on an older version with PT409 and leaves the card as it is', async () => {
    const customer = await customerOnFile({ department: departmentIds.KF1, owner: operatorIds.clerk });
    await sql(`update public.customers set notes = '同事先改了' where id = $1`, [customer.id]); // now version 2
    const before = await stored(customer.id);
    expect(before.version).toBe(2);
    const clerk = await signInAs('clerk');

    const stale = await applyRows(clerk, [{ key: customer.id, version: 1, values: { notes: '基于旧版本的修改' } }]);
    expect(stale.rows[0]).toMatchObject({ index: 0, ok: false, code: 'PT409' });
    expect(stale.rows[0].message).toContain('记录已被他人修改');
    expect(await stored(customer.id)).toEqual(before);

    const current = await applyRows(clerk, [{ key: customer.id, version: 2, values: { notes: '基于最新版本的修改' } }]);
    expect(current.rows[0]).toMatchObject({ ok: true, key: customer.id, row: { notes: '基于最新版本的修改', version: 3 }, before: { notes: '同事先改了', version: 2 } });
  });

  it('refuses a stale edit whose version arrives as text ("1") just the same', async () => {
    const customer = await customerOnFile({ department: departmentIds.KF1, owner: operatorIds.clerk });
    await sql(`update public.customers set notes = '同事先改了' where id = $1`, [customer.id]); // now version 2
    const before = await stored(customer.id);
    const clerk = await signInAs('clerk');
    const stale = await applyRows(clerk, [{ key: customer.id, version: '1' as unknown as number, values: { notes: '基于旧版本的修改' } }]);
    expect(stale.rows[0]).toMatchObject({ index: 0, ok: false, code: 'PT409' });
    expect(await stored(customer.id)).toEqual(before);
  });

  it('refuses to write version, created_at, updated_at (42501, with the declared reason), a generated column or an unknown column (42703)', async () => {
    const customer = await customerOnFile({ department: departmentIds.KF1, owner: operatorIds.clerk });
    const before = await stored(customer.id);
    const clerk = await signInAs('clerk');
    const forbidden = ['version', 'created_at', 'updated_at', 'phone_normalized', 'no_such_column'];
    const values: Record<string, unknown> = { version: 99, created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z', phone_normalized: '13800000000', no_such_column: 1 };
    const updates = forbidden.map((column) => ({ key: customer.id, values: { notes: '顺带修改', [column]: values[column] } }));
    const newCard = card('簿记', { version: 7 });
    const report = await applyRows(clerk, [...updates, { values: newCard }]);
    expect(report).toMatchObject({ applied: 0, failed: forbidden.length + 1 });
    const reasons = new Map(
      (await sql<{ column_name: string; why: string }>(`select column_name, why from private.system_columns where register = '*'`)).map((r) => [r.column_name, r.why]),
    );
    for (const [i, column] of [...forbidden, 'version'].entries()) {
      const why = reasons.get(column);
      if (why) {
        expect(report.rows[i]).toMatchObject({ index: i, ok: false, code: '42501', column, message: why.split(' | ')[0], message_en: why.split(' | ')[1] });
      } else {
        expect(report.rows[i]).toMatchObject({ index: i, ok: false, code: '42703' });
        expect(report.rows[i].message).toBe(`不能写入这些列：${column}`);
        expect(report.rows[i].message_en).toBe(`Columns not writable: ${column}`);
      }
    }
    expect(await stored(customer.id)).toEqual(before);
    expect(await countNamed(newCard.name)).toBe(0);
  });

  it('refuses more than 5000 rows in one call as a whole, and writes none of them', async () => {
    const clerk = await signInAs('clerk');
    const tag = unique('超量');
    const rows = Array.from({ length: 5001 }, (_, i) => ({ values: { name: `${prefix}${tag}${i}`, phone: uniquePhone() } }));
    const { data, error } = await clerk.rpc('apply_rows', { register: 'customers', rows });
    expect(data).toBeNull();
    expect(error).toMatchObject({ code: '54000' });
    expect(error?.message).toContain('一次最多写入 5000 行');
    expect(await countNamed(`${prefix}${tag}%`)).toBe(0);
    // 5000 is still one call (a dry run of rows that are each refused, so it is quick and writes nothing).
    const atLimit = await applyRows(clerk, rows.slice(0, 5000).map(() => ({ values: { no_such_column: 1 } })), true);
    expect(atLimit).toMatchObject({ applied: 0, failed: 5000 });
  });
});

describe('apply_rows is accountable', () => {
  it('records each write in the audit log with the caller as actor', async () => {
    // (the department manager: he still edits the new card after the roster has given it to a clerk)
    const manager = await signInAs('manager');
    const values = card('留痕');
    const inserted = await applyRows(manager, [{ values }]);
    const id = inserted.rows[0].key as string;
    expect(inserted.rows[0].ok).toBe(true);
    const updated = await applyRows(manager, [{ key: id, version: 1, values: { notes: '留痕修改' } }]);
    expect(updated.rows[0].ok).toBe(true);
    const [managerOperator] = await sql<{ user_id: string }>('select user_id from public.operators where id = $1', [operatorIds.manager]);
    const entries = await sql(
      `select action, actor_operator_id, actor_user_id, changed_fields from public.audit_log where table_name = 'customers' and row_id = $1 order by id`,
      [id],
    );
    expect(entries).toEqual([
      { action: 'insert', actor_operator_id: operatorIds.manager, actor_user_id: managerOperator.user_id, changed_fields: null },
      { action: 'update', actor_operator_id: operatorIds.manager, actor_user_id: managerOperator.user_id, changed_fields: ['notes'] },
    ]);
  });

  it('cannot be called without signing in', async () => {
    const values = card('匿名');
    const { data, error } = await anonClient().rpc('apply_rows', { register: 'customers', rows: [{ values }] });
    expect(data).toBeNull();
    expect(error?.code).toBe('42501');
    expect(await countNamed(values.name)).toBe(0);
  });
});

describe('apply_rows takes a clean import batch in one statement', () => {
  it('writes 50 new cards that fill the same columns, each reported with its key and audited', async () => {
    const clerk = await signInAs('clerk');
    const tag = unique('整批');
    const report = await applyRows(clerk, Array.from({ length: 50 }, (_, i) => ({ values: card(`${tag}-${i}-`) })));
    expect(report).toMatchObject({ applied: 50, failed: 0 });
    expect(report.rows.map((r) => r.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const keys = report.rows.map((r) => r.key);
    const stored = await sql<{ id: string; owner_id: string }>('select id, owner_id from public.customers where id = any($1)', [keys]);
    expect(stored).toHaveLength(50);
    // (new cards go round the clerks on duty in the reception roster, several of them in 50 cards)
    const onDuty = (await sql<{ operator_id: string }>('select operator_id from public.reception_roster where department_id = $1', [departmentIds.KF1])).map((r) => r.operator_id);
    expect(onDuty).toEqual(expect.arrayContaining([...new Set(stored.map((r) => r.owner_id))]));
    expect(new Set(stored.map((r) => r.owner_id)).size).toBeGreaterThan(1);
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from public.audit_log where table_name = 'customers' and action = 'insert' and row_id = any($1)`, [keys]);
    expect(n).toBe(50);
  });

  it('falls back to row by row when one row of the batch is bad: the other 49 are written, the bad one named', async () => {
    const clerk = await signInAs('clerk');
    const tag = unique('整批坏行');
    const rows = Array.from({ length: 50 }, (_, i) => ({ values: card(`${tag}-${i}-`, i === 31 ? { phone: '12345' } : {}) }));
    const report = await applyRows(clerk, rows);
    expect(report).toMatchObject({ applied: 49, failed: 1 });
    expect(report.rows.find((r) => !r.ok)).toMatchObject({ index: 31, ...phoneRule });
    expect(await countNamed(`${prefix}${tag}%`)).toBe(49);
  });
});
