// The grid's rows, fetched from the server a page at a time as the user scrolls: server-side
// sort and filter, an estimated count above PostgREST's threshold, answers for an older query ignored.
// Pages and row rights live in the app's query cache; when a write invalidates the register's pages,
// the grid asks again.
import { useDataProvider, type BaseRecord, type CrudFilter, type CrudSort } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { keys } from '../../../data/keys';
import { fetchRowRights, type RowRights } from '../../../data/registers/fetch-row-rights';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { correctedTotal, exactCountBelow, pageSize } from './row-count';

// Both mean "nothing allowed"; the pending one is told apart by identity until the answer comes.
const pendingRights: RowRights = { update: false, delete: false, moves: [] };
const noRights: RowRights = { update: false, delete: false, moves: [] };
// Pages stay fresh until a write invalidates them (or the person refreshes).
const pageStaleTime = 5 * 60_000;

export type RowPages = {
  total: number;
  /** The total is PostgREST's estimate (a large register), not a count. */
  estimated: boolean;
  /** Rows loaded so far (for the status bar and the browser tests). */
  loadedCount: number;
  error: string | null;
  getRow(index: number): BaseRecord | undefined;
  /** Loads the pages covering rows [first, last]. */
  ensure(first: number, last: number): void;
  /** Loads the pages covering rows [first, last] and resolves when they are in (a copy, a sum of a selection). */
  load(first: number, last: number): Promise<void>;
  /** Whether every row in [first, last] is loaded, with its rights. */
  isLoaded(first: number, last: number): boolean;
  /** What the person may do with a loaded row (undefined: not asked, or no answer). */
  rightsOf(row: BaseRecord): RowRights | undefined;
  replaceRow(index: number, row: BaseRecord): void;
  /** Makes room for a row beyond an estimated count (a jump past it); the pages then correct it. */
  reach(index: number): void;
  reload(): void;
};

