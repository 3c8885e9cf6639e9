// The form's checks, derived from the same constraints the database enforces: not null without
// a default, a format from a check constraint (with its comment as the message), an option list.
import type { Rule } from 'antd/es/form';
import { i18n } from '../../../i18n/i18n';
import { labelOf, type ColumnMeta } from '../model/register-meta';

export function fieldRules(column: ColumnMeta): Rule[] {
  const label = labelOf(column, i18n.language);
  const rules: Rule[] = [];
  if (column.required && column.kind !== 'boolean') rules.push({ required: true, message: i18n.t('registers.cell.required', { column: label }) });
  if (column.pattern && (column.kind === 'text' || column.kind === 'longtext')) {
    const message = (i18n.language === 'en' ? column.patternMessageEn : column.patternMessageZh) ?? i18n.t('registers.cell.pattern', { column: label, text: '' });
    rules.push({ pattern: new RegExp(column.pattern), message });
  }
  if (column.kind === 'option') {
    rules.push({ type: 'enum', enum: [...(column.options ?? []), null, undefined] as never[], message: i18n.t('registers.cell.option', { column: label, text: '', options: column.options?.join('、') }) });
  }
  return rules;
}
