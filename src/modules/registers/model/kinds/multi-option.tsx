// Several of a list (a text[] column whose check lists the options). A text names them separated
// by 、 , ， ; ； | or new lines, each by its stored value or either label; shown in the user's
// language, exported as the stored values joined by 、 (which import reads back). Filtered by
// "holds all of"; the quick search finds rows holding an option whose value or label matches.
import { Select } from 'antd';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { ChoiceGridEditor } from './grid-editors';
import { cellMessage, fail, isEnglish, optionLabel, optionList, optionsMatching, optionValue, textCell } from './kind-parts';

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)]);
const format = (column: EditorProps['column'], value: unknown) => asList(value).map((v) => optionLabel(column, v)).join(isEnglish() ? ', ' : '、');
const choices = (column: EditorProps['column']) => (column.options ?? []).map((o) => ({ value: o, label: optionLabel(column, o) }));

const MultiOptionEditor = ({ column, value, onChange, disabled, id }: EditorProps) => (
  <Select id={id} mode="multiple" allowClear disabled={disabled} options={choices(column)} optionFilterProp="label" value={asList(value)} onChange={(v: string[]) => onChange?.(v.length > 0 ? v : null)} />
);

const MultiOptionFilterInput = ({ column, value, onChange }: FilterInputProps) => (
  <Select mode="multiple" style={{ minWidth: 200 }} value={(value as string[] | undefined) ?? []} options={choices(column)} optionFilterProp="label" onChange={onChange} data-testid="filter-value" />
);

// The grid's editor: a dropdown of the options with type-ahead, several at once.
const MultiOptionGridEditor = ({ column, value, initialText, onCommit, onCancel }: GridEditorProps) => (
  <ChoiceGridEditor multiple choices={choices(column)} value={asList(value)} initialText={initialText} onCommit={onCommit} onCancel={onCancel} />
);

export const multiOptionKind: ColumnKindSpec = {
  name: 'multi_option',
  parse: (column, text) => {
    const values: string[] = [];
    for (const part of text.split(/[、,，;；|\n]+/).map((p) => p.trim()).filter((p) => p !== '')) {
      const value = optionValue(column, part);
      if (value === null) return fail(column, 'option', { text: part, options: optionList(column) });
      if (!values.includes(value)) values.push(value);
    }
    return { ok: true, value: values };
  },
  format,
  exportValue: (_, value) => asList(value).join('、'),
  gridCell: (column, value, editable) => textCell(format(column, value), editable),
  Editor: MultiOptionEditor,
  GridEditor: MultiOptionGridEditor,
  rules: (column) => (column.required ? [{ required: true, type: 'array', min: 1, message: cellMessage(column, 'required') }] : []),
  filterOperators: ['has', 'null', 'nnull'],
  FilterInput: MultiOptionFilterInput,
  quickSearch: (column, text) => optionsMatching(column, text).map((value) => ({ field: column.name, operator: 'ina' as const, value: [value] })),
  sortable: false,
  summable: false,
  width: 160,
  wide: false,
  references: false,
};
