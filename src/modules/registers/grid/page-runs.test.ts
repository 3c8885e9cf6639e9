import { describe, expect, it } from 'vitest';
import { missingRuns } from './page-runs';

describe('pages missing side by side are read in one request', () => {
  const held = (pages: number[]) => (page: number) => pages.includes(page);

  it('runs of missing pages, split by held or loading ones', () => {
    expect(missingRuns(4998, 5000, held([]), -1)).toEqual([[4998, 3]]);
    expect(missingRuns(3, 9, held([5, 6]), -1)).toEqual([[3, 2], [7, 3]]);
    expect(missingRuns(-1, 1, held([0]), -1)).toEqual([[1, 1]]);
  });

  it('a run ends at the last page (read backwards from the end) and after a few pages', () => {
    expect(missingRuns(9998, 10_001, held([]), 9999)).toEqual([[9998, 2], [10_000, 2]]);
    expect(missingRuns(0, 9, held([]), -1, 4)).toEqual([[0, 4], [4, 4], [8, 2]]);
  });
});
