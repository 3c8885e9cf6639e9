// A customer register as register_metadata() describes it, for the importer's unit tests.
import type { ColumnKind, ColumnMeta, RegisterMeta } from '../model/register-meta';

const column = (name: string, kind: ColumnKind, labelZh: string, labelEn: string, extra: Partial<ColumnMeta> = {}): ColumnMeta => ({
  name, position: 0, dataType: 'text', kind, labelZh, labelEn, options: null, optionsEn: null, kindHint: null, references: null, required: false, defaultValue: null,
  editable: true, insertable: true, system: false, pattern: null, patternMessageZh: null, patternMessageEn: null, ...extra,
});

export const customersFixture: RegisterMeta = {
  name: 'customers',
  labelZh: '客户档案',
  labelEn: 'Customers',
  keyColumn: 'id',
  menu: null,
  printTitleZh: '客户档案',
  printTitleEn: 'Customers',
  titleColumns: ['code', 'name'],
  moves: [],
  canCreate: true,
  canUpdate: true,
  canDelete: false,
  defaultSort: { column: 'created_at', order: 'desc' },
  columns: [
    column('id', 'other', 'id', 'id', { dataType: 'uuid', editable: false, insertable: false, system: true }),
    column('code', 'text', '客户编码', 'Customer code'),
    column('name', 'text', '客户名称', 'Name', { required: true }),
    column('category', 'option', '客户类别', 'Category', { options: ['目标客户', '一般客户', '重点客户', '潜在客户'] }),
    column('grade', 'option', '客户等级（A 一月内签约 / B 二至三月 / C 其他）', 'Grade (A within a month / B 2–3 months / C other)', { options: ['A', 'B', 'C'] }),
    column('phone', 'text', '电话', 'Phone', { pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$', patternMessageZh: '电话格式不正确', patternMessageEn: 'Not a phone number' }),
    column('phone_normalized', 'text', '电话（规范化）', 'Phone (normalised)', { editable: false, insertable: false, system: true }),
    column('department_id', 'reference', '所属部门', 'Department', { dataType: 'uuid', required: true, references: { table: 'departments', display: 'name' } }),
    column('walk_in', 'boolean', '来访新客户（轮流接待）', 'Walk-in (round-robin)', { dataType: 'boolean' }),
    column('first_contact_at', 'datetime', '首次接触', 'First contact', { dataType: 'timestamp with time zone' }),
    column('filing_due', 'date', '备案期限', 'Filing due', { dataType: 'date' }),
    column('visits', 'integer', '拜访次数', 'Visits', { dataType: 'integer' }),
    column('notes', 'longtext', '备注', 'Notes'),
    column('version', 'integer', '版本', 'Version', { dataType: 'integer', editable: false, insertable: false, system: true }),
    column('created_at', 'datetime', '创建时间', 'Created at', { dataType: 'timestamp with time zone', editable: false, insertable: false, system: true }),
  ],
};
