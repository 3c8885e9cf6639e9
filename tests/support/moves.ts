// Running a workflow move from a record page as a person does: its button, the dialog's 确定, and
// the app's answer — the success message, or the refusal, which then fails the test in its own words.
import type { Page } from 'playwright-core';

export async function runMoveOnRecordPage(page: Page, move: string): Promise<void> {
  await page.getByTestId('record-page').waitFor({ timeout: 30_000 });
  await page.getByTestId(`workflow-${move}`).click();
  await page.getByRole('button', { name: /确\s*定/ }).click();
  const answer = page.locator('.ant-message-notice').filter({ hasText: /已完成|done/ }).or(page.locator('.ant-message-error')).first();
  await answer.waitFor({ timeout: 60_000 });
  if (await page.locator('.ant-message-error').count()) throw new Error(`move ${move} refused on screen: ${await page.locator('.ant-message-error').first().textContent()}`);
}
