// My to-dos 我的待办: what the rules and scheduled jobs raised for me, grouped by due date (逾期 /
// 今天 / 本周 / 以后 / 无期限), each a link to its record. The move that settles a to-do closes it in
// the database; 办结 by hand stays for what no move settles. My access requests and their status
// come after the to-dos.
import { Link, useList, useUpdate } from '@refinedev/core';
import { Button, Card, Empty, Flex, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { optionLabel } from '../registers/model/kinds/kind-parts';
import { useRegisters } from '../registers/model/use-registers';
import type { Database } from '../../types/database.types';
import { MyAccessRequests } from './my-access-requests';
import { bodyIn, titleIn } from './notification-text';
import { groupByDue, type DueGroup } from './todo-groups';

type Notification = Database['public']['Tables']['notifications']['Row'];

const groupColor: Record<DueGroup | 'done', string> = { overdue: 'red', today: 'orange', week: 'blue', later: 'default', none: 'default', done: 'green' };

// Two lines at most, cut by the browser (CSS line clamp), the whole body on hover. Not antd's
// measured ellipsis: it observes and measures every row, and a clerk with 400 open to-dos waited
// 4.7 s for the list (1.5 s so).
const bodyStyle = { margin: 0, fontSize: 12, display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' as const, overflow: 'hidden' };

export function NotificationList() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [showDone, setShowDone] = useState(false);
  // The kinds' labels and which records can be opened come with the registers: the list waits
  // for them rather than flash raw kinds and plain titles.
  const { registers, loaded } = useRegisters();
  const { mutate: update } = useUpdate();
  const { result, query } = useList<Notification>({
    resource: 'notifications',
    filters: [{ field: 'done_at', operator: showDone ? 'nnull' : 'null', value: null }],
    sorters: showDone ? [{ field: 'done_at', order: 'desc' }] : [{ field: 'created_at', order: 'desc' }],
    pagination: { currentPage: 1, pageSize: showDone ? 100 : 500 },
  });
  const todos = useMemo(() => result?.data ?? [], [result]);
  const groups = useMemo(
    () => (showDone ? (todos.length ? [{ group: 'done' as const, todos }] : []) : groupByDue(todos, new Date())),
    [todos, showDone],
  );
  const kindColumn = registers.find((r) => r.name === 'notifications')?.columns.find((c) => c.name === 'kind');
  const readable = new Set(registers.map((r) => r.name));

  const now = () => new Date().toISOString();
  const markRead = (r: Notification) => {
    if (!r.read_at) update({ resource: 'notifications', id: r.id, values: { read_at: now() }, successNotification: false });
  };
  const markDone = (r: Notification) =>
    update({ resource: 'notifications', id: r.id, values: { done_at: now(), ...(r.read_at ? {} : { read_at: now() }) }, successNotification: false });

  const columns = [
    {
      key: 'kind',
      title: t('todo.fields.kind'),
      width: 150,
      render: (_: unknown, r: Notification) => <Tag color="orange">{kindColumn ? optionLabel(kindColumn, r.kind) : r.kind}</Tag>,
    },
    {
      key: 'title',
      title: t('todo.fields.title'),
      render: (_: unknown, r: Notification) => {
        // The database writes "中文 | English": the reader sees his half, of the body's system lines too.
        const title = titleIn(r.title, language);
        const body = bodyIn(r.body, language);
        const text = r.read_at ? title : <strong>{title}</strong>;
        // A to-do is a link to its record, where the move that settles it is offered.
        const heading =
          r.link_table && r.link_id && readable.has(r.link_table) ? (
            <Link to={`/r/${r.link_table}/show/${encodeURIComponent(r.link_id)}`} onClick={() => markRead(r)} data-testid="todo-link">
              {text}
            </Link>
          ) : (
            text
          );
        return (
          <>
            <span data-testid="todo-title">{heading}</span>
            {body && (
              <Typography.Paragraph type="secondary" title={body} style={bodyStyle} data-testid="todo-body">
                {body}
              </Typography.Paragraph>
            )}
          </>
        );
      },
    },
    { key: 'due', title: t('todo.fields.due_at'), width: 150, render: (_: unknown, r: Notification) => (r.due_at ? dayjs(r.due_at).format('YYYY-MM-DD HH:mm') : '') },
    { key: 'created', title: t('todo.fields.created_at'), width: 150, render: (_: unknown, r: Notification) => dayjs(r.created_at).format('YYYY-MM-DD HH:mm') },
    {
      key: 'actions',
      title: t('table.actions'),
      width: 170,
      render: (_: unknown, r: Notification) => (
        <Space>
          {!r.read_at && <Button size="small" onClick={() => markRead(r)}>{t('todo.markRead')}</Button>}
          {r.done_at ? <Tag color="green">{t('todo.done')}</Tag> : <Button size="small" type="primary" onClick={() => markDone(r)}>{t('todo.markDone')}</Button>}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="todos">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('notifications.title')}</Typography.Title>
        <Space>
          <Switch checked={showDone} onChange={setShowDone} data-testid="todos-show-done" />
          {t('notifications.showDone')}
        </Space>
      </Flex>
      {(query.isLoading || !loaded) && <Card loading data-testid="todos-loading" />}
      {!query.isLoading && loaded && groups.length === 0 && <Card><Empty description={t('notifications.empty')} /></Card>}
      {loaded && groups.map(({ group, todos: rows }) => (
        <Card
          key={group}
          size="small"
          data-testid={`todo-group-${group}`}
          title={
            <Space>
              <Tag color={groupColor[group]} style={{ fontSize: 14 }}>{t(`notifications.groups.${group}`)}</Tag>
              <Typography.Text type="secondary">{t('notifications.count', { n: rows.length })}</Typography.Text>
            </Space>
          }
        >
          <Table<Notification> rowKey="id" size="small" pagination={false} dataSource={rows} columns={columns} data-testid="notifications-table" />
        </Card>
      ))}
      {readable.has('access_requests') && <MyAccessRequests />}
    </Flex>
  );
}
