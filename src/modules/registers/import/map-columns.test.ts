import { describe, expect, it } from 'vitest';
import { asHistoricalImport, importTargets, mapColumns, mappedTwice, normaliseLabel, unmappedRequired } from './map-columns';
import { customersFixture as customers } from '../../../../tests/fixtures/register-fixture';

describe('matching file columns to register fields', () => {
  it('matches Chinese headers to their fields and ignores what the register does not have', () => {
    expect(mapColumns(['客户名称', '所属部门', '电话', '微信号', '客户类别'], customers)).toEqual(['name', 'department_id', 'phone', null, 'category']);
  });

  it('matches English labels and column names regardless of case, spaces and a required mark', () => {
    expect(mapColumns([' name* ', 'DEPARTMENT', 'Filing Due', 'walk_in', 'first contact'], customers)).toEqual(['name', 'department_id', 'filing_due', 'walk_in', 'first_contact_at']);
  });

  it('treats full-width and half-width brackets and spaces alike, and accepts a label without its bracketed note', () => {
    expect(normaliseLabel('来访新客户（轮流接待）')).toBe(normaliseLabel('来访新客户 (轮流接待)'));
    expect(mapColumns(['来访新客户 (轮流接待)', '客户等级', 'ＮＡＭＥ'], customers)).toEqual(['walk_in', 'grade', 'name']);
  });

  it('never fills system columns, fills each field once, and recognises the key and version of an exported file', () => {
    expect(mapColumns(['电话（规范化）', '创建时间', '客户名称', '客户名称', 'ID', '版本'], customers)).toEqual([null, null, 'name', null, 'id', 'version']);
    expect(importTargets(customers).map((c) => c.name)).not.toContain('phone_normalized');
  });

  it('lets a historical import fill the system columns a paper record carries, and no others', () => {
    const withStamp = { ...customers, columns: customers.columns.map((c) => (c.name === 'filing_due' ? { ...c, system: true, editable: false, insertable: false, historyImportable: true } : c)) };
    expect(importTargets(withStamp).map((c) => c.name)).not.toContain('filing_due');
    const historical = importTargets(asHistoricalImport(withStamp)).map((c) => c.name);
    expect(historical).toContain('filing_due');
    expect(historical).not.toContain('phone_normalized');
    expect(historical).not.toContain('version');
  });

  it('names the required fields a file leaves out and fields chosen twice', () => {
    expect(unmappedRequired(['name', null], customers).map((c) => c.name)).toEqual(['department_id']);
    expect(mappedTwice(['name', 'phone', 'name', null])).toEqual(['name']);
  });
});
