// Money, in yuan with at most two decimals (fen): "¥1,234.50", "￥1234.5", "1234.5元" and
// "RMB 1,234.5" are all 1234.5; a third decimal (other than 0) is refused rather than rounded away. Shown as
// ¥1,234.50, copied as 1234.50, exported as a number in Excel's #,##0.00.
import { InputNumber } from 'antd';
import type { ColumnKindSpec, FilterInputProps } from './column-kind';
import { numberEditor } from './kind-inputs';
import { fail, locale, numberCell, requiredRule } from './kind-parts';

const moneyText = /^(-?)(?:¥|￥|rmb|cny)?\s*(-?)(\d[\d,，\s]*(?:\.\d*)?|\.\d+)\s*(?:元|rmb|cny)?$/i;

function MoneyFilterInput({ value, onChange }: FilterInputProps) {
  return <InputNumber prefix="¥" precision={2} value={value as number | undefined} onChange={(n) => onChange(n ?? undefined)} data-testid="filter-value" />;
}

export const moneyKind: ColumnKindSpec = {
  name: 'money',
  parse: (column, text) => {
    const match = moneyText.exec(text.trim());
    if (!match || (match[1] && match[2])) return fail(column, 'money', { text });
    const digits = match[3].replace(/[,，\s]/g, '');
    if ((digits.split('.')[1] ?? '').replace(/0+$/, '').length > 2) return fail(column, 'money', { text });
    const n = Number(digits);
    if (!Number.isFinite(n)) return fail(column, 'money', { text });
    return { ok: true, value: match[1] || match[2] ? -n : n };
  },
  format: (_, value) => Number(value).toFixed(2),
  exportValue: (_, value) => Number(value),
  exportFormat: '#,##0.00',
  gridCell: (_, value, editable) =>
    numberCell(value, editable, (n) => `¥${n.toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`, (n) => n.toFixed(2)),
  Editor: numberEditor(2, '¥'),
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: MoneyFilterInput,
  sortable: true,
  summable: true,
  width: 120,
  wide: false,
  references: false,
};
