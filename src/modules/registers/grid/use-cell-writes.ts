// Every change made in the grid (typed, filled, pasted, undone) goes the same way: the text of
// each cell is parsed for its column, the rows are written in one apply_rows batch, a refused
// cell turns red with the reason, a stale write asks "theirs or mine", and the batch can be undone.
import type { BaseRecord } from '@refinedev/core';
import { useCallback, useRef, useState } from 'react';
import { refusalMessage, type ApplyRowInput } from '../../../data/registers/apply-rows';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { kindOf, parseText } from '../model/kinds';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';
import type { RowPages } from './use-row-pages';

/** A cell's new text, parsed for its column; or, from a kind's in-cell editor, the stored value itself. */
export type CellEdit = { rowIndex: number; column: ColumnMeta; text: string; value?: unknown };
export type CellRefusal = { text: string; message: string };
export type Conflict = { rowIndex: number; key: string; column: ColumnMeta; mine: unknown; mineText: string };
// An update is undone at the version it left the row in: if someone changed the row since, the undo
// is refused as a stale write rather than overwriting their change.
type UndoEntry = { key: string; version: number | null; before: Record<string, unknown> } | { key: string; inserted: true };

const undoOf = (key: string, values: Record<string, unknown>, result: { row: Record<string, unknown>; before: Record<string, unknown> | null }): UndoEntry => ({
  key,
  version: (result.row.version as number | undefined) ?? null,
  before: Object.fromEntries(Object.keys(values).map((c) => [c, result.before?.[c] ?? null])),
});

const cellId = (key: unknown, column: string) => `${String(key)}\u0000${column}`;

/** Parses cell texts for their columns' kinds; names of referenced records are looked up first. */
export async function parseEdits(edits: { column: ColumnMeta; text: string }[], references: ReferenceLabels) {
  const lookups = new Map<string, ReadonlyMap<string, string>>();
  for (const column of new Set(edits.filter((e) => kindOf(e.column).references).map((e) => e.column))) {
    lookups.set(column.name, await references.lookup(column, edits.filter((e) => e.column === column).map((e) => e.text)));
  }
  return edits.map((e) => parseText(e.column, e.text, lookups.get(e.column.name)));
}

