// Importing a register from a file (客户档案 from CSV): every cell is checked before anything is
// written, the database tries the good rows in a dry run (duplicate cards, rights), only the rows
// it accepts are written, and every refusal names its row in the file.
// The app modules under test read import.meta.env and import.meta.glob (Vite's types):
/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchRegisters } from '../../src/modules/registers/model/to-registers.ts';
import { referenceDisplays } from '../../src/data/registers/reference-displays.ts';
import { supabaseClient } from '../../src/data/supabase-client.ts';
import type { RegisterMeta } from '../../src/modules/registers/model/register-meta.ts';
import { exportView } from '../../src/modules/registers/export/export-view.ts';
import { checkRows, commitRows, dryRunRows, importRows, type ImportProgress } from '../../src/modules/registers/import/import-batches.ts';
import { mapColumns } from '../../src/modules/registers/import/map-columns.ts';
import { parseFile } from '../../src/modules/registers/import/parse-file.ts';
import { departmentIds, operatorIds, unique, uniquePhone } from '../support/ids.ts';
import { DEMO_PASSWORD, demoUsers, signInAs, sql } from '../support/stack.ts';

// The app's client is built from Vite's env for a browser; here it is a Node client on the test stack.
vi.mock('../../src/data/supabase-client.ts', async () => {
  const { anonClient } = await import('../support/stack.ts');
  return { supabaseClient: anonClient(), missingSupabaseEnv: false };
});

const prefix = unique('导入');
let customers: RegisterMeta;
let clerk: Awaited<ReturnType<typeof signInAs>>;

beforeAll(async () => {
  const { error } = await supabaseClient.auth.signInWithPassword({ email: demoUsers.clerk, password: DEMO_PASSWORD });
  if (error) throw error;
  const register = (await fetchRegisters()).find((r) => r.name === 'customers');
  if (!register) throw new Error('the clerk cannot see the customer register');
  customers = register;
  clerk = await signInAs('clerk');
});

afterAll(async () => {
  await sql('delete from public.customers where name like $1', [`${prefix}%`]);
});

const existingPhone = uniquePhone();

