// One built app and one Chromium per browser-test file, and signing in through the login page.
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startAppServer } from './app-server.ts';
import { launchBrowser } from './browser.ts';
import { stackEnv } from './stack.ts';

export const artifacts = 'test-artifacts/e2e';

export function appInBrowser(): { url(): string; browser(): Browser } {
  let app: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await fs.mkdir(artifacts, { recursive: true });
    app = await startAppServer({ apiUrl: stackEnv().API_URL, anonKey: stackEnv().ANON_KEY });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return { url: () => app!.url, browser: () => browser! };
}

export async function fillSignIn(page: Page, appUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${appUrl}/login`);
  await page.getByLabel('账号（邮箱）').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}
