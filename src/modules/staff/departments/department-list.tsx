import { EditButton, List, ShowButton, useTable } from '@refinedev/antd';
import { useTranslate } from '@refinedev/core';
import { Space, Table, Tag } from 'antd';
import type { Database } from '../../../types/database.types';

type Department = Database['public']['Tables']['departments']['Row'] & { manager: { name: string } | null };

export function DepartmentList() {
  const t = useTranslate();
  const { tableProps } = useTable<Department>({
    meta: { select: '*, manager:operators!departments_manager_id_fkey(name)' },
    sorters: { initial: [{ field: 'code', order: 'asc' }] },
  });
  return (
    <List>
      <Table {...tableProps} rowKey="id" data-testid="departments-table">
        <Table.Column dataIndex="code" title={t('departments.fields.code')} sorter />
        <Table.Column dataIndex="name" title={t('departments.fields.name')} sorter />
        <Table.Column dataIndex={['manager', 'name']} title={t('departments.fields.manager_id')} />
        <Table.Column dataIndex="active" title={t('departments.fields.active')} render={(v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'common.yes' : 'common.no')}</Tag>} />
        <Table.Column<Department>
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
