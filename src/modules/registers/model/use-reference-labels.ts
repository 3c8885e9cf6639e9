// Reference columns show the referenced record's name, not its key: labels are fetched for the
// keys on screen, and names typed or pasted are turned back into keys. The labels of each referenced
// register are one entry of the app's query cache, so a write that renames a department drops them
// (see invalidate-register) and every screen asks again.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { keys } from '../../../data/keys';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { referenceKeys } from '../../../data/registers/reference-keys';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
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

type Labels = ReadonlyMap<string, string>;

const displayOf = (column: ColumnMeta) => column.references?.display ?? 'id';
const empty: Labels = new Map();
const isLabelsKey = (key: readonly unknown[]) => key[key.length - 1] === 'labels';

export function useReferenceLabels(): ReferenceLabels {
  const client = useQueryClient();
  const user = useSignedInUserId();
  // Keys asked for and not answered yet, so a screen drawing twice asks once.
  const inFlight = useRef(new Set<string>());
  const [tick, setTick] = useState(0);

  useEffect(
    () =>
      client.getQueryCache().subscribe((event) => {
        if ((event.type === 'updated' || event.type === 'removed') && isLabelsKey(event.query.queryKey)) setTick((t) => t + 1);
      }),
    [client],
  );

  const labelsOf = useCallback((table: string): Labels => client.getQueryData<Labels>(keys.referenceLabels(user, table)) ?? empty, [client, user]);
  const merge = useCallback(
    (table: string, found: Iterable<[string, string]>) => client.setQueryData<Labels>(keys.referenceLabels(user, table), (old) => new Map([...(old ?? empty), ...found])),
    [client, user],
  );

  const ensure = useCallback(
    (column: ColumnMeta, rowKeys: unknown[]) => {
      if (!column.references) return;
      const table = column.references.table;
      const known = labelsOf(table);
      const missing = [...new Set(rowKeys.filter((k) => k !== null && k !== undefined).map(String))].filter((k) => !known.has(k) && !inFlight.current.has(`${table}:${k}`));
      if (missing.length === 0) return;
      missing.forEach((k) => inFlight.current.add(`${table}:${k}`));
      void referenceDisplays(table, displayOf(column), missing)
        .then((found) => {
          // A key the person may not read (RLS) shows as such, never as a raw key.
          merge(table, [...missing.map((k): [string, string] => [k, i18n.t('registers.cell.hidden')]), ...found]);
        })
        .catch(() => undefined)
        .finally(() => missing.forEach((k) => inFlight.current.delete(`${table}:${k}`)));
    },
    [labelsOf, merge],
  );

  const lookup = useCallback(
    async (column: ColumnMeta, texts: string[]) => {
      const result = new Map<string, string>();
      if (!column.references) return result;
      const found = await referenceKeys(column.references.table, displayOf(column), texts);
      found.forEach((ids, text) => {
        if (ids.length === 1) result.set(text, ids[0]);
      });
      merge(column.references.table, [...result].map(([text, id]): [string, string] => [id, text]));
      return result;
    },
    [merge],
  );

  return useMemo(
    () => ({ labels: (column: ColumnMeta) => (column.references ? labelsOf(column.references.table) : empty), ensure, lookup }),
    // tick: labels arrived or were dropped, so screens read (and ask) again
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ensure, lookup, labelsOf, tick],
  );
}
