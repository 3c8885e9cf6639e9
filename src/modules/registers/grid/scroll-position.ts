// Where to put the grid's scrollbar so that a row lands at the top of the view, however many rows.
// A browser caps an element's height (Chromium: about 33.5 million pixels, under a million rows of
// 34 px). Glide Data Grid then scrolls a shorter element and, after a move of more than 2,000 pixels,
// maps the scrollbar's position proportionally onto its full height (infinite-scroller.js); moves of
// less go one to one. Its scrollTo moves the scrollbar by the distance in rows' pixels, so a far jump
// in a capped grid lands proportionally further: a jump to row 500,000 of a million showed row
// ~506,700. This gives the scrollbar position whose proportional mapping is the row itself.

/** Glide's own threshold: a scroll that moves further than this is mapped proportionally. */
export const proportionalAbove = 2000;

export type ScrollGeometry = {
  /** The grid's full height as Glide computes it: header plus every line. */
  contentHeight: number;
  /** The scroller's real scrollHeight (the browser's, capped). */
  scrollHeight: number;
  /** The scroller's clientHeight. */
  clientHeight: number;
  /** The scroller's scrollTop now. */
  scrollTop: number;
};

/**
 * The scrollTop that shows the content at `y` (in the grid's own pixels) at the top of the view, or
 * null when Glide's own scrollTo is exact: the browser did not cap the height, or the move is short
 * enough to go one to one. Rounded up: the top row is then cut by at most a pixel, never the one above.
 */
export function cappedScrollTop(y: number, g: ScrollGeometry): number | null {
  const scrollable = g.scrollHeight - g.clientHeight;
  const virtual = g.contentHeight - g.clientHeight;
  // Glide maps proportionally only when the content is taller than the element (by more than 5 px).
  if (scrollable <= 0 || g.contentHeight <= g.scrollHeight + 5) return null;
  const top = Math.min(scrollable, Math.max(0, Math.ceil((Math.min(Math.max(y, 0), virtual) * scrollable) / virtual)));
  // A short move is not mapped: Glide's scrollTo moves it one to one (exact).
  if (Math.abs(top - g.scrollTop) <= proportionalAbove) return null;
  return top;
}
