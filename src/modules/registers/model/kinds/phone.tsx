// Chinese phone numbers: an 11-digit mobile (1[3-9]…, separators and a +86 / 0086 prefix taken
// out: "+86 138-0013-8000" is 13800138000) or a landline, its area code kept apart by a dash when
// the text separates it ("(010) 1234 5678", "010 12345678" and "010-1234-5678" are 010-12345678;
// "01012345678" stays as typed, since 010 and 0101 cannot be told apart), or a 7–8 digit local
// number. Where the register's check constraint gives the format, the tidied number must pass it
// and a refusal uses the constraint's words; without one, the number must be one of the above.
import type { ColumnKindSpec } from './column-kind';
import { TextFilterInput, tidyingEditor } from './kind-inputs';
import { checkPattern, containsSearch, fail, parseRule, patternRules, requiredRule, textCell } from './kind-parts';

const halfWidth = (text: string) =>
  text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[－—–]/g, '-').replace(/（/g, '(').replace(/）/g, ')').replace(/＋/g, '+');

/** The number tidied to the register's usual shape, or null if it is not a Chinese phone number. */
export function tidyPhone(text: string): string | null {
  let t = halfWidth(text.trim()).replace(/^(?:\(\+?86\)|\+86|0086)[\s-]*/, '');
  // A space after the area code separates it like a dash.
  t = t.replace(/^(\(?0\d{2,3}\)?)\s+/, '$1-').replace(/\s+/g, '');
  const digits = t.replace(/[-().]/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  const area = /^\((0\d{2,3})\)-?(.+)$/.exec(t) ?? /^(0\d{2,3})-(.+)$/.exec(t);
  if (area) {
    const number = area[2].replace(/-/g, '');
    return /^\d{7,8}$/.test(number) ? `${area[1]}-${number}` : null;
  }
  if (/^0\d{9,11}$/.test(digits) || /^\d{7,8}$/.test(digits)) return digits;
  return null;
}

const parse: ColumnKindSpec['parse'] = (column, text) => {
  const tidied = tidyPhone(text);
  if (column.pattern) return checkPattern(column, tidied ?? text.replace(/\s+/g, ''));
  return tidied !== null ? { ok: true, value: tidied } : fail(column, 'phone', { text });
};

export const phoneKind: ColumnKindSpec = {
  name: 'phone',
  parse,
  format: (_, value) => String(value),
  exportValue: (_, value) => String(value),
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : String(value), editable),
  Editor: tidyingEditor(tidyPhone),
  rules: (column) => [...requiredRule(column), column.pattern ? patternRules(column)[0] : parseRule((text) => parse(column, text))],
  filterOperators: ['contains', 'eq', 'ne', 'null', 'nnull'],
  FilterInput: TextFilterInput,
  quickSearch: containsSearch,
  sortable: true,
  summable: false,
  width: 120,
  wide: false,
  references: false,
};