export function useRowPages(resource: string, keyColumn: string, filters: CrudFilter[], sorters: CrudSort[], withRights = false): RowPages {
  const dataProvider = useDataProvider();
  const client = useQueryClient();
  const user = useSignedInUserId();
  const query = useMemo(() => JSON.stringify({ resource, filters, sorters }), [resource, filters, sorters]);
  const pages = useRef(new Map<number, BaseRecord[]>());
  const loading = useRef(new Set<number>());
  const inFlight = useRef(new Map<number, Promise<void>>());
  const rights = useRef(new Map<string, RowRights>());
  const queryRef = useRef(query);
  // Counts belong to the query they were made for, so a new query starts from nothing.
  const [counts, setCounts] = useState({ query: '', total: 0, loaded: 0, estimated: false });
  const total = counts.query === query ? counts.total : 0;
  const loadedCount = counts.query === query ? counts.loaded : 0;
  const estimated = counts.query === query && counts.estimated;
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  // The rows show at once, read-only until their policies have answered (a moment later).
  const askRights = useCallback(
    async (asked: string, rowKeys: string[]) => {
      rowKeys.forEach((key) => rights.current.set(key, pendingRights));
      // Without an answer the rows are as editable as the register; the database still decides.
      const answer = await client
        .fetchQuery({ queryKey: keys.rowRights(user, resource, rowKeys), queryFn: () => fetchRowRights(resource, rowKeys), staleTime: pageStaleTime })
        .catch(() => null);
      if (asked !== queryRef.current) return;
      rowKeys.forEach((key) => (answer?.get(key) ? rights.current.set(key, answer.get(key)!) : answer ? rights.current.set(key, noRights) : rights.current.delete(key)));
      setTick((t) => t + 1);
    },
    [resource, client, user],
  );

  const fetchPageNow = useCallback(
    async (page: number, withCount: boolean) => {
      const asked = queryRef.current;
      try {
        // An exact count of a million rows costs more than the page; PostgREST estimates above its threshold.
        const count = withCount ? 'estimated' : '';
        const result = await client.fetchQuery({
          queryKey: keys.rowPage(user, resource, asked, page, count),
          queryFn: () => dataProvider().getList({ resource, pagination: { currentPage: page + 1, pageSize, mode: 'server' }, filters, sorters, meta: { count, idColumnName: keyColumn } }),
          staleTime: pageStaleTime,
        });
        if (asked !== queryRef.current) return;
        let counted = withCount ? result.total : null;
        // Below Studio's threshold an exact count is cheap; above it the estimate stands, corrected as pages come.
        if (withCount && result.total < exactCountBelow) {
          counted = (
            await client.fetchQuery({
              queryKey: keys.rowPage(user, resource, asked, 0, 'exact'),
              queryFn: () => dataProvider().getList({ resource, pagination: { currentPage: 1, pageSize: 1, mode: 'server' }, filters, sorters, meta: { count: 'exact', idColumnName: keyColumn } }),
              staleTime: pageStaleTime,
            })
          ).total;
          if (asked !== queryRef.current) return;
        }
        pages.current.set(page, result.data);
        if (withRights) void askRights(asked, result.data.map((row) => String(row[keyColumn])));
        setCounts((c) => ({
          query: asked,
          total: correctedTotal(counted ?? (c.query === asked ? c.total : 0), page, result.data.length),
          // Counted from the pages held, not added up: a page asked again (a write elsewhere, a refresh) is not counted twice.
          loaded: [...pages.current.values()].reduce((sum, rows) => sum + rows.length, 0),
          estimated: withCount ? counted === result.total && result.total >= exactCountBelow : c.query === asked && c.estimated,
        }));
        setError(null);
      } catch (e) {
        if (asked === queryRef.current) setError((e as Error).message);
      } finally {
        loading.current.delete(page);
        inFlight.current.delete(page);
        if (asked === queryRef.current) setTick((t) => t + 1);
      }
    },
    [dataProvider, client, user, resource, filters, sorters, keyColumn, withRights, askRights],
  );

  const fetchPage = useCallback(
    (page: number, withCount: boolean): Promise<void> => {
      if (pages.current.has(page)) return Promise.resolve();
      if (loading.current.has(page)) return inFlight.current.get(page) ?? Promise.resolve();
      loading.current.add(page);
      const fetching = fetchPageNow(page, withCount);
      inFlight.current.set(page, fetching);
      return fetching;
    },
    [fetchPageNow],
  );

  useEffect(() => {
    queryRef.current = query;
    pages.current = new Map();
    loading.current = new Set();
    inFlight.current = new Map();
    void fetchPage(0, true);
  }, [query, generation, fetchPage]);

  // A write elsewhere (a form, a move, an import, another tab of this app) made the pages stale: ask again.
  useEffect(() => {
    const registerKey = keys.register(user, resource);
    return client.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'invalidate') return;
      const key = event.query.queryKey;
      if (registerKey.every((part, i) => key[i] === part) && key[registerKey.length] === 'page') setGeneration((g) => g + 1);
    });
  }, [client, user, resource]);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(Math.max(first, 0) / pageSize); page <= Math.floor(last / pageSize); page++) void fetchPage(page, false);
    },
    [fetchPage],
  );

  const load = useCallback(
    async (first: number, last: number) => {
      const wanted: number[] = [];
      for (let page = Math.floor(Math.max(first, 0) / pageSize); page <= Math.floor(Math.max(last, 0) / pageSize); page++) wanted.push(page);
      // A few pages at a time: a large selection must not flood the server.
      for (let i = 0; i < wanted.length; i += 4) await Promise.all(wanted.slice(i, i + 4).map((page) => fetchPage(page, false)));
    },
    [fetchPage],
  );

  return useMemo(
    () => ({
      load,
      total,
      loadedCount,
      error,
      getRow: (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
      ensure,
      isLoaded: (first: number, last: number) => {
        for (let i = Math.max(first, 0); i <= Math.min(last, total - 1); i++) {
          const row = pages.current.get(Math.floor(i / pageSize))?.[i % pageSize];
          if (!row || rights.current.get(String(row[keyColumn])) === pendingRights) return false;
        }
        return true;
      },
      rightsOf: (row: BaseRecord) => rights.current.get(String(row[keyColumn])),
      replaceRow: (index: number, row: BaseRecord) => {
        const page = pages.current.get(Math.floor(index / pageSize));
        if (page) page[index % pageSize] = row;
        setTick((t) => t + 1);
      },
      estimated,
      reach: (index: number) => setCounts((c) => (c.query === query && c.total <= index ? { ...c, total: index + pageSize } : c)),
      reload: () => {
        void client.invalidateQueries({ queryKey: keys.register(user, resource) });
        setGeneration((g) => g + 1);
      },
    }),
    // tick: a page arrived or a row changed, so the grid must read again
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, total, estimated, loadedCount, error, ensure, load, keyColumn, tick, client, user, resource],
  );
}
