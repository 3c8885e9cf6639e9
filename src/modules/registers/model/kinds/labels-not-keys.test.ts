// Issue 17: no raw id on screen, not even while labels load; option values stored as codes shown by name.
import { GridCellKind } from '@glideapps/glide-data-grid';
import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { formatValue, kindOf, parseText } from '.';

afterEach(() => i18n.changeLanguage('zh-CN'));

const department = column({ name: 'department_id', dataType: 'uuid', references: { table: 'departments', display: 'name' } });
const key = '00000000-0000-4000-a000-000000000001';

describe('a reference before its label arrives', () => {
  it('shows a placeholder and a skeleton cell, never the key', () => {
    expect(formatValue(department, key, new Map())).toBe('…');
    expect(kindOf(department).gridCell(department, key, true, new Map()).kind).toBe(GridCellKind.Loading);
  });
  it('shows the name once it has arrived', () => {
    const labels = new Map([[key, '客服一部']]);
    expect(formatValue(department, key, labels)).toBe('客服一部');
    expect(kindOf(department).gridCell(department, key, true, labels)).toMatchObject({ kind: GridCellKind.Text, displayData: '客服一部' });
  });
});

describe('an option stored as a code', () => {
  const scope = column({ name: 'scope', options: ['own', 'department', 'all'], optionsEn: ['Own', 'Department', 'All'], optionsZh: ['本人', '本部门', '全部'] });
  it('is shown by its Chinese name in Chinese and its English name in English', async () => {
    expect(formatValue(scope, 'department')).toBe('本部门');
    await i18n.changeLanguage('en');
    expect(formatValue(scope, 'department')).toBe('Department');
  });
  it('is read back from either name or the code', () => {
    expect(parseText(scope, '本人')).toEqual({ ok: true, value: 'own' });
    expect(parseText(scope, 'All')).toEqual({ ok: true, value: 'all' });
    expect(parseText(scope, 'department')).toEqual({ ok: true, value: 'department' });
  });
});
