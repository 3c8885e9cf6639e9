// The generated register screens in Chromium: a complaint recorded through the form is found in
// the grid; a paste from Excel is checked before anything is written; two people editing one cell
// get the choice, and nothing is lost; a column added with SQL appears, labelled by its comment.
import { describe, expect, it } from 'vitest';
import { artifacts, appInBrowser } from '../support/e2e-session.ts';
import { departmentIds, operatorIds, uniquePhone } from '../support/ids.ts';
import { columnIndex, deleteSelectedRows, editSelectedCell, gridHeaders, gridReady, gridRows, gridTotal, openRegister, search, selectCell, signedInPage } from '../support/register-grid.ts';
import { signInAs, sql, withSchemaLock } from '../support/stack.ts';

const session = appInBrowser();

describe('register screens generated from the schema', () => {
  it('a clerk records a complaint through the form and finds it in the grid', { timeout: 120_000 }, async () => {
    const marker = `表单投诉${Date.now()}`;
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await page.goto(`${session.url()}/r/service_requests/create`);
    const pick = async (label: string, option: string) => {
      await page.getByLabel(label, { exact: true }).click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
    };
    await pick('类型', '投诉');
    await pick('投诉类别', '服务质量');
    await pick('严重程度', '一般');
    await page.getByLabel('来电/来访人', { exact: true }).fill('张先生');
    await page.getByLabel('内容', { exact: true }).fill(`${marker}：维修人员态度差`);
    await page.screenshot({ path: `${artifacts}/register-form.png`, fullPage: true });
    await page.getByTestId('form-save').click();
    await page.waitForURL(/\/r\/service_requests$/, { timeout: 30_000 });

    const [row] = await sql<{ kind: string; receiver_id: string; department_id: string; reply_due: string | null }>(
      `select kind, receiver_id, department_id, reply_due from public.service_requests where content like $1`, [`${marker}%`]);
    expect(row).toMatchObject({ kind: '投诉', receiver_id: operatorIds.clerk, department_id: departmentIds.KF1 });
    expect(row.reply_due).not.toBeNull();

    await gridReady(page);
    await search(page, marker);
    expect(await gridTotal(page)).toBe(1);
    const [cells] = await gridRows(page);
    expect(cells.join(' ')).toContain('投诉');
    expect(cells.join(' ')).toContain(marker);
    await page.context().close();
  });

  it('pasting 20 rows from Excel with 2 invalid shows 2 errors and writes nothing until they are fixed', { timeout: 180_000 }, async () => {
    const marker = `粘贴${Date.now()}`;
    const ids = await sql<{ id: string; phone: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, phone, received_at)
       select '咨询', '粘贴测试', $1 || lpad(n::text, 2, '0'), $2, $3, '0571-8800' || lpad(n::text, 4, '0'), now() - make_interval(mins => n)
       from generate_series(1, 20) n returning id, phone`,
      [marker, departmentIds.KF1, operatorIds.clerk],
    );
    const before = async () => sql<{ phone: string; content: string }>(`select phone, content from public.service_requests where content like $1 order by received_at desc`, [`${marker}%`]);
    const original = await before();
    const page = await signedInPage(session.browser(), session.url(), 'clerk', { clipboard: true });
    await openRegister(page, session.url(), 'service_requests');
    await search(page, marker);
    expect(await gridTotal(page)).toBe(20);

    // Twenty rows of phone + content, as Excel puts them on the clipboard; rows 6 and 13 are wrong.
    const phones = Array.from({ length: 20 }, () => uniquePhone());
    phones[5] = '12345';
    phones[12] = '电话未知';
    const tsv = phones.map((p, i) => `${p}\t${marker}已核实${i + 1}`).join('\n');
    await page.evaluate((text) => navigator.clipboard.writeText(text), tsv);
    await selectCell(page, await columnIndex('service_requests', 'phone'), 0);
    await page.keyboard.press('Control+V');

    const summary = page.getByTestId('paste-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('2 处错误');
    expect(await page.getByTestId('paste-errors').locator('span').count()).toBe(2);
    expect(await page.getByTestId('paste-errors').textContent()).toContain('第 6 行');
    expect(await page.getByTestId('paste-errors').textContent()).toContain('电话格式不正确');
    expect(await page.getByTestId('paste-commit').isDisabled()).toBe(true);
    await page.screenshot({ path: `${artifacts}/paste-preview.png` });
    expect(await before()).toEqual(original);

    await page.getByTestId('paste-cell-5-0').fill(uniquePhone());
    await page.getByTestId('paste-cell-12-0').fill(uniquePhone());
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('全部通过检查');
    await page.getByTestId('paste-commit').click();
    await expect.poll(async () => (await before()).filter((r) => r.content.includes('已核实')).length, { timeout: 30_000 }).toBe(20);

    // The whole batch can be undone.
    await page.getByTestId('register-undo').click();
    await expect.poll(async () => (await before()).map((r) => r.phone), { timeout: 30_000 }).toEqual(original.map((r) => r.phone));
    await page.context().close();
    await sql(`delete from public.service_requests where id = any($1)`, [ids.map((r) => r.id)]);
  });

  it('two people edit the same cell: the second gets the choice of theirs or mine, and nothing is lost', { timeout: 180_000 }, async () => {
    const name = `冲突测试客户${Date.now()}`;
    const [customer] = await sql<{ id: string }>(
      `insert into public.customers (name, phone, department_id, owner_id, first_contact_at) values ($1, $2, $3, $4, now()) returning id`,
      [name, uniquePhone(), departmentIds.KF1, operatorIds.clerk],
    );
    const notes = await columnIndex('customers', 'notes');
    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    for (const page of [clerk, manager]) {
      await openRegister(page, session.url(), 'customers');
      await search(page, name);
      expect(await gridTotal(page)).toBe(1);
    }
    // The manager's cursor rests on the row while the clerk saves: his grid keeps the version he read
    // there (the clerk's value may already show, live), so his edit is refused as stale, not written over.
    await selectCell(manager, notes, 0);
    await selectCell(clerk, notes, 0);
    await editSelectedCell(clerk, '王小明：客户要求周五上门');
    await expect.poll(async () => (await sql(`select notes from public.customers where id = $1`, [customer.id]))[0].notes, { timeout: 20_000 }).toBe('王小明：客户要求周五上门');

    await editSelectedCell(manager, '陈刚：改为周六上门');
    await manager.getByTestId('conflict-mine').waitFor({ timeout: 20_000 });
    await expect.poll(() => manager.getByTestId('conflict-theirs').textContent(), { timeout: 20_000 }).toBe('王小明：客户要求周五上门');
    expect(await manager.getByTestId('conflict-mine').textContent()).toBe('陈刚：改为周六上门');
    expect((await sql(`select notes from public.customers where id = $1`, [customer.id]))[0].notes).toBe('王小明：客户要求周五上门');
    await manager.waitForTimeout(500);
    await manager.screenshot({ path: `${artifacts}/conflict.png` });
    await manager.getByTestId('conflict-keep-mine').click();
    await expect.poll(async () => (await sql(`select notes from public.customers where id = $1`, [customer.id]))[0].notes, { timeout: 20_000 }).toBe('陈刚：改为周六上门');

    // Nothing is lost: the clerk's value stays in the history.
    const history = await sql<{ before: string | null; after: string }>(
      `select before ->> 'notes' as before, after ->> 'notes' as after from public.audit_log where table_name = 'customers' and row_id = $1 and action = 'update' order by at`,
      [customer.id],
    );
    expect(history).toEqual([{ before: null, after: '王小明：客户要求周五上门' }, { before: '王小明：客户要求周五上门', after: '陈刚：改为周六上门' }]);
    await clerk.context().close();
    await manager.context().close();
  });

  it('a column added with SQL appears in the grid and the form after a reload, labelled by its comment', { timeout: 180_000 }, async () => {
    const column = `console_note_${Date.now().toString(36)}`;
    // (a contact of the clerk's own, so the grid has a row to move along)
    const [contact] = await sql<{ id: string }>(
      `insert into public.contacts (customer_id, kind, staff_id, summary)
       select id, '电话', $1, '新增列测试的往来记录' from public.customers where owner_id = $1 limit 1 returning id`,
      [operatorIds.clerk],
    );
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await withSchemaLock(async () => {
      await sql(`alter table public.contacts add column ${column} text`);
      try {
        await sql(`comment on column public.contacts.${column} is '控制台备注 | Console note'`);
        // Contacts are written through column grants (the database's own columns have none), so
        // the console user grants the new column as the README's recipe says; no code changes.
        await sql(`grant insert (${column}), update (${column}) on public.contacts to authenticated`);
        await sql(`notify pgrst, 'reload schema'`);
        await openRegister(page, session.url(), 'contacts');
        // The new column is the last one: End moves the selection (and the view) there.
        await page.getByTestId('glide-cell-1-0').focus();
        await page.keyboard.press('End');
        await expect.poll(() => gridHeaders(page), { timeout: 20_000 }).toContain('控制台备注');
        await page.goto(`${session.url()}/r/contacts/create`);
        await page.getByLabel('控制台备注', { exact: true }).waitFor({ timeout: 20_000 });
      } finally {
        await sql(`alter table public.contacts drop column ${column}`);
        await sql(`notify pgrst, 'reload schema'`);
      }
    });
    await page.context().close();
    await sql(`delete from public.contacts where id = $1`, [contact.id]);
  });

  it('works like a spreadsheet: sums in the status bar, copy out, fill down and undo, filter, saved view, delete and restore', { timeout: 240_000 }, async () => {
    const marker = `表格习惯${Date.now()}`;
    const rows = await sql<{ id: string; code: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, cost, fault, received_at)
       select '报修', '表格测试', $1 || n, $2, $3, n * 10, '漏水', now() - make_interval(mins => n)
       from generate_series(1, 5) n returning id, code`,
      [marker, departmentIds.KF1, operatorIds.clerk],
    );
    const costs = async () => (await sql<{ cost: string }>(`select cost from public.service_requests where content like $1 order by received_at desc`, [`${marker}%`])).map((r) => Number(r.cost));
    const page = await signedInPage(session.browser(), session.url(), 'clerk', { clipboard: true });
    await openRegister(page, session.url(), 'service_requests');
    await search(page, marker);
    expect(await gridTotal(page)).toBe(5);

    // A range of costs: the status bar counts and sums it, Ctrl+C gives Excel the values.
    await selectCell(page, await columnIndex('service_requests', 'cost'), 0);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.getByTestId('grid-status').textContent(), { timeout: 10_000 }).toContain('已选 5 格 / 5 行');
    expect(await page.getByTestId('selection-sum').textContent()).toBe('费用（元） 合计 150');
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toMatch(/^10\.00\s+20\.00\s+30\.00\s+40\.00\s+50\.00\s*$/);

    // Fill down (Ctrl+D, as in Excel) writes the first value into the range; undo puts the batch back.
    await page.keyboard.press('Control+D');
    await expect.poll(costs, { timeout: 20_000 }).toEqual([10, 10, 10, 10, 10]);
    await page.getByTestId('register-undo').click();
    await expect.poll(costs, { timeout: 20_000 }).toEqual([10, 20, 30, 40, 50]);

    // The filter builder: 工单号 contains one code.
    await page.getByTestId('quick-search').fill('');
    await page.getByTestId('quick-search').press('Enter');
    await page.getByTestId('filter-button').click();
    await page.getByTestId('filter-add').click();
    await page.getByTestId('filter-value').fill(rows[2].code);
    await expect.poll(() => gridTotal(page), { timeout: 20_000 }).toBe(1);
    expect((await gridRows(page))[0].join(' ')).toContain(rows[2].code);
    await page.keyboard.press('Escape');

    // A saved view keeps the columns: 渠道 hidden, saved, found again after a reload.
    await page.getByTestId('column-settings-button').click();
    await page.getByTestId('column-settings').getByText('渠道', { exact: true }).click();
    await expect.poll(() => gridHeaders(page), { timeout: 10_000 }).not.toContain('渠道');
    const viewName = `无渠道${Date.now().toString(36)}`;
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill(viewName);
    await page.getByTestId('view-save-confirm').click();
    await expect.poll(async () => (await sql<{ hidden: string[] }>(`select config -> 'hidden' as hidden from public.register_views where name = $1 and owner_id = $2`, [viewName, operatorIds.clerk]))[0]?.hidden, { timeout: 20_000 }).toContain('channel');
    await openRegister(page, session.url(), 'service_requests');
    await expect.poll(() => gridHeaders(page), { timeout: 10_000 }).toContain('渠道');
    await page.getByTestId('view-picker').click();
    await page.locator('.ant-select-item-option').filter({ hasText: viewName }).click();
    await expect.poll(() => gridHeaders(page), { timeout: 10_000 }).not.toContain('渠道');

    // Delete is recoverable: the row goes to the recycle bin and comes back from it.
    // (the clear icon shows on hover; the view's filter must be gone before the search below)
    await page.getByTestId('view-picker').hover();
    await page.getByTestId('view-picker').locator('.ant-select-clear').click();
    await expect.poll(() => gridHeaders(page), { timeout: 10_000 }).toContain('渠道');
    await search(page, `${marker}1`);
    expect(await gridTotal(page)).toBe(1);
    await selectCell(page, 0, 0);
    await deleteSelectedRows(page);
    await expect.poll(async () => (await sql(`select 1 from public.service_requests where id = $1`, [rows[0].id])).length, { timeout: 20_000 }).toBe(0);
    await page.getByTestId('register-recycle').click();
    await page.getByTestId('recycle-restore').first().click();
    await expect.poll(async () => (await sql(`select 1 from public.service_requests where id = $1`, [rows[0].id])).length, { timeout: 20_000 }).toBe(1);
    await page.context().close();
    await sql(`delete from public.service_requests where content like $1`, [`${marker}%`]);
    await sql(`delete from public.register_views where name = $1`, [viewName]);
  });

  it('offers a clerk editable cells only on the requests they may change, as the row policy says', { timeout: 120_000 }, async () => {
    const marker = `行可改${Date.now()}`;
    await sql(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at)
       values ('咨询', '本人', $1 || '本人', $2, $3, now()), ('咨询', '同事', $1 || '同事', $2, $4, now() - interval '1 minute')`,
      [marker, departmentIds.KF1, operatorIds.clerk, operatorIds.kf1Colleague],
    );
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'service_requests');
    await search(page, marker);
    expect(await gridTotal(page)).toBe(2);
    // Row 0 is the clerk's own, row 1 the colleague's; column 2 is an editable column. Glide rebuilds its
    // accessibility table 200 ms after the canvas, so each row's text and flag are read in one snapshot:
    // a poll on the flag alone could be answered by the rows shown before the search.
    const rowStates = () =>
      page.getByTestId('register-grid').locator('table[role="grid"] tbody tr').evaluateAll(
        (rows, m) =>
          rows.slice(0, 2).map((tr) => {
            const text = tr.textContent ?? '';
            const who = text.includes(`${m}本人`) ? 'own' : text.includes(`${m}同事`) ? 'colleague' : 'other';
            return `${who}:${tr.querySelector('[id^="glide-cell-2-"]')?.getAttribute('aria-readonly')}`;
          }),
        marker,
      );
    await expect.poll(rowStates, { timeout: 10_000 }).toEqual(['own:false', 'colleague:true']);
    await page.context().close();
    await sql(`delete from public.service_requests where content like $1`, [`${marker}%`]);
  });

  it('speaks English on request: register, columns and actions from the English half of the comments', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'manager');
    await openRegister(page, session.url(), 'customers');
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => gridHeaders(page), { timeout: 20_000 }).toEqual(expect.arrayContaining(['Customer code', 'Name', 'Category']));
    expect(await page.getByTestId('register-customers').textContent()).toContain('Customers');
    expect(await page.getByTestId('grid-status').textContent()).toMatch(/\d+ rows/);
    expect(await page.getByTestId('register-export').textContent()).toContain('Export to Excel');
    await page.screenshot({ path: `${artifacts}/register-grid-en.png` });
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.context().close();
  });

  it('shows the grid and a record page with its history (screenshots)', { timeout: 120_000 }, async () => {
    const page = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(page, session.url(), 'service_requests');
    await page.screenshot({ path: `${artifacts}/register-grid.png` });
    const [request] = await sql<{ id: string }>(
      `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, building, unit, room, location, fault, warranty)
       values ('报修', '李女士', '卫生间水管漏水，请尽快上门', $1, $2, '3栋', '2单元', '1502室', '卫生间', '水管漏水', '保内') returning id`,
      [departmentIds.KF1, operatorIds.clerk],
    );
    // A change, so the history has something to show.
    await (await signInAs('clerk')).from('service_requests').update({ repairer: '张师傅' }).eq('id', request.id);
    await page.goto(`${session.url()}/r/service_requests/show/${request.id}`);
    await page.getByTestId('record-fields').waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: '修改历史' }).click();
    await expect.poll(() => page.getByTestId('record-history').textContent(), { timeout: 20_000 }).toContain('维修人：∅ → 张师傅');
    await page.screenshot({ path: `${artifacts}/record-page.png`, fullPage: true });
    await page.goto(`${session.url()}/print/service_requests/${request.id}`);
    await expect.poll(() => page.getByTestId('print-view').textContent(), { timeout: 20_000 }).toContain('《客户报修/投诉/求助记录》');
    await page.screenshot({ path: `${artifacts}/print-view.png`, fullPage: true });
    await page.context().close();
    await sql(`delete from public.service_requests where id = $1`, [request.id]);
  });
});
