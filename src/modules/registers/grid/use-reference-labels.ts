// Reference columns show the referenced record's name, not its key: labels are fetched for the
// keys on screen, and names typed or pasted are turned back into keys.
import { useDataProvider, type BaseRecord } from '@refinedev/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { i18n } from '../../../i18n/i18n';
import type { ColumnMeta } from '../metadata/register-meta';

export type ReferenceLabels = {
  /** key → label for a column's referenced table */
  labels(column: ColumnMeta): ReadonlyMap<string, string>;
  /** Fetches labels for keys not seen yet. */
  ensure(column: ColumnMeta, keys: unknown[]): void;
  /** label → key for the given texts (for paste, fill and typed edits). */
  lookup(column: ColumnMeta, texts: string[]): Promise<ReadonlyMap<string, string>>;
};

const displayOf = (column: ColumnMeta) => column.references?.display ?? 'id';

export function useReferenceLabels(): ReferenceLabels {
  const dataProvider = useDataProvider();
  const cache = useRef(new Map<string, Map<string, string>>());
  const asked = useRef(new Set<string>());
  const [tick, setTick] = useState(0);

  const tableMap = (table: string) => {
    let map = cache.current.get(table);
    if (!map) cache.current.set(table, (map = new Map()));
    return map;
  };

  const ensure = useCallback(
    (column: ColumnMeta, keys: unknown[]) => {
      if (!column.references) return;
      const table = column.references.table;
      const missing = [...new Set(keys.filter((k) => k !== null && k !== undefined).map(String))].filter((k) => !asked.current.has(`${table}:${k}`));
      if (missing.length === 0) return;
      missing.forEach((k) => asked.current.add(`${table}:${k}`));
      void dataProvider()
        .getMany?.({ resource: table, ids: missing, meta: { select: `id,${displayOf(column)}` } })
        .then(({ data }) => {
          const map = tableMap(table);
          for (const row of data as BaseRecord[]) map.set(String(row.id), String(row[displayOf(column)] ?? row.id));
          // A key the person may not read (RLS) shows as such, never as a raw key.
          for (const k of missing) if (!map.has(k)) map.set(k, i18n.t('registers.cell.hidden'));
          setTick((t) => t + 1);
        })
        .catch(() => missing.forEach((k) => asked.current.delete(`${table}:${k}`)));
    },
    [dataProvider],
  );

  const lookup = useCallback(
    async (column: ColumnMeta, texts: string[]) => {
      const result = new Map<string, string>();
      if (!column.references) return result;
      const wanted = [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
      if (wanted.length === 0) return result;
      const display = displayOf(column);
      const { data } = await dataProvider().getList({
        resource: column.references.table,
        filters: [{ field: display, operator: 'in', value: wanted }],
        pagination: { mode: 'off' },
        meta: { select: `id,${display}`, count: '' },
      });
      const map = tableMap(column.references.table);
      for (const row of data) {
        result.set(String(row[display]), String(row.id));
        map.set(String(row.id), String(row[display]));
      }
      return result;
    },
    [dataProvider],
  );

  return useMemo(
    () => ({ labels: (column: ColumnMeta) => (column.references ? tableMap(column.references.table) : new Map()), ensure, lookup }),
    // tick: new labels arrived
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ensure, lookup, tick],
  );
}
