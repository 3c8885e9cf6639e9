import { describe, expect, it } from 'vitest';
import { flatLayout, groupLayout } from './grouping';

describe('rows grouped by an option column', () => {
  const layout = groupLayout([
    { value: '待审批', count: 2 },
    { value: '已批准', count: 0 },
    { value: '已驳回', count: 3 },
    { value: null, count: 1 },
  ]);

  it('puts a header with its count before each group that has rows', () => {
    expect(layout.lines).toBe(6 + 3);
    expect(layout.groups.map((g) => [g.value, g.count, g.at])).toEqual([['待审批', 2, 0], ['已驳回', 3, 3], [null, 1, 7]]);
  });

  it('maps grid lines to the rows in the server order and back', () => {
    const lines = Array.from({ length: layout.lines }, (_, i) => layout.at(i));
    expect(lines.map((l) => (l.kind === 'header' ? `h:${l.group.value}` : l.index))).toEqual(['h:待审批', 0, 1, 'h:已驳回', 2, 3, 4, 'h:null', 5]);
    for (let i = 0; i < 6; i++) expect(layout.at(layout.lineOf(i))).toEqual({ kind: 'row', index: i });
  });

  it('without grouping, a line is the row of that number', () => {
    expect(flatLayout(3).at(2)).toEqual({ kind: 'row', index: 2 });
    expect(flatLayout(3).lineOf(2)).toBe(2);
  });
});
