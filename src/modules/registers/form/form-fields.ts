// What a form asks, decided from the register's metadata and the database's declarations (pure, so
// it is tested without a browser):
// - the columns a row of the chosen kind asks for (public.column_conditions: a 报修 form does not ask
//   complaint fields), with the ones that kind requires marked required;
// - the system columns, shown read-only with the database's reason (private.declare_system_column);
// - what a chosen reference prefills (a customer's unit, phone and department).
import type { ColumnCondition } from '../../../data/registers/fetch-column-conditions';
import { showsInForms } from '../model/kinds';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';

export type FormField = { column: ColumnMeta; required: boolean; readOnly: boolean };

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The conditions declared for this register, by column. */
export const conditionsOf = (register: RegisterMeta, conditions: readonly ColumnCondition[]): Map<string, ColumnCondition> =>
  new Map(conditions.filter((c) => c.register === register.name).map((c) => [c.column_name, c]));

/** Whether a row with these values asks for the column (no declaration: always; no kind chosen yet: not). */
export function asks(condition: ColumnCondition | undefined, values: Record<string, unknown>): boolean {
  if (!condition) return true;
  const decider = values[condition.when_column];
  return typeof decider === 'string' && condition.when_values.includes(decider);
}

/**
 * The form's fields in table order: the columns the person writes (insertable on create, editable on
 * edit) that the row's kind asks for, and the system columns (read-only, with why); bookkeeping
 * (key, version, timestamps) is left out.
 */
export function formFields(register: RegisterMeta, action: 'create' | 'edit', conditions: ReadonlyMap<string, ColumnCondition>, values: Record<string, unknown>): FormField[] {
  const fields: FormField[] = [];
  for (const column of register.columns) {
    if (!showsInForms(column) || column.bookkeeping) continue;
    const condition = conditions.get(column.name);
    if (!asks(condition, values)) continue;
    if (column.system) {
      fields.push({ column, required: false, readOnly: true });
      continue;
    }
    if (!(action === 'create' ? column.insertable : column.editable)) continue;
    fields.push({ column, required: column.required || (condition?.required ?? false), readOnly: false });
  }
  return fields;
}

/** The columns a form stops asking once the kind changes: their values are cleared, not sent. */
export const droppedColumns = (register: RegisterMeta, conditions: ReadonlyMap<string, ColumnCondition>, values: Record<string, unknown>): string[] =>
  register.columns.filter((c) => !c.system && !asks(conditions.get(c.name), values) && !empty(values[c.name])).map((c) => c.name);

// Columns a referenced row never hands on, though named alike: its identity, state and bookkeeping.
const notInherited = new Set(['id', 'code', 'name', 'title', 'status', 'kind', 'notes', 'version', 'created_at', 'updated_at']);

/**
 * What choosing `referenced` in `via` fills in: the form's other columns named and typed like a
 * column of the referenced row (a customer's building, unit, room, phone, department), when the
 * row has a value and the person has not typed one (`untouched`).
 */
export function prefillFrom(
  fields: readonly FormField[],
  via: ColumnMeta,
  referenced: Record<string, unknown>,
  untouched: (column: string) => boolean,
): Record<string, unknown> {
  const fill: Record<string, unknown> = {};
  for (const { column, readOnly } of fields) {
    if (readOnly || column.name === via.name || column.owner || notInherited.has(column.name)) continue;
    if (!(column.name in referenced) || empty(referenced[column.name])) continue;
    if (!untouched(column.name)) continue;
    fill[column.name] = referenced[column.name];
  }
  return fill;
}
