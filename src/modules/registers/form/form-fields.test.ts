import { describe, expect, it } from 'vitest';
import { customersFixture } from '../../../../tests/fixtures/register-fixture';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { conditionsOf, formFields, prefillFrom } from './form-fields';

const column = (name: string, extra: Partial<ColumnMeta> = {}): ColumnMeta => ({
  ...customersFixture.columns.find((c) => c.name === 'notes')!,
  name, labelZh: name, labelEn: name, kind: 'text', ...extra,
});
const requests: RegisterMeta = {
  ...customersFixture,
  name: 'service_requests',
  columns: [
    column('id', { system: true, bookkeeping: true, insertable: false, editable: false, kind: 'other' }),
    column('kind', { kind: 'option', options: ['咨询', '报修', '投诉'], required: true }),
    column('customer_id', { kind: 'reference', references: { table: 'customers', display: 'name' } }),
    column('phone'),
    column('unit'),
    column('department_id', { kind: 'reference', references: { table: 'departments', display: 'name' } }),
    column('receiver_id', { system: true, insertable: false, editable: false, readOnlyReason: '首问责任人由系统记录 | Recorded by the system' }),
    column('complaint_category', { kind: 'option', options: ['服务质量'] }),
    column('location'),
    column('version', { system: true, bookkeeping: true, insertable: false, editable: false, kind: 'integer' }),
  ],
};
const conditions = conditionsOf(requests, [
  { register: 'service_requests', column_name: 'complaint_category', when_column: 'kind', when_values: ['投诉'], required: true },
  { register: 'service_requests', column_name: 'location', when_column: 'kind', when_values: ['报修'], required: false },
  { register: 'customers', column_name: 'phone', when_column: 'kind', when_values: ['x'], required: true },
]);
const names = (kind: string | undefined) => formFields(requests, 'create', conditions, { kind }).map((f) => f.column.name);

describe('a form per kind of request', () => {
  it('asks a repair its location and no complaint fields, a complaint its category (required), and neither before a kind is chosen', () => {
    expect(names('报修')).toEqual(['kind', 'customer_id', 'phone', 'unit', 'department_id', 'receiver_id', 'location']);
    expect(names('投诉')).toEqual(['kind', 'customer_id', 'phone', 'unit', 'department_id', 'receiver_id', 'complaint_category']);
    expect(names(undefined)).toEqual(['kind', 'customer_id', 'phone', 'unit', 'department_id', 'receiver_id']);
    const category = formFields(requests, 'create', conditions, { kind: '投诉' }).find((f) => f.column.name === 'complaint_category');
    expect(category).toMatchObject({ required: true, readOnly: false });
  });

  it('shows the system’s columns read-only, and leaves the bookkeeping out', () => {
    const fields = formFields(requests, 'edit', conditions, { kind: '咨询' });
    expect(fields.find((f) => f.column.name === 'receiver_id')).toMatchObject({ readOnly: true });
    expect(fields.map((f) => f.column.name)).not.toContain('version');
  });

  it('fills in the chosen customer’s phone, unit and department where nothing was typed', () => {
    const fields = formFields(requests, 'create', conditions, { kind: '咨询' });
    const via = requests.columns.find((c) => c.name === 'customer_id')!;
    const customer = { id: 'c1', name: '张三', phone: '13900000000', unit: '2单元', department_id: 'd1', receiver_id: 'x', status: '正常' };
    expect(prefillFrom(fields, via, customer, () => true)).toEqual({ phone: '13900000000', unit: '2单元', department_id: 'd1' });
    expect(prefillFrom(fields, via, customer, (c) => c !== 'phone')).toEqual({ unit: '2单元', department_id: 'd1' });
  });
});
