// The fields of a staff member, shared by create and edit. The sign-in account is managed apart.
import { useSelect } from '@refinedev/antd';
import { useTranslate } from '@refinedev/core';
import { Form, Input, Select, Switch, type FormProps } from 'antd';
import { appRoles, roleLabelKey } from '../../../access/roles';

export function OperatorForm({ formProps }: { formProps: FormProps }) {
  const t = useTranslate();
  const { selectProps: departments } = useSelect({ resource: 'departments', optionLabel: 'name', optionValue: 'id', sorters: [{ field: 'code', order: 'asc' }] });
  return (
    <Form {...formProps} layout="vertical">
      <Form.Item name="code" label={t('operators.fields.code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]{1,20}$/ }]}>
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('operators.fields.name')} rules={[{ required: true }, { max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="department_id" label={t('operators.fields.department_id')} rules={[{ required: true }]}>
        <Select {...departments} />
      </Form.Item>
      <Form.Item name="role" label={t('operators.fields.role')} rules={[{ required: true }]} initialValue="clerk">
        <Select options={appRoles.map((role) => ({ value: role, label: t(roleLabelKey(role)) }))} />
      </Form.Item>
      <Form.Item name="email" label={t('operators.fields.email')} rules={[{ type: 'email' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('operators.fields.phone')} rules={[{ pattern: /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/ }]}>
        <Input />
      </Form.Item>
      <Form.Item name="active" label={t('operators.fields.active')} valuePropName="checked" initialValue={true}>
        <Switch />
      </Form.Item>
    </Form>
  );
}
