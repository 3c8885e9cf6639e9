// The register grid as clerks know a spreadsheet (issue 17), in Chromium, on a clerk's expense
// claims: each kind of column has its own editor (a dropdown with type-ahead, a calendar, a check
// box), a new row is appended on its own line, the rows sort by two columns and group by status
// with counts, and a whole column's sum counts every row, also those not loaded. The grid draws on
// a canvas: every cell is read through its accessible table, as a screen reader reads it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifacts, appInBrowser } from '../support/e2e-session.ts';
import { departmentIds, operatorIds, uniquePhone } from '../support/ids.ts';
import { accessibleFooter, accessibleHeaders, accessibleRows, cellText, gridTotal, openRegister, search, selectLine, signedInPage, waitForCell } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();
const marker = `表格${Date.now().toString(36)}`;
const claims = 450;
let customer = '';
const namesake = `${marker}同名客户`;
let namesakes: { id: string; code: string; phone: string }[] = [];

beforeAll(async () => {
  [{ id: customer }] = await sql<{ id: string }>(
    `insert into public.customers (name, phone, department_id, owner_id, filed_at) values ($1, $2, $3, $4, now()) returning id`,
    [`${marker}客户`, uniquePhone(), departmentIds.KF1, operatorIds.clerk],
  );
  // Two customers of one name: the picker must tell them apart.
  namesakes = [];
  for (let i = 0; i < 2; i++) {
    namesakes.push((await sql<{ id: string; code: string; phone: string }>(
      `insert into public.customers (name, phone, department_id, owner_id, filed_at) values ($1, $2, $3, $4, now()) returning id, code, phone`,
      [namesake, uniquePhone(), departmentIds.KF1, operatorIds.clerk],
    ))[0]);
  }
  await sql(
    `insert into public.customer_expenses (customer_id, kind, amount, spent_on, description, claimant_id, archive_documents)
     select $1, (array['招待','差旅','礼品'])[1 + n % 3], 10 + (n * 37) % 900 + (n % 4) * 0.25, date '2026-11-01' + (n % 28), $2 || '-' || lpad(n::text, 3, '0'), $3, '发票两张'
     from generate_series(1, $4::int) n`,
    [customer, marker, operatorIds.clerk, claims],
  );
  // Some claims were decided (a move does it; here the move's switch lets the test set it).
  await sql(`do $$ begin
      perform set_config('taizhang.customer_expense_move', 'on', true);
      update public.customer_expenses set status = '已批准' where description like '${marker}-%' and right(description, 3)::int % 10 = 0;
      update public.customer_expenses set status = '已驳回' where description like '${marker}-%' and right(description, 3)::int % 10 = 1;
    end $$`);
}, 60_000);

async function claimsPage(language: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const page = await signedInPage(session.browser(), session.url(), 'clerk', { clipboard: true });
  if (language === 'en') {
    await page.evaluate(() => localStorage.setItem('taizhang.language', 'en'));
  }
  await openRegister(page, session.url(), 'customer_expenses');
  await search(page, marker);
  return page;
}

const columnOf = async (page: Page, header: string) => {
  const index = (await accessibleHeaders(page)).map((h) => h.replace(/ [↑↓]\d*$/, '')).indexOf(header);
  expect(index, `column “${header}”`).toBeGreaterThanOrEqual(0);
  return index;
};

const dropdownOptions = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');

/** The description of the row at a place, to find it in the database. */
const descriptionAt = async (page: Page, row: number) => (await cellText(page, row, '费用说明'))!;

