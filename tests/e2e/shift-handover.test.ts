// One shift handover in the browser and in Chinese (issue 15 point 1; RULES §12): 李娜 comes to take
// over from 王小明, signs in, and refuses the handover (公物缺失不接) — the refusal is on the record
// and 王小明 stays on duty; he puts it right and signs (交班人), she signs (接班人), and the record is
// locked: his later edit is refused on screen. The printed record carries both signature lines.
// Screenshots in test-artifacts/e2e/shift-handover-*.png.
import { describe, expect, it } from 'vitest';
import { appInBrowser, artifacts } from '../support/e2e-session.ts';
import { runMoveOnRecordPage } from '../support/moves.ts';
import { signedInPage } from '../support/register-grid.ts';
import { signInAs, sql } from '../support/stack.ts';

const session = appInBrowser();
const middleShift = '00000000-0000-4000-f001-000000000002';

const recordOf = async (id: string) =>
  (await sql<{ status: string; refusal_reason: string | null; incoming_id: string | null; outstanding: string | null; events: string }>(
    `select status, refusal_reason, incoming_id, outstanding, events from public.duty_records where id = $1`, [id]))[0];

describe('a shift handover on screen', () => {
  it('is refused once (公物缺失不接), put right, signed by both and then locked', { timeout: 240_000 }, async () => {
    const events = `中班：接听业主来电 12 个，受理报修 3 起，均已派工 ${Date.now().toString(36)}`;
    const api = await signInAs('clerk');
    const { data: created, error } = await api.from('duty_records')
      .insert({ duty_date: '2099-06-01', shift_id: middleShift, calls_received: 12, visits_received: 2, events })
      .select('id').single<{ id: string }>();
    expect(error).toBeNull();
    const id = created!.id;

    // 1. The incoming person signs in and refuses: the walkie-talkie is missing.
    const incoming = await signedInPage(session.browser(), session.url(), 'clerk2');
    await incoming.goto(`${session.url()}/r/duty_records/show/${id}`);
    await incoming.getByTestId('record-page').waitFor();
    await runMoveOnRecordPage(incoming, 'arrive');
    await expect.poll(async () => (await recordOf(id)).incoming_id, { timeout: 15_000 }).not.toBeNull();
    await incoming.reload();
    await incoming.getByTestId('workflow-refuse').click();
    const dialog = incoming.getByRole('dialog');
    await dialog.locator('.ant-form-item').filter({ hasText: '拒接理由' }).locator('.ant-select-selector').click();
    await incoming.locator('.ant-select-item-option[title="公物缺失不接"]').click();
    await dialog.getByLabel('拒接说明').fill('对讲机一台不在充电座，交班人未说明去向');
    await incoming.screenshot({ path: `${artifacts}/shift-handover-1-refuse.png` });
    await incoming.getByTestId('workflow-refuse-confirm').click();
    await expect.poll(async () => (await recordOf(id)).refusal_reason, { timeout: 15_000 }).toBe('公物缺失不接');
    expect((await recordOf(id)).status).toBe('值班中');
    await incoming.reload();
    await incoming.getByTestId('record-page').getByText('公物缺失不接').first().waitFor();
    await incoming.getByText('对讲机一台不在充电座，交班人未说明去向').first().waitFor();
    await incoming.screenshot({ path: `${artifacts}/shift-handover-2-refused.png` });
    expect(await sql(`select 1 from public.notifications where link_id = $1 and kind = '交接拒收'`, [id])).not.toEqual([]);

    // 2. The outgoing person, still on duty, puts it right and signs first (交班人).
    const outgoing = await signedInPage(session.browser(), session.url(), 'clerk');
    await outgoing.goto(`${session.url()}/r/duty_records/edit/${id}`);
    await outgoing.getByTestId('register-form').waitFor();
    // (the form has loaded the record before anything is typed into it)
    await expect.poll(() => outgoing.getByLabel('值班情况').inputValue(), { timeout: 15_000 }).toBe(events);
    await outgoing.getByLabel('未尽事宜').fill('对讲机已从保安岗取回，放回充电座');
    await outgoing.screenshot({ path: `${artifacts}/shift-handover-3-put-right.png` });
    await outgoing.getByTestId('form-save').click();
    await expect.poll(async () => (await recordOf(id)).outstanding, { timeout: 15_000 }).toBe('对讲机已从保安岗取回，放回充电座');
    await outgoing.goto(`${session.url()}/r/duty_records/show/${id}`);
    await runMoveOnRecordPage(outgoing, 'sign_out');
    await expect.poll(async () => (await recordOf(id)).status, { timeout: 15_000 }).toBe('待接班');
    await outgoing.reload();
    await outgoing.getByTestId('record-page').waitFor();
    await outgoing.screenshot({ path: `${artifacts}/shift-handover-4-outgoing-signed.png` });

    // 3. The incoming person signs (接班人): the record locks.
    await incoming.reload();
    await runMoveOnRecordPage(incoming, 'sign_in');
    await expect.poll(async () => (await recordOf(id)).status, { timeout: 15_000 }).toBe('已交接');
    await incoming.reload();
    await incoming.getByTestId('record-page').getByText('已交接').first().waitFor();
    await incoming.screenshot({ path: `${artifacts}/shift-handover-5-signed-by-both.png` });
    await incoming.context().close();

    // 4. The signed record offers him no edit and no delete; typed into the form's address anyway,
    // his edit is refused on screen, and nothing changes.
    await outgoing.goto(`${session.url()}/r/duty_records/show/${id}`);
    await outgoing.getByTestId('record-print').waitFor();
    await outgoing.waitForLoadState('networkidle');
    expect(await outgoing.getByTestId('record-edit').count()).toBe(0);
    await outgoing.goto(`${session.url()}/r/duty_records/edit/${id}`);
    await outgoing.getByTestId('register-form').waitFor();
    await expect.poll(() => outgoing.getByLabel('值班情况').inputValue(), { timeout: 15_000 }).toBe(events);
    await outgoing.getByLabel('值班情况').fill('事后改写的值班情况');
    await outgoing.getByTestId('form-save').click();
    await outgoing.getByText(/已锁定/).first().waitFor({ timeout: 15_000 });
    await outgoing.screenshot({ path: `${artifacts}/shift-handover-6-edit-refused.png` });
    expect((await recordOf(id)).events).toBe(events);

    // 5. The printed record: both signature lines.
    await outgoing.goto(`${session.url()}/print/duty_records/${id}`);
    await outgoing.getByText('值班记录').first().waitFor({ timeout: 20_000 });
    const printed = (await outgoing.locator('body').textContent()) ?? '';
    for (const line of ['交班人', '接班人', '公物缺失不接']) expect(printed).toContain(line);
    await outgoing.screenshot({ path: `${artifacts}/shift-handover-7-print.png`, fullPage: true });
    await outgoing.context().close();

    await sql(`select set_config('taizhang.duty_move', 'on', false); delete from public.duty_records where id = '${id}'`);
  });
});
