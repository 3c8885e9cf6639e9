// Rows grouped by an option column: the server sorts by the column, so each value's rows follow
// one another, and the grid puts a header row (the value and its count) before each run. The
// layout maps the grid's row numbers (headers included) to the rows' own positions and back.

export type GroupCount = { value: string | null; count: number };
export type GroupHeader = GroupCount & { /** The header's row in the grid. */ at: number; /** The group's first row among the data rows. */ first: number };
export type GridLine = { kind: 'header'; group: GroupHeader } | { kind: 'row'; index: number };

export type GroupLayout = {
  /** Rows in the grid: data rows and one header per group. */
  lines: number;
  groups: GroupHeader[];
  at(line: number): GridLine;
  /** The grid line showing a data row. */
  lineOf(index: number): number;
};

/** Groups in the server's order, with their counts (as the aggregate query answers). */
export function groupLayout(counts: readonly GroupCount[]): GroupLayout {
  const groups: GroupHeader[] = [];
  let first = 0;
  for (const { value, count } of counts) {
    if (count <= 0) continue;
    groups.push({ value, count, at: first + groups.length, first });
    first += count;
  }
  // The last group whose header is at or before the line (binary search: groups can be many).
  const groupAt = (line: number) => {
    let lo = 0;
    let hi = groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (groups[mid].at <= line) lo = mid;
      else hi = mid - 1;
    }
    return groups[lo];
  };
  const groupOf = (index: number) => {
    let lo = 0;
    let hi = groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (groups[mid].first <= index) lo = mid;
      else hi = mid - 1;
    }
    return groups[lo];
  };
  return {
    lines: first + groups.length,
    groups,
    at(line) {
      const group = groupAt(line);
      if (!group) return { kind: 'row', index: line };
      return line === group.at ? { kind: 'header', group } : { kind: 'row', index: group.first + (line - group.at - 1) };
    },
    lineOf(index) {
      const group = groupOf(index);
      return group ? group.at + 1 + (index - group.first) : index;
    },
  };
}

/** No grouping: every grid line is the data row of that number. */
export const flatLayout = (rows: number): GroupLayout => ({ lines: rows, groups: [], at: (line) => ({ kind: 'row', index: line }), lineOf: (index) => index });
