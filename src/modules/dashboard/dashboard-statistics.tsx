// The dashboard's counters: my unread to-dos, what is overdue and the escalated complaints, each a
// card that opens the list behind its count (the register's grid with the same filter).
import { Link } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { countEscalatedComplaints } from '../../data/dashboard/count-escalated-complaints';
import type { DashboardSummary } from '../../data/dashboard/fetch-dashboard-summary';
import { dashboardLinks } from './list-links';
import { useLocaleFormat } from './use-locale-format';

type Counter = { key: string; title: string; value: number | undefined; alarm: boolean; link: string; footer?: ReactNode };

export function DashboardStatistics({ summary }: { summary: DashboardSummary }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const { data: escalated } = useQuery({ queryKey: ['dashboard-escalated-complaints', summary.as_of], queryFn: countEscalatedComplaints });
  const links = dashboardLinks(summary.as_of);
  const counters: Counter[] = [
    {
      key: 'todos',
      title: t('dashboard.todos.unread'),
      value: summary.todos.unread,
      alarm: false,
      link: '/notifications',
      footer: t('dashboard.todos.open', { n: format.number(summary.todos.open) }),
    },
    { key: 'overdue-complaints', title: t('dashboard.overdue.complaints'), value: summary.overdue.complaints, alarm: true, link: links.overdueComplaints },
    { key: 'escalated-complaints', title: t('dashboard.escalated.complaints'), value: escalated, alarm: true, link: links.escalatedComplaints },
    { key: 'overdue-filings', title: t('dashboard.overdue.filings'), value: summary.overdue.filings, alarm: true, link: links.overdueFilings },
    { key: 'overdue-return-visits', title: t('dashboard.overdue.returnVisits'), value: summary.overdue.return_visits, alarm: true, link: links.overdueReturnVisits },
  ];
  return (
    <>
      {counters.map((c) => (
        <Col key={c.key} flex="1 1 220px">
          <Link to={c.link} data-testid={`dashboard-${c.key}-link`} aria-label={`${c.title}: ${t('dashboard.viewAll')}`}>
            <Card data-testid={`dashboard-${c.key}`} hoverable style={{ height: '100%' }}>
              <Statistic
                title={c.title}
                value={c.value ?? '–'}
                formatter={(v) => (typeof v === 'number' ? format.number(v) : String(v))}
                valueStyle={c.alarm && (c.value ?? 0) > 0 ? { color: '#cf1322' } : undefined}
              />
              <Flex justify="space-between" style={{ marginTop: 8, minHeight: 22 }}>
                <Typography.Text type="secondary">{c.footer}</Typography.Text>
                <Typography.Link>{t('dashboard.viewAll')}</Typography.Link>
              </Flex>
            </Card>
          </Link>
        </Col>
      ))}
    </>
  );
}
