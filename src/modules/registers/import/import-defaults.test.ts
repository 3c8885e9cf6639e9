import { describe, expect, it } from 'vitest';
import { customersFixture as customers } from '../../../../tests/fixtures/register-fixture';
import { importDefaults } from './import-defaults';
import { validateRows } from './validate-rows';

const kf1 = '00000000-0000-4000-a000-000000000001';
const kf2 = '00000000-0000-4000-a000-000000000002';
const me = { id: '00000000-0000-4000-b000-000000000001', department_id: kf1 };

describe('importing rows without a department', () => {
  it('files a new row under the importer’s department when the file has no department column', () => {
    const parsed = { headers: ['客户名称'], rows: [['华为'], ['中兴']] };
    const result = validateRows(parsed, ['name'], customers, new Map(), importDefaults(customers, me));
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.values.department_id)).toEqual([kf1, kf1]);
  });

  it('keeps a department the file names, and fills only the empty cells', () => {
    const parsed = { headers: ['客户名称', '所属部门'], rows: [['华为', '客服二部'], ['中兴', '']] };
    const departments = new Map([['department_id', new Map([['客服二部', [kf2]]])]]);
    const result = validateRows(parsed, ['name', 'department_id'], customers, departments, importDefaults(customers, me));
    expect(result.rows.map((r) => r.values.department_id)).toEqual([kf2, kf1]);
  });

  it('gives no default to a person without a department, or to a register without a department column', () => {
    expect(importDefaults(customers, { id: me.id, department_id: null }).department_id).toBeUndefined();
    const withoutDepartment = { ...customers, columns: customers.columns.filter((c) => c.name !== 'department_id') };
    expect(importDefaults(withoutDepartment, me)).toEqual({});
  });
});
