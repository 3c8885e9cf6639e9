// What a new row shows before the person types: a column whose database default is the caller's
// own department or operator (private.my_department_id() / my_operator_id()) is pre-filled with it,
// so the form shows what the database would fill in (and still checks the person may file it there).
import type { RegisterMeta } from './register-meta';

export type Me = { id: string; department_id: string | null } | null | undefined;

const callerDefaults: Record<string, (me: NonNullable<Me>) => string | null> = {
  'private.my_department_id()': (me) => me.department_id,
  'private.my_operator_id()': (me) => me.id,
};

export function newRowDefaults(register: RegisterMeta, me: Me): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (!me) return defaults;
  for (const column of register.columns) {
    const value = column.insertable && column.defaultValue ? callerDefaults[column.defaultValue]?.(me) : undefined;
    if (value) defaults[column.name] = value;
  }
  return defaults;
}
