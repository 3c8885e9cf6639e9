// This month's return visits: how many of those due are done (100% is the rule).
import { Card, Empty, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardSummary } from '../../data/dashboard/fetch-dashboard-summary';
import { useLocaleFormat } from './use-locale-format';

export function ReturnVisitCompletion({ visits }: { visits: DashboardSummary['return_visits'] }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const ratio = visits.due > 0 ? visits.done / visits.due : 0;
  return (
    <Card title={t('dashboard.completion.title')} data-testid="dashboard-completion" style={{ height: '100%' }}>
      {visits.due === 0 ? (
        <Empty description={t('dashboard.completion.none')} />
      ) : (
        <div style={{ textAlign: 'center' }}>
          <Progress
            type="dashboard"
            percent={Math.round(ratio * 100)}
            status={ratio >= 1 ? 'success' : 'normal'}
            format={() => format.percent(ratio)}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('dashboard.completion.detail', { done: format.number(visits.done), due: format.number(visits.due) })}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
