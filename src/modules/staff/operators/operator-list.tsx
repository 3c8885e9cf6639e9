import { EditButton, List, ShowButton, useTable } from '@refinedev/antd';
import { useTranslate } from '@refinedev/core';
import { Space, Table, Tag } from 'antd';
import { roleLabelKey } from '../../../access/roles';
import type { Database } from '../../../types/database.types';

type Operator = Database['public']['Tables']['operators']['Row'] & { department: { name: string } | null };

export function OperatorList() {
  const t = useTranslate();
  const { tableProps } = useTable<Operator>({
    meta: { select: '*, department:departments!operators_department_id_fkey(name)' },
    sorters: { initial: [{ field: 'code', order: 'asc' }] },
  });
  return (
    <List>
      <Table {...tableProps} rowKey="id" data-testid="operators-table">
        <Table.Column dataIndex="code" title={t('operators.fields.code')} sorter />
        <Table.Column dataIndex="name" title={t('operators.fields.name')} sorter />
        <Table.Column dataIndex={['department', 'name']} title={t('operators.fields.department_id')} />
        <Table.Column<Operator> dataIndex="role" title={t('operators.fields.role')} render={(_, r) => t(roleLabelKey(r.role))} />
        <Table.Column dataIndex="phone" title={t('operators.fields.phone')} />
        <Table.Column dataIndex="active" title={t('operators.fields.active')} render={(v: boolean) => <Tag color={v ? 'green' : 'red'}>{t(v ? 'common.yes' : 'common.no')}</Tag>} />
        <Table.Column<Operator>
          title={t('table.actions')}
          render={(_, record) => (
            <Space>
              <ShowButton hideText size="small" recordItemId={record.id} />
              <EditButton hideText size="small" recordItemId={record.id} />
            </Space>
          )}
        />
      </Table>
    </List>
  );
}
