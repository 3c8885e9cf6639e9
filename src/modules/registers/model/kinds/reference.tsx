// A key of another register (a single-column foreign key): shown by the referenced row's label
// (its name, title or code), typed, pasted and imported by that label, picked in forms from a
// searchable list of the referenced register, exported as the label (which import looks up). The
// quick search finds a row by the display text of the row it references (a request by its customer's name).
import { GridCellKind } from '@glideapps/glide-data-grid';
import { Select } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import type { ColumnKindSpec, EditorProps, FilterInputProps, GridEditorProps } from './column-kind';
import { ChoiceGridEditor } from './grid-editors';
import { fail, requiredRule, textCell } from './kind-parts';
import { useReferenceChoices } from './reference-choices';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A key is never shown: until its label arrives the cell is a skeleton and the text a placeholder.
export const pendingLabel = '…';
const label = (value: unknown, labels: ReadonlyMap<string, string>) => labels.get(String(value)) ?? (uuid.test(String(value)) ? pendingLabel : String(value));
/** A picked value whose option has not loaded yet shows the placeholder, not its key. */
const pickedLabel = ({ label: text, value }: { label?: ReactNode; value?: string | number }) => (text === undefined || text === null || text === value ? (uuid.test(String(value)) ? pendingLabel : value) : text);

const LazyEditor = lazy(() => import('./reference-editor'));
const ReferenceEditor = (props: EditorProps) => (
  <Suspense fallback={<Select disabled style={{ width: '100%' }} />}>
    <LazyEditor {...props} />
  </Suspense>
);

// The rows already on screen give the choices; a key can also be typed in.
const ReferenceFilterInput = ({ column, value, onChange, references }: FilterInputProps) => (
  <Select mode="tags" labelRender={pickedLabel} style={{ minWidth: 200 }} value={(value as string[] | undefined) ?? []} options={[...references.labels(column).entries()].map(([key, text]) => ({ value: key, label: text }))} optionFilterProp="label" onChange={onChange} data-testid="filter-value" />
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
  gridCell: (_, value, editable, labels) =>
    value !== null && value !== undefined && !labels.has(String(value)) && uuid.test(String(value))
      ? { kind: GridCellKind.Loading, allowOverlay: false, skeletonWidth: 64, skeletonWidthVariability: 24 }
      : textCell(value === null || value === undefined ? '' : label(value, labels), editable),
  Editor: ReferenceEditor,
  GridEditor: ReferenceGridEditor,
  rules: requiredRule,
  filterOperators: ['in', 'null', 'nnull'],
  FilterInput: ReferenceFilterInput,
  // Found by its display text: the keys of the referenced rows whose name (title, code) holds the words.
  quickSearch: (column, _text, matches) => {
    const found = column.references ? matches?.get(column.references.table) : undefined;
    return found && found.length > 0 ? [{ field: column.name, operator: 'in', value: [...found] }] : [];
  },
  // Keys are not in the order of their labels: sorting by them would look random.
  sortable: false,
  summable: false,
  width: 120,
  wide: false,
  references: true,
};
