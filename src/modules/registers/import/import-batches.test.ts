import { describe, expect, it, vi } from 'vitest';
import { customersFixture as customers } from '../../../../tests/fixtures/register-fixture';
import type { ApplyRowsResult } from '../../../data/registers/apply-rows';
import { commitRows, dryRunRows, type ApplyBatch } from './import-batches';

// No stack here: every call goes through the `apply` given below.
vi.mock('../../../data/supabase-client', () => ({ supabaseClient: {} }));
import type { PreparedRow } from './validate-rows';

const rows: PreparedRow[] = Array.from({ length: 10 }, (_, i) => ({ row: i + 2, key: null, version: null, values: { name: `客户${i}` }, texts: { name: `客户${i}` } }));

/** A server that answers later batches first (or fails at once), refuses the customer named 客户3 and fails the call that holds `failAt`. */
function server(failAt?: string): { apply: ApplyBatch; inFlight: number[] } {
  let open = 0;
  const inFlight: number[] = [];
  const apply: ApplyBatch = async ({ rows: batch }) => {
    open += 1;
    inFlight.push(open);
    const names = batch.map((r) => String(r.values.name));
    // Later batches answer sooner; a failing call fails at once.
    await new Promise((resolve) => setTimeout(resolve, failAt ? (names.includes(failAt) ? 1 : 30) : 40 - Number(names[0].slice(2)) * 3));
    open -= 1;
    if (failAt && names.includes(failAt)) throw new Error('网络中断');
    const result: ApplyRowsResult = {
      applied: names.filter((n) => n !== '客户3').length,
      failed: names.includes('客户3') ? 1 : 0,
      dry_run: false,
      rows: names.map((n, index) =>
        n === '客户3'
          ? { index, ok: false as const, code: '23514', column: 'name', constraint: null, message: '不行 | No', message_en: 'No' }
          : { index, ok: true as const, key: `k-${n}`, row: {}, before: null },
      ),
    };
    return result;
  };
  return { apply, inFlight };
}

describe('sending an import in batches, several at once', () => {
  it('keeps the file order of the outcomes whichever batch answers first, with two calls in flight', async () => {
    const { apply, inFlight } = server();
    const result = await dryRunRows(customers, rows, { apply, batchSize: 2, concurrency: 2 });
    expect(Math.max(...inFlight)).toBe(2);
    expect(result.good.map((r) => r.row)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expect(result.errors).toEqual([expect.objectContaining({ row: 5, column: 'name' })]);
  });

  it('stops at a call that fails as a whole, still reports the batches already written, and counts the rest as not written', async () => {
    const { apply } = server('客户4');
    const result = await commitRows(customers, rows, { apply, batchSize: 2, concurrency: 2 });
    expect(result.interrupted).toContain('网络中断');
    // Batches 1–2 (客户0–3) and the one sent beside the failing one (客户6–7) were written; 客户4–5 and 客户8–9 were not.
    expect(result.keys).toEqual(['k-客户0', 'k-客户1', 'k-客户2', 'k-客户6', 'k-客户7']);
    expect(result.errors.map((e) => e.row)).toEqual([5]);
    expect(result.notWritten).toBe(4);
  });

  it('sends a batch again when the database undid the whole call (statement timeout), and writes each row once', async () => {
    const sent: string[][] = [];
    let timedOut = false;
    const apply: ApplyBatch = async ({ rows: batch }) => {
      const names = batch.map((r) => String(r.values.name));
      sent.push(names);
      // The second batch waits behind the first (as new customers do on the reception roster) and is cancelled once.
      if (names.includes('客户2') && !timedOut) {
        timedOut = true;
        throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
      }
      return { applied: names.length, failed: 0, dry_run: false, rows: names.map((n, index) => ({ index, ok: true as const, key: `k-${n}`, row: {}, before: null })) };
    };
    const result = await commitRows(customers, rows, { apply, batchSize: 2, concurrency: 2 });
    expect(result.interrupted).toBeNull();
    expect(result.keys).toEqual(rows.map((_, i) => `k-客户${i}`));
    expect(sent.filter((names) => names.includes('客户2'))).toHaveLength(2);
  });

  it('does not send again a call that failed for another reason (it may have been written)', async () => {
    let calls = 0;
    const apply: ApplyBatch = async () => {
      calls += 1;
      throw Object.assign(new Error('Failed to fetch'), { code: '' });
    };
    const result = await commitRows(customers, rows.slice(0, 2), { apply, batchSize: 2, concurrency: 1 });
    expect(calls).toBe(1);
    expect(result.interrupted).toBeTruthy();
    expect(result.notWritten).toBe(2);
  });

  it('gives up on a batch the database keeps cancelling, and says so', async () => {
    let calls = 0;
    const apply: ApplyBatch = async () => {
      calls += 1;
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    };
    const result = await commitRows(customers, rows.slice(0, 2), { apply, batchSize: 2, concurrency: 1 });
    expect(calls).toBe(3);
    expect(result.interrupted).toBeTruthy();
    expect(result.applied).toBe(0);
  });
});
