// The register's recycle bin: deleted rows with who deleted them and when, each restorable.
import { useInvalidate, useList, type BaseRecord } from '@refinedev/core';
import { App, Button, Drawer, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { restoreDeleted } from '../../../data/registers/restore-deleted';
import { readableError } from '../../../providers/readable-error';
import type { RegisterMeta } from '../model/register-meta';

const summaryOf = (row: Record<string, unknown>) => ['code', 'name', 'title', 'content', 'summary'].map((k) => row[k]).filter(Boolean).slice(0, 2).join(' · ');

export function RecycleDrawer({ register, open, onClose, onRestored }: { register: RegisterMeta; open: boolean; onClose(): void; onRestored(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const { result, query } = useList<BaseRecord>({
    resource: 'recycle_bin',
    filters: [{ field: 'table_name', operator: 'eq', value: register.name }, { field: 'restored_at', operator: 'null', value: null }],
    sorters: [{ field: 'deleted_at', order: 'desc' }],
    pagination: { pageSize: 50 },
    queryOptions: { enabled: open },
  });
  return (
    <Drawer open={open} onClose={onClose} width={720} title={t('registers.recycle.title')} data-testid="recycle-drawer">
      <Table
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={result?.data ?? []}
        pagination={false}
        columns={[
          { title: t('registers.recycle.record'), render: (_, row) => summaryOf(row.row_data as Record<string, unknown>) || String(row.row_id) },
          { title: t('registers.recycle.deletedAt'), dataIndex: 'deleted_at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '',
            render: (_, row) => (
              <Button
                size="small"
                data-testid="recycle-restore"
                onClick={async () => {
                  try {
                    await restoreDeleted(Number(row.id));
                    message.success(t('registers.recycle.restored'));
                    await invalidate({ resource: 'recycle_bin', invalidates: ['list'] });
                    onRestored();
                  } catch (e) {
                    message.error(readableError(e).message);
                  }
                }}
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
