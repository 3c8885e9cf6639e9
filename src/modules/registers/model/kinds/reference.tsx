// A key of another register (a single-column foreign key): shown by the referenced row's label
// (its name, title or code), typed, pasted and imported by that label, picked in forms from a
// searchable list of the referenced register, exported as the label (which import looks up).
import { useSelect } from '@refinedev/antd';
import { Select } from 'antd';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { ChoiceGridEditor } from './grid-editors';
import { fail, requiredRule, textCell } from './kind-parts';
import { useReferenceChoices } from './reference-choices';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label = (value: unknown, labels: ReadonlyMap<string, string>) => labels.get(String(value)) ?? String(value);

function ReferenceEditor({ column, value, onChange, disabled, id }: EditorProps) {
  const display = column.references?.display ?? 'id';
  const { selectProps } = useSelect({
    resource: column.references?.table ?? '',
    optionLabel: display as never,
    optionValue: 'id' as never,
    pagination: { pageSize: 50 },
    defaultValue: value as string | undefined,
    onSearch: (text) => [{ field: display, operator: 'contains', value: text }],
    queryOptions: { enabled: !!column.references },
  });
  return (
    <Select id={id} options={selectProps.options} onSearch={selectProps.onSearch} loading={selectProps.loading} value={(value as string | null | undefined) ?? undefined} onChange={(v) => onChange?.(v ?? null)} disabled={disabled} allowClear showSearch filterOption={false} style={{ width: '100%' }} />
  );
}

// The rows already on screen give the choices; a key can also be typed in.
const ReferenceFilterInput = ({ column, value, onChange, references }: FilterInputProps) => (
  <Select mode="tags" style={{ minWidth: 200 }} value={(value as string[] | undefined) ?? []} options={[...references.labels(column).entries()].map(([key, text]) => ({ value: key, label: text }))} optionFilterProp="label" onChange={onChange} data-testid="filter-value" />
);

// The grid's editor: the referenced register searched on the server as the person types, each
// name with what tells it apart from a namesake (its code, department, phone).
function ReferenceGridEditor({ column, value, labels, initialText, onCommit, onCancel }: GridEditorProps) {
  const { choices, loading, search } = useReferenceChoices(column, initialText ?? '', value, labels);
  return <ChoiceGridEditor choices={choices} value={(value as string | null) ?? null} required={column.required} loading={loading} initialText={initialText} onSearch={search} onCommit={onCommit} onCancel={onCancel} />;
}

export const referenceKind: ColumnKindSpec = {
  name: 'reference',
  parse: (column, text, lookup) => {
    const key = lookup?.get(text) ?? (uuid.test(text) ? text : undefined);
    return key ? { ok: true, value: key } : fail(column, 'reference', { text });
  },
  format: (_, value, labels) => label(value, labels),
  exportValue: (_, value, labels) => label(value, labels),
  gridCell: (_, value, editable, labels) => textCell(value === null || value === undefined ? '' : label(value, labels), editable),
  Editor: ReferenceEditor,
  GridEditor: ReferenceGridEditor,
  rules: requiredRule,
  filterOperators: ['in', 'null', 'nnull'],
  FilterInput: ReferenceFilterInput,
  // Keys are not in the order of their labels: sorting by them would look random.
  sortable: false,
  summable: false,
  width: 120,
  wide: false,
  references: true,
};
