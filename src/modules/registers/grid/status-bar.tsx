// Under the grid, like a spreadsheet's: rows in the view, what is selected, and the sum, average
// and count of the numeric columns in the selection (over all its rows: the server adds up those
// not loaded).
import { LockOutlined } from '@ant-design/icons';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { numberLocale } from '../../../i18n/in-language';

export type SelectionSummary = {
  cells: number;
  rows: number;
  sums: { label: string; sum: number; count?: number; avg?: number | null }[];
  /** Sums still being computed (rows loading, or the server adding up). */
  computing?: boolean;
  /** The server added the rows up (a selection beyond the loaded rows). */
  server?: boolean;
};

/** readOnly: why the selected cell is the database's to write (its column's reason), if it is. */
export function StatusBar({ total, estimated, loaded, selection, readOnly }: { total: number; estimated: boolean; loaded: number; selection: SelectionSummary; readOnly?: string | null }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => n.toLocaleString(numberLocale(i18n.language), { maximumFractionDigits: 2 });
  return (
    <Space size="large" data-testid="grid-status" style={{ padding: '4px 8px', borderTop: '1px solid #f0f0f0', width: '100%' }}>
      {/* "≈": a sample's estimate (the register's policies counted on a sample), until the exact count arrives. */}
      <Typography.Text type="secondary" data-testid="row-count" data-estimated={estimated ? 'true' : undefined}>
        {estimated ? '≈ ' : ''}
        {t(estimated ? 'registers.status.estimated' : 'registers.status.total', { count: total, total: number(total), loaded: number(loaded) })}
      </Typography.Text>
      {selection.cells > 0 && <Typography.Text data-testid="selection-count">{t('registers.status.selected', { cells: number(selection.cells), rows: number(selection.rows) })}</Typography.Text>}
      {selection.computing && <Typography.Text type="secondary" data-testid="selection-computing">{t('sheet.computing')}</Typography.Text>}
      {selection.sums.map((s) => (
        <Space key={s.label} size="small">
          <Typography.Text data-testid="selection-sum" data-sum={s.sum} data-server={selection.server ? 'true' : undefined}>{t('registers.status.sum', { column: s.label, sum: number(s.sum) })}</Typography.Text>
          {s.count !== undefined && (
            <Typography.Text type="secondary" data-testid="selection-avg">
              {t('sheet.stats.avg')} {s.avg === null || s.avg === undefined ? '—' : number(s.avg)} · {t('sheet.stats.filled')} {number(s.count)}
            </Typography.Text>
          )}
        </Space>
      ))}
      {readOnly && (
        <Typography.Text type="secondary" data-testid="cell-read-only">
          <LockOutlined /> {readOnly}
        </Typography.Text>
      )}
    </Space>
  );
}
