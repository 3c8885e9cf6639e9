// A register the app has never seen, from one migration: tests/fixtures/spare-devices-register.sql (设备台账:
// a table with comments, a check on the code, a reference to departments, a status enum, a long-text
// note, its policies, a workflow move and permission rows) runs against the stack after the app is
// built, and a clerk uses its menu entry, grid, form, record page, move, export and import in Chinese
// and in English. No TypeScript knows the word "spare_devices": the screens come from the database.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, appInBrowser } from '../support/e2e-session.ts';
import { departmentIds } from '../support/ids.ts';
import { gridHeaders, gridReady, gridRows, gridTotal, openRegister, search, signedInPage } from '../support/register-grid.ts';
import { sql, stackEnv, withSchemaLock } from '../support/stack.ts';

const session = appInBrowser();
const migration = new URL('../fixtures/spare-devices-register.sql', import.meta.url);
const stateLabels = ['在用', '报修中', '已报废'];

// Everything the migration added, taken away again so other tests and a re-run see the database as
// before. The audit log is append-only and deletes go to the recycle bin: the owner's cleanup
// bypasses those triggers (replica mode) so the register leaves no rows behind either.
async function dropEquipmentRegister(newLabels: readonly string[]): Promise<void> {
  await sql(`
    begin;
    set local session_replication_role = replica;
    delete from public.audit_log where table_name = 'spare_devices'
      or (table_name = 'permissions' and row_id in (select id::text from public.permissions where register = 'spare_devices'));
    delete from public.recycle_bin where table_name = 'spare_devices';
    delete from public.permissions where register = 'spare_devices';
    delete from private.moves where register = 'spare_devices';
    delete from private.column_kinds where register = 'spare_devices';
    delete from private.registers where register = 'spare_devices';
    delete from private.menu_groups where key = 'assets';
    delete from private.register_scopes where table_name = 'spare_devices';
    delete from private.system_columns where register = 'spare_devices';
    delete from private.option_labels where value = any ('{${newLabels.join(',')}}'::text[]);
    drop function if exists public.report_spare_device_fault(uuid, text);
    drop table if exists public.spare_devices;
    drop type if exists public.spare_device_status;
    commit;
    notify pgrst, 'reload schema';
  `);
}

// The schema lock is held from the migration to the cleanup, so the generated-types check never
// sees this table.
let releaseLock: () => void = () => undefined;
let lockHeld: Promise<void> = Promise.resolve();
let newLabels: string[] = [];

