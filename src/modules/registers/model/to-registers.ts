// The app's model of the registers, from the rows register_metadata() returns.
import { fetchRegisterMetadata, type ColumnJson, type MoveFieldJson, type MoveJson, type RegisterMetadataRow } from '../../../data/registers/fetch-register-metadata';
import { fetchPermissionSubjects } from '../../../data/permissions/permission-rows';
import { rememberResourceLabels } from '../../../i18n/resource-labels';
import { columnKind } from './kinds';
import type { ColumnMeta, MoveMeta, RegisterMeta } from './register-meta';

const toColumn = (c: ColumnJson): ColumnMeta => ({
  name: c.name,
  position: c.position,
  dataType: c.data_type,
  kind: columnKind(c.data_type, c.kind_hint, c.options, c.references_table),
  labelZh: c.label_zh,
  labelEn: c.label_en,
  options: c.options,
  optionsEn: c.options_en,
  optionsZh: c.options_zh ?? null,
  kindHint: c.kind_hint,
  references: c.references_table ? { table: c.references_table, display: c.references_display } : null,
  required: c.required,
  defaultValue: c.default_value,
  editable: c.editable,
  insertable: c.insertable,
  system: c.system,
  bookkeeping: c.bookkeeping,
  owner: c.owner,
  historyImportable: c.history_importable,
  readOnlyReason: c.read_only_reason,
  reveal: c.reveal_rpc && c.reveal_key_param ? { rpc: c.reveal_rpc, keyParam: c.reveal_key_param } : null,
  pattern: c.pattern,
  patternMessageZh: c.pattern_message_zh,
  patternMessageEn: c.pattern_message_en,
});

// A move's field is a column the person fills in for the RPC: always writable, never stored as such.
const toField = (f: MoveFieldJson, position: number): ColumnMeta =>
  toColumn({ ...f, position, default_value: null, editable: true, insertable: true, system: false, bookkeeping: false, owner: false, history_importable: false, read_only_reason: null, pattern: null, pattern_message_zh: null, pattern_message_en: null });

const toMove = (m: MoveJson): MoveMeta => ({
  move: m.move,
  labelZh: m.label_zh,
  labelEn: m.label_en,
  rpc: m.rpc,
  keyParam: m.key_param,
  fixedArgs: m.fixed_args ?? {},
  stateColumn: m.state_column,
  fromStates: m.from_states,
  toState: m.to_state,
  fields: (m.fields ?? []).map(toField),
  fieldColumns: Object.fromEntries((m.fields ?? []).filter((f) => f.column).map((f) => [f.name, f.column as string])),
  confirmZh: m.confirm_zh,
  confirmEn: m.confirm_en,
  danger: m.danger,
});

export function toRegisters(rows: readonly RegisterMetadataRow[]): RegisterMeta[] {
  return rows.map((row) => ({
    name: row.register,
    labelZh: row.label_zh,
    labelEn: row.label_en,
    keyColumn: row.key_column,
    columns: row.columns.map(toColumn),
    canCreate: row.can_create,
    canUpdate: row.can_update,
    canDelete: row.can_delete,
    defaultSort: { column: row.default_sort_column, order: row.default_sort_desc ? 'desc' : 'asc' },
    menu: row.menu_group
      ? { group: row.menu_group, groupLabelZh: row.menu_group_label_zh, groupLabelEn: row.menu_group_label_en, groupOrder: row.menu_group_order, order: row.menu_order }
      : null,
    printTitleZh: row.print_title_zh,
    printTitleEn: row.print_title_en,
    printSignaturesZh: row.print_signatures_zh ?? [],
    printSignaturesEn: row.print_signatures_en ?? [],
    titleColumns: row.title_columns ?? [],
    moves: [...row.moves].sort((a, b) => a.position - b.position).map(toMove),
  }));
}

/** The registers the signed-in person may read (outside React: tests, the benchmark). */
export async function fetchRegisters(): Promise<RegisterMeta[]> {
  const registers = await withRegisterChoices(toRegisters(await fetchRegisterMetadata()));
  rememberResourceLabels(registers);
  return registers;
}

// The subjects a permission row may name change only when a register is added (a migration, which also
// changes the registers the metadata lists): asked once, again when that list changes or after a while,
// not on every navigation as the metadata is.
const subjectsKeptMs = 10 * 60_000;
let keptSubjects: { names: string; at: number; subjects: Promise<Awaited<ReturnType<typeof fetchPermissionSubjects>> | null> } | null = null;

function permissionSubjects(registers: readonly RegisterMeta[]) {
  const names = registers.map((r) => r.name).join(',');
  if (!keptSubjects || keptSubjects.names !== names || Date.now() - keptSubjects.at > subjectsKeptMs) {
    const subjects = fetchPermissionSubjects().catch(() => null);
    keptSubjects = { names, at: Date.now(), subjects };
    // A failed answer is not kept.
    void subjects.then((s) => s === null && keptSubjects?.subjects === subjects && (keptSubjects = null));
  }
  return keptSubjects.subjects;
}

// Columns whose values are register names (the permissions' register column) read by their labels
// and are chosen from every name a permission row may hold — including registers the person does
// not read himself. That list is for whoever reads the permissions; others see the registers they
// read by name (registerLabel), and none chosen.
async function withRegisterChoices(registers: RegisterMeta[]): Promise<RegisterMeta[]> {
  const namesRegisters = registers.some((r) => r.columns.some((c) => c.kind === 'register_name'));
  if (!namesRegisters || !registers.some((r) => r.name === 'permissions')) return registers;
  const subjects = await permissionSubjects(registers);
  if (!subjects) return registers;
  const choices = { options: subjects.map((s) => s.register), optionsZh: subjects.map((s) => s.label_zh), optionsEn: subjects.map((s) => s.label_en) };
  return registers.map((r) => ({ ...r, columns: r.columns.map((c) => (c.kind === 'register_name' ? { ...c, ...choices } : c)) }));
}
