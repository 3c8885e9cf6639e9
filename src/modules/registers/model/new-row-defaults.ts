// What a new row gets without being asked: the signed-in person's department where the register
// needs one (the database still checks that the person may file it there).
import type { RegisterMeta } from './register-meta';

export type Me = { id: string; department_id: string | null } | null | undefined;

export function newRowDefaults(register: RegisterMeta, me: Me): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const department = register.columns.find((c) => c.name === 'department_id' && c.references?.table === 'departments');
  if (department && me?.department_id && !department.defaultValue) defaults.department_id = me.department_id;
  return defaults;
}
