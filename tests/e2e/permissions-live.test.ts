// Permissions are data, and the screens follow them at once: a permission row the administrator
// adds or removes shows in the person's menu and buttons on the next navigation, without signing in
// again (the registers and permissions are asked again on each navigation). The rows are given to
// the archivists' role, and seen by an archivist of this test's own: a clerk's right changed here
// showed in another file's clerk's screen (app-shell: "a clerk may not create departments").
import { afterAll, describe, expect, it } from 'vitest';
import { appInBrowser, artifacts, fillSignIn } from '../support/e2e-session.ts';
import { gridReady } from '../support/register-grid.ts';
import { createThrowawayOperator, DEMO_PASSWORD, signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();
const note = `e2e 权限即时生效 ${Date.now()}`;
const people: { remove(): Promise<void> }[] = [];

afterAll(async () => {
  await sql('delete from public.permissions where note = $1', [note]);
  for (const person of people) await person.remove();
});

describe('a permission row changed by the administrator', () => {
  it('shows in the person’s menu and buttons on the next navigation, and goes again when removed', { timeout: 180_000 }, async () => {
    const admin = await signInAs('admin');
    const archivist = await createThrowawayOperator('archivist');
    people.push(archivist);
    const page = await (await session.browser().newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 900 } })).newPage();
    await fillSignIn(page, session.url(), archivist.email, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    const menu = () => page.getByRole('menuitem').allTextContents();
    const createButtons = () => page.getByTestId('register-create').count();
    await expect.poll(menu, { timeout: 20_000 }).toContain('部门');
    expect(await menu()).not.toContain('权限');
    await page.getByRole('menuitem', { name: '部门' }).click();
    await gridReady(page);
    expect(await createButtons()).toBe(0);

    // The administrator lets archivists read the permission table and create departments (two rows, through the API).
    const granted = await admin.from('permissions').insert([
      { role: 'archivist', register: 'permissions', action: 'read', scope: 'all', note },
      { role: 'archivist', register: 'departments', action: 'create', scope: 'all', note },
    ]).select('id');
    expect(granted.error).toBeNull();

    // The archivist navigates (no reload, no new sign-in): the menu has the new register, the list its create button.
    await page.getByRole('menuitem', { name: '人员' }).click();
    await expect.poll(menu, { timeout: 20_000 }).toContain('权限');
    await page.getByRole('menuitem', { name: '部门' }).click();
    await gridReady(page);
    await expect.poll(createButtons, { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: `${artifacts}/permissions-live-granted.png` });

    // Removed again: the next navigation takes both away.
    const removed = await admin.from('permissions').delete().eq('note', note);
    expect(removed.error).toBeNull();
    await page.getByRole('menuitem', { name: '人员' }).click();
    await expect.poll(menu, { timeout: 20_000 }).not.toContain('权限');
    await page.getByRole('menuitem', { name: '部门' }).click();
    await gridReady(page);
    await expect.poll(createButtons, { timeout: 20_000 }).toBe(0);
    await page.context().close();
  });
});
