// Dates: "2026-11-23", "2026/11/23", "2026.11.23", "20261123" and "2026年11月23日" are one day,
// stored and shown as YYYY-MM-DD; exported as an Excel date (which import reads back as the day).
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { DateGridEditor } from './grid-editors';
import { fail, requiredRule, textCell } from './kind-parts';

dayjs.extend(customParseFormat);

export const dateFormats = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYYMMDD', 'YYYY年M月D日', 'YYYY-M-D'];

const DateEditor = ({ value, onChange, disabled, id }: EditorProps) => (
  <DatePicker id={id} style={{ width: '100%' }} disabled={disabled} value={value ? dayjs(String(value)) : null} onChange={(d: Dayjs | null) => onChange?.(d ? d.format('YYYY-MM-DD') : null)} />
);

const DateFilterInput = ({ value, onChange }: FilterInputProps) => (
  <DatePicker value={value ? dayjs(String(value)) : null} onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : null)} data-testid="filter-value" />
);

const DateCellEditor = (props: GridEditorProps) => <DateGridEditor {...props} parse={(text) => { const r = dateKind.parse(props.column, text); return r.ok ? r.value : undefined; }} />;

export const dateKind: ColumnKindSpec = {
  name: 'date',
  parse: (column, text) => {
    const d = dayjs(text, dateFormats, true);
    return d.isValid() ? { ok: true, value: d.format('YYYY-MM-DD') } : fail(column, 'date', { text });
  },
  format: (_, value) => String(value).slice(0, 10),
  // Excel has no time zones: the day at midnight UTC is what exceljs writes as that day.
  exportValue: (_, value) => {
    const [y, m, d] = String(value).slice(0, 10).split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  },
  exportFormat: 'yyyy-mm-dd',
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : String(value).slice(0, 10), editable),
  Editor: DateEditor,
  GridEditor: DateCellEditor,
  rules: requiredRule,
  filterOperators: ['eq', 'gte', 'lte', 'null', 'nnull'],
  FilterInput: DateFilterInput,
  sortable: true,
  summable: false,
  width: 110,
  wide: false,
  references: false,
};
