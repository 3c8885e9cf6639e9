// Which kind a column is, from what register_metadata() says of it. No imports but the type, so
// that the register model can use it without loading the kinds' editors.
import type { ColumnKind } from '../register-meta';

// The hints a register's migration may declare (private.column_kinds); attachment comes later.
const hinted: Partial<Record<string, ColumnKind>> = { longtext: 'longtext', phone: 'phone', money: 'money', percent: 'percent', id_card: 'id_card', multi_option: 'multi_option', code_number: 'code_number', survey_link: 'survey_link', month: 'month', quarter: 'quarter', register_name: 'register_name', source_record: 'source_record' };

/**
 * The kind of a column: the kind its register declares wins; else a list of options makes an
 * option (several of them for an array), a foreign key a reference; else the data type decides.
 */
export function columnKind(dataType: string, kindHint: string | null, options: readonly string[] | null, references: string | null): ColumnKind {
  const declared = kindHint ? hinted[kindHint] : undefined;
  if (declared) return declared;
  const hasOptions = !!options && options.length > 0;
  if (dataType.endsWith('[]')) return hasOptions ? 'multi_option' : 'other';
  if (hasOptions) return 'option';
  if (references) return 'reference';
  if (/^(smallint|integer|bigint)$/.test(dataType)) return 'integer';
  if (/^(numeric|decimal|real|double precision)/.test(dataType)) return 'number';
  if (dataType === 'boolean') return 'boolean';
  if (dataType === 'date') return 'date';
  if (dataType.startsWith('timestamp')) return 'datetime';
  if (dataType === 'jsonb' || dataType === 'json') return 'json';
  if (dataType === 'text' || dataType.startsWith('character')) return 'text';
  return 'other';
}
