// A clerk signs in, finds the app in Chinese, switches to English and signs out.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifacts, fillSignIn, appInBrowser } from '../support/e2e-session.ts';
import { gridReady, gridRows } from '../support/register-grid.ts';
import { DEMO_PASSWORD, demoUsers } from '../support/stack.ts';

const session = appInBrowser();
const signIn = (page: Page, email: string, password: string) => fillSignIn(page, session.url(), email, password);

describe('the app shell', () => {
  it('greets a wrong password with a Chinese error and stays on the sign-in page', { timeout: 120_000 }, async () => {
    const page = await session.browser().newPage({ locale: 'zh-CN' });
    await signIn(page, demoUsers.clerk, 'wrong-password-9');
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 20_000 }).toContain('账号或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: `${artifacts}/login-error.png` });
    await page.close();
  });

  it('shows a clerk the Chinese layout, English on request, and signs out', { timeout: 120_000 }, async () => {
    const page = await session.browser().newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    await signIn(page, demoUsers.clerk, DEMO_PASSWORD);

    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    const operator = page.getByTestId('current-operator');
    await expect.poll(() => operator.textContent(), { timeout: 20_000 }).toContain('王小明');
    expect(await operator.textContent()).toContain('客服专员');
    await expect.poll(() => page.getByRole('menuitem').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['部门', '人员']));
    await page.getByRole('menuitem', { name: '部门' }).click();
    await gridReady(page);
    await expect.poll(async () => (await gridRows(page)).flat().join(' '), { timeout: 20_000 }).toContain('客服一部');
    // A clerk may not create departments: the permission table grants no such row, so no button.
    expect(await page.getByTestId('register-create').count()).toBe(0);
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
    await page.screenshot({ path: `${artifacts}/app-shell-zh.png` });

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('menuitem').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['Departments', 'Staff']));
    expect(await operator.textContent()).toContain('Clerk');
    await page.screenshot({ path: `${artifacts}/app-shell-en.png` });

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/, { timeout: 30_000 });
    await page.screenshot({ path: `${artifacts}/signed-out.png` });
    await page.close();
  });

  it('shows the administrator the create button the permission table grants', { timeout: 120_000 }, async () => {
    const page = await session.browser().newPage({ locale: 'zh-CN' });
    await page.addInitScript(() => localStorage.setItem('taizhang.language', 'zh-CN'));
    await signIn(page, demoUsers.admin, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    await page.goto(`${session.url()}/r/departments`);
    await expect.poll(() => page.getByTestId('register-create').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
