// postgres_changes filters as hosted Realtime takes them: `column=op.value` with eq, neq, lt, lte,
// gt, gte and in (`in.(a,b,c)`), matched against the row's values as Postgres prints them (text).

export type Filter = { column: string; op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in'; values: string[] };

const ops = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);

/** The parsed filter, or an error message saying why it is not one. */
export function parseFilter(text: string): Filter | string {
  const match = /^([^=]+)=([a-z]+)\.(.*)$/s.exec(text);
  if (!match || !ops.has(match[2])) return `invalid filter "${text}": expected column=op.value with op one of eq, neq, lt, lte, gt, gte, in`;
  const [, column, op, raw] = match;
  if (op === 'in') {
    const list = /^\((.*)\)$/s.exec(raw);
    if (!list) return `invalid filter "${text}": in expects (a,b,c)`;
    const values = list[1].split(',').map((v) => v.trim().replace(/^"(.*)"$/s, '$1'));
    return { column: column.trim(), op: 'in', values };
  }
  return { column: column.trim(), op: op as Filter['op'], values: [raw] };
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matches(filter: Filter, row: Record<string, string | null> | null): boolean {
  if (!row || !(filter.column in row)) return false;
  const value = row[filter.column];
  if (value === null || value === undefined) return false;
  const target = filter.values[0];
  switch (filter.op) {
    case 'eq':
      return compare(value, target) === 0;
    case 'neq':
      return compare(value, target) !== 0;
    case 'lt':
      return compare(value, target) < 0;
    case 'lte':
      return compare(value, target) <= 0;
    case 'gt':
      return compare(value, target) > 0;
    case 'gte':
      return compare(value, target) >= 0;
    case 'in':
      return filter.values.some((v) => compare(value, v) === 0);
  }
}
