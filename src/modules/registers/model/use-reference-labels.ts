// Reference columns show the referenced record's name, not its key: labels are fetched for the
// keys on screen, and names typed or pasted are turned back into keys.
import { useCallback, useMemo, useRef, useState } from 'react';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { referenceKeys } from '../../../data/registers/reference-keys';
import { i18n } from '../../../i18n/i18n';
import type { ColumnMeta } from './register-meta';

export type ReferenceLabels = {
  /** key → label for a column's referenced table */
  labels(column: ColumnMeta): ReadonlyMap<string, string>;
  /** Fetches labels for keys not seen yet. */
  ensure(column: ColumnMeta, keys: unknown[]): void;
  /** label → key for the given texts (for paste, fill and typed edits); a name two rows share matches neither. */
  lookup(column: ColumnMeta, texts: string[]): Promise<ReadonlyMap<string, string>>;
};

const displayOf = (column: ColumnMeta) => column.references?.display ?? 'id';

export function useReferenceLabels(): ReferenceLabels {
  const cache = useRef(new Map<string, Map<string, string>>());
  const asked = useRef(new Set<string>());
  const [tick, setTick] = useState(0);

  const tableMap = (table: string) => {
    let map = cache.current.get(table);
    if (!map) cache.current.set(table, (map = new Map()));
    return map;
  };

  const ensure = useCallback((column: ColumnMeta, keys: unknown[]) => {
    if (!column.references) return;
    const table = column.references.table;
    const missing = [...new Set(keys.filter((k) => k !== null && k !== undefined).map(String))].filter((k) => !asked.current.has(`${table}:${k}`));
    if (missing.length === 0) return;
    missing.forEach((k) => asked.current.add(`${table}:${k}`));
    void referenceDisplays(table, displayOf(column), missing)
      .then((found) => {
        const map = tableMap(table);
        found.forEach((label, key) => map.set(key, label));
        // A key the person may not read (RLS) shows as such, never as a raw key.
        for (const k of missing) if (!map.has(k)) map.set(k, i18n.t('registers.cell.hidden'));
        setTick((t) => t + 1);
      })
      .catch(() => missing.forEach((k) => asked.current.delete(`${table}:${k}`)));
  }, []);

  const lookup = useCallback(async (column: ColumnMeta, texts: string[]) => {
    const result = new Map<string, string>();
    if (!column.references) return result;
    const found = await referenceKeys(column.references.table, displayOf(column), texts);
    const map = tableMap(column.references.table);
    found.forEach((keys, text) => {
      if (keys.length !== 1) return;
      result.set(text, keys[0]);
      map.set(keys[0], text);
    });
    return result;
  }, []);

  return useMemo(
    () => ({ labels: (column: ColumnMeta) => (column.references ? tableMap(column.references.table) : new Map()), ensure, lookup }),
    // tick: new labels arrived
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ensure, lookup, tick],
  );
}
