// Return visits 回访记录, pending ones first: the tasks the workflow and the daily job create.
import { List, useTable } from '@refinedev/antd';
import { useTranslate } from '@refinedev/core';
import { Table, Tag } from 'antd';
import type { Database } from '../../types/database.types';

type ReturnVisit = Database['public']['Tables']['return_visits']['Row'];

export function ReturnVisitList() {
  const t = useTranslate();
  const { tableProps } = useTable<ReturnVisit>({
    sorters: { initial: [{ field: 'done_at', order: 'desc' }, { field: 'planned_on', order: 'asc' }] },
  });
  const field = (name: string) => t(`return_visits.fields.${name}`);
  return (
    <List>
      <Table {...tableProps} rowKey="id" data-testid="return-visits-table">
        <Table.Column dataIndex="source" title={field('source')} />
        <Table.Column dataIndex="planned_on" title={field('planned_on')} sorter />
        <Table.Column<ReturnVisit> dataIndex="done_at" title={field('status')} render={(v) => (v ? <Tag color="green">{t('return_visits.done')}</Tag> : <Tag color="orange">{t('return_visits.pending')}</Tag>)} />
        <Table.Column dataIndex="method" title={field('method')} />
        <Table.Column dataIndex="satisfaction" title={field('satisfaction')} />
        <Table.Column dataIndex="content" title={field('content')} ellipsis />
      </Table>
    </List>
  );
}
