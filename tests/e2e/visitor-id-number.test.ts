// A visitor's ID number on screen (issue 15 point 6: personal data): everyone who reads the register
// sees it masked; the gate has a 查看完整号码 button on the record that shows the full number (read
// through visitor_id_number(), logged), and a clerk of the department visited has no such button.
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { signedInPage } from '../support/register-grid.ts';
import { sql } from '../support/stack.ts';

const session = appInBrowser();

describe('a visitor’s ID number on the record page', () => {
  it('is masked for everyone, and shown in full to the gate on request, the reading logged', { timeout: 180_000 }, async () => {
    // A demo visitor to 客服一部 with a 身份证, whom the KF1 clerk is visiting (he reads the row).
    const [visitor] = await sql<{ id: string; id_number: string; full: string }>(
      `select v.id, v.id_number, n.id_number as full from public.visitors v join private.visitor_id_numbers n on n.visitor_id = v.id
       where v.id::text like '00000000-0000-4000-f008-0%' and v.id_type = '身份证' and v.host_operator_id = '00000000-0000-4000-b000-000000000001' limit 1`);
    expect(visitor.id_number).toContain('*');
    const readsBefore = (await sql<{ n: number }>(`select count(*)::int as n from private.visitor_id_number_reads where visitor_id = $1`, [visitor.id]))[0].n;

    const guard = await signedInPage(session.browser(), session.url(), 'guard');
    await guard.goto(`${session.url()}/r/visitors/show/${visitor.id}`);
    const field = guard.getByTestId('reveal-id_number');
    await field.waitFor({ timeout: 20_000 });
    expect(await field.textContent()).toContain(visitor.id_number);
    expect(await field.textContent()).not.toContain(visitor.full);
    await guard.getByTestId('reveal-id_number-button').click();
    await expect.poll(() => field.textContent(), { timeout: 15_000 }).toContain(visitor.full);
    await guard.screenshot({ path: `${artifacts}/visitor-id-number-revealed.png` });
    expect((await sql<{ n: number }>(`select count(*)::int as n from private.visitor_id_number_reads where visitor_id = $1`, [visitor.id]))[0].n).toBe(readsBefore + 1);
    await guard.context().close();

    const clerk = await signedInPage(session.browser(), session.url(), 'clerk');
    await clerk.goto(`${session.url()}/r/visitors/show/${visitor.id}`);
    await clerk.getByTestId('record-fields').waitFor({ timeout: 20_000 });
    await clerk.waitForLoadState('networkidle');
    expect(await clerk.getByTestId('record-fields').textContent()).toContain(visitor.id_number);
    expect(await clerk.getByTestId('reveal-id_number-button').count()).toBe(0);
    expect(await clerk.locator('body').textContent()).not.toContain(visitor.full);
    await clerk.context().close();
  });
});
