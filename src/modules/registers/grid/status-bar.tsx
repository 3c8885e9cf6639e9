// Under the grid, like a spreadsheet's: rows in the view, what is selected, and the sums of the
// numeric columns in the selection.
import { LockOutlined } from '@ant-design/icons';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { numberLocale } from '../../../i18n/in-language';

export type SelectionSummary = { cells: number; rows: number; sums: { label: string; sum: number }[] };

/** readOnly: why the selected cell is the database's to write (its column's reason), if it is. */
export function StatusBar({ total, estimated, loaded, selection, readOnly }: { total: number; estimated: boolean; loaded: number; selection: SelectionSummary; readOnly?: string | null }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => n.toLocaleString(numberLocale(i18n.language), { maximumFractionDigits: 2 });
  return (
    <Space size="large" data-testid="grid-status" style={{ padding: '4px 8px', borderTop: '1px solid #f0f0f0', width: '100%' }}>
      <Typography.Text type="secondary">{t(estimated ? 'registers.status.estimated' : 'registers.status.total', { count: total, total: number(total), loaded: number(loaded) })}</Typography.Text>
      {selection.cells > 0 && <Typography.Text data-testid="selection-count">{t('registers.status.selected', { cells: number(selection.cells), rows: number(selection.rows) })}</Typography.Text>}
      {selection.sums.map((s) => (
        <Typography.Text key={s.label} data-testid="selection-sum">{t('registers.status.sum', { column: s.label, sum: number(s.sum) })}</Typography.Text>
      ))}
      {readOnly && (
        <Typography.Text type="secondary" data-testid="cell-read-only">
          <LockOutlined /> {readOnly}
        </Typography.Text>
      )}
    </Space>
  );
}
