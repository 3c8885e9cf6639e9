// The grid's rows, fetched from the server a page at a time as the user scrolls: server-side sort and
// filter; a page next to a loaded one seeks past it (keyset on the sort column and the key), a far
// one (a scrollbar drag, go-to-row) seeks from a sampled sort-key value, the last one reads the order
// reversed, so no page costs an OFFSET of half the register (seek.ts). The count: a sample's "≈" at
// once, the exact count when it arrives. Answers for an older query are ignored. Pages and row rights
// live in the app's query cache; when a write invalidates the register's pages, the grid asks again.
import { type BaseRecord, type CrudFilter, type CrudSort } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { keys } from '../../../data/keys';
import { fetchRowRights, type RowRights } from '../../../data/registers/fetch-row-rights';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { missingRuns } from './page-runs';
import { correctedTotal, offsetBelow, pageSize, pageStaleTime } from './row-count';
import { exactCount, readByKeys, readOffset, readSegments, sampledValue, sampleRegister, type Sample } from './seek';
import { reversed, seekOrder, segmentsAfter, segmentsFrom } from './seek-order';

// Both mean "nothing allowed"; the pending one is told apart by identity until the answer comes.
const pendingRights: RowRights = { update: false, delete: false, moves: [] };
const noRights: RowRights = { update: false, delete: false, moves: [] };
// How long a cell someone else changed stays highlighted.
const flashMs = 1600;
const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export type RowPages = {
  total: number;
  /** The total is PostgREST's estimate (a large register), not a count. */
  estimated: boolean;
  /** A count (estimated or exact) or a page has come back for the current query: until then the total 0 means nothing. */
  counted: boolean;
  /** Rows loaded so far (for the status bar and the browser tests). */
  loadedCount: number;
  error: string | null;
  getRow(index: number): BaseRecord | undefined;
  /** Loads the pages covering rows [first, last]; `view`: the rows on screen among them (their rights come first). */
  ensure(first: number, last: number, view?: [number, number]): void;
  /** Loads the pages covering rows [first, last] and resolves when they are in (a copy, a sum of a selection). */
  load(first: number, last: number): Promise<void>;
  /** Whether every row in [first, last] is loaded, with its rights. */
  isLoaded(first: number, last: number): boolean;
  /** What the person may do with a loaded row (undefined: not asked, or no answer); nothing while the answer is on its way. */
  rightsOf(row: BaseRecord): RowRights | undefined;
  /** The same, but undefined while the answer is on its way (a delete then goes to the database, which decides). */
  answeredRightsOf(row: BaseRecord): RowRights | undefined;
  replaceRow(index: number, row: BaseRecord): void;
  /** The loaded row with this key (undefined: not loaded). */
  loadedRow(rowKey: string): BaseRecord | undefined;
  /** Which of these rows the view shows (its filters, the person's RLS): a change elsewhere need not refresh it. */
  inView(rowKeys: readonly string[]): Promise<string[]>;
  /**
   * Someone else's change to a loaded row, put in its place: its changed cells flash for a moment. The row the
   * person's cursor is on keeps the version they saw (see hold), so their edit of it is refused as stale, not
   * written over the other person's change.
   */
  replaceByKey(row: BaseRecord): void;
  /** The row the person's cursor is on (null: none). Stable across renders. */
  hold(rowKey: string | null): void;
  /** Where a loaded row is among all rows (null: not loaded). */
  indexOf(rowKey: string): number | null;
  /** Whether this cell changed by someone else a moment ago. */
  flashing(rowKey: string, column: string): boolean;
  /** Makes room for a row beyond an estimated count (a jump past it); the pages then correct it. */
  reach(index: number): void;
  reload(): void;
};

