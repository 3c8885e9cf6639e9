// Issue 17, slice B: the English UI fully English, job schedules in Beijing time, a permission
// editor an administrator can use without knowing the codes, no raw id on screen (also while labels
// load), a favicon, no antd deprecation warning, and a header that holds at 800 px.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../supabase/local/ports.ts';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { accessibleHeaders, accessibleRows, gridHeaders, gridReady, gridRows, openRegister, search, selectCell, signedInPage, waitForCell } from '../support/register-grid.ts';
import { signInAs, sql, stackEnv, type DemoRole } from '../support/stack.ts';

const session = appInBrowser();
const chinese = /[\u4e00-\u9fff]/;
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function inLanguage(role: DemoRole, language: 'en' | 'zh-CN', viewport = { width: 1500, height: 900 }): Promise<Page> {
  const page = await signedInPage(session.browser(), session.url(), role);
  await page.setViewportSize(viewport);
  await page.evaluate((l) => localStorage.setItem('taizhang.language', l), language);
  return page;
}

/** The option columns of each register, by their English header, as the director's metadata says. */
async function optionHeaders(role: DemoRole): Promise<Map<string, string[]>> {
  const { data, error } = await (await signInAs(role)).rpc('register_metadata');
  if (error) throw error;
  return new Map((data as { register: string; columns: { label_en: string; options: string[] | null }[] }[]).map((r) => [r.register, r.columns.filter((c) => c.options).map((c) => c.label_en)]));
}

/** The page's text minus what is data, not UI: the person's own name and department. */
// What the page shows in its own words: the grid's accessible table (the rows' data, for screen
// readers) is left out, as the data cells are checked above by their columns.
const uiText = async (page: Page, data: string[]) => {
  let text = await page.evaluate(() => {
    const tables = [...document.querySelectorAll<HTMLElement>('[data-testid="grid-accessible"]')];
    tables.forEach((t) => (t.style.display = 'none'));
    const shown = document.body.innerText;
    tables.forEach((t) => (t.style.display = ''));
    return shown;
  });
  for (const d of data) text = text.split(d).join('');
  return text.replace('中文', '');
};

describe('the English UI as the director sees it', () => {
  it('has menus, headers, buttons and option cells in English; only names and free text stay Chinese', { timeout: 240_000 }, async () => {
    const options = await optionHeaders('director');
    const page = await inLanguage('director', 'en');
    const [me] = await sql<{ name: string; department: string }>(
      `select o.name, d.name as department from public.operators o join public.departments d on d.id = o.department_id where o.name = '刘芳'`);
    for (const register of ['service_requests', 'customers', 'return_visits', 'permissions', 'visitors']) {
      await page.goto(`${session.url()}/r/${register}`);
      await gridReady(page);
      await page.waitForTimeout(500);
      // (Glide builds its accessible table a moment after the canvas)
      const optionLabels = options.get(register) ?? [];
      await expect.poll(async () => (await gridHeaders(page)).some((h) => optionLabels.includes(h)), { timeout: 15_000 }).toBe(true);
      const headers = await gridHeaders(page);
      expect(headers.filter((h) => chinese.test(h)), register).toEqual([]);
      const rows = await gridRows(page);
      expect(rows.length, register).toBeGreaterThan(0);
      const optionColumns = optionLabels.map((label) => headers.indexOf(label)).filter((i) => i >= 0);
      expect(optionColumns.length, register).toBeGreaterThan(0);
      const chineseOptions = rows.flatMap((row) => optionColumns.map((i) => row[i] ?? '')).filter((cell) => chinese.test(cell));
      expect(chineseOptions, register).toEqual([]);
      const text = await uiText(page, [me.name, me.department]);
      expect(text.split('\n').filter((line) => chinese.test(line)), register).toEqual([]);
      expect(await page.getByRole('menuitem').allTextContents()).not.toContainEqual(expect.stringMatching(chinese));
      await page.screenshot({ path: `${artifacts}/english-${register}.png` });
    }
    // A record page: every field label and option value in English.
    const [request] = await sql<{ id: string }>(`select id from public.service_requests where status is not null order by received_at desc limit 1`);
    await page.goto(`${session.url()}/r/service_requests/show/${request.id}`);
    await page.getByTestId('record-fields').waitFor({ timeout: 20_000 });
    const labels = await page.locator('[data-testid="record-fields"] .ant-descriptions-item-label').allTextContents();
    expect(labels.filter((l) => chinese.test(l))).toEqual([]);
    await page.screenshot({ path: `${artifacts}/english-record.png` });
    await page.context().close();
  });
});

