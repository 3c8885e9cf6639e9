import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { exportCell, formatValue, kindOf, parseText } from '.';

afterEach(() => i18n.changeLanguage('zh-CN'));

const code = column({ labelZh: '工单号', labelEn: 'Number', pattern: '^GD[0-9]{4}$', patternMessageZh: '工单号应为 GD 加 4 位数字', patternMessageEn: 'A number is GD and 4 digits' });
const walkIn = column({ dataType: 'boolean', labelZh: '来访新客户', labelEn: 'Walk-in' });
const department = column({ dataType: 'uuid', labelZh: '所属部门', labelEn: 'Department', references: { table: 'departments', display: 'name' } });
const extra = column({ dataType: 'jsonb', labelZh: '附加信息', labelEn: 'Extra' });
const notes = column({ kindHint: 'longtext', labelZh: '备注', labelEn: 'Notes', required: true });
const kf1 = '00000000-0000-4000-a000-000000000001';

describe('text', () => {
  it('takes any text, unless the register’s check constraint gives a format (refused in its own words)', async () => {
    expect(parseText(column(), ' 漏水 ')).toEqual({ ok: true, value: '漏水' });
    expect(parseText(code, 'GD0001')).toEqual({ ok: true, value: 'GD0001' });
    expect(parseText(code, '0001')).toEqual({ ok: false, error: '工单号应为 GD 加 4 位数字' });
    await i18n.changeLanguage('en');
    expect(parseText(code, '0001')).toEqual({ ok: false, error: 'A number is GD and 4 digits' });
  });

  it('checks the form with the constraint and asks for a required value in the user’s language', async () => {
    expect(kindOf(code).rules(code)).toEqual([{ pattern: /^GD[0-9]{4}$/, message: '工单号应为 GD 加 4 位数字' }]);
    expect(kindOf(notes).rules(notes)).toEqual([{ required: true, message: '“备注”不能为空' }]);
    await i18n.changeLanguage('en');
    expect(kindOf(notes).rules(notes)).toEqual([{ required: true, message: '“Notes” is required' }]);
  });

  it('long text takes a whole line and is searched like text', () => {
    expect(kindOf(notes).wide).toBe(true);
    expect(kindOf(notes).quickSearch?.(notes, '漏水')).toEqual([{ field: 'field', operator: 'contains', value: '漏水' }]);
  });
});

describe('yes / no', () => {
  it('reads the ways people write yes and no, shows 是/否 or Yes/No, and reads its own output back', async () => {
    for (const text of ['是', 'Yes', 'TRUE', '1', '√']) expect(parseText(walkIn, text)).toEqual({ ok: true, value: true });
    for (const text of ['否', 'no', 'false', '0', '×']) expect(parseText(walkIn, text)).toEqual({ ok: true, value: false });
    expect(parseText(walkIn, '也许')).toEqual({ ok: false, error: '“来访新客户”应为 是/否，“也许”不是' });
    expect(formatValue(walkIn, true)).toBe('是');
    await i18n.changeLanguage('en');
    expect(formatValue(walkIn, false)).toBe('No');
    expect(parseText(walkIn, String(exportCell(walkIn, false)))).toEqual({ ok: true, value: false });
    expect(kindOf(walkIn).rules({ ...walkIn, required: true })).toEqual([]);
  });
});

describe('references', () => {
  it('are typed by the referenced row’s name (looked up) or its key, and shown and exported by name', () => {
    const lookup = new Map([['客服一部', kf1]]);
    expect(parseText(department, '客服一部', lookup)).toEqual({ ok: true, value: kf1 });
    expect(parseText(department, kf1)).toEqual({ ok: true, value: kf1 });
    expect(parseText(department, '客服九部', lookup)).toEqual({ ok: false, error: '“所属部门”找不到“客服九部”' });
    const labels = new Map([[kf1, '客服一部']]);
    expect(formatValue(department, kf1, labels)).toBe('客服一部');
    expect(exportCell(department, kf1, labels)).toBe('客服一部');
    expect(kindOf(department)).toMatchObject({ references: true, sortable: false });
    // Searched by the display text of the rows it points at: the keys found for its table.
    expect(kindOf(department).quickSearch?.(department, '客服', new Map([['departments', [kf1]]]))).toEqual([{ field: department.name, operator: 'in', value: [kf1] }]);
    expect(kindOf(department).quickSearch?.(department, '客服', new Map())).toEqual([]);
  });
});

describe('JSON and values the app has no kind for', () => {
  it('JSON is typed as JSON text and shown compact; a broken text is refused', () => {
    expect(parseText(extra, '{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(formatValue(extra, { a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(parseText(extra, '{a:1}')).toEqual({ ok: false, error: '“附加信息”不是有效的 JSON' });
    expect(kindOf(extra).filterOperators).toEqual(['null', 'nnull']);
  });

  it('a key is passed on as typed, filtered only by empty / not empty, never searched', () => {
    const id = column({ name: 'id', dataType: 'uuid' });
    expect(parseText(id, kf1)).toEqual({ ok: true, value: kf1 });
    expect(kindOf(id)).toMatchObject({ name: 'other', filterOperators: ['null', 'nnull'] });
    expect(kindOf(id).quickSearch).toBeUndefined();
    expect(kindOf(column({ dataType: 'text[]' })).shows?.(column({ dataType: 'text[]' }))).toBe(false);
  });
});
