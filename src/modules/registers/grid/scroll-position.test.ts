import { describe, expect, it } from 'vitest';
import { cappedScrollTop } from './scroll-position';

// Glide's mapping of a scrollbar position onto its rows' pixels after a far move (infinite-scroller.js).
const glideY = (top: number, g: { contentHeight: number; scrollHeight: number; clientHeight: number }) =>
  ((g.contentHeight - g.clientHeight) * top) / (g.scrollHeight - g.clientHeight);

describe('a jump lands on its row however tall the grid', () => {
  // A million rows and the totals line at 34 px under a 36 px header, in Chromium's capped scroller.
  const tall = { contentHeight: 36 + 1_000_001 * 34, scrollHeight: 33_554_431, clientHeight: 700, scrollTop: 0 };

  it('the row asked for is at the top (Glide alone showed row ~506,700 for 500,000)', () => {
    for (const row of [499_999, 10_000, 999_000]) {
      const top = cappedScrollTop(row * 34, tall)!;
      expect(Math.floor(glideY(top, tall) / 34)).toBe(row);
      // cut by at most a pixel or so: never the row above, never half the row
      expect(glideY(top, tall) - row * 34).toBeLessThan(2);
    }
    // Glide's own scrollTo moves the scrollbar by the rows' pixels: proportionally further.
    expect(Math.floor(glideY(499_999 * 34, tall) / 34)).toBeGreaterThan(506_000);
  });

  it('leaves Glide to it where it is exact: an uncapped grid, a short move', () => {
    expect(cappedScrollTop(5_000 * 34, { contentHeight: 36 + 200_001 * 34, scrollHeight: 36 + 200_001 * 34, clientHeight: 700, scrollTop: 0 })).toBeNull();
    const near = cappedScrollTop(500_000 * 34, tall)!;
    expect(cappedScrollTop(500_030 * 34, { ...tall, scrollTop: near })).toBeNull();
    expect(cappedScrollTop(0, { ...tall, scrollTop: 1500 })).toBeNull();
    expect(cappedScrollTop(0, { ...tall, scrollTop: 2500 })).toBe(0);
    expect(cappedScrollTop(2_000_000 * 34, tall)).toBe(tall.scrollHeight - tall.clientHeight);
  });
});
