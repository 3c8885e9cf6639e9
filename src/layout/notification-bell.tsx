// The bell in the header: how many of my to-dos are unread, the newest of them on hover in the
// reader's language (their titles are "中文 | English"); a click opens the to-do list.
import { BellOutlined } from '@ant-design/icons';
import { useGo, useList } from '@refinedev/core';
import { Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLiveNotifications } from '../data/realtime/use-register-changes';
import { titleIn } from '../modules/notifications/notification-text';
import type { Database } from '../types/database.types';

type Notification = Database['public']['Tables']['notifications']['Row'];

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const go = useGo();
  // A new to-do rings at once (Realtime); the minute's refetch stays for a connection that is down.
  useLiveNotifications();
  const { result } = useList<Notification>({
    resource: 'notifications',
    filters: [{ field: 'read_at', operator: 'null', value: true }],
    sorters: [{ field: 'created_at', order: 'desc' }],
    pagination: { pageSize: 5 },
    queryOptions: { refetchInterval: 60_000 },
  });
  const newest = result?.data ?? [];
  const list = newest.length ? (
    <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="notification-bell-newest">
      {newest.map((n) => (
        <li key={n.id}>{titleIn(n.title, i18n.language)}</li>
      ))}
    </ul>
  ) : undefined;
  return (
    <Tooltip title={list} placement="bottomRight">
      <Badge count={result?.total ?? 0} size="small" data-testid="notification-badge">
        <Button type="text" icon={<BellOutlined />} aria-label={t('todo.notifications')} onClick={() => go({ to: '/notifications' })} />
      </Badge>
    </Tooltip>
  );
}
