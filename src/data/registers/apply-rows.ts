// Writes rows into a register through public.apply_rows: the caller's RLS applies, each row in
// its own subtransaction (one bad row does not stop the others); a dry run writes nothing.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';
import { inLanguage } from '../../i18n/in-language';

/** key null inserts; otherwise updates the row with that primary key, if still at `version`. */
export type ApplyRowInput = { key: string | number | null; version: number | null; values: Record<string, unknown> };

/** Per input row (index = its place in the call): the written row, or why it was refused. */
export type ApplyRowOutcome =
  | { index: number; ok: true; key: string; row: Record<string, unknown>; before: Record<string, unknown> | null }
  | { index: number; ok: false; code: string; column: string | null; constraint: string | null; message: string; message_en: string };

/** A refused row's reason in the person's language. */
export const refusalMessage = (outcome: Extract<ApplyRowOutcome, { ok: false }>): string => inLanguage(outcome.message, outcome.message_en) || outcome.code;

export type ApplyRowsResult = { applied: number; failed: number; dry_run: boolean; rows: ApplyRowOutcome[] };

/**
 * `historical`: an administrator's import of paper records through public.import_history, which
 * may fill the system-owned columns (receiver, state, dates) and only adds rows.
 */
export async function applyRows(
  register: string,
  rows: ApplyRowInput[],
  { dryRun = false, historical = false, client = supabaseClient }: { dryRun?: boolean; historical?: boolean; client?: SupabaseClient } = {},
): Promise<ApplyRowsResult> {
  const { data, error } = await client.rpc(historical ? 'import_history' : 'apply_rows', { register, rows, dry_run: dryRun });
  if (error) throw error;
  return data as ApplyRowsResult;
}
