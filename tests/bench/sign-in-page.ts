// A demo person signs in on the app's sign-in page, as a person does (the bench's browser parts).
import type { Page } from 'playwright-core';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';

export async function signInPage(page: Page, appUrl: string, key = 'clerk'): Promise<void> {
  const account = demoAccounts.find((a) => a.key === key)!;
  await page.goto(`${appUrl}/login`);
  await page.getByLabel('账号（邮箱）').fill(account.email);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 60_000 });
}