export function useCellWrites(register: RegisterMeta, pages: RowPages, references: ReferenceLabels) {
  const refusals = useRef(new Map<string, CellRefusal>());
  const [, setTick] = useState(0);
  const [lastBatch, setLastBatch] = useState<UndoEntry[] | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const key = register.keyColumn;
  const { applyRows, deleteRows } = useRegisterWrites();

  const refuse = (rowKey: unknown, column: string, text: string, message: string) => refusals.current.set(cellId(rowKey, column), { text, message });

  const write = useCallback(
    async (edits: CellEdit[]): Promise<{ written: number; refused: number }> => {
      setBusy(true);
      try {
        // A value an in-cell editor chose (an option, a referenced row, a date) needs no parsing.
        const typed = edits.filter((e) => !('value' in e));
        const parsedTyped = await parseEdits(typed, references);
        const parsed = edits.map((e) => ('value' in e ? { ok: true as const, value: e.value } : parsedTyped[typed.indexOf(e)]));
        const byRow = new Map<number, { row: BaseRecord; values: Record<string, unknown>; edits: CellEdit[] }>();
        let refused = 0;
        edits.forEach((edit, i) => {
          const row = pages.getRow(edit.rowIndex);
          if (!row) return;
          const result = parsed[i];
          if (!result.ok) {
            refuse(row[key], edit.column.name, edit.text, result.error);
            refused++;
            return;
          }
          refusals.current.delete(cellId(row[key], edit.column.name));
          const entry = byRow.get(edit.rowIndex) ?? { row, values: {}, edits: [] };
          entry.values[edit.column.name] = result.value;
          entry.edits.push(edit);
          byRow.set(edit.rowIndex, entry);
        });
        const entries = [...byRow.entries()];
        if (entries.length === 0) return { written: 0, refused };
        const inputs: ApplyRowInput[] = entries.map(([, e]) => ({ key: e.row[key] as string, version: (e.row.version as number | undefined) ?? null, values: e.values }));
        const { rows } = await applyRows({ register: register.name, rows: inputs, pagesInPlace: true });
        const undo: UndoEntry[] = [];
        rows.forEach((result) => {
          const [rowIndex, entry] = entries[result.index];
          if (result.ok) {
            pages.replaceRow(rowIndex, result.row as BaseRecord);
            undo.push(undoOf(result.key, entry.values, result));
            return;
          }
          refused += entry.edits.length;
          if (result.code === 'PT409' && entry.edits.length === 1) {
            const [edit] = entry.edits;
            setConflict({ rowIndex, key: String(entry.row[key]), column: edit.column, mine: entry.values[edit.column.name], mineText: edit.text });
          }
          const target = entry.edits.filter((e) => !result.column || e.column.name === result.column);
          for (const edit of target.length ? target : entry.edits) refuse(entry.row[key], edit.column.name, edit.text, refusalMessage(result));
        });
        if (undo.length > 0) setLastBatch(undo);
        return { written: undo.length, refused };
      } finally {
        setBusy(false);
        setTick((t) => t + 1);
      }
    },
    [register.name, key, pages, references, applyRows],
  );

  /** Puts back the values the last batch replaced. */
  const undoLast = useCallback(async () => {
    if (!lastBatch) return 0;
    setBusy(true);
    try {
      const updates = lastBatch.filter((u): u is Extract<UndoEntry, { before: unknown }> => 'before' in u);
      const inserted = lastBatch.filter((u) => 'inserted' in u).map((u) => u.key);
      const { rows } = updates.length
        ? await applyRows({ register: register.name, rows: updates.map((u) => ({ key: u.key, version: u.version, values: u.before })) })
        : { rows: [] };
      // Rows the batch added are deleted, so they stay recoverable in the recycle bin.
      if (inserted.length) await deleteRows({ register: register.name, keyColumn: key, keys: inserted });
      setLastBatch(null);
      pages.reload();
      return rows.filter((r) => r.ok).length + inserted.length;
    } finally {
      setBusy(false);
    }
  }, [lastBatch, pages, register.name, key, applyRows, deleteRows]);

  /** Writes whole rows (a checked paste): updates and new rows in one batch that can be undone. */
  const commitRows = useCallback(
    async (inputs: ApplyRowInput[]) => {
      setBusy(true);
      try {
        const result = await applyRows({ register: register.name, rows: inputs });
        const undo: UndoEntry[] = [];
        for (const r of result.rows) {
          if (!r.ok) continue;
          const input = inputs[r.index];
          undo.push(input.key === null ? { key: r.key, inserted: true } : undoOf(r.key, input.values, r));
        }
        if (undo.length) setLastBatch(undo);
        pages.reload();
        return result;
      } finally {
        setBusy(false);
      }
    },
    [register.name, pages, applyRows],
  );

  /** Settles a stale-write conflict: keep the other person's value, or write mine over it. */
  const resolveConflict = useCallback(
    async (choice: 'theirs' | 'mine', theirs: BaseRecord) => {
      if (!conflict) return;
      refusals.current.delete(cellId(conflict.key, conflict.column.name));
      if (choice === 'theirs') {
        pages.replaceRow(conflict.rowIndex, theirs);
      } else {
        const { rows } = await applyRows({ register: register.name, rows: [{ key: conflict.key, version: theirs.version as number, values: { [conflict.column.name]: conflict.mine } }], pagesInPlace: true });
        const [result] = rows;
        if (result.ok) pages.replaceRow(conflict.rowIndex, result.row as BaseRecord);
        else refuse(conflict.key, conflict.column.name, conflict.mineText, refusalMessage(result));
      }
      setConflict(null);
      setTick((t) => t + 1);
    },
    [conflict, pages, register.name, applyRows],
  );

  return {
    write,
    commitRows,
    busy,
    canUndo: !!lastBatch,
    undoLast,
    conflict,
    resolveConflict,
    refusalAt: (rowKey: unknown, column: string) => refusals.current.get(cellId(rowKey, column)),
  };
}