/** A CSV as a clerk would save it from Excel: BOM, CRLF, file rows 2–7. */
async function customerFile(tag: string) {
  const phone = uniquePhone();
  const lines = [
    '客户名称,电话,所属部门,客户类别,备注',
    `${prefix}${tag}甲,${uniquePhone()},客服一部,一般客户,好客户`, // 2 good
    `${prefix}${tag}乙,${uniquePhone()},客服一部,VIP,`, // 3 no such category
    // 4, 5: the department column is not imported (a card's department is the filer's, a system-owned
    // column), so these are filed for the clerk's own department whatever the file says
    `${prefix}${tag}丙,${uniquePhone()},客服九部,一般客户,`,
    `${prefix}${tag}丁,${uniquePhone()},客服二部,一般客户,`,
    `${prefix}${tag}戊,${phone},客服一部,重点客户,`, // 6 good
    `${prefix}${tag}己,${phone},客服一部,一般客户,`, // 7 same phone as row 6: a duplicate card
    `${prefix}${tag}庚,${existingPhone},客服一部,一般客户,`, // 8 same phone as a customer on file
  ];
  return parseFile(new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`));
}

const namesInDatabase = async (tag: string) =>
  (await sql<{ name: string }>('select name from public.customers where name like $1', [`${prefix}${tag}%`])).map((r) => r.name.slice(-1)).sort();

describe('importing customers from a file', () => {
  beforeAll(async () => {
    await sql('insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4)', [`${prefix}在册`, existingPhone, departmentIds.KF1, operatorIds.clerk]);
  });

  it('matches the file’s Chinese headers to the register’s fields', async () => {
    const file = await customerFile('对');
    expect(mapColumns(file.headers, customers)).toEqual(['name', 'phone', null, 'category', 'notes']);
  });

  it('checks every row in a dry run, naming each bad row by its row in the file, and writes nothing', async () => {
    const file = await customerFile('试');
    const checked = await checkRows(customers, file, mapColumns(file.headers, customers), clerk);
    expect(checked.checked).toBe(7);
    expect(checked.errors.map((e) => [e.row, e.label, e.message])).toEqual([
      [3, '客户类别', '“客户类别”只能是：目标客户、一般客户、重点客户、潜在客户；“VIP”不在其中'],
    ]);
    const progress: ImportProgress[] = [];
    const dryRun = await dryRunRows(customers, checked.rows, { client: clerk, batchSize: 2, onProgress: (p) => progress.push(p) });
    // (row 7 duplicates row 6 of the batch before it, which a dry run rolls back: only the real write meets it)
    expect(dryRun.good.map((r) => r.row)).toEqual([2, 4, 5, 6, 7]);
    expect(dryRun.errors.map((e) => e.row)).toEqual([8]);
    // (apply_rows words a duplicate card as a duplicate; the trigger's own 重卡 sentence may come through instead)
    expect(dryRun.errors[0].message).toMatch(/重卡|重复/);
    expect(progress.map((p) => p.done)).toEqual([0, 2, 4, 6]);
    expect(await namesInDatabase('试')).toEqual([]);
  });

  it('writes the good rows in batches as new customers of the clerk’s department and reports the others by row', async () => {
    const file = await customerFile('导');
    // One row a batch, one batch at a time: rows 6 and 7 are the same customer, and of two batches in
    // flight either may commit first (within a batch, and so within the app's 500, file order decides).
    const result = await importRows(customers, file, mapColumns(file.headers, customers), { client: clerk, batchSize: 1, concurrency: 1 });
    expect(result.checked).toBe(7);
    expect(result.applied).toBe(4);
    expect(result.errors.map((e) => e.row)).toEqual([3, 7, 8]);
    expect(await namesInDatabase('导')).toEqual(['甲', '丙', '丁', '戊'].sort());
    expect(await sql(`select distinct department_id from public.customers where name like $1`, [`${prefix}导%`])).toEqual([{ department_id: departmentIds.KF1 }]);
    const [written] = await sql('select owner_id, department_id, category, notes from public.customers where name = $1', [`${prefix}导甲`]);
    expect(written).toMatchObject({ department_id: departmentIds.KF1, category: '一般客户', notes: '好客户' });
    // (each new card goes to the clerk whose turn it is in the reception roster)
    expect(await sql('select 1 from public.reception_roster where department_id = $1 and operator_id = $2', [departmentIds.KF1, written.owner_id])).toHaveLength(1);
  });

  it('updates existing customers when the file carries their id, and refuses a row changed since it was exported', async () => {
    const [a, b] = await sql<{ id: string; version: number }>(
      `insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $4, $5), ($3, $6, $4, $5) returning id, version`,
      [`${prefix}改甲`, uniquePhone(), `${prefix}改乙`, departmentIds.KF1, operatorIds.clerk, uniquePhone()],
    );
    await sql(`update public.customers set notes = '别人改过' where id = $1`, [b.id]);
    const file = await parseFile(new TextEncoder().encode(`id,版本,备注\n${a.id},${a.version},导入修改\n${b.id},${b.version},导入修改\n`));
    const mapping = mapColumns(file.headers, customers);
    expect(mapping).toEqual(['id', 'version', 'notes']);
    const checked = await checkRows(customers, file, mapping, clerk);
    expect(checked.errors).toEqual([]);
    const commit = await commitRows(customers, checked.rows, { client: clerk });
    expect(commit.applied).toBe(1);
    expect(commit.errors.map((e) => e.row)).toEqual([3]);
    const notes = await sql<{ id: string; notes: string }>('select id, notes from public.customers where id = any($1::uuid[])', [[a.id, b.id]]);
    expect(Object.fromEntries(notes.map((n) => [n.id, n.notes]))).toEqual({ [a.id]: '导入修改', [b.id]: '别人改过' });
  });

  it('exports what it imported: the same file read back imports nothing new, every row refused as a duplicate card', async () => {
    const file = await customerFile('回');
    await importRows(customers, file, mapColumns(file.headers, customers), { client: clerk });
    const columns = ['name', 'phone', 'department_id', 'category', 'notes'].map((name) => customers.columns.find((c) => c.name === name)!);
    const blob = await exportView({
      register: customers,
      columns,
      fetchPage: async (offset, limit) => {
        // (read back as the department manager: the new cards went round the reception roster)
        const { data, error } = await (await signInAs('manager')).from('customers').select('*').like('name', `${prefix}回%`).order('name').range(offset, offset + limit - 1);
        if (error) throw error;
        return data;
      },
      lookupDisplays: (column, keys) => referenceDisplays(column.references!.table, column.references!.display!, keys, clerk),
      language: 'zh-CN',
      pageSize: 1,
    });
    const exported = await parseFile(blob);
    expect(exported.headers).toEqual(['客户名称', '电话', '所属部门', '客户类别', '备注']);
    expect(exported.rows.map((r) => r[2])).toEqual(['客服一部', '客服一部', '客服一部', '客服一部']);
    const again = await importRows(customers, exported, mapColumns(exported.headers, customers), { client: clerk, dryRun: true });
    expect(again.good).toEqual([]);
    expect(again.errors.map((e) => e.row)).toEqual([2, 3, 4, 5]);
  });
});
