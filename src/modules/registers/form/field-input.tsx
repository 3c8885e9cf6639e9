// The editor for one column in forms and move dialogs: the one its kind provides.
import { kindOf } from '../model/kinds';
import type { ColumnMeta } from '../model/register-meta';

export function FieldInput({ column, ...props }: { column: ColumnMeta; disabled?: boolean; value?: unknown; onChange?: (v: unknown) => void; id?: string }) {
  const { Editor } = kindOf(column);
  return <Editor column={column} {...props} />;
}
