// The bell in the header: how many of my to-dos are unread; a click opens the to-do list.
import { BellOutlined } from '@ant-design/icons';
import { useGo, useList, useTranslate } from '@refinedev/core';
import { Badge, Button } from 'antd';

export function NotificationBell() {
  const t = useTranslate();
  const go = useGo();
  const { result } = useList({
    resource: 'notifications',
    filters: [{ field: 'read_at', operator: 'null', value: true }],
    pagination: { pageSize: 1 },
    queryOptions: { refetchInterval: 60_000 },
  });
  return (
    <Badge count={result?.total ?? 0} size="small" data-testid="notification-badge">
      <Button type="text" icon={<BellOutlined />} aria-label={t('todo.notifications')} onClick={() => go({ to: '/notifications' })} />
    </Badge>
  );
}
