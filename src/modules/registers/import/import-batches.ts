// An import in three steps: check every cell here (references looked up in the database), let the
// server try the good rows in a dry run, then write the rows it accepted, 500 per apply_rows call
// (one transaction each), `concurrency` calls in flight. Every data call takes the Supabase client, so tests pass a signed-in one.
// Two in flight keep both of the database's cores busy. Where a register's batches queue behind one
// another (new customers take turns on the reception roster, which each batch holds until it commits),
// the waiting batch can run into the statement timeout: the database then undid that whole call, so
// it is sent again — it cannot be written twice.
import type { SupabaseClient } from '@supabase/supabase-js';
import { applyRows, refusalMessage, type ApplyRowInput, type ApplyRowOutcome, type ApplyRowsResult } from '../../../data/registers/apply-rows';
import { referenceKeys } from '../../../data/registers/reference-keys';
import { i18n } from '../../../i18n/i18n';
import { readableError } from '../../../providers/readable-error';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import type { ColumnMapping } from './map-columns';
import type { ParsedFile } from './parse-file';
import { referenceTexts, validateRows, type PreparedRow, type RowError, type Validation } from './validate-rows';

export const importBatchSize = 500;
/** Calls in flight at once (the bench measures the same default). */
export const importConcurrency = 2;

/**
 * Failures after which nothing of the call is left: the database cancelled it (statement timeout),
 * chose it as a deadlock's or a serialization conflict's victim, found a lock taken (lock_timeout), or
 * PostgREST never started it for want of a connection. Such a batch is sent again, up to `batchRetries` times.
 */
const undoneWhole = new Set(['57014', '40P01', '40001', '55P03', 'PGRST003']);
export const batchRetries = 2;
const wasUndoneWhole = (error: unknown) => undoneWhole.has(String((error as { code?: unknown } | null)?.code ?? ''));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ImportProgress = { phase: 'check' | 'commit'; done: number; total: number };

/** The write a batch goes through: in the app the one write path (useRegisterWrites), else apply_rows with `client`. */
export type ApplyBatch = (request: { register: string; rows: ApplyRowInput[]; dryRun: boolean; historical?: boolean }) => Promise<ApplyRowsResult>;

/** historical: an administrator's import of paper records (public.import_history). */
export type BatchOptions = { client?: SupabaseClient; apply?: ApplyBatch; batchSize?: number; concurrency?: number; historical?: boolean; onProgress?: (progress: ImportProgress) => void };

/** The server's verdict on the rows that passed the client check: the ones it would write, and why it refuses the others. */
export type DryRunResult = { good: PreparedRow[]; errors: RowError[] };

/** What a commit wrote. `interrupted` is set when a call failed as a whole; the rows from that batch on were not written. */
export type CommitResult = { applied: number; keys: string[]; errors: RowError[]; interrupted: string | null; notWritten: number };

/** Looks up the reference cells' texts, then checks every cell. */
export async function checkRows(register: RegisterMeta, parsed: ParsedFile, mapping: ColumnMapping, client?: SupabaseClient, defaults: Readonly<Record<string, unknown>> = {}): Promise<Validation> {
  const references = new Map<string, Map<string, string[]>>();
  for (const [column, texts] of referenceTexts(parsed, mapping, register)) {
    if (column.references?.display) references.set(column.name, await referenceKeys(column.references.table, column.references.display, texts, client));
  }
  return validateRows(parsed, mapping, register, references, defaults);
}

const toInput = (row: PreparedRow): ApplyRowInput => ({ key: row.key, version: row.version, values: row.values });

function serverError(register: RegisterMeta, row: PreparedRow, outcome: Extract<ApplyRowOutcome, { ok: false }>): RowError {
  const column = outcome.column ? register.columns.find((c) => c.name === outcome.column) : undefined;
  return {
    row: row.row,
    column: outcome.column,
    label: column ? labelOf(column, i18n.language) : (outcome.column ?? ''),
    text: outcome.column ? (row.texts[outcome.column] ?? '') : '',
    message: refusalMessage(outcome),
  };
}

/**
 * Sends the rows in batches, `concurrency` calls in flight (the database works on two batches while
 * the next one travels), and hands each row's outcome to `each` in file order. A call that fails as
 * a whole stops new calls; the ones already sent are waited for and reported, then the error is thrown.
 */
