// What an imported new row gets when its file leaves a column empty, as a form would prefill it: the
// importer's own department in the register's department column (the policies file a row under
// a department: without one every row of a file was refused), and the columns whose database
// default is the caller's department or operator. A value in the file always wins; the database
// still checks the importer may file rows there.
import { newRowDefaults, type Me } from '../model/new-row-defaults';
import type { RegisterMeta } from '../model/register-meta';

/** The register's department column (a reference to departments the person may fill), if any. */
export const departmentColumn = (register: RegisterMeta) =>
  register.columns.find((c) => c.name === 'department_id' && c.references?.table === 'departments' && c.insertable && !c.system);

export function importDefaults(register: RegisterMeta, me: Me): Record<string, unknown> {
  if (!me) return {};
  const defaults = newRowDefaults(register, me);
  const department = departmentColumn(register);
  if (department && me.department_id && defaults[department.name] === undefined) defaults[department.name] = me.department_id;
  return defaults;
}
