// Every register the signed-in person may read, described by the database (register_metadata).
import { supabaseClient } from '../supabase-client';
import { columnKind, type RegisterMeta } from '../../modules/registers/model/register-meta';

export async function fetchRegisterMetadata(): Promise<RegisterMeta[]> {
  const { data, error } = await supabaseClient.rpc('register_metadata');
  if (error) throw error;
  const registers = new Map<string, RegisterMeta>();
  for (const row of data ?? []) {
    let register = registers.get(row.register);
    if (!register) {
      register = {
        name: row.register,
        labelZh: row.label_zh,
        labelEn: row.label_en,
        keyColumn: row.key_column,
        columns: [],
        canCreate: row.can_create,
        canUpdate: row.can_update,
        canDelete: row.can_delete,
        defaultSort: { column: row.default_sort_column, order: row.default_sort_desc ? 'desc' : 'asc' },
      };
      registers.set(row.register, register);
    }
    register.columns.push({
      name: row.column_name,
      position: row.column_position,
      dataType: row.data_type,
      kind: columnKind(row.data_type, row.column_name, row.options, row.references_table),
      labelZh: row.label_column_zh,
      labelEn: row.label_column_en,
      options: row.options,
      references: row.references_table ? { table: row.references_table, display: row.references_display } : null,
      required: row.required,
      defaultValue: row.default_value,
      editable: row.editable,
      insertable: row.insertable,
      system: row.is_system,
      pattern: row.pattern,
      patternMessageZh: row.pattern_message_zh,
      patternMessageEn: row.pattern_message_en,
    });
  }
  return [...registers.values()];
}
