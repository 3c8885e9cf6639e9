// The editor for one column, chosen by its type: text, long text, number, switch, date, date and
// time, a list of options, or a searchable picker of the referenced register.
import { useSelect } from '@refinedev/antd';
import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnMeta } from '../model/register-meta';

function ReferencePicker({ column, value, onChange, disabled }: { column: ColumnMeta; value?: unknown; onChange?: (v: unknown) => void; disabled?: boolean }) {
  const display = column.references?.display ?? 'id';
  const { selectProps } = useSelect({
    resource: column.references!.table,
    optionLabel: display as never,
    optionValue: 'id' as never,
    pagination: { pageSize: 50 },
    defaultValue: value as string | undefined,
    onSearch: (text) => [{ field: display, operator: 'contains', value: text }],
  });
  return <Select options={selectProps.options} onSearch={selectProps.onSearch} loading={selectProps.loading} value={(value as string | null | undefined) ?? undefined} onChange={(v) => onChange?.(v ?? null)} disabled={disabled} allowClear showSearch filterOption={false} style={{ width: '100%' }} />;
}

export function FieldInput({ column, disabled, ...props }: { column: ColumnMeta; disabled?: boolean; value?: unknown; onChange?: (v: unknown) => void }) {
  switch (column.kind) {
    case 'longtext':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} disabled={disabled} {...(props as object)} />;
    case 'integer':
    case 'number':
      return <InputNumber style={{ width: '100%' }} precision={column.kind === 'integer' ? 0 : undefined} disabled={disabled} {...(props as object)} />;
    case 'boolean':
      return <Switch disabled={disabled} checked={Boolean(props.value)} onChange={props.onChange} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} disabled={disabled} value={props.value ? dayjs(String(props.value)) : null} onChange={(d: Dayjs | null) => props.onChange?.(d ? d.format('YYYY-MM-DD') : null)} />;
    case 'datetime':
      return <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabled={disabled} value={props.value ? dayjs(String(props.value)) : null} onChange={(d: Dayjs | null) => props.onChange?.(d ? d.toISOString() : null)} />;
    case 'option':
      return <Select allowClear={!column.required} disabled={disabled} options={column.options!.map((o) => ({ value: o, label: o }))} {...(props as object)} />;
    case 'reference':
      return <ReferencePicker column={column} disabled={disabled} {...props} />;
    case 'json':
      return <Input.TextArea autoSize={{ minRows: 2 }} disabled={disabled} value={props.value === undefined || props.value === null ? '' : JSON.stringify(props.value)} onChange={(e) => { try { props.onChange?.(JSON.parse(e.target.value)); } catch { props.onChange?.(e.target.value); } }} />;
    default:
      return <Input disabled={disabled} {...(props as object)} value={(props.value as string) ?? ''} />;
  }
}
