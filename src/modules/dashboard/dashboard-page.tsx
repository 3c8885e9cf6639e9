// Dashboard 仪表盘: my to-dos, what is overdue, this month's complaints, the satisfaction trend
// and return-visit completion — all counted by the database under the caller's own RLS.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDashboardSummary } from '../../data/dashboard/fetch-dashboard-summary';
import { DashboardStatistics } from './dashboard-statistics';
import { ReturnVisitCompletion } from './return-visit-completion';
import { SurveyScoresCard } from '../survey/survey-scores-card';
import { useLocaleFormat } from './use-locale-format';

const DashboardCharts = lazy(() => import('./dashboard-charts').then((m) => ({ default: m.DashboardCharts })));

export function DashboardPage() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const { data: summary, error, isPending, refetch } = useQuery({
    queryKey: ['dashboard-summary'],
    queryFn: () => fetchDashboardSummary(),
    refetchInterval: 60_000,
  });

  return (
    <div data-testid="dashboard">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('dashboard.heading')}
      </Typography.Title>
      {summary ? (
        <Typography.Paragraph type="secondary">{t('dashboard.subtitle', { month: format.month(summary.month) })}</Typography.Paragraph>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          message={t('dashboard.loadError')}
          description={error.message}
          action={<Button onClick={() => void refetch()}>{t('dashboard.retry')}</Button>}
        />
      ) : isPending || !summary ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <DashboardStatistics summary={summary} />
          <Suspense fallback={<Col span={24}><Card><Skeleton active /></Card></Col>}>
            <DashboardCharts summary={summary} />
          </Suspense>
          <Col xs={24} xl={8}>
            <ReturnVisitCompletion visits={summary.return_visits} />
          </Col>
          <SurveyScoresCard />
        </Row>
      )}
    </div>
  );
}
