// Reading the view's rows page after page for the export (issue 18). When the order is one sort
// column then the register's key (the grid's orders are), each page seeks past the previous page's
// last row (keyset on the sort column and the key, as the grid's seek-order.ts does), so page
// 100 costs what page 1 costs; any other order reads by OFFSET. Nulls sort as PostgREST orders
// them (ascending: last; descending: first): a seek crosses from the values to the nulls (or back)
// in a second segment, read only when the first comes back short.

export type Row = Record<string, unknown>;

/** One sort column then the key (or the key alone), each ascending or not. */
export type SeekOrder = { column: string; asc: boolean; key: string; keyAsc: boolean };

const plain = /^[a-z_][a-z0-9_]{0,62}$/;

/** The seek order of a PostgREST `order` parameter ending with the key, or null (OFFSET then). */
export function seekOrder(order: string | null, key: string | undefined): SeekOrder | null {
  if (!order || !key || !plain.test(key)) return null;
  const terms = order.split(',').map((term) => {
    const [column, direction, ...rest] = term.split('.');
    return rest.length === 0 && plain.test(column) && (direction === undefined || direction === 'asc' || direction === 'desc') ? { column, asc: direction !== 'desc' } : null;
  });
  if (terms.length === 0 || terms.length > 2 || terms.some((t) => t === null)) return null;
  const last = terms.at(-1)!;
  if (last.column !== key) return null;
  const first = terms[0]!;
  return { column: first.column, asc: first.asc, key, keyAsc: last.asc };
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/** A value inside a PostgREST logic tree (or=(…)): always quoted, so dots, commas and colons stay in it. */
function treeValue(value: unknown): string {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Query parameters [name, value] of the segments of rows after `row` in `order` (all rows: row null). */
export function segmentsAfter(order: SeekOrder, row: Row | null): [string, string][][] {
  if (!row) return [[]];
  const keyOp = order.keyAsc ? 'gt' : 'lt';
  const y = String(row[order.key]);
  if (order.column === order.key) return [[[order.key, `${keyOp}.${y}`]]];
  const x = row[order.column];
  const nullsLast = order.asc;
  if (x === null || x === undefined) {
    const nulls: [string, string][] = [[order.column, 'is.null'], [order.key, `${keyOp}.${y}`]];
    return nullsLast ? [nulls] : [nulls, [[order.column, 'not.is.null']]];
  }
  const past = order.asc ? 'gt' : 'lt';
  const values: [string, string][] = [
    // the bound lets the index start at the row; the tree drops the row's equals up to its key
    [order.column, `${order.asc ? 'gte' : 'lte'}.${String(x)}`],
    ['or', `(${order.column}.${past}.${treeValue(x)},and(${order.column}.eq.${treeValue(x)},${order.key}.${keyOp}.${treeValue(y)}))`],
  ];
  return nullsLast ? [values, [[order.column, 'is.null']]] : [values];
}

export type PageReader = (url: string) => Promise<Row[]>;

/**
 * The rows of `base` (a table's URL and the view's query: select, filters, order) in pages of
 * at most `size`, at most `limit` in all. `read` fetches one URL as the person.
 */
export async function* pages(base: string, query: string, key: string | undefined, size: number, limit: number, read: PageReader): AsyncGenerator<Row[]> {
  const params = new URLSearchParams(query);
  let order = seekOrder(params.get('order'), key);
  if (order) {
    // The seek needs the sort column and the key of each page's last row, asked for or not.
    const select = params.get('select');
    if (select && select !== '*') {
      const listed = new Set(select.split(','));
      const extra = [order.column, order.key].filter((c, i, all) => !listed.has(c) && all.indexOf(c) === i);
      if (extra.length) params.set('select', [select, ...extra].join(','));
    }
  }
  const urlOf = (extra: [string, string][], count: number, offset?: number) => {
    const p = new URLSearchParams(params);
    for (const [name, value] of extra) p.append(name, value);
    p.set('limit', String(count));
    if (offset) p.set('offset', String(offset));
    return `${base}?${p.toString()}`;
  };
  let done = 0;
  let last: Row | null = null;
  while (done < limit) {
    const want = Math.min(size, limit - done);
    let rows: Row[] = [];
    // A sort value that is no scalar (an array, a JSON value) cannot be written into a seek: the
    // rest is read by OFFSET, in the same order, from the rows done.
    if (order && last && isObject(last[order.column])) order = null;
    if (order) {
      for (const segment of segmentsAfter(order, last)) {
        if (rows.length >= want) break;
        const got = await read(urlOf(segment, want - rows.length));
        rows = rows.length ? rows.concat(got) : got;
      }
    } else {
      rows = await read(urlOf([], want, done));
    }
    if (rows.length === 0) return;
    done += rows.length;
    last = rows[rows.length - 1];
    yield rows;
    // A short page is not taken for the end: the API caps a page (max_rows) and may give fewer
    // than asked; only an empty page ends the rows (one more round trip, never a lost page).
  }
}

/**
 * The source's items, read up to `depth` ahead of the one taken (each prepared before it is
 * handed on), so that reading and preparing the next pages overlap writing this one. Memory is
 * bounded by `depth` pages whatever the row count. An error of the source reaches the taker.
 */
export async function* readAhead<T>(source: AsyncIterator<T>, depth: number, prepare: (item: T) => Promise<void>): AsyncGenerator<T> {
  const ahead: Promise<IteratorResult<T>>[] = [];
  const pull = () => {
    const next = source.next().then(async (r) => {
      if (!r.done) await prepare(r.value);
      return r;
    });
    next.catch(() => undefined);
    ahead.push(next);
  };
  for (let i = 0; i < depth; i += 1) pull();
  for (;;) {
    const r = await ahead.shift()!;
    if (r.done) return;
    pull();
    yield r.value;
  }
}
