// The grid's rows, fetched from the server a page at a time as the user scrolls: server-side
// sort and filter, an estimated count above PostgREST's threshold, answers for an older query ignored.
import { useDataProvider, type BaseRecord, type CrudFilter, type CrudSort } from '@refinedev/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchRowRights, type RowRights } from '../../../data/registers/fetch-row-rights';

export const pageSize = 100;

/** Above this the grid trusts PostgREST's estimate (as Supabase Studio does) instead of counting. */
export const exactCountBelow = 50_000;

/**
 * The row count after a page came back. An estimate (RLS makes the planner's guess rough) is
 * corrected by what the pages show: a short page ends the register there; a full page at the
 * estimated end means there is more, so the grid grows and scrolling goes on.
 */
export function correctedTotal(total: number, page: number, rows: number): number {
  const end = page * pageSize + rows;
  if (rows < pageSize) return rows > 0 || page === 0 ? end : Math.min(total, end);
  return end >= total ? end + pageSize : total;
}

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
  /** Whether every row in [first, last] is loaded. */
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
  const query = useMemo(() => JSON.stringify({ resource, filters, sorters }), [resource, filters, sorters]);
  const pages = useRef(new Map<number, BaseRecord[]>());
  const loading = useRef(new Set<number>());
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

  const fetchPage = useCallback(
    async (page: number, withCount: boolean) => {
      if (pages.current.has(page) || loading.current.has(page)) return;
      loading.current.add(page);
      const asked = queryRef.current;
      try {
        const result = await dataProvider().getList({
          resource,
          pagination: { currentPage: page + 1, pageSize, mode: 'server' },
          filters,
          sorters,
          // An exact count of a million rows costs more than the page; PostgREST estimates above its threshold.
          meta: { count: withCount ? 'estimated' : '', idColumnName: keyColumn },
        });
        if (asked !== queryRef.current) return;
        let counted = withCount ? result.total : null;
        // Below Studio's threshold an exact count is cheap; above it the estimate stands, corrected as pages come.
        if (withCount && result.total < exactCountBelow) {
          counted = (await dataProvider().getList({ resource, pagination: { currentPage: 1, pageSize: 1, mode: 'server' }, filters, sorters, meta: { count: 'exact', idColumnName: keyColumn } })).total;
          if (asked !== queryRef.current) return;
        }
        if (withRights) {
          // Without an answer the rows stay as editable as the register; the database still decides.
          const answer = await fetchRowRights(resource, result.data.map((row) => String(row[keyColumn]))).catch(() => new Map<string, RowRights>());
          if (asked !== queryRef.current) return;
          answer.forEach((r, key) => rights.current.set(key, r));
        }
        pages.current.set(page, result.data);
        setCounts((c) => ({
          query: asked,
          total: correctedTotal(counted ?? (c.query === asked ? c.total : 0), page, result.data.length),
          loaded: (c.query === asked ? c.loaded : 0) + result.data.length,
          estimated: withCount ? counted === result.total && result.total >= exactCountBelow : c.query === asked && c.estimated,
        }));
        setError(null);
      } catch (e) {
        if (asked === queryRef.current) setError((e as Error).message);
      } finally {
        loading.current.delete(page);
        if (asked === queryRef.current) setTick((t) => t + 1);
      }
    },
    [dataProvider, resource, filters, sorters, keyColumn, withRights],
  );

  useEffect(() => {
    queryRef.current = query;
    pages.current = new Map();
    loading.current = new Set();
    void fetchPage(0, true);
  }, [query, generation, fetchPage]);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(Math.max(first, 0) / pageSize); page <= Math.floor(last / pageSize); page++) void fetchPage(page, false);
    },
    [fetchPage],
  );

  return useMemo(
    () => ({
      total,
      loadedCount,
      error,
      getRow: (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
      ensure,
      isLoaded: (first: number, last: number) => {
        for (let i = Math.max(first, 0); i <= Math.min(last, total - 1); i++) if (!pages.current.get(Math.floor(i / pageSize))?.[i % pageSize]) return false;
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
      reload: () => setGeneration((g) => g + 1),
    }),
    // tick: a page arrived or a row changed, so the grid must read again
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, total, estimated, loadedCount, error, ensure, keyColumn, tick],
  );
}
