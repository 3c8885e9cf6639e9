// Live registers in two browsers (issue 19): a clerk and his manager on the same requests. The clerk's
// cursor and the cell he is on show in the manager's grid; his edit, a new request and a deleted one
// reach the manager's grid without a reload, while the manager's cursor stays on the row it was on.
// A clerk recused from a complaint has the register open: no frame on his socket names the complaint
// (inspected frame by frame), while a change he may read reaches him. Delivery time is the bench's
// to measure (tests/bench/realtime-fanout.ts), not asserted here.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { cellText, columnIndex, editSelectedCell, gridTotal, openRegister, search, selectCell, signedInPage, waitForCell } from '../support/register-grid.ts';
import { complaint, recordRequest } from '../support/requests.ts';
import { createThrowawayOperator, DEMO_PASSWORD, sql } from '../support/stack.ts';

const session = appInBrowser();
const tag = Date.now().toString(36).slice(-5);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
});

const liveOn = (page: Page) => page.locator('[data-testid="grid-presence"][data-live="live"]').waitFor({ timeout: 30_000 });
const shownTotal = async (page: Page) => Number(await page.getByTestId('register-grid').getAttribute('data-total'));

async function requestsOf(marker: string, n: number, minutesAgo: number): Promise<{ id: string; code: string }[]> {
  return sql<{ id: string; code: string }>(
    `insert into public.service_requests (kind, caller_name, content, department_id, receiver_id, received_at)
     select '咨询', '实时测试', $1 || '-' || g, $2, $3, now() - make_interval(mins => $4 + g) from generate_series(1, $5) g returning id, code`,
    [marker, departmentIds.KF1, operatorIds.clerk, minutesAgo, n],
  );
}

