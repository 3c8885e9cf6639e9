// A Chinese resident identity card number (GB 11643-1999): 18 characters, 17 digits and a check
// character (0–9 or X) computed from them, with a real date of birth at positions 7–14. Spaces
// are taken out and a lower-case x is read as X; a wrong check character is named in the refusal.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { ColumnKindSpec } from './column-kind';
import { TextFilterInput, tidyingEditor } from './kind-inputs';
import { checkPattern, containsSearch, fail, parseRule, requiredRule, textCell } from './kind-parts';

dayjs.extend(customParseFormat);

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** The check character of the first 17 digits. */
export const idCardCheck = (first17: string): string => checkCharacters[[...first17].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11];

const tidy = (text: string) => text.replace(/\s+/g, '').toUpperCase();

const parse: ColumnKindSpec['parse'] = (column, text) => {
  const id = tidy(text);
  if (!/^\d{17}[\dX]$/.test(id)) return fail(column, 'idCard', { text });
  const born = dayjs(id.slice(6, 14), 'YYYYMMDD', true);
  if (!born.isValid() || born.year() < 1900 || born.isAfter(dayjs())) return fail(column, 'idCard', { text });
  const check = idCardCheck(id.slice(0, 17));
  if (id[17] !== check) return fail(column, 'idCardCheck', { text, check });
  return checkPattern(column, id);
};

export const idCardKind: ColumnKindSpec = {
  name: 'id_card',
  parse,
  format: (_, value) => String(value),
  exportValue: (_, value) => String(value),
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : String(value), editable),
  Editor: tidyingEditor(tidy),
  rules: (column) => [...requiredRule(column), parseRule((text) => parse(column, text))],
  filterOperators: ['eq', 'contains', 'null', 'nnull'],
  FilterInput: TextFilterInput,
  quickSearch: containsSearch,
  sortable: true,
  summable: false,
  width: 170,
  wide: false,
  references: false,
};