export function useRowPages(resource: string, keyColumn: string, filters: CrudFilter[], sorters: CrudSort[], withRights = false): RowPages {
  const client = useQueryClient();
  const user = useSignedInUserId();
  const query = useMemo(() => JSON.stringify({ resource, filters, sorters }), [resource, filters, sorters]);
  const pages = useRef(new Map<number, BaseRecord[]>());
  const loading = useRef(new Set<number>());
  const inFlight = useRef(new Map<number, Promise<void>>());
  const rights = useRef(new Map<string, RowRights>());
  const queryRef = useRef(query);
  // Counts belong to the query they were made for, so a new query starts from nothing.
  // known: a count has answered (a sample's or the exact one), or a short page ended the register;
  // until then the total is the pages' guess (a full first page: "at least one more page").
  const [counts, setCounts] = useState({ query: '', total: 0, loaded: 0, estimated: false, known: false });
  const total = counts.query === query ? counts.total : 0;
  const loadedCount = counts.query === query ? counts.loaded : 0;
  const estimated = counts.query === query && counts.estimated;
  const counted = counts.query === query && counts.known;
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  // A refresh of the same query (a write here or elsewhere) shows the rows it had until the new ones arrive.
  const stale = useRef(new Map<number, BaseRecord[]>());
  const shownQuery = useRef('');
  const held = useRef<{ key: string; latestVersion?: unknown } | null>(null);
  const flashes = useRef(new Map<string, number>());
  const locate = useCallback(
    (rowKey: string): { rows: BaseRecord[]; index: number; at: number } | null => {
      for (const [page, rows] of pages.current) {
        const index = rows.findIndex((row) => row !== undefined && String(row[keyColumn]) === rowKey);
        if (index >= 0) return { rows, index, at: page * pageSize + index };
      }
      return null;
    },
    [keyColumn],
  );
  const hold = useCallback(
    (rowKey: string | null) => {
      const before = held.current;
      if (before?.key === rowKey) return;
      // Leaving a row: it takes the newest version someone else left it in.
      if (before && before.latestVersion !== undefined) {
        const at = locate(before.key);
        if (at) at.rows[at.index] = { ...at.rows[at.index], version: before.latestVersion };
      }
      held.current = rowKey === null ? null : { key: rowKey };
    },
    [locate],
  );

  // The rows show at once, read-only until their policies have answered (a moment later). The rows
  // on screen are asked first, the others once they have answered: the policies are read
  // row by row (about half a millisecond a row), and rows are read-only until theirs answer.
  const askRights = useCallback(
    async (asked: string, rowKeys: string[], onScreen: (key: string) => boolean = () => true) => {
      // Rows asked again (a refresh) keep their last answer meanwhile; new ones are read-only until theirs.
      rowKeys.forEach((key) => rights.current.has(key) || rights.current.set(key, pendingRights));
      // All at once when they were asked together already (the first page's prefetch, first-page.ts).
      const together = client.getQueryState(keys.rowRights(user, resource, rowKeys)) !== undefined;
      const first = together ? rowKeys : rowKeys.filter(onScreen);
      for (const part of [first, together ? [] : rowKeys.filter((key) => !onScreen(key))]) {
        if (part.length === 0) continue;
        // A failed ask (a busy server) is asked again; without any answer the rows keep their last answer,
        // or are read-only: the grid never offers an edit the row's policy has not allowed.
        const answer = await client
          .fetchQuery({ queryKey: keys.rowRights(user, resource, part), queryFn: () => fetchRowRights(resource, part), staleTime: pageStaleTime, retry: 2, retryDelay: 500 })
          .catch(() => null);
        if (asked !== queryRef.current) return;
        part.forEach((key) => {
          if (answer) rights.current.set(key, answer.get(key) ?? noRights);
          else if (rights.current.get(key) === pendingRights) rights.current.set(key, noRights);
        });
        setTick((t) => t + 1);
      }
    },
    [resource, client, user],
  );

  // Where the pages stand: island 0 holds pages at their exact positions (from the top by OFFSET,
  // then seeking); a far page seeks from a sampled sort-key value and starts an approximate island,
  // whose pages seek from one another. Two islands that meet must agree: an approximate one gives way.
  const islands = useRef(new Map<number, number>());
  const nextIsland = useRef(1);
  // Islands read backwards from an estimated end (Ctrl+End before the exact count), with that estimate:
  // their positions are the estimate's, so an exact count that differs drops them (the view reads again).
  const endIslands = useRef(new Map<number, number>());
  const dropped = useRef(new Set<number>());
  const lastRange = useRef<[number, number]>([0, 0]);
  // The rows on screen (their rights are asked before the margins'); everything until the grid says.
  const viewRange = useRef<[number, number]>([0, Number.MAX_SAFE_INTEGER]);
  const sample = useRef<{ query: string; answer: Promise<Sample | null> } | null>(null);
  const exactKnown = useRef('');
  const order = useMemo(() => seekOrder(sorters, keyColumn), [sorters, keyColumn]);
  const totalRef = useRef({ total: 0, estimated: false });
  // Before any effect: the grid's effects ask for pages against the count it has just rendered.
  useLayoutEffect(() => {
    totalRef.current = { total, estimated };
  }, [total, estimated]);
  const ensureRef = useRef<(first: number, last: number) => void>(() => undefined);

  const dropIsland = useCallback((island: number) => {
    dropped.current.add(island);
    for (const [page, of] of [...islands.current]) {
      if (of !== island) continue;
      islands.current.delete(page);
      pages.current.delete(page);
    }
  }, []);

  /**
   * The rows of the pages [first, first + count) and the island they belong to, read in ONE request
   * the cheapest way their neighbours allow: a jump or Ctrl+End needs two or three pages at once, and
   * reading them one after another (each seeking from the one before) cost a round trip each.
   */
  const readRun = useCallback(
    async (asked: string, first: number, count: number): Promise<{ rows: (BaseRecord | undefined)[]; island: number } | null> => {
      const last = first + count - 1;
      const wanted = count * pageSize;
      // One page keeps the key the first page's prefetch uses (first-page.ts); a run says its length.
      const cached = (how: string, read: () => Promise<(BaseRecord | undefined)[]>) =>
        client.fetchQuery({ queryKey: keys.rowPage(user, resource, asked, first, count === 1 ? how : `${how}:${count}`), queryFn: read, staleTime: pageStaleTime });
      const byOffset = async () => ({ rows: await cached('offset', () => readOffset(resource, filters, sorters, first * pageSize, wanted)), island: 0 });
      if (!order) return byOffset();
      // A neighbour on its way is waited for: seeking from it beats any other way.
      if (!pages.current.has(first - 1) && inFlight.current.has(first - 1)) await inFlight.current.get(first - 1);
      else if (!pages.current.has(last + 1) && !pages.current.has(first - 1) && inFlight.current.has(last + 1)) await inFlight.current.get(last + 1);
      if (asked !== queryRef.current) return null;
      const before = pages.current.get(first - 1);
      const after = pages.current.get(last + 1);
      const lastBefore = before?.[before.length - 1];
      if (before && lastBefore) {
        if (before.length < pageSize) return { rows: [], island: islands.current.get(first - 1) ?? 0 };
        const rows = await cached(`after:${String(lastBefore[keyColumn])}`, () => readSegments(resource, filters, order, segmentsAfter(order, lastBefore), wanted));
        return { rows, island: islands.current.get(first - 1) ?? 0 };
      }
      const firstAfter = after?.find((row) => row !== undefined);
      if (after && firstAfter) {
        const back = await cached(`before:${String(firstAfter[keyColumn])}`, async () =>
          (await readSegments(resource, filters, reversed(order), segmentsAfter(reversed(order), firstAfter), wanted)).reverse(),
        );
        // Short: the register starts inside these pages (an approximate island placed it too low).
        const rows = back.length < wanted && first > 0 ? [...Array<undefined>(wanted - back.length), ...back] : back;
        return { rows, island: islands.current.get(last + 1) ?? 0 };
      }
      if (first * pageSize < offsetBelow) return byOffset();
      const { total: shown, estimated: rough } = totalRef.current;
      const lastPage = Math.floor((shown - 1) / pageSize);
      if (last === lastPage && shown > 0) {
        // Ctrl+End: the order reversed, as many rows as the last pages hold.
        const end = shown - first * pageSize;
        const back = await cached(`last:${end}`, async () => (await readSegments(resource, filters, reversed(order), [[]], end)).reverse());
        const rows = back.length < end && first > 0 ? [...Array<undefined>(end - back.length), ...back] : back;
        if (!rough) return { rows, island: 0 };
        const island = nextIsland.current++;
        endIslands.current.set(island, shown);
        return { rows, island };
      }
      const sampled = sample.current?.query === asked ? await sample.current.answer : null;
      const at = sampled && shown > 0 ? await sampledValue(resource, filters, order, sampled, (first * pageSize) / shown) : null;
      if (!at) return byOffset();
      const rows = await cached(`from:${JSON.stringify(at.value)}`, () => readSegments(resource, filters, order, segmentsFrom(order, at.value), wanted));
      return { rows, island: nextIsland.current++ };
    },
    [client, user, resource, filters, sorters, keyColumn, order],
  );

  const fetchRunNow = useCallback(
    async (first: number, count: number) => {
      const asked = queryRef.current;
      const last = first + count - 1;
      try {
        const read = await readRun(asked, first, count);
        if (!read || asked !== queryRef.current || dropped.current.has(read.island)) return;
        const { rows, island } = read;
        // Meeting another island: positions must agree, so the approximate one goes.
        let keep = true;
        for (const near of [first - 1, last + 1]) {
          const other = islands.current.get(near);
          if (other === undefined || other === island || (other === 0 && island === 0)) continue;
          if (other !== 0) dropIsland(other);
          else {
            dropIsland(island);
            keep = false;
          }
        }
        const placed: [number, (BaseRecord | undefined)[]][] = [];
        for (let i = 0; i < count; i++) placed.push([first + i, rows.slice(i * pageSize, (i + 1) * pageSize)]);
        if (keep) {
          for (const [page, held] of placed) {
            pages.current.set(page, held as BaseRecord[]);
            islands.current.set(page, island);
          }
          if (withRights) {
            const [from, to] = viewRange.current;
            const onScreen = new Set<string>();
            const present: string[] = [];
            rows.forEach((row, i) => {
              if (row === undefined) return;
              present.push(String(row[keyColumn]));
              if (first * pageSize + i >= from && first * pageSize + i <= to) onScreen.add(String(row[keyColumn]));
            });
            void askRights(asked, present, (key) => onScreen.has(key));
          }
        }
        setCounts((c) => {
          const mine = c.query === asked;
          // A page at its exact place corrects the count (a short page ends the register); an approximate one only an estimate.
          const corrects = keep && (island === 0 || c.estimated || !mine);
          const total = corrects ? placed.reduce((t, [page, held]) => correctedTotal(t, page, held.length), mine ? c.total : 0) : mine ? c.total : 0;
          return {
            query: asked,
            total,
            // Counted from the pages held, not added up: a page asked again (a write elsewhere, a refresh) is not counted twice.
            loaded: [...pages.current.values()].reduce((sum, held) => sum + held.filter((row) => row !== undefined).length, 0),
            estimated: mine && c.estimated,
            known: (mine && c.known) || (keep && island === 0 && placed.some(([, held]) => held.length < pageSize)),
          };
        });
        setError(null);
        if (!keep) setTimeout(() => ensureRef.current(...lastRange.current), 0);
      } catch (e) {
        if (asked === queryRef.current) setError((e as Error).message);
      } finally {
        for (let page = first; page <= last; page++) {
          loading.current.delete(page);
          inFlight.current.delete(page);
        }
        if (asked === queryRef.current) setTick((t) => t + 1);
      }
    },
    [readRun, dropIsland, keyColumn, withRights, askRights],
  );

  const exactCountFor = useCallback(
    (asked: string) => {
      void client
        .fetchQuery({ queryKey: keys.rowPage(user, resource, asked, 0, 'exact'), queryFn: () => exactCount(resource, filters), staleTime: pageStaleTime })
        .then((n) => {
          if (asked !== queryRef.current) return;
          exactKnown.current = asked;
          for (const [island, anchored] of endIslands.current) if (anchored !== n) dropIsland(island);
          endIslands.current.clear();
          setCounts((c) => ({ query: asked, total: n, loaded: c.query === asked ? c.loaded : 0, estimated: false, known: true }));
        })
        .catch((e: Error) => asked === queryRef.current && setError(e.message));
    },
    [client, user, resource, filters, dropIsland],
  );

  /** The count: a sample's estimate ("≈") at once, the exact count when it comes (the policy is read row by row). */
  const countRows = useCallback(
    (asked: string, refresh: boolean) => {
      // A refresh keeps the count shown until the exact one arrives (no "≈" flicker on every write).
      if (refresh && sample.current?.query === asked) return exactCountFor(asked);
      const answer = sampleRegister(resource, filters).catch(() => null);
      sample.current = { query: asked, answer };
      void answer.then((s) => {
        if (!s || asked !== queryRef.current || exactKnown.current === asked) return;
        const exact = s.percent >= 100;
        if (exact) exactKnown.current = asked;
        setCounts((c) => ({ query: asked, total: Math.max(s.estimate, c.query === asked && !exact ? c.loaded : 0), loaded: c.query === asked ? c.loaded : 0, estimated: !exact, known: true }));
      });
      exactCountFor(asked);
    },
    [resource, filters, exactCountFor],
  );

  /** Reads the pages [first, first + count) that are neither held nor on their way, as one run. */
  const fetchRun = useCallback(
    (first: number, count: number): void => {
      const fetching = fetchRunNow(first, count);
      for (let page = first; page < first + count; page++) {
        loading.current.add(page);
        inFlight.current.set(page, fetching);
      }
    },
    [fetchRunNow],
  );

  const fetchPage = useCallback(
    (page: number): Promise<void> => {
      if (pages.current.has(page)) return Promise.resolve();
      if (!loading.current.has(page)) fetchRun(page, 1);
      return inFlight.current.get(page) ?? Promise.resolve();
    },
    [fetchRun],
  );

  useEffect(() => {
    const refresh = shownQuery.current === query;
    shownQuery.current = query;
    stale.current = refresh ? new Map([...stale.current, ...pages.current]) : new Map();
    if (!refresh) rights.current = new Map();
    queryRef.current = query;
    pages.current = new Map();
    loading.current = new Set();
    inFlight.current = new Map();
    islands.current = new Map();
    endIslands.current = new Map();
    dropped.current = new Set();
    exactKnown.current = '';
    // The rows on screen first: the counts (a full pass over the register under its policies) would
    // compete with them for the database's cores, so they are asked once the first page is in.
    void fetchPage(0).finally(() => queryRef.current === query && countRows(query, refresh));
    if (refresh) ensureRef.current(...lastRange.current);
  }, [query, generation, fetchPage, countRows]);

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
    (first: number, last: number, view?: [number, number]) => {
      lastRange.current = [first, last];
      viewRange.current = view ?? [first, last];
      // Pages missing side by side are read together, in one request (page-runs.ts).
      const { total: shown } = totalRef.current;
      const busy = (page: number) => pages.current.has(page) || loading.current.has(page);
      for (const [page, count] of missingRuns(Math.floor(Math.max(first, 0) / pageSize), Math.floor(last / pageSize), busy, shown > 0 ? Math.floor((shown - 1) / pageSize) : -1)) fetchRun(page, count);
    },
    [fetchRun],
  );
  useEffect(() => {
    ensureRef.current = ensure;
  }, [ensure]);

  const load = useCallback(
    async (first: number, last: number) => {
      const wanted: number[] = [];
      for (let page = Math.floor(Math.max(first, 0) / pageSize); page <= Math.floor(Math.max(last, 0) / pageSize); page++) wanted.push(page);
      // A few pages at a time: a large selection must not flood the server.
      for (let i = 0; i < wanted.length; i += 4) await Promise.all(wanted.slice(i, i + 4).map((page) => fetchPage(page)));
    },
    [fetchPage],
  );

  // A row whose rights have not been asked in this query yet (its page placed a moment before the
  // query's reset cleared them) counts as waiting: read-only, the view not ready, never editable unasked.
  const rightsNow = useCallback(
    (row: BaseRecord): RowRights | undefined => rights.current.get(String(row[keyColumn])) ?? (withRights ? pendingRights : undefined),
    [keyColumn, withRights],
  );

  return useMemo(
    () => ({
      load,
      total,
      loadedCount,
      error,
      getRow: (index: number) => {
        const page = Math.floor(index / pageSize);
        return (pages.current.get(page) ?? stale.current.get(page))?.[index % pageSize];
      },
      ensure,
      isLoaded: (first: number, last: number) => {
        for (let i = Math.max(first, 0); i <= Math.min(last, total - 1); i++) {
          const row = pages.current.get(Math.floor(i / pageSize))?.[i % pageSize];
          if (!row || rightsNow(row) === pendingRights) return false;
        }
        return true;
      },
      rightsOf: rightsNow,
      answeredRightsOf: (row: BaseRecord) => {
        const answer = rightsNow(row);
        return answer === pendingRights ? undefined : answer;
      },
      replaceRow: (index: number, row: BaseRecord) => {
        const page = pages.current.get(Math.floor(index / pageSize));
        if (page) page[index % pageSize] = row;
        // The person's own write: its answer is the newest version there is.
        if (held.current?.key === String(row[keyColumn])) held.current.latestVersion = undefined;
        setTick((t) => t + 1);
      },
      inView: async (rowKeys: readonly string[]) => (await readByKeys(resource, keyColumn, rowKeys, filters)).map((row) => String(row[keyColumn])),
      loadedRow: (rowKey: string) => {
        const at = locate(rowKey);
        return at ? at.rows[at.index] : undefined;
      },
      replaceByKey: (row: BaseRecord) => {
        const rowKey = String(row[keyColumn]);
        const at = locate(rowKey);
        if (!at) return;
        const before = at.rows[at.index];
        const next = { ...row };
        if (held.current?.key === rowKey) {
          held.current.latestVersion = row.version;
          next.version = before.version;
        }
        const until = Date.now() + flashMs;
        for (const column of Object.keys(row)) if (column !== 'version' && !sameValue(before[column], row[column])) flashes.current.set(`${rowKey}\u0000${column}`, until);
        at.rows[at.index] = next;
        setTick((t) => t + 1);
        setTimeout(() => setTick((t) => t + 1), flashMs + 50);
      },
      hold,
      indexOf: (rowKey: string) => locate(rowKey)?.at ?? null,
      flashing: (rowKey: string, column: string) => (flashes.current.get(`${rowKey}\u0000${column}`) ?? 0) > Date.now(),
      estimated,
      counted,
      reach: (index: number) => setCounts((c) => (c.query === query && c.total <= index ? { ...c, total: index + pageSize } : c)),
      reload: () => {
        void client.invalidateQueries({ queryKey: keys.register(user, resource) });
        setGeneration((g) => g + 1);
      },
    }),
    // tick: a page arrived or a row changed, so the grid must read again
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, total, estimated, counted, loadedCount, error, ensure, load, keyColumn, tick, client, user, resource, hold, locate, filters, rightsNow],
  );
}
