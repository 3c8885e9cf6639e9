// How many rows the grid has: pages of 100, an exact count for small registers, and PostgREST's
// estimate corrected by the pages themselves for large ones.
export const pageSize = 100;

/** Pages stay fresh until a write invalidates them (or the person refreshes). */
export const pageStaleTime = 5 * 60_000;

/** Pages starting above this row are read by seeking (from a neighbour page or a sampled sort-key value), not by OFFSET. */
export const offsetBelow = 10_000;

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
