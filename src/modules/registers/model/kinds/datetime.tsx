// Date and time (timestamptz): "2026-11-23 14:30", "2026/11/23 9:05", ISO texts, or a bare date
// (midnight), read in the user's time zone and stored as an instant; shown as YYYY-MM-DD HH:mm
// local time, exported as an Excel date-time of that wall-clock time (Excel has no zones).
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { DateGridEditor } from './grid-editors';
import { dateFormats } from './date';
import { fail, requiredRule, textCell } from './kind-parts';

dayjs.extend(customParseFormat);

const dateTimeFormats = ['YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY/M/D HH:mm', 'YYYY/M/D H:mm', 'YYYY/M/D HH:mm:ss', 'YYYY-M-D H:mm', 'YYYY年M月D日 HH:mm', 'YYYY年M月D日 H:mm', ...dateFormats];
const format = (value: unknown) => dayjs(String(value)).format('YYYY-MM-DD HH:mm');

const DateTimeEditor = ({ value, onChange, disabled, id }: EditorProps) => (
  <DatePicker id={id} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabled={disabled} value={value ? dayjs(String(value)) : null} onChange={(d: Dayjs | null) => onChange?.(d ? d.toISOString() : null)} />
);

const DateTimeFilterInput = ({ value, onChange }: FilterInputProps) => (
  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={value ? dayjs(String(value)) : null} onChange={(d: Dayjs | null) => onChange(d ? d.toISOString() : null)} data-testid="filter-value" />
);

const DateTimeCellEditor = (props: GridEditorProps) => <DateGridEditor withTime {...props} parse={(text) => { const r = datetimeKind.parse(props.column, text); return r.ok ? r.value : undefined; }} />;

export const datetimeKind: ColumnKindSpec = {
  name: 'datetime',
  parse: (column, text) => {
    const iso = dayjs(text);
    const d = /^\d{4}-\d{2}-\d{2}T/.test(text) && iso.isValid() ? iso : dayjs(text, dateTimeFormats, true);
    return d.isValid() ? { ok: true, value: d.toISOString() } : fail(column, 'datetime', { text });
  },
  format: (_, value) => format(value),
  exportValue: (_, value) => {
    const d = dayjs(String(value));
    return new Date(Date.UTC(d.year(), d.month(), d.date(), d.hour(), d.minute(), d.second()));
  },
  exportFormat: 'yyyy-mm-dd hh:mm',
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : format(value), editable),
  Editor: DateTimeEditor,
  GridEditor: DateTimeCellEditor,
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: DateTimeFilterInput,
  sortable: true,
  summable: false,
  width: 150,
  wide: false,
  references: false,
};