describe('a register open in two browsers', () => {
  it('shows the clerk’s cursor, his edit, a new request and a deleted one in the manager’s grid without a reload, and keeps the manager’s cursor on its row', { timeout: 240_000 }, async () => {
    const marker = `实时${tag}`;
    const rows = await requestsOf(marker, 3, 10);
    cleanups.push(() => sql(`delete from public.service_requests where content like $1`, [`${marker}%`]));
    const caller = await columnIndex('service_requests', 'caller_name');
    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    for (const page of [clerk, manager]) {
      await openRegister(page, session.url(), 'service_requests');
      await search(page, marker);
      expect(await gridTotal(page)).toBe(3);
      await liveOn(page);
    }
    // The manager rests on the third row; the clerk goes to the second row's 来电/来访人.
    await selectCell(manager, 0, 2);
    const managersRow = await cellText(manager, 2, '内容');
    await selectCell(clerk, caller, 1);
    await expect
      .poll(() => manager.getByTestId('grid-presence-person').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/^王小明 · 第 2 行 · 来电\/来访人$/));

    // His edit reaches the manager's grid.
    await editSelectedCell(clerk, `张先生${tag}`);
    await waitForCell(manager, 1, '来电/来访人', `张先生${tag}`);
    // Enter moved his cursor down a row: the manager sees him there only, not also where he was.
    const hisPlaces = async () => (await manager.getByTestId('grid-presence-person').allTextContents()).filter((t) => /^王小明 · 第 \d+ 行/.test(t));
    await expect.poll(hisPlaces, { timeout: 20_000 }).toEqual(['王小明 · 第 3 行 · 来电/来访人']);
    await manager.screenshot({ path: `${artifacts}/live-edit-and-cursor.png` });

    // A new request (now: it sorts first) arrives, the count follows, and the manager's cursor moves down with its row.
    await requestsOf(`${marker}新`, 1, -1);
    await expect.poll(() => shownTotal(manager), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => manager.getByTestId('register-grid').getAttribute('data-selected-cell'), { timeout: 10_000 }).toBe('0,3');
    await waitForCell(manager, 0, '内容', `${marker}新-1`);
    expect(await cellText(manager, 3, '内容')).toBe(managersRow);

    // A request deleted elsewhere leaves the manager's grid; his cursor again stays with its row.
    await sql(`delete from public.service_requests where id = $1`, [rows[0].id]);
    await expect.poll(() => shownTotal(manager), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => manager.getByTestId('register-grid').getAttribute('data-selected-cell'), { timeout: 10_000 }).toBe('0,2');
    expect(await cellText(manager, 2, '内容')).toBe(managersRow);
    await clerk.context().close();
    await manager.context().close();
  });

  it('keeps the cell a person is editing, and what he has typed, while someone else’s change arrives in another row', { timeout: 180_000 }, async () => {
    const marker = `编辑中${tag}`;
    const rows = await requestsOf(marker, 2, 10);
    cleanups.push(() => sql(`delete from public.service_requests where content like $1`, [`${marker}%`]));
    const caller = await columnIndex('service_requests', 'caller_name');
    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    await openRegister(manager, session.url(), 'service_requests');
    await search(manager, marker);
    expect(await gridTotal(manager)).toBe(2);
    await liveOn(manager);
    await selectCell(manager, caller, 1);
    await manager.keyboard.press('Enter');
    const editor = manager.locator('#portal textarea, #portal input').first();
    await editor.waitFor({ timeout: 10_000 });
    await editor.fill(`王女士${tag}`);

    // The other row changes meanwhile (the first row: the newest).
    await sql(`update public.service_requests set caller_name = $2 where id = $1`, [rows[0].id, `别人改的${tag}`]);
    await waitForCell(manager, 0, '来电/来访人', `别人改的${tag}`);
    expect(await editor.inputValue()).toBe(`王女士${tag}`);
    await editor.press('Enter');
    await expect.poll(async () => (await sql<{ caller_name: string }>(`select caller_name from public.service_requests where id = $1`, [rows[1].id]))[0].caller_name, { timeout: 20_000 }).toBe(`王女士${tag}`);
    await manager.context().close();
  });

  it('updates an open record page and the to-do bell as things happen, without a reload', { timeout: 180_000 }, async () => {
    const [row] = await requestsOf(`记录页${tag}`, 1, 0);
    cleanups.push(() => sql(`delete from public.service_requests where id = $1`, [row.id]));
    const manager = await signedInPage(session.browser(), session.url(), 'manager');
    await manager.goto(`${session.url()}/r/service_requests/show/${row.id}`);
    await manager.getByTestId('record-fields').getByText('实时测试').first().waitFor({ timeout: 30_000 });
    const count = manager.getByTestId('notification-badge').locator('.ant-badge-count');
    const badge = async () => ((await count.count()) === 0 ? 0 : Number((await count.getAttribute('title')) ?? 0));
    // Let the page's channels join before anything changes.
    await manager.waitForTimeout(2000);
    const before = await badge();

    await sql(`update public.service_requests set caller_name = $2 where id = $1`, [row.id, `李女士${tag}`]);
    await manager.getByTestId('record-fields').getByText(`李女士${tag}`).first().waitFor({ timeout: 20_000 });
    await sql(`select private.notify($1, '派单', $2, null, 'service_requests', $3)`, [operatorIds.manager, `实时提醒${tag} | Live reminder ${tag}`, row.id]);
    cleanups.push(() => sql(`delete from public.notifications where title like $1`, [`实时提醒${tag}%`]));
    // The bell's own refetch is a minute apart: within 20 s it is Realtime that rang it.
    await expect.poll(badge, { timeout: 20_000 }).toBe(before + 1);
    await manager.context().close();
  });

  it('sends a clerk recused from a complaint no frame that names it, while a change he may read reaches his grid', { timeout: 240_000 }, async () => {
    const accused = await createThrowawayOperator('clerk', 'KF1');
    cleanups.push(() => accused.remove());
    const context = await session.browser().newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 900 } });
    const page = await context.newPage();
    const frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await fillSignIn(page, session.url(), accused.email, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    await openRegister(page, session.url(), 'service_requests');
    await liveOn(page);

    // A colleague records a complaint about him, rests his cursor on it, and edits it.
    const { client, row } = await recordRequest('clerk', complaint({ complaint_category: '员工违纪', accused_operator_id: accused.id, evidence: '录音' }));
    cleanups.push(() => sql(`delete from public.service_requests where id = $1`, [row.id]));
    const colleague = await signedInPage(session.browser(), session.url(), 'clerk');
    await openRegister(colleague, session.url(), 'service_requests');
    await search(colleague, row.code);
    await liveOn(colleague);
    await selectCell(colleague, 0, 0);
    expect((await client.from('service_requests').update({ content: `补充：录音已调取${tag}` }).eq('id', row.id).select('id')).error).toBeNull();

    // A request he may read, changed after the complaint: once it has reached him, the complaint's would have too.
    const [visible] = await requestsOf(`可见${tag}`, 1, 0);
    cleanups.push(() => sql(`delete from public.service_requests where id = $1`, [visible.id]));
    await sql(`update public.service_requests set caller_name = $2 where id = $1`, [visible.id, `他可见${tag}`]);
    await expect.poll(() => frames.some((f) => f.includes(visible.id) && f.includes(`他可见${tag}`)), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => shownTotal(page), { timeout: 20_000 }).toBeGreaterThan(0);

    expect(frames.filter((f) => f.includes(row.id) || f.includes(row.code)), 'frames naming the complaint').toEqual([]);
    // The colleague's cursor is on the complaint: the presence he is sent does not carry it.
    expect(frames.some((f) => f.includes('presence_'))).toBe(true);
    await page.screenshot({ path: `${artifacts}/live-recused.png` });
    await colleague.context().close();
    await context.close();
  });
});
