// Percentages, stored as the fraction (0.125 is 12.5%), as Excel stores a cell formatted as a
// percentage. "12.5%" (or "12.5％") means 12.5 percent; a bare number is the fraction itself, so
// "0.125" is 12.5% and "12" is 1200%: Excel's cell value, which an XLSX import reads, is the
// fraction, and a text that means a percentage says so with its sign. Shown and copied as
// "12.5%", exported as the fraction in Excel's 0.00% format, not added up.
import { InputNumber } from 'antd';
import type { ColumnKindSpec, EditorProps, FilterInputProps } from './column-kind';
import { fail, plainNumber, requiredRule, textCell } from './kind-parts';

// Division by 100 leaves binary noise (0.07 / 100 = 0.0007000000000000001); 12 digits are plenty.
const tidy = (n: number) => Number(n.toPrecision(12));
const asPercent = (fraction: unknown) => tidy(Number(fraction) * 100);
const format = (value: unknown) => `${asPercent(value)}%`;

function PercentInput({ value, onChange, disabled, id, testId }: { value: unknown; onChange(v: number | null): void; disabled?: boolean; id?: string; testId?: string }) {
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      addonAfter="%"
      disabled={disabled}
      value={value === null || value === undefined ? null : asPercent(value)}
      onChange={(n) => onChange(n === null || n === undefined ? null : tidy(Number(n) / 100))}
      data-testid={testId}
    />
  );
}

const PercentEditor = ({ value, onChange, disabled, id }: EditorProps) => <PercentInput id={id} value={value} disabled={disabled} onChange={(v) => onChange?.(v)} />;
const PercentFilterInput = ({ value, onChange }: FilterInputProps) => <PercentInput value={value} onChange={(v) => onChange(v ?? undefined)} testId="filter-value" />;

export const percentKind: ColumnKindSpec = {
  name: 'percent',
  parse: (column, text) => {
    const percent = /^(.*?)\s*[%％]$/.exec(text);
    const n = plainNumber(percent ? percent[1] : text);
    if (n === null) return fail(column, 'percent', { text });
    return { ok: true, value: percent ? tidy(n / 100) : n };
  },
  format: (_, value) => format(value),
  exportValue: (_, value) => Number(value),
  exportFormat: '0.00%',
  // A text cell, so that an edit keeps its % sign (a bare number would be read as the fraction).
  gridCell: (_, value, editable) => ({ ...textCell(value === null || value === undefined ? '' : format(value), editable), contentAlign: 'right' }),
  Editor: PercentEditor,
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: PercentFilterInput,
  sortable: true,
  summable: false,
  width: 100,
  wide: false,
  references: false,
};
