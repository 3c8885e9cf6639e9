import { describe, expect, it } from 'vitest';
import { customersFixture as customers } from '../../../../tests/fixtures/register-fixture';
import { referenceTexts, validateRows } from './validate-rows';

const kf1 = '00000000-0000-4000-a000-000000000001';
const departments = new Map([['department_id', new Map([['客服一部', [kf1]], ['客服部', ['x', 'y']]])]]);

describe('checking imported rows before anything is written', () => {
  it('turns good rows into values for apply_rows, looking up departments by name', () => {
    const parsed = { headers: ['客户名称', '所属部门', '来访新客户', '备案期限', '拜访次数'], rows: [['华为', '客服一部', '是', '2026/11/30', '1,200']] };
    const result = validateRows(parsed, ['name', 'department_id', 'walk_in', 'filing_due', 'visits'], customers, departments);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { row: 2, key: null, version: null, values: { name: '华为', department_id: kf1, walk_in: true, filing_due: '2026-11-30', visits: 1200 }, texts: { name: '华为', department_id: '客服一部', walk_in: '是', filing_due: '2026/11/30', visits: '1,200' } },
    ]);
  });

  it('lists every bad cell with its file row (header = row 1), column label and a message in Chinese', () => {
    const parsed = {
      headers: ['客户名称', '所属部门', '客户类别', '电话', '备案期限'],
      rows: [
        ['华为', '客服一部', '一般客户', '13800138000', ''],
        ['', '', '', '', ''],
        ['', '客服九部', 'VIP', '12345', '2026-13-01'],
        ['中兴', '客服部', '重点客户', '', ''],
      ],
    };
    const result = validateRows(parsed, ['name', 'department_id', 'category', 'phone', 'filing_due'], customers, departments);
    expect(result.checked).toBe(3);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.errors.map((e) => [e.row, e.label, e.text])).toEqual([
      [4, '客户名称', ''],
      [4, '所属部门', '客服九部'],
      [4, '客户类别', 'VIP'],
      [4, '电话', '12345'],
      [4, '备案期限', '2026-13-01'],
      [5, '所属部门', '客服部'],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      '“客户名称”不能为空',
      '“所属部门”找不到“客服九部”',
      '“客户类别”只能是：目标客户、一般客户、重点客户、潜在客户；“VIP”不在其中',
      '电话格式不正确',
      '“备案期限”应为日期（如 2026-11-23），“2026-13-01”不是',
      '“所属部门”有多条名为“客服部”的记录，无法确定是哪一条',
    ]);
  });

  it('refuses new rows when the file lacks a required field, but updates existing rows by key with only the columns given', () => {
    const parsed = { headers: ['id', '版本', '客户名称'], rows: [['', '', '新客户'], ['a1b2', '3', '改名']] };
    const result = validateRows(parsed, ['id', 'version', 'name'], customers);
    expect(result.errors).toEqual([{ row: 2, column: 'department_id', label: '所属部门', text: '', message: '“所属部门”不能为空' }]);
    expect(result.rows).toEqual([{ row: 3, key: 'a1b2', version: 3, values: { name: '改名' }, texts: { id: 'a1b2', version: '3', name: '改名' } }]);
  });

  it('asks the database only for the distinct names a reference column holds', () => {
    const parsed = { headers: ['所属部门', '客户名称'], rows: [['客服一部', 'a'], [' 客服一部 ', 'b'], ['客服二部', 'c'], ['', 'd']] };
    const wanted = referenceTexts(parsed, ['department_id', 'name'], customers);
    expect([...wanted].map(([column, texts]) => [column.name, texts])).toEqual([['department_id', ['客服一部', '客服二部']]]);
  });
});
