// Long text (declared in the register's migration): text over several lines, a text area in
// forms, a whole line on the record page, left out of summary tables.
import { Input } from 'antd';
import type { ColumnKindSpec, EditorProps, GridEditorProps } from './column-kind';
import { LongTextGridEditor } from './grid-editors';
import { textKind } from './text';

function LongTextEditor({ value, onChange, disabled, id }: EditorProps) {
  return <Input.TextArea id={id} autoSize={{ minRows: 2, maxRows: 8 }} disabled={disabled} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange?.(e.target.value)} />;
}

export const longtextKind: ColumnKindSpec = {
  ...textKind,
  name: 'longtext',
  Editor: LongTextEditor,
  // In the grid: a text area in a popover over the cell.
  GridEditor: (props: GridEditorProps) => <LongTextGridEditor {...props} />,
  width: 240,
  wide: true,
};
