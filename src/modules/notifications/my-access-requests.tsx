// 我的查阅申请: the requests I filed and where each stands — 申请中, 已批准 (until when), 已拒绝 — each
// a link to the request; an approved one opens its customer.
import { Link } from '@refinedev/core';
import { Card, Empty, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MyAccessRequest } from '../../data/access-requests/access-requests';
import { AccessRequestStatusTag, useMyAccessRequests } from '../registers/record/access-request';

export function MyAccessRequests() {
  const { t } = useTranslation();
  const { data: requests = [], isLoading } = useMyAccessRequests();
  return (
    <Card size="small" title={t('notifications.access.mine')} data-testid="my-access-requests">
      {!isLoading && requests.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.access.none')} />
      ) : (
        <Table<MyAccessRequest>
          rowKey="id"
          size="small"
          pagination={false}
          loading={isLoading}
          dataSource={requests}
          columns={[
            { key: 'status', title: t('notifications.access.statusTitle'), width: 260, render: (_, r) => <AccessRequestStatusTag request={r} /> },
            { key: 'reason', title: t('notifications.access.reason'), render: (_, r) => <Link to={`/r/access_requests/show/${r.id}`}>{r.reason}</Link> },
            { key: 'created', title: t('notifications.access.requestedAt'), width: 150, render: (_, r) => dayjs(r.created_at).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      )}
    </Card>
  );
}
