// My to-dos 我的待办: what the rules and scheduled jobs raised for me, newest first.
import { List, useTable } from '@refinedev/antd';
import { useTranslate, useUpdate } from '@refinedev/core';
import { Button, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import type { Database } from '../../types/database.types';

type Notification = Database['public']['Tables']['notifications']['Row'];

export function NotificationList() {
  const t = useTranslate();
  const { mutate: update } = useUpdate();
  const { tableProps } = useTable<Notification>({ sorters: { initial: [{ field: 'created_at', order: 'desc' }] } });
  const mark = (record: Notification, field: 'read_at' | 'done_at') =>
    update({ resource: 'notifications', id: record.id, values: { [field]: new Date().toISOString(), ...(field === 'done_at' && !record.read_at ? { read_at: new Date().toISOString() } : {}) } });
  return (
    <List>
      <Table {...tableProps} rowKey="id" data-testid="notifications-table">
        <Table.Column<Notification> dataIndex="kind" title={t('todo.fields.kind')} render={(kind) => <Tag color="orange">{kind}</Tag>} />
        <Table.Column<Notification>
          dataIndex="title"
          title={t('todo.fields.title')}
          render={(title, r) => (r.read_at ? title : <strong>{title}</strong>)}
        />
        <Table.Column<Notification> dataIndex="due_at" title={t('todo.fields.due_at')} render={(v) => (v ? dayjs(v).format('YYYY-MM-DD') : '')} />
        <Table.Column<Notification> dataIndex="created_at" title={t('todo.fields.created_at')} sorter render={(v) => dayjs(v).format('YYYY-MM-DD HH:mm')} />
        <Table.Column<Notification>
          title={t('table.actions')}
          render={(_, r) => (
            <Space>
              {!r.read_at && <Button size="small" onClick={() => mark(r, 'read_at')}>{t('todo.markRead')}</Button>}
              {r.done_at ? <Tag color="green">{t('todo.done')}</Tag> : <Button size="small" type="primary" onClick={() => mark(r, 'done_at')}>{t('todo.markDone')}</Button>}
            </Space>
          )}
        />
      </Table>
    </List>
  );
}
