import { describe, expect, it } from 'vitest';
import { correctedTotal, pageSize } from './row-count';

describe('the grid’s row count under an estimate', () => {
  it('ends the register where a short page ends, whatever the estimate said', () => {
    expect(correctedTotal(91_351, 3, 40)).toBe(3 * pageSize + 40);
    expect(correctedTotal(5, 0, 3)).toBe(3);
  });

  it('grows past an estimate that a full page at its end proves too low', () => {
    const total = 91_351;
    const lastPage = Math.floor((total - 1) / pageSize);
    expect(correctedTotal(total, lastPage, pageSize)).toBe((lastPage + 1) * pageSize + pageSize);
  });

  it('keeps an estimate that a full page in the middle does not contradict', () => {
    expect(correctedTotal(1_000_000, 10, pageSize)).toBe(1_000_000);
  });

  it('shrinks an estimate when a page past the real end comes back empty', () => {
    expect(correctedTotal(1_000_000, 5000, 0)).toBe(5000 * pageSize);
  });
});