beforeAll(async () => {
  await new Promise<void>((acquired, failed) => {
    lockHeld = withSchemaLock(() => {
      acquired();
      return new Promise<void>((release) => (releaseLock = release));
    });
    lockHeld.catch(failed);
  });
  const known = new Set((await sql<{ value: string }>('select value from private.option_labels where value = any ($1)', [stateLabels])).map((r) => r.value));
  newLabels = stateLabels.filter((l) => !known.has(l));
  // A stale run's leftovers go first; then the migration, as `supabase db push` would run it.
  await dropEquipmentRegister(newLabels);
  await sql(`begin;\n${await fs.readFile(migration, 'utf8')}\ncommit;`);
  await sql(`notify pgrst, 'reload schema'`);
  // PostgREST reloads its schema cache asynchronously: wait until it serves the new table.
  const { API_URL, SERVICE_ROLE_KEY } = stackEnv();
  for (let tries = 0; ; tries++) {
    const response = await fetch(`${API_URL}/rest/v1/spare_devices?select=id&limit=0`, { headers: { apikey: SERVICE_ROLE_KEY, Authorization: `Bearer ${SERVICE_ROLE_KEY}` } });
    if (response.ok) break;
    if (tries >= 60) throw new Error(`PostgREST does not serve public.spare_devices: ${response.status} ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 120_000);

afterAll(async () => {
  try {
    await dropEquipmentRegister(newLabels);
    const [left] = await sql<{ leftovers: string[] }>(`
      select array_remove(array[
        case when to_regclass('public.spare_devices') is not null then 'table' end,
        case when to_regtype('public.spare_device_status') is not null then 'type' end,
        case when to_regprocedure('public.report_spare_device_fault(uuid, text)') is not null then 'function' end,
        case when exists (select 1 from private.registers where register = 'spare_devices') or exists (select 1 from private.moves where register = 'spare_devices')
               or exists (select 1 from private.column_kinds where register = 'spare_devices') or exists (select 1 from private.menu_groups where key = 'assets')
               or exists (select 1 from private.register_scopes where table_name = 'spare_devices') then 'declarations' end,
        case when exists (select 1 from public.permissions where register = 'spare_devices') then 'permissions' end,
        case when exists (select 1 from public.audit_log where table_name = 'spare_devices') or exists (select 1 from public.recycle_bin where table_name = 'spare_devices') then 'audit' end,
        case when exists (select 1 from private.option_labels where value = any ($1)) then 'option labels' end
      ], null) as leftovers`, [newLabels]);
    if (left.leftovers.length > 0) throw new Error(`the spare-devices register left ${left.leftovers.join(', ')} behind`);
  } finally {
    releaseLock();
    await lockHeld;
  }
}, 60_000);

const code = `SB-${String(1000 + Math.floor(Math.random() * 8000)).padStart(4, '0')}`;
const importedCode = `SB-${String(Number(code.slice(3)) + 1).padStart(4, '0')}`;
const equipment = async (c: string) => (await sql<{ id: string; name: string; department_id: string; status: string; fault: string | null; notes: string | null }>(
  'select id, name, department_id, status::text as status, fault, notes from public.spare_devices where code = $1', [c]))[0];

/** The labels of the side menu's group with this heading. */
const menuGroup = (page: Page, heading: string) =>
  page.locator('.ant-menu-item-group').filter({ has: page.locator('.ant-menu-item-group-title', { hasText: heading }) }).getByRole('menuitem');

const waitForSpinners = (page: Page) => page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);

describe('a register the app has never seen, from one migration', () => {
  it('the migration leaves Supabase’s database advisors nothing to report', { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'node_modules/.bin/supabase',
      ['db', 'advisors', `--remote=${stackEnv().DB_URL}`, '--type', 'all', '--fail-on', 'warn'],
      { env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } },
    );
    expect(`${stdout}\n${stderr}`).toContain('No issues found');
  });

  it('a clerk finds 设备台账 in the menu under its group, and its grid with the columns its comments label', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await expect.poll(() => menuGroup(page, '设备与资产').allTextContents(), { timeout: 30_000 }).toEqual(['设备台账']);
    await menuGroup(page, '设备与资产').getByText('设备台账').click();
    await page.waitForURL(/\/r\/spare_devices$/, { timeout: 30_000 });
    await gridReady(page);
    await expect.poll(() => gridHeaders(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(['设备编号', '设备名称', '使用部门', '设备状态', '故障描述', '备注']));
    expect(await page.getByTestId('register-spare_devices').textContent()).toContain('设备台账');
    await waitForSpinners(page);
    await page.screenshot({ path: `${artifacts}/new-register-menu-grid.png` });
    await page.context().close();
  });

  it('the form refuses a code the check does not allow, at the field in the check’s words, and saves a good one', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'spare_devices');
    await page.getByTestId('register-create').click();
    await page.waitForURL(/\/r\/spare_devices\/create$/, { timeout: 30_000 });
    const codeField = page.getByLabel('设备编号', { exact: true });
    await codeField.waitFor({ timeout: 30_000 });
    // Status and fault change only through the move: the form does not offer them.
    expect(await page.getByLabel('设备状态', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('故障描述', { exact: true }).count()).toBe(0);
    // The department is the database's default, the clerk's own: the form shows it filled in.
    await expect.poll(() => page.locator('.ant-form-item').filter({ has: page.getByLabel('使用部门', { exact: true }) }).textContent(), { timeout: 20_000 }).toContain('客服一部');

    await codeField.fill('SB-12');
    await page.getByLabel('设备名称', { exact: true }).fill('前台电脑');
    await page.getByLabel('备注', { exact: true }).fill('服务大厅一号窗口\n2026 年采购');
    await page.getByTestId('form-save').click();
    const codeError = page.locator('.ant-form-item').filter({ has: codeField }).locator('.ant-form-item-explain-error');
    await expect.poll(() => codeError.textContent(), { timeout: 20_000 }).toBe('设备编号须为 SB- 加 4 位数字，如 SB-0001');
    await page.screenshot({ path: `${artifacts}/new-register-form-refused.png`, fullPage: true });
    expect(await sql('select 1 from public.spare_devices')).toHaveLength(0);

    await codeField.fill(code);
    await expect.poll(() => codeError.count(), { timeout: 10_000 }).toBe(0);
    await page.getByTestId('form-save').click();
    await page.waitForURL(/\/r\/spare_devices$/, { timeout: 30_000 });
    expect(await equipment(code)).toMatchObject({ name: '前台电脑', department_id: departmentIds.KF1, status: '在用', fault: null, notes: '服务大厅一号窗口\n2026 年采购' });

    await gridReady(page);
    await search(page, code);
    expect(await gridTotal(page)).toBe(1);
    const text = (await gridRows(page))[0].join(' ');
    for (const shown of [code, '前台电脑', '客服一部', '在用']) expect(text).toContain(shown);
    await page.context().close();
  });

  it('the record page offers 报修, asks for the fault, and the move changes the status in the record, the grid and the database', { timeout: 180_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'spare_devices');
    await search(page, code);
    // The grid's row menu (right-click on the row) offers the move the row allows, and opens the record.
    const canvas = page.getByTestId('register-grid').locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + 100, box.y + 36 + 17, { button: 'right' });
    const rowMenu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item');
    await expect.poll(async () => (await rowMenu.allTextContents()).map((t) => t.replace(/\s/g, '')), { timeout: 20_000 }).toEqual(['查看', '报修']);
    await page.waitForTimeout(500); // (the menu fades in)
    await page.screenshot({ path: `${artifacts}/new-register-row-menu.png` });
    await rowMenu.filter({ hasText: '查看' }).click();
    await page.waitForURL(/\/r\/spare_devices\/show\//, { timeout: 30_000 });
    const fields = page.getByTestId('record-fields');
    await expect.poll(() => fields.textContent(), { timeout: 20_000 }).toContain(code);
    expect(await fields.textContent()).toContain('在用');
    expect(await page.getByTestId('record-page').textContent()).toContain(`设备台账 · ${code}`);
    const move = page.getByTestId('workflow-report_fault');
    await move.waitFor({ timeout: 20_000 });
    expect(await move.textContent()).toMatch(/报\s*修/);
    await waitForSpinners(page);
    await page.screenshot({ path: `${artifacts}/new-register-record.png`, fullPage: true });

    await move.click();
    const dialog = page.getByRole('dialog');
    const fault = dialog.getByLabel('故障描述', { exact: true });
    await fault.waitFor({ timeout: 10_000 });
    // The fault is required (the RPC's parameter has no default): the dialog says so before the database.
    await page.getByTestId('workflow-report_fault-confirm').click();
    await dialog.locator('.ant-form-item-explain-error').first().waitFor({ timeout: 10_000 });
    expect((await equipment(code)).status).toBe('在用');
    await fault.fill('开机黑屏，风扇异响');
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: `${artifacts}/new-register-move-dialog.png` });
    await page.getByTestId('workflow-report_fault-confirm').click();

    await expect.poll(async () => (await equipment(code)).status, { timeout: 20_000 }).toBe('报修中');
    expect((await equipment(code)).fault).toBe('开机黑屏，风扇异响');
    await expect.poll(() => fields.textContent(), { timeout: 20_000 }).toContain('报修中');
    expect(await fields.textContent()).toContain('开机黑屏，风扇异响');
    // A device under repair offers the move no more.
    await expect.poll(() => move.count(), { timeout: 20_000 }).toBe(0);
    await page.screenshot({ path: `${artifacts}/new-register-moved.png`, fullPage: true });

    await openRegister(page, session.url(), 'spare_devices');
    await search(page, code);
    await expect.poll(async () => (await gridRows(page))[0]?.join(' '), { timeout: 20_000 }).toContain('报修中');
    await page.context().close();
  });

  it('exports the view to XLSX: the labels as header row, the record in the rows', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'spare_devices');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('register-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^设备台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = `${artifacts}/new-register-export.xlsx`;
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('设备台账');
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    const headers = values(1);
    expect(headers).toEqual(expect.arrayContaining(['设备编号', '设备名称', '使用部门', '设备状态', '故障描述', '备注']));
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2));
    const mine = rows.find((r) => r[headers.indexOf('设备编号')] === code);
    expect(mine).toBeDefined();
    expect(mine![headers.indexOf('设备名称')]).toBe('前台电脑');
    expect(mine![headers.indexOf('使用部门')]).toBe('客服一部');
    expect(mine![headers.indexOf('设备状态')]).toBe('报修中');
    expect(mine![headers.indexOf('故障描述')]).toBe('开机黑屏，风扇异响');
    await page.context().close();
  });

  it('imports a CSV with one good and one bad row: the good one is committed, the bad one reported in the check’s words', { timeout: 180_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'spare_devices');
    await page.getByTestId('register-import').click();
    const csv = `设备编号,设备名称,使用部门,备注\n${importedCode},打印机,客服一部,导入的设备\nSB12,扫描仪,客服一部,编号不对\n`;
    await page.locator('[data-testid="import-drawer"] input[type="file"]').setInputFiles({ name: '设备导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '检查数据' }).click();
    const summary = page.getByTestId('import-dry-run-summary');
    await summary.waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${artifacts}/new-register-import-check.png` });
    await expect.poll(async () => (await summary.textContent()) ?? '', { timeout: 60_000 }).toMatch(/2\D*1\D*1/);
    const report = (await page.getByTestId('import-drawer').textContent()) ?? '';
    expect(report).toContain('设备编号须为 SB- 加 4 位数字');
    expect(report).toContain('SB12');
    expect(await equipment(importedCode)).toBeUndefined();

    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 60_000 }).toContain('1');
    expect(await equipment(importedCode)).toMatchObject({ name: '打印机', department_id: departmentIds.KF1, status: '在用', notes: '导入的设备' });
    expect(await sql(`select 1 from public.spare_devices where code = 'SB12'`)).toHaveLength(0);
    await page.context().close();
  });

  it('speaks English on request: menu, columns and the status from the English halves of the comments and labels', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'spare_devices');
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => gridHeaders(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(['Equipment code', 'Equipment name', 'Department', 'Status', 'Fault', 'Notes']));
    await expect.poll(() => menuGroup(page, 'Equipment and assets').allTextContents(), { timeout: 20_000 }).toEqual(['Equipment']);
    await search(page, code);
    await expect.poll(async () => (await gridRows(page))[0]?.join(' '), { timeout: 20_000 }).toContain('Under repair');
    await waitForSpinners(page);
    await page.screenshot({ path: `${artifacts}/new-register-en.png` });
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.context().close();
  });
});