async function inBatches(
  register: RegisterMeta,
  rows: readonly PreparedRow[],
  dryRun: boolean,
  { client, apply, batchSize = importBatchSize, concurrency = importConcurrency, historical = false, onProgress }: BatchOptions,
  each: (row: PreparedRow, outcome: ApplyRowOutcome) => void,
): Promise<void> {
  const phase = dryRun ? 'check' : 'commit';
  onProgress?.({ phase, done: 0, total: rows.length });
  const starts: number[] = [];
  for (let start = 0; start < rows.length; start += batchSize) starts.push(start);
  const answers: (ApplyRowsResult | undefined)[] = new Array(starts.length);
  let next = 0;
  let delivered = 0;
  let done = 0;
  const failed: { error?: unknown; happened: boolean } = { happened: false };
  // Outcomes go out in batch order: a batch that answers early waits for the ones before it.
  const deliver = (skipUnanswered = false) => {
    for (; delivered < starts.length && (answers[delivered] || skipUnanswered); delivered += 1) {
      if (!answers[delivered]) continue;
      const batch = rows.slice(starts[delivered], starts[delivered] + batchSize);
      const byIndex = new Map(answers[delivered]!.rows.map((outcome) => [outcome.index, outcome]));
      answers[delivered] = undefined;
      batch.forEach((row, i) => {
        const outcome = byIndex.get(i) ?? { index: i, ok: false, code: '', column: null, constraint: null, message: i18n.t('registers.import.noAnswer'), message_en: i18n.t('registers.import.noAnswer') };
        each(row, outcome);
      });
    }
  };
  const worker = async () => {
    while (!failed.happened && next < starts.length) {
      const at = next++;
      const batch = rows.slice(starts[at], starts[at] + batchSize);
      const rowsIn = batch.map(toInput);
      for (let attempt = 0; ; attempt += 1) {
        try {
          answers[at] = apply ? await apply({ register: register.name, rows: rowsIn, dryRun, historical }) : await applyRows(register.name, rowsIn, { dryRun, historical, client });
          break;
        } catch (error) {
          if (!failed.happened && attempt < batchRetries && wasUndoneWhole(error)) {
            await pause(200 * (attempt + 1));
            continue;
          }
          if (!failed.happened) Object.assign(failed, { error, happened: true });
          return;
        }
      }
      if (!failed.happened) deliver();
      done += batch.length;
      onProgress?.({ phase, done, total: rows.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, starts.length)) }, worker));
  if (failed.happened) {
    // Batches sent before the failure did their work: their rows are reported, not counted as unwritten.
    deliver(true);
    throw failed.error;
  }
}

/** The server tries every row and rolls everything back. A call that fails as a whole throws (nothing was written). */
export async function dryRunRows(register: RegisterMeta, rows: readonly PreparedRow[], options: BatchOptions = {}): Promise<DryRunResult> {
  const result: DryRunResult = { good: [], errors: [] };
  await inBatches(register, rows, true, options, (row, outcome) => {
    if (outcome.ok) result.good.push(row);
    else result.errors.push(serverError(register, row, outcome));
  });
  return result;
}

/** Writes the rows, one transaction per batch; stops at a call that fails as a whole and says so. */
export async function commitRows(register: RegisterMeta, rows: readonly PreparedRow[], options: BatchOptions = {}): Promise<CommitResult> {
  const result: CommitResult = { applied: 0, keys: [], errors: [], interrupted: null, notWritten: 0 };
  let handled = 0;
  try {
    await inBatches(register, rows, false, options, (row, outcome) => {
      handled += 1;
      if (outcome.ok) {
        result.applied += 1;
        result.keys.push(outcome.key);
      } else result.errors.push(serverError(register, row, outcome));
    });
  } catch (error) {
    result.interrupted = readableError(error).message;
    result.notWritten = rows.length - handled;
  }
  return result;
}

/** Client and server errors of the same file in one list, by row (each row's errors in the order given). */
export function mergeErrors(...lists: readonly RowError[][]): RowError[] {
  return lists.flat().sort((a, b) => a.row - b.row);
}

/** The whole import without a person in between (checks, dry run, commit unless dryRun); the drawer runs the same steps one by one. */
export async function importRows(
  register: RegisterMeta,
  parsed: ParsedFile,
  mapping: ColumnMapping,
  options: BatchOptions & { dryRun?: boolean; defaults?: Readonly<Record<string, unknown>> } = {},
): Promise<{ checked: number; applied: number; errors: RowError[]; good: PreparedRow[]; commit: CommitResult | null }> {
  const validation = await checkRows(register, parsed, mapping, options.client, options.defaults);
  const dryRun = await dryRunRows(register, validation.rows, options);
  const commit = options.dryRun ? null : await commitRows(register, dryRun.good, options);
  return {
    checked: validation.checked,
    applied: commit?.applied ?? 0,
    errors: mergeErrors(validation.errors, dryRun.errors, commit?.errors ?? []),
    good: dryRun.good,
    commit,
  };
}
