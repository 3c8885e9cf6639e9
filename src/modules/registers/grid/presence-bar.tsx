// Who else is on this register and where their cursor is (issue 19), above the grid: a coloured name
// per person, the row and column when their row is one this person has loaded (the server sends a
// cursor only to those who may read its row), and whether the register is live or reconnecting.
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from '../../../data/realtime/use-register-changes';
import type { OtherPerson } from './use-live-rows';

const palette = ['#fa8c16', '#13c2c2', '#722ed1', '#eb2f96', '#52c41a', '#2f54eb', '#faad14', '#f5222d'];

/** One colour per person, the same on every screen (their cursor's outline in the grid has it too). */
export function personColour(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}

type Props = {
  status: LiveStatus;
  others: readonly OtherPerson[];
  /** The row's number as the grid shows it (null: not loaded here). */
  rowNumber(rowKey: string): number | null;
  columnLabel(column: string): string | null;
};

export function PresenceBar({ status, others, rowNumber, columnLabel }: Props) {
  const { t } = useTranslation();
  const where = (p: OtherPerson) => {
    const row = p.rowKey === null ? null : rowNumber(p.rowKey);
    const column = p.column === null ? null : columnLabel(p.column);
    if (row === null) return t('registers.live.elsewhere');
    return column ? t('registers.live.atCell', { row, column }) : t('registers.live.atRow', { row });
  };
  return (
    <Space size="small" wrap data-testid="grid-presence" data-live={status}>
      <Tooltip title={t(`registers.live.status.${status}.hint`)}>
        <Typography.Text type={status === 'live' ? 'success' : 'secondary'} data-testid="grid-live-status">
          {t(`registers.live.status.${status}.label`)}
        </Typography.Text>
      </Tooltip>
      {/* One person may be here in several tabs: one tag per place. */}
      {others.map((p, i) => (
        <Tag key={`${p.key}:${i}`} color={personColour(p.key)} data-testid="grid-presence-person" data-row-key={p.rowKey ?? undefined}>
          {p.name} · {where(p)}
        </Tag>
      ))}
    </Space>
  );
}
