// The dashboard's counters: my unread to-dos and what is overdue, each a card.
import { Link } from '@refinedev/core';
import { Card, Col, Flex, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardSummary } from '../../data/dashboard/fetch-dashboard-summary';
import { useLocaleFormat } from './use-locale-format';

type Counter = { key: string; title: string; value: number; alarm: boolean; link?: string; footer?: ReactNode };

export function DashboardStatistics({ summary }: { summary: DashboardSummary }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const counters: Counter[] = [
    {
      key: 'todos',
      title: t('dashboard.todos.unread'),
      value: summary.todos.unread,
      alarm: false,
      link: '/notifications',
      footer: t('dashboard.todos.open', { n: format.number(summary.todos.open) }),
    },
    { key: 'overdue-complaints', title: t('dashboard.overdue.complaints'), value: summary.overdue.complaints, alarm: true },
    { key: 'overdue-filings', title: t('dashboard.overdue.filings'), value: summary.overdue.filings, alarm: true },
    { key: 'overdue-return-visits', title: t('dashboard.overdue.returnVisits'), value: summary.overdue.return_visits, alarm: true, link: '/return-visits' },
  ];
  return (
    <>
      {counters.map((c) => (
        <Col key={c.key} xs={24} sm={12} xl={6}>
          <Card data-testid={`dashboard-${c.key}`} style={{ height: '100%' }}>
            <Statistic
              title={c.title}
              value={c.value}
              formatter={(v) => format.number(Number(v))}
              valueStyle={c.alarm && c.value > 0 ? { color: '#cf1322' } : undefined}
            />
            <Flex justify="space-between" style={{ marginTop: 8, minHeight: 22 }}>
              <Typography.Text type="secondary">{c.footer}</Typography.Text>
              {c.link ? <Link to={c.link}>{t('dashboard.viewAll')}</Link> : null}
            </Flex>
          </Card>
        </Col>
      ))}
    </>
  );
}
