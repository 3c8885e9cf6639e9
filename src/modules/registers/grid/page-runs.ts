// Which pages the grid reads together: the pages missing side by side in the rows it needs are one
// request (a jump or Ctrl+End needs two or three pages at once; one after another, each seeking from
// the one before, they cost a round trip each). A run ends at the register's last page, which is
// read backwards from the end, and after `maxRun` pages.

/** The most pages one request reads (the view plus its margins spans two or three). */
export const maxRun = 4;

/**
 * The runs [first page, count] of the pages from `from` to `to` that are neither held nor on their
 * way (`busy`), in order. `lastPage`: the register's last page as the count has it (-1: not known).
 */
export function missingRuns(from: number, to: number, busy: (page: number) => boolean, lastPage: number, most = maxRun): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  const flush = (end: number) => {
    if (start >= 0) runs.push([start, end - start]);
    start = -1;
  };
  for (let page = Math.max(from, 0); page <= to; page++) {
    if (busy(page)) {
      flush(page);
      continue;
    }
    if (start < 0) start = page;
    if (page === lastPage || page - start + 1 === most) flush(page + 1);
  }
  flush(to + 1);
  return runs;
}
