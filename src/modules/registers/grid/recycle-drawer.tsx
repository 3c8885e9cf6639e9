// The register's recycle bin: deleted rows with who deleted them and when, each restorable.
import { useList, type BaseRecord } from '@refinedev/core';
import { App, Button, Drawer, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { readableError } from '../../../providers/readable-error';
import { useEffect } from 'react';
import { recordTitle, titleReferences } from '../model/record-title';
import type { RegisterMeta } from '../model/register-meta';
import { useReferenceLabels } from '../model/use-reference-labels';

export function RecycleDrawer({ register, open, onClose, onRestored }: { register: RegisterMeta; open: boolean; onClose(): void; onRestored?(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { restoreDeleted } = useRegisterWrites();
  const { result, query } = useList<BaseRecord>({
    resource: 'recycle_bin',
    filters: [{ field: 'table_name', operator: 'eq', value: register.name }, { field: 'restored_at', operator: 'null', value: null }],
    sorters: [{ field: 'deleted_at', order: 'desc' }],
    pagination: { pageSize: 50 },
    queryOptions: { enabled: open },
  });
  const references = useReferenceLabels();
  const deleted = result?.data;
  useEffect(() => {
    for (const column of titleReferences(register)) references.ensure(column, (deleted ?? []).map((row) => (row.row_data as Record<string, unknown>)[column.name]));
  }, [register, deleted, references]);
  const restore = async (binId: number) => {
    try {
      await restoreDeleted({ register: register.name, binId });
      message.success(t('registers.recycle.restored'));
      onRestored?.();
    } catch (e) {
      message.error(readableError(e).message);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} width={720} title={t('registers.recycle.title')} data-testid="recycle-drawer">
      <Table
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={result?.data ?? []}
        pagination={false}
        columns={[
          { title: t('registers.recycle.record'), render: (_, row) => recordTitle(register, row.row_data as Record<string, unknown>, references) },
          { title: t('registers.recycle.deletedAt'), dataIndex: 'deleted_at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '',
            render: (_, row) => (
              <Button
                size="small"
                data-testid="recycle-restore"
                onClick={() => void restore(Number(row.id))}
              >
                {t('registers.recycle.restore')}
              </Button>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
