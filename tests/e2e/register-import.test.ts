// Import, visibility and the dashboard in Chromium: a 1,000-row XLSX with a few bad rows commits
// the good ones and reports the bad; a manager sees only the department's complaints and the person
// a complaint names never sees it; the dashboard shows the to-dos and this month's complaints.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { artifacts, appInBrowser } from '../support/e2e-session.ts';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { gridRows, gridTotal, openRegister, search, signedInPage } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();

async function customerWorkbook(marker: string, rows: number, bad: Map<number, Record<string, string>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户档案');
  sheet.addRow(['客户名称', '电话', '客户类别', '所属部门', '备注']);
  const base = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  for (let i = 1; i <= rows; i++) {
    const row = { name: `${marker}客户${i}`, phone: `177${String(base + i).padStart(8, '0')}`, category: '一般客户', department: '客服一部', notes: '批量导入', ...bad.get(i) };
    sheet.addRow([row.name, row.phone, row.category, row.department, row.notes]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('import, visibility and dashboard', () => {
  it('importing a 1,000-row XLSX with a few bad rows commits the good ones and reports the bad', { timeout: 240_000 }, async () => {
    const marker = `导入${Date.now()}`;
    // Data rows 17, 250 and 999 (file rows 18, 251, 1000) are wrong, each in its own way.
    const bad = new Map<number, Record<string, string>>([
      [17, { phone: '12345' }],
      [250, { category: 'VIP客户' }],
      [999, { name: '' }],
    ]);
    const file = await customerWorkbook(marker, 1000, bad);
    const count = async () => (await sql<{ n: number }>(`select count(*)::int as n from public.customers where name like $1`, [`${marker}%`]))[0].n;
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'customers');
    await page.getByTestId('register-import').click();
    await page.locator('[data-testid="import-drawer"] input[type="file"]').setInputFiles({ name: '客户导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.getByRole('button', { name: '检查数据' }).click();
    const summary = page.getByTestId('import-dry-run-summary');
    await summary.waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await summary.textContent()) ?? '', { timeout: 120_000 }).toMatch(/1,?000.*997.*3/);
    const errors = (await page.getByTestId('import-drawer').textContent()) ?? '';
    expect(errors).toContain('电话格式不正确');
    expect(errors).toContain('VIP客户');
    expect(errors).toContain('“客户名称”不能为空');
    expect(await count()).toBe(0);
    await page.screenshot({ path: `${artifacts}/import-preview.png` });

    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-result').textContent(), { timeout: 120_000 }).toContain('997');
    expect(await count()).toBe(997);
    const rows = await sql<{ owner_id: string; department_id: string }>(`select distinct owner_id, department_id from public.customers where name like $1`, [`${marker}%`]);
    // The clerk's department's cards, gone round the clerks on duty in its reception roster (顺序表循环接待).
    expect(new Set(rows.map((r) => r.department_id))).toEqual(new Set([departmentIds.KF1]));
    const onDuty = (await sql<{ operator_id: string }>('select operator_id from public.reception_roster where department_id = $1 and on_duty', [departmentIds.KF1])).map((r) => r.operator_id);
    expect(onDuty).toEqual(expect.arrayContaining(rows.map((r) => r.owner_id)));
    expect(new Set(rows.map((r) => r.owner_id)).size).toBeGreaterThan(1);
    await page.context().close();
    await sql(`delete from public.customers where name like $1`, [`${marker}%`]);
  });

  it('a manager sees only their department; the staff member a complaint names does not see it', { timeout: 180_000 }, async () => {
    const marker = `可见性${Date.now()}`;
    const complaint = (content: string, department: string, receiver: string, accused: string | null) =>
      sql(
        `insert into public.service_requests (kind, complaint_category, severity, caller_name, content, department_id, receiver_id, accused_operator_id)
         values ('投诉', '员工违纪', '一般', '投诉人', $1, $2, $3, $4)`,
        [content, department, receiver, accused],
      );
    await complaint(`${marker}二部投诉`, departmentIds.KF2, operatorIds.clerk2, operatorIds.clerk2);
    await complaint(`${marker}一部投诉王小明`, departmentIds.KF1, operatorIds.kf1Colleague, operatorIds.clerk);

    const seen = async (role: 'manager' | 'clerk' | 'director') => {
      const page = await signedInPage(session.browser(), session.url(), role);
      await openRegister(page, session.url(), 'service_requests');
      await search(page, marker);
      const total = await gridTotal(page);
      const text = (await gridRows(page)).flat().join(' ');
      if (role === 'manager') await page.screenshot({ path: `${artifacts}/manager-complaints.png` });
      await page.context().close();
      return { total, oneDepartment: text.includes('一部投诉'), twoDepartment: text.includes('二部投诉') };
    };
    expect(await seen('manager')).toEqual({ total: 1, oneDepartment: true, twoDepartment: false });
    expect(await seen('director')).toEqual({ total: 2, oneDepartment: true, twoDepartment: true });
    // 王小明 is named in the KF1 complaint: recusal hides it from him, in his own department.
    expect(await seen('clerk')).toEqual({ total: 0, oneDepartment: false, twoDepartment: false });
    await sql(`delete from public.service_requests where content like $1`, [`${marker}%`]);
  });

  it('the dashboard shows my to-dos, overdue items and this month’s complaints as charts', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'director');
    await page.getByTestId('dashboard').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="dashboard"] canvas').first().waitFor({ timeout: 30_000 });
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from public.notifications where recipient_id = $1 and read_at is null`, [operatorIds.director]);
    await expect.poll(() => page.getByTestId('dashboard').textContent(), { timeout: 20_000 }).toContain(String(n));
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });
    await page.context().close();
  });
});
