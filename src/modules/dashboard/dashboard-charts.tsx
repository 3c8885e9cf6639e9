// The dashboard's charts (loaded on demand: @ant-design/plots is large): this month's complaints
// by category and by severity, and the satisfaction of done return visits over six months.
import { Column, Line, Pie } from '@ant-design/plots';
import { Card, Col, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardSummary } from '../../data/dashboard/fetch-dashboard-summary';
import { useLocaleFormat } from './use-locale-format';

const chartHeight = 280;

export function DashboardCharts({ summary }: { summary: DashboardSummary }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  // Categories and severities are stored in Chinese; English screens show their translation.
  const value = (stored: string) => t(`dashboard.values.${stored}`, { defaultValue: stored });
  const { complaints } = summary;
  const byCategory = complaints.by_category.map((c) => ({ category: value(c.category), count: c.count }));
  const bySeverity = complaints.by_severity.map((s) => ({ severity: value(s.severity), count: s.count }));
  const levels = [
    ['satisfied', t('dashboard.satisfaction.satisfied'), '#52c41a'],
    ['fairly_satisfied', t('dashboard.satisfaction.fairlySatisfied'), '#faad14'],
    ['dissatisfied', t('dashboard.satisfaction.dissatisfied'), '#ff4d4f'],
  ] as const;
  const trend = summary.satisfaction_trend.flatMap((m) =>
    levels.map(([field, label]) => ({ month: format.monthShort(m.month), satisfaction: label, count: m[field] })),
  );
  // Counts are whole numbers: no 0.5 ticks on a small month's axis.
  const countAxis = { y: { labelFormatter: (v: number) => (Number.isInteger(v) ? format.number(v) : '') } };
  const total = t('dashboard.complaints.total', { n: format.number(complaints.total) });

  return (
    <>
      <Col xs={24} xl={12}>
        <Card title={t('dashboard.complaints.byCategory')} extra={total} data-testid="dashboard-complaints-by-category">
          {byCategory.length === 0 ? (
            <Empty description={t('dashboard.complaints.none')} />
          ) : (
            <Column data={byCategory} xField="category" yField="count" colorField="category" legend={false} axis={countAxis} height={chartHeight} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('dashboard.complaints.bySeverity')} extra={total} data-testid="dashboard-complaints-by-severity">
          {bySeverity.length === 0 ? (
            <Empty description={t('dashboard.complaints.none')} />
          ) : (
            <Pie data={bySeverity} angleField="count" colorField="severity" innerRadius={0.6} label={{ text: 'count', position: 'outside' }} height={chartHeight} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card title={t('dashboard.satisfaction.title')} data-testid="dashboard-satisfaction-trend">
          <Line
            data={trend}
            xField="month"
            yField="count"
            colorField="satisfaction"
            point={{ shapeField: 'circle', sizeField: 3 }}
            axis={countAxis}
            scale={{ color: { domain: levels.map(([, label]) => label), range: levels.map(([, , color]) => color) } }}
            height={chartHeight}
          />
        </Card>
      </Col>
    </>
  );
}
