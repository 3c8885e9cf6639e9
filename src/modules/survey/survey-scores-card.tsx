// The dashboard's satisfaction-survey card (000 1.7: surveys are the basis for assessing the
// business departments): per department, this quarter's mean score and satisfied share next to the
// quarter before. Shown to whoever may read survey_scores; RLS decides which departments.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchSurveyScores, type SurveyScoreRow } from '../../data/surveys/fetch-survey-scores';
import { beijingToday, byDepartment, quartersOf, type DepartmentScores } from './survey-quarters';
import { useCanDo } from '../registers/model/use-can-do';

export function SurveyScoresCard() {
  const { t, i18n } = useTranslation();
  const canDo = useCanDo();
  const mayRead = canDo('survey_scores', 'read');
  // The quarter is Beijing's: the database files each answer under its Beijing date.
  const quarters = quartersOf(beijingToday());
  const { data, isPending } = useQuery({
    queryKey: ['survey-scores', quarters.previous],
    queryFn: () => fetchSurveyScores(quarters.previous),
    enabled: mayRead,
    refetchInterval: 60_000,
  });
  if (!mayRead) return null;
  const numbers = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const score = (row?: SurveyScoreRow) => (row?.average == null ? '—' : numbers.format(row.average));
  const rate = (row?: SurveyScoreRow) => (row?.satisfied_rate == null ? '—' : `${numbers.format(row.satisfied_rate)}%`);
  const rows = byDepartment(data ?? [], quarters);
  return (
    <Col xs={24} xl={16}>
      <Card title={t('survey.scores.title')} data-testid="dashboard-survey-scores" style={{ height: '100%' }} loading={isPending}>
        {rows.length === 0 ? (
          <Empty description={t('survey.scores.none')} />
        ) : (
          <>
            <Table<DepartmentScores>
              size="small"
              pagination={false}
              rowKey="department"
              dataSource={rows}
              columns={[
                { title: t('survey.scores.department'), dataIndex: 'department' },
                { title: t('survey.scores.average'), align: 'right', render: (_, r) => score(r.current) },
                { title: t('survey.scores.satisfied'), align: 'right', render: (_, r) => rate(r.current) },
                { title: t('survey.scores.answered'), align: 'right', render: (_, r) => r.current?.answered ?? 0 },
                { title: t('survey.scores.previous'), align: 'right', render: (_, r) => (r.previous ? `${score(r.previous)} · ${rate(r.previous)}` : '—') },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('survey.scores.explain')}
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </Col>
  );
}
