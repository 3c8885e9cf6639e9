// One of a list (an enum or a check constraint's list). Values are stored in Chinese (or, for a
// few, as codes: roles, permission actions and scopes); the screens show each in the person's
// language (ColumnMeta.optionsEn, optionsZh: private.option_labels). Paste and import take the
// value or either label; export writes the stored value, so that it imports back anywhere.
// The quick search finds the options whose value or label contains the words.
import { Select } from 'antd';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { ChoiceGridEditor } from './grid-editors';
import { cellMessage, fail, optionLabel, optionList, optionsMatching, optionValue, requiredRule, textCell } from './kind-parts';

const choices = (column: EditorProps['column']) => (column.options ?? []).map((o) => ({ value: o, label: optionLabel(column, o) }));

const OptionEditor = ({ column, value, onChange, disabled, id }: EditorProps) => (
  <Select id={id} allowClear={!column.required} disabled={disabled} options={choices(column)} value={(value as string | null | undefined) ?? undefined} onChange={(v: string | undefined) => onChange?.(v ?? null)} />
);

const OptionFilterInput = ({ column, value, onChange }: FilterInputProps) => (
  <Select mode="multiple" style={{ minWidth: 200 }} value={(value as string[] | undefined) ?? []} options={choices(column)} optionFilterProp="label" onChange={onChange} data-testid="filter-value" />
);

// The grid's editor: a dropdown of the options with type-ahead.
const OptionGridEditor = ({ column, value, initialText, onCommit, onCancel }: GridEditorProps) => (
  <ChoiceGridEditor choices={choices(column)} value={(value as string | null) ?? null} required={column.required} initialText={initialText} onCommit={onCommit} onCancel={onCancel} />
);

export const optionKind: ColumnKindSpec = {
  name: 'option',
  parse: (column, text) => {
    const value = optionValue(column, text);
    return value !== null ? { ok: true, value } : fail(column, 'option', { text, options: optionList(column) });
  },
  format: (column, value) => optionLabel(column, value),
  exportValue: (_, value) => String(value),
  gridCell: (column, value, editable) => textCell(value === null || value === undefined ? '' : optionLabel(column, value), editable),
  Editor: OptionEditor,
  GridEditor: OptionGridEditor,
  rules: (column) => [
    ...requiredRule(column),
    { type: 'enum', enum: [...(column.options ?? []), null, undefined] as never[], message: cellMessage(column, 'option', { text: '', options: optionList(column) }) },
  ],
  filterOperators: ['in', 'null', 'nnull'],
  FilterInput: OptionFilterInput,
  quickSearch: (column, text) => {
    const values = optionsMatching(column, text);
    return values.length > 0 ? [{ field: column.name, operator: 'in', value: values }] : [];
  },
  sortable: true,
  summable: false,
  width: 110,
  wide: false,
  references: false,
};
