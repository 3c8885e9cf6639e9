// Monthly reports 月度报表: return-visit statistics and complaint analysis, charted and exportable.
import { Column, Pie } from '@ant-design/plots';
import { List } from '@refinedev/antd';
import { useList, useTranslate } from '@refinedev/core';
import { Button, Card, Col, Empty, Row, Select, Statistic } from 'antd';
import { useMemo, useState } from 'react';
import type { Database } from '../../types/database.types';
import { downloadBlob } from '../../utils/download-blob';
import { xlsxType } from '../../utils/xlsx-type';
import { reportRows, type ReportData } from './report-rows';
import { reportWorkbook } from './report-workbook';

type MonthlyReport = Database['public']['Tables']['monthly_reports']['Row'];

export function MonthlyReportPage() {
  const t = useTranslate();
  const { result } = useList<MonthlyReport>({ resource: 'monthly_reports', sorters: [{ field: 'month', order: 'desc' }], pagination: { pageSize: 48 } });
  const months = useMemo(() => [...new Set((result?.data ?? []).map((r) => r.month))], [result]);
  const [chosen, setChosen] = useState<string>();
  const month = chosen ?? months[0];
  const reports = (result?.data ?? []).filter((r) => r.month === month);
  const data = (kind: string) => (reports.find((r) => r.kind === kind)?.data ?? {}) as ReportData;
  const complaints = data('每月投诉情况分析');
  const visits = data('回访客户月统计');
  const label = (key: string) => t(`reports.keys.${key}`, key);
  const pairs = (value: unknown) => Object.entries((value ?? {}) as Record<string, number>).map(([item, count]) => ({ item, count }));

  const exportXlsx = async () => {
    const buffer = await reportWorkbook(month ?? '', reports.map((r) => ({ kind: r.kind, rows: reportRows(r.data as ReportData, label) })), [t('reports.group'), t('reports.item'), t('reports.count')]);
    downloadBlob(new Blob([buffer], { type: xlsxType }), `月度报表-${month}.xlsx`);
  };

  return (
    <List
      title={t('reports.title')}
      headerButtons={
        <>
          <Select style={{ width: 160 }} value={month} onChange={setChosen} options={months.map((m) => ({ value: m, label: m.slice(0, 7) }))} data-testid="report-month" />
          <Button type="primary" disabled={!month} onClick={() => void exportXlsx()} data-testid="report-export">
            {t('reports.export')}
          </Button>
        </>
      }
    >
      {!month ? (
        <Empty description={t('reports.none')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col span={6}><Card><Statistic title={label('complaints')} value={Number(complaints.complaints ?? 0)} /></Card></Col>
          <Col span={6}><Card><Statistic title={label('replied_in_time')} value={Number(complaints.replied_in_time ?? 0)} /></Card></Col>
          <Col span={6}><Card><Statistic title={label('visits')} value={Number(visits.visits ?? 0)} /></Card></Col>
          <Col span={6}><Card><Statistic title={label('planned')} value={Number(visits.planned ?? 0)} /></Card></Col>
          <Col span={12}><Card title={label('by_category')}><Column data={pairs(complaints.by_category)} xField="item" yField="count" height={260} /></Card></Col>
          <Col span={12}><Card title={label('by_severity')}><Pie data={pairs(complaints.by_severity)} angleField="count" colorField="item" height={260} /></Card></Col>
          <Col span={12}><Card title={label('by_satisfaction')}><Pie data={pairs(visits.by_satisfaction)} angleField="count" colorField="item" height={260} /></Card></Col>
          <Col span={12}><Card title={label('by_source')}><Column data={pairs(visits.by_source)} xField="item" yField="count" height={260} /></Card></Col>
        </Row>
      )}
    </List>
  );
}