describe('the job schedule', () => {
  it('names each job in the UI language and says its schedule in Beijing time, the cron in a tooltip', { timeout: 120_000 }, async () => {
    for (const [language, expected] of [['en', 'Daily at 02:00 (Beijing time)'], ['zh-CN', '每天 02:00（北京时间）']] as const) {
      const page = await inLanguage('admin', language);
      await page.goto(`${session.url()}/jobs`);
      const schedule = page.getByTestId('job-customer-protection-schedule');
      await schedule.waitFor({ timeout: 20_000 });
      expect(await schedule.textContent()).toBe(expected);
      const described = page.locator('[data-testid^="job-"][data-testid$="-description"]');
      await expect.poll(() => described.count(), { timeout: 20_000 }).toBeGreaterThan(5);
      const descriptions = await described.allTextContents();
      expect(descriptions.filter((d) => d.includes(' | '))).toEqual([]);
      if (language === 'en') expect(descriptions.filter((d) => chinese.test(d))).toEqual([]);
      else expect(descriptions.filter((d) => !chinese.test(d))).toEqual([]);
      expect(await page.getByTestId('jobs-table').innerText()).not.toMatch(/\d+ \d+ [*\d]/);
      await schedule.hover();
      await expect.poll(() => page.locator('.ant-tooltip').last().textContent(), { timeout: 5_000 }).toContain('0 18 * * *');
      await page.screenshot({ path: `${artifacts}/jobs-${language}.png` });
      await page.context().close();
    }
  });
});

describe('the permission editor', () => {
  it('lets the administrator give a role a right by choosing names, and previews what the role can do', { timeout: 180_000 }, async () => {
    await sql(`delete from public.permissions where role = 'clerk' and register = 'weekly_reports'`);
    const page = await inLanguage('admin', 'zh-CN');
    await page.goto(`${session.url()}/`);
    await page.getByRole('menuitem', { name: '权限' }).click();
    await page.waitForURL(/\/permissions$/);
    const matrix = page.getByTestId('permission-matrix');
    await page.getByTestId('permission-weekly_reports-read').waitFor({ timeout: 45_000 }).catch(async (e) => {
      await page.screenshot({ path: `${artifacts}/permission-editor-failed.png` });
      throw e;
    });
    expect(await page.getByTestId('permission-holder').textContent()).toContain('客服专员');
    // No role, action or scope code anywhere: names only.
    const text = await page.getByTestId('permission-editor').innerText();
    expect(text).not.toMatch(/\b(clerk|deputy_gm|read|create|update|delete|approve|own|department|all)\b/);
    expect(text).not.toMatch(uuid);
    expect(await page.getByTestId('permission-register-weekly_reports').textContent()).toBe('周报');
    expect(await matrix.locator('thead').innerText()).toMatch(/查看[\s\S]*新建[\s\S]*修改[\s\S]*删除/);

    await page.getByTestId('permission-weekly_reports-read').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('本部门').click();
    await expect.poll(() => sql(`select scope::text from public.permissions where role = 'clerk' and register = 'weekly_reports' and action = 'read'`), { timeout: 15_000 }).toEqual([{ scope: 'department' }]);
    await expect.poll(() => page.getByTestId('permission-preview-weekly_reports').textContent(), { timeout: 15_000 }).toBe('周报：查看本部门的');
    expect(await page.getByTestId('permission-preview').innerText()).toMatch(/客户：查看/);
    await page.screenshot({ path: `${artifacts}/permission-editor.png`, fullPage: true });

    // In English, the same screen speaks English.
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('permission-preview-weekly_reports').textContent(), { timeout: 15_000 }).toBe("Weekly reports: read their department's");
    expect(await page.getByTestId('permission-holder').textContent()).toContain('Customer service clerk');
    await page.screenshot({ path: `${artifacts}/permission-editor-en.png` });

    // Taking the right away deletes the row.
    await page.getByTestId('permission-weekly_reports-read').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('None').click();
    await expect.poll(() => sql(`select scope from public.permissions where role = 'clerk' and register = 'weekly_reports'`), { timeout: 15_000 }).toEqual([]);
    await page.context().close();
  });

  it('refuses a manager who writes a permission row through the API, and changes nothing', async () => {
    const before = await sql<{ n: number }>(`select count(*)::int as n from public.permissions`);
    const manager = await signInAs('manager');
    const inserted = await manager.from('permissions').insert({ role: 'clerk', register: 'weekly_reports', action: 'read', scope: 'all' }).select();
    expect(inserted.error?.code).toBe('42501');
    expect(inserted.status).toBe(403);
    const [row] = await sql<{ id: string; scope: string }>(`select id, scope::text from public.permissions where role = 'clerk' and register = 'customers' and action = 'read'`);
    const updated = await manager.from('permissions').update({ scope: 'own' }).eq('id', row.id).select();
    expect(updated.data ?? []).toEqual([]);
    const deleted = await manager.from('permissions').delete().eq('id', row.id).select();
    expect(deleted.data ?? []).toEqual([]);
    expect(await sql(`select scope::text from public.permissions where id = $1`, [row.id])).toEqual([{ scope: row.scope }]);
    expect(await sql<{ n: number }>(`select count(*)::int as n from public.permissions`)).toEqual(before);
  });

  it('shows the manager the editor read-only', { timeout: 120_000 }, async () => {
    const page = await inLanguage('manager', 'zh-CN');
    await page.goto(`${session.url()}/permissions`);
    await page.getByTestId('permission-read-only').waitFor({ timeout: 20_000 });
    await page.getByTestId('permission-customers-read').waitFor({ timeout: 45_000 }).catch(async (e) => {
      await page.screenshot({ path: `${artifacts}/permission-editor-manager-failed.png` });
      throw e;
    });
    expect(await page.getByTestId('permission-customers-read').evaluate((el) => !!el.closest('.ant-select-disabled') || !!el.querySelector('input[disabled]'))).toBe(true);
    await page.context().close();
  });
});

