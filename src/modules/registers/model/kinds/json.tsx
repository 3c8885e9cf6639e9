// JSON (jsonb columns): typed and pasted as JSON text, shown and exported as compact JSON, edited
// as text in forms; filtered only by empty / not empty, not searched, not sorted.
import { Input } from 'antd';
import type { ColumnKindSpec, EditorProps } from './column-kind';
import { cellMessage, fail, requiredRule, textCell } from './kind-parts';

// While the text is not JSON yet, the form keeps the text (its rule then says so).
function JsonEditor({ value, onChange, disabled, id }: EditorProps) {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Input.TextArea
      id={id}
      autoSize={{ minRows: 2 }}
      disabled={disabled}
      value={text}
      onChange={(e) => {
        try {
          onChange?.(e.target.value === '' ? null : JSON.parse(e.target.value));
        } catch {
          onChange?.(e.target.value);
        }
      }}
    />
  );
}

const parse: ColumnKindSpec['parse'] = (column, text) => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return fail(column, 'json', { text });
  }
};

export const jsonKind: ColumnKindSpec = {
  name: 'json',
  parse,
  format: (_, value) => JSON.stringify(value),
  exportValue: (_, value) => JSON.stringify(value),
  gridCell: (_, value, editable) => textCell(value === null || value === undefined ? '' : JSON.stringify(value), editable),
  Editor: JsonEditor,
  // A string left in the form is text that did not parse as JSON.
  rules: (column) => [
    ...requiredRule(column),
    {
      validator: async (_, value: unknown) => {
        if (typeof value === 'string' && value !== '') throw new Error(cellMessage(column, 'json', { text: value }));
      },
    },
  ],
  filterOperators: ['null', 'nnull'],
  FilterInput: null,
  sortable: false,
  summable: false,
  width: 160,
  wide: true,
  references: false,
};
