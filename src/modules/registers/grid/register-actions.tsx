// Import into the register and export the current view (its columns, filters and sort) to XLSX.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useDataProvider, type CrudFilter, type CrudSort } from '@refinedev/core';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { downloadBlob } from '../../../utils/download-blob';
import { exportFileName, exportView } from '../export/export-view';
import { exportViewOnServer } from '../export/server-export';
import { ImportDrawer } from '../import/import-drawer';
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';
import { useCanDo } from '../model/use-can-do';
import type { ReferenceLabels } from '../model/use-reference-labels';

export function RegisterActions({ register, columns, filters, sorters, references }: {
  register: RegisterMeta;
  columns: ColumnMeta[];
  filters: CrudFilter[];
  sorters: CrudSort[];
  references: ReferenceLabels;
}) {
  // An administrator's historical import (the register's 'import' row) needs no create right.
  const canImportHistory = useCanDo()(register.name, 'import');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const dataProvider = useDataProvider();
  const [exporting, setExporting] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);

  const exportCurrentView = async () => {
    setExporting(0);
    try {
      // Streamed by the export-xlsx Edge Function; built here only for a kind the server does not write.
      const blob = (await exportViewOnServer(register, columns, filters, sorters, i18n.language)) ?? await exportView({
        register,
        columns,
        fetchPage: async (offset, limit) =>
          (await dataProvider().getList({ resource: register.name, filters, sorters, pagination: { currentPage: offset / limit + 1, pageSize: limit }, meta: { count: '' } })).data,
        displayMaps: new Map(columns.filter((c) => c.references).map((c) => [c.name, references.labels(c)])),
        lookupDisplays: (column, keys) => referenceDisplays(column.references!.table, column.references!.display ?? 'id', keys),
        onProgress: setExporting,
      });
      downloadBlob(blob, exportFileName(register, i18n.language));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(null);
    }
  };

  return (
    <>
      {(register.canCreate || register.canUpdate || canImportHistory) && (
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="register-import">
          {t('registers.grid.import')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting !== null} onClick={() => void exportCurrentView()} data-testid="register-export">
      {exporting ? t('registers.grid.exporting', { count: exporting }) : t('registers.grid.export')}
      </Button>
      <ImportDrawer register={register} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