describe('the permissions grid', () => {
  it('names each row’s register in the reader’s language, never its table name, and the administrator picks it from a list', { timeout: 240_000 }, async () => {
    const [row] = await sql<{ id: string }>(
      `insert into public.permissions (role, register, action, scope, note) values ('clerk', 'weekly_reports', 'approve', 'own', 'e2e 台账名') returning id`);
    try {
      const page = await inLanguage('admin', 'zh-CN');
      await openRegister(page, session.url(), 'permissions');
      await search(page, 'e2e 台账名');
      await waitForCell(page, 0, '台账', '周报');
      // Every register cell on screen is a name, none a table's code.
      const column = (await accessibleHeaders(page)).indexOf('台账');
      const cells = (await accessibleRows(page)).filter((r) => r.kind === 'row').map((r) => r.cells[column]);
      expect(cells.filter((c) => /^[a-z_]+$/.test(c))).toEqual([]);

      // The administrator changes it by choosing from the registers' names (type-ahead).
      await selectCell(page, column, 0);
      await page.keyboard.press('Enter');
      await page.getByTestId('grid-choice-editor').waitFor({ timeout: 10_000 });
      await page.keyboard.type('客户档');
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await expect.poll(async () => (await options.allTextContents()).includes('客户档案'), { timeout: 10_000 }).toBe(true);
      expect((await options.allTextContents()).filter((o) => /^[a-z_]+$/.test(o))).toEqual([]);
      await page.screenshot({ path: `${artifacts}/permissions-grid-register-choice.png` });
      await options.filter({ hasText: /^客户档案$/ }).click();
      await expect.poll(() => sql(`select register from public.permissions where id = $1`, [row.id]), { timeout: 15_000 }).toEqual([{ register: 'customers' }]);
      await waitForCell(page, 0, '台账', '客户档案');

      // In English the same cell reads in English.
      await page.getByTestId('language-switch').getByText('English').click();
      await waitForCell(page, 0, 'Register', 'Customers');
      await page.screenshot({ path: `${artifacts}/permissions-grid-en.png` });
      await page.context().close();
    } finally {
      await sql(`delete from public.permissions where id = $1`, [row.id]);
    }
  });
});

describe('no raw id on screen', () => {
  it('shows names, never a uuid, while a record’s and a grid’s labels load and after', { timeout: 180_000 }, async () => {
    const page = await inLanguage('director', 'zh-CN');
    const seen: string[] = [];
    const watch = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const text = await page.evaluate(() => document.body.innerText + ' ' + (document.querySelector('[data-testid="register-grid"]')?.textContent ?? ''));
        const found = uuid.exec(text);
        if (found) seen.push(`${page.url()}: ${found[0]}`);
        await page.waitForTimeout(40);
      }
    };
    // Labels come slowly here: each reference label request waits, so the moment before is seen.
    await page.route('**/rest/v1/departments*', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.route('**/rest/v1/operators*', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const [request] = await sql<{ id: string; department: string }>(
      `select r.id, d.name as department from public.service_requests r join public.departments d on d.id = r.department_id where r.handler_id is not null limit 1`);
    await page.goto(`${session.url()}/r/service_requests/show/${request.id}`);
    await watch(1200);
    await page.screenshot({ path: `${artifacts}/no-uuid-record-loading.png` });
    await watch(2000);
    // …and the names do arrive.
    await expect.poll(() => page.getByTestId('record-fields').innerText(), { timeout: 20_000 }).toContain(request.department);
    await page.screenshot({ path: `${artifacts}/no-uuid-record.png` });
    for (const register of ['service_requests', 'operators', 'customers']) {
      await page.goto(`${session.url()}/r/${register}`);
      await watch(3500);
      await gridReady(page);
    }
    await page.goto(`${session.url()}/notifications`);
    await watch(2000);
    expect(seen).toEqual([]);
    await page.context().close();
  });
});

