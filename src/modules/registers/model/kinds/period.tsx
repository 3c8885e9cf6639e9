// Months and quarters: a date column that stands for a whole month (a statement's payout month, a
// monthly total) or a quarter (a statement's quarter, a survey score's), declared as such by its
// register. Stored as the period's first day; read as "2026年10月" / "2026年第3季度" (English
// "2026-10" / "2026 Q3"), typed, pasted and imported in those forms or as the first day itself,
// picked with a month or quarter picker. Exported as the same words, which import reads back.
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { ColumnKindSpec, EditorProps, FilterInputProps } from './column-kind';
import { dateKind } from './date';
import { fail, isEnglish, textCell } from './kind-parts';

dayjs.extend(customParseFormat);

type Period = 'month' | 'quarter';

const firstDay = (d: Dayjs, period: Period): Dayjs =>
  period === 'month' ? d.startOf('month') : d.startOf('month').month(Math.floor(d.month() / 3) * 3);

/** The words of a period's first day (YYYY-MM-DD) in the user's language. */
export function periodText(period: Period, isoDay: string, english = isEnglish()): string {
  const d = dayjs(isoDay.slice(0, 10), 'YYYY-MM-DD', true);
  if (!d.isValid()) return isoDay;
  const quarter = Math.floor(d.month() / 3) + 1;
  if (period === 'month') return english ? d.format('YYYY-MM') : d.format('YYYY年M月');
  return english ? `${d.year()} Q${quarter}` : `${d.year()}年第${quarter}季度`;
}

/** The first day a text names, or null: the words in either language, or that first day itself. */
export function parsePeriod(period: Period, text: string): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (period === 'quarter') {
    const q = /^(\d{4})\s*(?:年\s*第?\s*([1-4一二三四])\s*季度?|[- ]?[Qq]([1-4]))$/.exec(t);
    if (q) {
      const n = q[3] ? Number(q[3]) : '1234'.includes(q[2]) ? Number(q[2]) : '一二三四'.indexOf(q[2]) + 1;
      return `${q[1]}-${String((n - 1) * 3 + 1).padStart(2, '0')}-01`;
    }
  } else {
    const m = dayjs(t, ['YYYY-MM', 'YYYY-M', 'YYYY/M', 'YYYY.M', 'YYYY年M月', 'YYYYMM'], true);
    if (m.isValid()) return m.format('YYYY-MM-01');
  }
  const day = dayjs(t, ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY年M月D日'], true);
  return day.isValid() && firstDay(day, period).isSame(day, 'day') ? day.format('YYYY-MM-DD') : null;
}

function periodKind(period: Period): ColumnKindSpec {
  const text = (value: unknown) => (value === null || value === undefined ? '' : periodText(period, String(value)));
  const picked = (d: Dayjs | null) => (d ? firstDay(d, period).format('YYYY-MM-DD') : null);
  const Editor = ({ value, onChange, disabled, id }: EditorProps) => (
    <DatePicker id={id} picker={period} style={{ width: '100%' }} disabled={disabled} format={(d) => periodText(period, d.format('YYYY-MM-DD'))}
      value={value ? dayjs(String(value)) : null} onChange={(d: Dayjs | null) => onChange?.(picked(d))} />
  );
  const FilterInput = ({ value, onChange }: FilterInputProps) => (
    <DatePicker picker={period} format={(d) => periodText(period, d.format('YYYY-MM-DD'))} value={value ? dayjs(String(value)) : null}
      onChange={(d: Dayjs | null) => onChange(picked(d))} data-testid="filter-value" />
  );
  return {
    ...dateKind,
    name: period,
    parse: (column, raw) => {
      const day = parsePeriod(period, raw);
      return day ? { ok: true, value: day } : fail(column, period, { text: raw });
    },
    format: (_, value) => text(value),
    exportValue: (_, value) => text(value),
    exportFormat: undefined,
    gridCell: (_, value, editable) => textCell(text(value), editable),
    Editor,
    FilterInput,
  };
}

export const monthKind = periodKind('month');
export const quarterKind = periodKind('quarter');
