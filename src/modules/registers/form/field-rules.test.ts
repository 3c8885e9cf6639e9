import { describe, expect, it } from 'vitest';
import { columnKind, type ColumnMeta } from '../model/register-meta';
import { fieldRules } from './field-rules';

const column = (patch: Partial<ColumnMeta>): ColumnMeta => ({
  name: 'phone', position: 1, dataType: 'text', kind: columnKind('text', 'phone', null, null), labelZh: '电话', labelEn: 'Phone', options: null, optionsEn: null, kindHint: null, references: null,
  required: false, defaultValue: null, editable: true, insertable: true, system: false, pattern: null, patternMessageZh: null, patternMessageEn: null, ...patch,
});

describe('form checks come from the database constraints', () => {
  it('asks for a value where the column is not null and has no default', () => {
    expect(fieldRules(column({ required: true }))).toContainEqual({ required: true, message: '“电话”不能为空' });
    expect(fieldRules(column({ required: false }))).toEqual([]);
  });

  it('checks a format with the constraint’s own words', () => {
    const [rule] = fieldRules(column({ pattern: '^1[3-9][0-9]{9}$', patternMessageZh: '电话格式不正确', patternMessageEn: 'Bad phone' }));
    expect(rule).toMatchObject({ message: '电话格式不正确' });
    expect((rule as { pattern: RegExp }).pattern.test('13912345678')).toBe(true);
    expect((rule as { pattern: RegExp }).pattern.test('12345')).toBe(false);
  });
});
