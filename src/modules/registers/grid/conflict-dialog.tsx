// Two people changed the same cell: the later write was refused (stale version). Nothing is lost:
// both values are shown, and the person chooses which one stays.
import { useOne, type BaseRecord } from '@refinedev/core';
import { Button, Descriptions, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatValue } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import type { Conflict } from './use-cell-writes';

export function ConflictDialog({ register, conflict, labels, onResolve }: {
  register: RegisterMeta;
  conflict: Conflict;
  labels: ReadonlyMap<string, string>;
  onResolve(choice: 'theirs' | 'mine', theirs: BaseRecord): void;
}) {
  const { t, i18n } = useTranslation();
  const { result: theirs } = useOne({ resource: register.name, id: conflict.key, meta: { idColumnName: register.keyColumn } });
  const column = conflict.column;
  return (
    <Modal open closable={false} maskClosable={false} title={t('registers.conflict.title')} footer={null} data-testid="conflict-dialog">
      <p>{t('registers.conflict.explain', { column: labelOf(column, i18n.language) })}</p>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('registers.conflict.theirs')}>
          <span data-testid="conflict-theirs">{theirs ? formatValue(column, theirs[column.name], labels) : '…'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('registers.conflict.mine')}>
          <span data-testid="conflict-mine">{conflict.mineText}</span>
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
        <Button disabled={!theirs} onClick={() => onResolve('theirs', theirs!)} data-testid="conflict-keep-theirs">
          {t('registers.conflict.keepTheirs')}
        </Button>
        <Button type="primary" disabled={!theirs} onClick={() => onResolve('mine', theirs!)} data-testid="conflict-keep-mine">
          {t('registers.conflict.keepMine')}
        </Button>
      </Space>
    </Modal>
  );
}