describe('the grid works like a spreadsheet', () => {
  it('a clerk edits a claim in the grid with each column’s own editor: the kind from a dropdown by typing, the date from a calendar, the documents box ticked', { timeout: 180_000 }, async () => {
    const page = await claimsPage();
    expect(await gridTotal(page)).toBe(claims);
    // The first row still awaiting approval (decided claims cannot change).
    const rows = await accessibleRows(page);
    const status = await columnOf(page, '状态');
    const row = rows.find((r) => r.kind === 'row' && r.cells[status] === '待审批')!;
    const description = await descriptionAt(page, row.index!);

    // Option: Enter opens the dropdown; typing "差" narrows it; Enter picks 差旅.
    const kind = await columnOf(page, '费用类别');
    await selectLine(page, kind, row.index!);
    await page.keyboard.press('Enter');
    await page.getByTestId('grid-choice-editor').waitFor();
    await page.keyboard.type('差');
    await expect.poll(async () => dropdownOptions(page).allTextContents()).toEqual(['差旅']);
    await page.screenshot({ path: `${artifacts}/grid-option-dropdown.png` });
    await page.keyboard.press('Enter');
    await waitForCell(page, row.index!, '费用类别', '差旅');
    expect((await sql<{ kind: string }>(`select kind from public.customer_expenses where description = $1`, [description]))[0].kind).toBe('差旅');

    // Date: Enter opens a calendar on the cell's month; a click picks the 20th.
    const spentOn = await columnOf(page, '费用日期');
    await selectLine(page, spentOn, row.index!);
    await page.keyboard.press('Enter');
    await page.getByTestId('grid-date-editor').waitFor();
    const day = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) td[title="2026-11-20"]');
    await day.waitFor();
    await page.screenshot({ path: `${artifacts}/grid-date-picker.png` });
    await day.click();
    await waitForCell(page, row.index!, '费用日期', '2026-11-20');
    expect((await sql<{ d: string }>(`select spent_on::text d from public.customer_expenses where description = $1`, [description]))[0].d).toBe('2026-11-20');

    // Yes/no: Space ticks the box (a travel claim with its documents listed may say it has some).
    const documents = await columnOf(page, '有归档价值的资料（差旅）');
    await selectLine(page, documents, row.index!);
    await page.keyboard.press('Space');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${artifacts}/grid-checkbox.png` });
    await waitForCell(page, row.index!, '有归档价值的资料（差旅）', '是');
    expect((await sql<{ has: boolean }>(`select has_archive_documents has from public.customer_expenses where description = $1`, [description]))[0].has).toBe(true);

    // A date the database refuses (in the future) is refused at the cell, in Chinese; nothing changes.
    await selectLine(page, spentOn, row.index!);
    await page.keyboard.press('Enter');
    // (the mouse off the calendar: a hovered day would show in the box instead of what is typed)
    await page.mouse.move(5, 5);
    const typed = page.getByTestId('grid-date-editor').locator('input');
    await typed.fill('2099-01-05');
    await typed.press('Enter');
    // The refused cell keeps what was typed, in red; selected, it says why.
    await waitForCell(page, row.index!, '费用日期', '2099-01-05').catch(async (e) => {
      await page.screenshot({ path: `${artifacts}/grid-refused-date-failed.png` });
      throw e;
    });
    await selectLine(page, spentOn, row.index!);
    await expect.poll(async () => page.getByTestId('cell-error').textContent(), { timeout: 15_000 }).toContain('费用日期不能晚于今天');
    expect(await page.getByTestId('cell-error').textContent()).not.toMatch(/cannot|[A-Z]{2,}\d/);
    expect((await sql<{ d: string }>(`select spent_on::text d from public.customer_expenses where description = $1`, [description]))[0].d).toBe('2026-11-20');
    await page.screenshot({ path: `${artifacts}/grid-refused-date.png` });
    await page.context().close();
  });

  it('a clerk appends a row on the line under the grid, picking the customer from namesakes told apart by code and phone', { timeout: 180_000 }, async () => {
    const page = await claimsPage();
    await page.getByTestId('grid-append-row').click();
    await page.locator('[data-testid="register-grid"][data-draft="open"]').waitFor();
    const draftLine = claims;
    expect(await page.getByTestId('grid-draft-hint').textContent()).toContain('客户');

    const customerColumn = await columnOf(page, '客户');
    await selectLine(page, customerColumn, draftLine);
    await page.keyboard.press('Enter');
    await page.getByTestId('grid-choice-editor').waitFor();
    // The search runs on the server: the typed text narrows it to the two namesakes.
    await page.keyboard.type(namesake);
    await expect.poll(async () => (await dropdownOptions(page).allTextContents()).filter((t) => t.startsWith(namesake)).length, { timeout: 15_000 }).toBe(2);
    const options = (await dropdownOptions(page).allTextContents()).filter((t) => t.startsWith(namesake));
    expect(options.some((o) => o.includes(namesakes[0].code) && o.includes(namesakes[0].phone))).toBe(true);
    expect(options.some((o) => o.includes(namesakes[1].code) && o.includes(namesakes[1].phone))).toBe(true);
    await page.screenshot({ path: `${artifacts}/grid-reference-namesakes.png` });
    await dropdownOptions(page).filter({ hasText: namesakes[1].code }).click();

    const typeInto = async (header: string, text: string) => {
      await selectLine(page, await columnOf(page, header), draftLine);
      await page.keyboard.press('Enter');
      const editor = page.locator('#portal textarea, #portal input').first();
      await editor.waitFor();
      await editor.fill(text);
      await editor.press('Enter');
    };
    await selectLine(page, await columnOf(page, '费用类别'), draftLine);
    await page.keyboard.press('Enter');
    await page.getByTestId('grid-choice-editor').waitFor({ timeout: 10_000 }).catch(async (e) => {
      await page.screenshot({ path: `${artifacts}/grid-draft-kind-failed.png` });
      throw e;
    });
    await page.keyboard.type('礼');
    await expect.poll(async () => dropdownOptions(page).allTextContents()).toEqual(['礼品']);
    await page.keyboard.press('Enter');
    await typeInto('金额（元）', '88.5');
    await typeInto('费用日期', '2026-11-18');
    await typeInto('费用说明', `${marker}-新增`);

    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${artifacts}/grid-draft-filled.png` });
    await expect.poll(async () => (await sql(`select 1 from public.customer_expenses where description = $1`, [`${marker}-新增`])).length, { timeout: 20_000 }).toBe(1);
    const [saved] = await sql<{ customer_id: string; kind: string; amount: string; spent_on: string; claimant_id: string }>(
      `select customer_id, kind, amount::text, spent_on::text, claimant_id from public.customer_expenses where description = $1`, [`${marker}-新增`]);
    expect(saved).toEqual({ customer_id: namesakes[1].id, kind: '礼品', amount: '88.50', spent_on: '2026-11-18', claimant_id: operatorIds.clerk });
    await page.locator('[data-testid="register-grid"]:not([data-draft])').waitFor();
    await page.screenshot({ path: `${artifacts}/grid-appended-row.png` });
    await sql(`delete from public.customer_expenses where description = $1`, [`${marker}-新增`]);
    await page.context().close();
  });

  it('rows sort by two columns (kind, then amount from high to low) and group by status with the count of each', { timeout: 180_000 }, async () => {
    const page = await claimsPage();
    // The sort panel: the kind first, then the amount descending.
    await page.getByTestId('sort-panel-button').click();
    const panel = page.getByTestId('sort-panel');
    while ((await panel.locator('[data-testid^="sort-remove-"]').count()) > 0) await panel.locator('[data-testid^="sort-remove-"]').first().click();
    const pickColumn = async (i: number, label: string) => {
      await page.getByTestId(`sort-column-${i}`).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: new RegExp(`^${label.replace(/[()（）]/g, '.')}$`) }).click();
    };
    await page.getByTestId('sort-add').click();
    await pickColumn(0, '费用类别');
    await page.getByTestId('sort-add').click();
    await pickColumn(1, '金额（元）');
    await page.getByTestId('sort-order-1').getByText('降序').click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    await page.locator('[data-testid="register-grid"][data-visible-ready="true"]').waitFor();

    const expected = await sql<{ description: string }>(
      `select description from public.customer_expenses where description like $1 order by kind, amount desc, id desc limit 15`, [`${marker}-%`]);
    const description = await columnOf(page, '费用说明');
    await expect.poll(async () => (await accessibleRows(page)).filter((r) => r.kind === 'row').slice(0, 15).map((r) => r.cells[description]), { timeout: 15_000 })
      .toEqual(expected.map((r) => r.description));
    expect((await accessibleHeaders(page)).filter((h) => /[↑↓]\d$/.test(h))).toEqual(['费用类别 ↑1', '金额（元） ↓2']);

    // Grouped by status: a header per status with its count, as the database counts them.
    await page.getByTestId('grid-group-by').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '分组：状态' }).click();
    // (in the status's own order: 待审批, 已批准, 已驳回)
    const counts = await sql<{ status: string; n: string }>(`select e.status::text as status, count(*)::text n from public.customer_expenses e where e.description like $1 group by e.status order by e.status`, [`${marker}-%`]);
    await expect.poll(async () => (await accessibleRows(page)).filter((r) => r.kind === 'group').map((r) => r.cells[0])[0], { timeout: 15_000 })
      .toBe(`状态：${counts[0].status}（${counts[0].n} 行）`);
    await page.screenshot({ path: `${artifacts}/grid-grouped.png` });
    // The last group's header is found by scrolling to the end.
    await page.getByTestId('grid-goto-row').fill(String(claims - 50));
    await page.getByTestId('grid-goto-row').press('Enter');
    await expect.poll(async () => (await accessibleRows(page)).filter((r) => r.kind === 'group').map((r) => r.cells[0]), { timeout: 15_000 })
      .toContain(`状态：${counts[counts.length - 1].status}（${counts[counts.length - 1].n} 行）`);
    await page.context().close();
  });

  it('the sum of a whole column counts every row, also those not loaded, as the database adds them up; the footer shows it too', { timeout: 180_000 }, async () => {
    const page = await claimsPage();
    const [{ sum, avg }] = await sql<{ sum: string; avg: string }>(`select sum(amount)::text sum, avg(amount)::text avg from public.customer_expenses where description like $1`, [`${marker}-%`]);
    expect(Number(await page.getByTestId('register-grid').getAttribute('data-loaded'))).toBeLessThan(claims);

    const amount = await columnOf(page, '金额（元）');
    await selectLine(page, amount, 0);
    await page.keyboard.press('Control+Space');
    const selectionSum = page.getByTestId('selection-sum');
    await expect.poll(async () => Number(await selectionSum.getAttribute('data-sum')), { timeout: 20_000 }).toBeCloseTo(Number(sum), 2);
    expect(await selectionSum.getAttribute('data-server')).toBe('true');
    const shown = (await page.getByTestId('selection-avg').textContent()) ?? '';
    expect(shown).toContain(Number(avg).toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
    expect(shown).toContain(`已填 ${claims}`);

    // Copy of the whole column (rows not loaded are read first): every amount on the clipboard.
    await page.keyboard.press('Control+C');
    await expect.poll(async () => (await page.evaluate(() => navigator.clipboard.readText())).split('\n').filter((l) => /\d/.test(l)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(claims);

    // The footer: the amount's sum over every row, the first column's count of rows.
    await expect.poll(async () => (await accessibleFooter(page))[amount], { timeout: 15_000 }).toContain('合计');
    const footer = await accessibleFooter(page);
    expect(footer[amount]).toBe(`合计 ¥${Number(sum).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    expect(footer[0]).toBe(`行数 ${claims.toLocaleString('zh-CN')}`);
    await page.screenshot({ path: `${artifacts}/grid-sums.png` });

    // Choosing another statistic for the footer: the amount's average.
    await page.getByTestId(`footer-stat-${amount}`).dispatchEvent('click');
    await page.locator('.grid-stat-menu .ant-dropdown-menu-item').filter({ hasText: '平均' }).click();
    await expect.poll(async () => (await accessibleFooter(page))[amount], { timeout: 15_000 }).toBe(`平均 ${Number(avg).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`);

    // "?" lists the keyboard shortcuts.
    await page.getByTestId('register-grid').click({ position: { x: 300, y: 100 } });
    await page.keyboard.press('Escape');
    await page.keyboard.type('?');
    await page.getByTestId('shortcut-help').waitFor();
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('选中整列');
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${artifacts}/grid-shortcuts.png` });
    await page.context().close();
  });

  it('in English the grid’s own words are English: the append line, the footer, the sort panel and the shortcuts', { timeout: 120_000 }, async () => {
    const page = await claimsPage('en');
    expect(await page.getByTestId('grid-append-row').textContent()).toBe('+ Add a row');
    expect((await accessibleFooter(page))[0]).toBe(`Rows ${claims.toLocaleString('en')}`);
    await page.getByTestId('sort-panel-button').click();
    expect(await page.getByTestId('sort-panel').textContent()).toMatch(/Add a sort column/);
    await page.keyboard.press('Escape');
    await page.getByTestId('grid-shortcuts').click();
    const help = (await page.getByTestId('shortcut-help').textContent()) ?? '';
    expect(help).toContain('Select the whole column');
    expect(help).not.toMatch(/\p{Script=Han}/u);
    await page.context().close();
  });
});
