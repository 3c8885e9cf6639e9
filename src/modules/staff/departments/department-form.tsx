// The fields of a department, shared by its create and edit pages.
import { useSelect } from '@refinedev/antd';
import { useTranslate } from '@refinedev/core';
import { Form, Input, Select, Switch, type FormProps } from 'antd';

export function DepartmentForm({ formProps }: { formProps: FormProps }) {
  const t = useTranslate();
  const { selectProps: managers } = useSelect({ resource: 'operators', optionLabel: 'name', optionValue: 'id', sorters: [{ field: 'code', order: 'asc' }] });
  return (
    <Form {...formProps} layout="vertical">
      <Form.Item name="code" label={t('departments.fields.code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_-]{1,20}$/ }]}>
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('departments.fields.name')} rules={[{ required: true }, { max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="manager_id" label={t('departments.fields.manager_id')}>
        <Select {...managers} allowClear />
      </Form.Item>
      <Form.Item name="active" label={t('departments.fields.active')} valuePropName="checked" initialValue={true}>
        <Switch />
      </Form.Item>
    </Form>
  );
}
