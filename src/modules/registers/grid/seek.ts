// Reading a register at any depth without OFFSET (issue 18): a page that follows (or precedes) a
// loaded page seeks past that page's last (first) row on the sort column and the key; a far page
// seeks from a sort-key value sampled near its position; the last page reads the order reversed.
// The conditions are seek-order.ts's.
import type { BaseRecord, CrudFilter, CrudSort } from '@refinedev/core';
import type { Condition, SeekOrder } from './seek-order';
import { generateFilter } from '@refinedev/supabase';
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../../../data/supabase-client';
import { readableError } from '../../../providers/readable-error';

// The sample views (public.sample_<register>) are made by a migration; the generated types may not list them.
const client = supabaseClient as unknown as SupabaseClient;

type Query = ReturnType<ReturnType<SupabaseClient['from']>['select']>;

function applyAll(query: Query, filters: CrudFilter[], conditions: Condition[]): Query {
  for (const f of filters) generateFilter(f, query as never);
  for (const c of conditions) {
    if ('or' in c) query.or(c.or);
    else if (c.op === 'is') query.is(c.column, null);
    else if (c.op === 'not.is') query.not(c.column, 'is', null);
    else query.filter(c.column, c.op, c.value as string);
  }
  return query;
}

function ordered(query: Query, order: SeekOrder): Query {
  query.order(order.column, { ascending: order.asc });
  if (order.column !== order.key) query.order(order.key, { ascending: order.keyAsc });
  return query;
}

/** Up to `limit` rows over the segments in order. */
export async function readSegments(resource: string, filters: CrudFilter[], order: SeekOrder, segments: Condition[][], limit: number): Promise<BaseRecord[]> {
  const rows: BaseRecord[] = [];
  for (const conditions of segments) {
    if (rows.length >= limit) break;
    const query = ordered(applyAll(client.from(resource).select('*'), filters, conditions), order).limit(limit - rows.length);
    const { data, error } = await query;
    if (error) throw readableError(error);
    rows.push(...((data ?? []) as BaseRecord[]));
  }
  return rows;
}

/** Rows by their keys (someone else changed them): what the person may read of them, as a page reads it (through the view's filters, if given). */
export async function readByKeys(resource: string, keyColumn: string, rowKeys: readonly string[], filters: CrudFilter[] = []): Promise<BaseRecord[]> {
  const { data, error } = await applyAll(client.from(resource).select('*'), filters, []).in(keyColumn, [...rowKeys]);
  if (error) throw readableError(error);
  return (data ?? []) as BaseRecord[];
}

/** A page by OFFSET (near the top, or an order pages cannot seek through). */
export async function readOffset(resource: string, filters: CrudFilter[], sorters: CrudSort[], from: number, limit: number): Promise<BaseRecord[]> {
  const query = applyAll(client.from(resource).select('*'), filters, []);
  for (const s of sorters) query.order(s.field, { ascending: s.order === 'asc' });
  const { data, error } = await query.range(from, from + limit - 1);
  if (error) throw readableError(error);
  return (data ?? []) as BaseRecord[];
}

/** The exact count of the rows the person sees through the filters (under RLS: the slow part). */
export async function exactCount(resource: string, filters: CrudFilter[]): Promise<number> {
  const { count, error } = await applyAll(client.from(resource).select('*', { count: 'exact', head: true }), filters, []);
  if (error) throw readableError(error);
  return count ?? 0;
}

/** A sample of the register as the person reads it: the "≈" count and where far positions start. */
export type Sample = { percent: number; sampled: number; tableRows: number; visible: number; estimate: number };

/** The sample view's rows through the filters, counted: visible sampled / sampled × table rows. */
export async function sampleRegister(resource: string, filters: CrudFilter[]): Promise<Sample | null> {
  const plan = await client.rpc('register_sample_plan', { p_register: resource }, { get: true });
  if (plan.error) return null;
  const [p] = (plan.data ?? []) as { percent: number; sampled: number; total_rows: number }[];
  if (!p || p.sampled <= 0) return null;
  const { count, error } = await applyAll(client.from(`sample_${resource}`).select('*', { count: 'exact', head: true }), filters, []);
  if (error || count === null) return null;
  const estimate = p.percent >= 100 ? count : Math.round((count / p.sampled) * p.total_rows);
  return { percent: p.percent, sampled: p.sampled, tableRows: p.total_rows, visible: count, estimate };
}

/** The sort-key value at a fraction of the sampled rows (0: the first in `order`). */
export async function sampledValue(resource: string, filters: CrudFilter[], order: SeekOrder, sample: Sample, fraction: number): Promise<{ value: unknown } | null> {
  if (sample.visible === 0) return null;
  const at = Math.max(0, Math.min(sample.visible - 1, Math.floor(fraction * sample.visible)));
  const { data, error } = await ordered(applyAll(client.from(`sample_${resource}`).select(order.column), filters, []), order).range(at, at);
  if (error || !data || data.length === 0) return null;
  return { value: (data[0] as BaseRecord)[order.column] };
}
