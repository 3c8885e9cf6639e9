// The grid live (issue 19): other people's changes reach the loaded rows as they happen, and who is
// where on the register is shown. Changes come through Realtime (only rows the person may read: the
// server applies RLS per change); an update of a loaded row is read again and put in its place (its
// changed cells flash); an insert, a delete, or a change to a row not loaded refreshes the loaded pages
// quietly (the old rows stay on screen until the new ones arrive, so scroll, selection and the open
// editor are kept). Counts, sums and groups follow, as after a write of one's own. After a break (the
// service restarted, the network dropped), everything is asked again: nothing missed meanwhile stays.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useRegisterChanges, type PresenceEntry, type RegisterChange } from '../../../data/realtime/use-register-changes';
import { invalidateRegister } from '../../../data/registers/invalidate-register';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import type { RegisterMeta } from '../model/register-meta';
import { readByKeys } from './seek';
import type { RowPages } from './use-row-pages';

// Changes arriving together (a paste, an import elsewhere) are taken in one go.
const gatherMs = 80;
// The cursor is told to the others when it rests, not at every arrow key.
const cursorRestMs = 150;

/** Someone else on this register, and the cell their cursor is on (when it is on a row this person may read). */
export type OtherPerson = { key: string; name: string; rowKey: string | null; column: string | null };

export function othersOf(entries: readonly PresenceEntry[], register: string, myKey: string | undefined): OtherPerson[] {
  return entries
    .filter((e) => e.key !== myKey && (e.register === undefined || e.register === register))
    .map((e) => ({
      key: e.key,
      name: typeof e.name === 'string' ? e.name : '',
      rowKey: e.row_id === undefined || e.row_id === null ? null : String(e.row_id),
      column: typeof e.cell === 'string' ? e.cell : null,
    }));
}

export function useLiveRows(register: RegisterMeta, pages: RowPages, me: { id: string; name: string } | undefined) {
  const client = useQueryClient();
  const user = useSignedInUserId();
  const pagesRef = useRef(pages);
  useEffect(() => {
    pagesRef.current = pages;
  });
  // rows: loaded rows changed (read again, put in place); elsewhere: rows not loaded, inserted or
  // changed, that refresh the pages only if the view shows them (a busy register's writes elsewhere
  // must not keep every open grid refetching); refresh: the pages must be read again regardless.
  const pending = useRef({ refresh: false, rows: new Set<string>(), elsewhere: new Set<string>() });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(async () => {
    timer.current = null;
    const { rows, elsewhere } = pending.current;
    let { refresh } = pending.current;
    pending.current = { refresh: false, rows: new Set(), elsewhere: new Set() };
    if (!refresh && elsewhere.size > 0) {
      try {
        refresh = (await pagesRef.current.inView([...elsewhere])).length > 0;
      } catch {
        refresh = true;
      }
    }
    // Nothing this view shows changed: its count, sums and groups stand.
    if (rows.size === 0 && !refresh) return;
    if (rows.size > 0) {
      try {
        const fresh = await readByKeys(register.name, register.keyColumn, [...rows]);
        fresh.forEach((row) => pagesRef.current.replaceByKey(row));
        // A row this person may no longer read (recused, moved to another department) leaves the pages.
        if (fresh.length < rows.size) refresh = true;
      } catch {
        refresh = true;
      }
    }
    await invalidateRegister(client, user, { register: register.name, pagesInPlace: !refresh });
  }, [client, user, register.name, register.keyColumn]);

  const gather = useCallback(() => {
    timer.current ??= setTimeout(() => void flush(), gatherMs);
  }, [flush]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const onChange = useCallback(
    (change: RegisterChange) => {
      const changed = change.type === 'DELETE' ? change.old : change.row;
      const rowKey = String(changed[register.keyColumn]);
      const loaded = pagesRef.current.loadedRow(rowKey);
      const pages = pagesRef.current;
      if (change.type === 'UPDATE' && loaded) {
        // The echo of this person's own write: the grid shows it already.
        if (loaded.version !== undefined && loaded.version === change.row.version) return;
        pending.current.rows.add(rowKey);
      } else if (change.type === 'DELETE') {
        // A row not loaded of a view wholly loaded was not in it.
        if (!loaded && pages.counted && !pages.estimated && pages.loadedCount >= pages.total) return;
        pending.current.refresh = true;
      } else pending.current.elsewhere.add(rowKey);
      gather();
    },
    [register.keyColumn, gather],
  );
  const onRejoin = useCallback(() => {
    pending.current.refresh = true;
    gather();
  }, [gather]);

  const live = useRegisterChanges(register.name, { onChange, onRejoin, presenceKey: me?.id });

  const rest = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { track } = live;
  /** Tells the others where this person's cursor is (a row they may read; the server checks). */
  const showCursor = useCallback(
    (rowKey: string | null, column: string | null) => {
      if (rest.current) clearTimeout(rest.current);
      rest.current = setTimeout(() => {
        void track({ register: register.name, ...(rowKey === null ? {} : { row_id: rowKey }), cell: column, name: me?.name ?? '' });
      }, cursorRestMs);
    },
    [track, register.name, me?.name],
  );
  useEffect(() => () => void (rest.current && clearTimeout(rest.current)), []);

  const others = useMemo(() => othersOf(live.presence, register.name, me?.id), [live.presence, register.name, me?.id]);
  return { status: live.status, others, showCursor };
}