describe('the app shell', () => {
  it('has a favicon', async () => {
    const response = await fetch(`${session.url()}/favicon.svg`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<svg');
    const html = await (await fetch(`${session.url()}/`)).text();
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"');
  });

  it('keeps the menu button clear of the title at 800 px', { timeout: 120_000 }, async () => {
    const page = await inLanguage('clerk', 'zh-CN', { width: 800, height: 700 });
    await page.goto(`${session.url()}/r/service_requests`);
    await gridReady(page);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${artifacts}/header-800.png` });
    const title = await page.getByTestId('app-title').boundingBox();
    const button = await page.getByTestId('menu-button').boundingBox();
    expect(title).not.toBeNull();
    expect(button).not.toBeNull();
    const overlap = !(button!.x >= title!.x + title!.width || title!.x >= button!.x + button!.width || button!.y >= title!.y + title!.height || title!.y >= button!.y + button!.height);
    expect(overlap).toBe(false);
    await page.context().close();
  });
});

// antd warns of deprecated props only in a development build: the app is built once more that way.
describe('the console on the main pages', () => {
  let dev: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    const outDir = await fs.mkdtemp(path.resolve('node_modules/.tmp/e2e-dev-dist-'));
    process.env.VITE_SUPABASE_URL = stackEnv().API_URL;
    process.env.VITE_SUPABASE_ANON_KEY = stackEnv().ANON_KEY;
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      await build({ mode: 'development', logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false, sourcemap: false } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const port = await freePort();
    const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
    dev = { url: `http://127.0.0.1:${port}`, close: async () => { await server.close(); await fs.rm(outDir, { recursive: true, force: true }); } };
  }, 300_000);
  afterAll(async () => dev?.close());

  it('shows no antd deprecation warning on the pages a clerk, a director and the administrator visit', { timeout: 300_000 }, async () => {
    const warnings: string[] = [];
    const login = await session.browser().newPage({ locale: 'zh-CN' });
    login.on('console', (m) => {
      if (/deprecated|\[antd/i.test(m.text())) warnings.push(`login: ${m.text().slice(0, 300)}`);
    });
    await login.goto(`${dev!.url}/login`);
    await login.waitForTimeout(1500);
    await login.close();
    for (const [role, paths] of [
      ['director', ['/', '/notifications', '/r/service_requests', '/r/customers', '/reports']],
      ['admin', ['/jobs', '/permissions', '/r/departments', '/r/operators', '/handover']],
    ] as const) {
      const page = await signedInPage(session.browser(), dev!.url, role);
      page.on('console', (m) => {
        if (/deprecated|\[antd/i.test(m.text())) warnings.push(`${role} ${page.url()}: ${m.text().slice(0, 300)}`);
      });
      for (const p of paths) {
        await page.goto(`${dev!.url}${p}`);
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForTimeout(1000);
      }
      // A record page, a form and the recycle bin drawer.
      if (role === 'director') {
        const [request] = await sql<{ id: string }>(`select id from public.service_requests limit 1`);
        await page.goto(`${dev!.url}/r/service_requests/show/${request.id}`);
        await page.waitForTimeout(2000);
        await page.goto(`${dev!.url}/r/customers/create`);
        await page.waitForTimeout(2000);
        await page.goto(`${dev!.url}/r/service_requests`);
        await gridReady(page);
        for (const button of ['register-recycle', 'register-import']) {
          await page.getByTestId(button).click();
          await page.waitForTimeout(1200);
          await page.keyboard.press('Escape');
          await page.waitForTimeout(300);
        }
        for (const button of ['filter-button', 'column-settings-button']) {
          await page.getByTestId(button).click();
          await page.waitForTimeout(800);
          await page.keyboard.press('Escape');
        }
        await page.getByTestId('glide-cell-1-0').click({ button: 'right' }).catch(() => undefined);
        await page.waitForTimeout(800);
        await page.keyboard.press('Escape');
      }
      await page.context().close();
    }
    expect([...new Set(warnings)]).toEqual([]);
  });
});
