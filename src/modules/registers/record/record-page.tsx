// A record of any register: its fields, the workflow moves it allows, the records that point at it,
// and its history; with edit, print and delete where the permission table allows them.
import { DeleteOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { useGo, useOne } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Result, Space, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { keys } from '../../../data/keys';
import { fetchRowRights } from '../../../data/registers/fetch-row-rights';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { MoveButtons } from '../moves/move-buttons';
import { readableError } from '../../../providers/readable-error';
import { useReferenceLabels } from '../model/use-reference-labels';
import { recordTitle } from '../model/record-title';
import { labelOf } from '../model/register-meta';
import { useRegister, useRegisters } from '../model/use-registers';
import { RecordFields } from './record-fields';
import { RecordHistory } from './record-history';
import { LiveRecord } from './live-record';
import { NewRelatedButton, RelatedRecords } from './related-records';

export function RecordPage() {
  const { register: name, id: rawId } = useParams();
  const id = decodeURIComponent(rawId ?? '');
  const { registers, loaded, answered } = useRegisters();
  const register = useRegister(name);
  const { t, i18n } = useTranslation();
  const go = useGo();
  const references = useReferenceLabels();
  const user = useSignedInUserId();
  const { deleteRows } = useRegisterWrites();
  const { message } = App.useApp();
  const { result: row, query } = useOne({ resource: name ?? '', id, meta: { idColumnName: register?.keyColumn }, queryOptions: { enabled: !!register } });
  // The row's own policies and its moves' declarations say what this person may do with it (undefined: no answer yet).
  const { data: rights } = useQuery({
    queryKey: [...keys.rowRights(user, name ?? '', [id]), row?.version],
    queryFn: async () => (await fetchRowRights(name!, [id])).get(id) ?? { update: false, delete: false, moves: [] },
    enabled: !!register && !!row && (register.canUpdate || register.canDelete || register.moves.length > 0),
  });
  if (!loaded || (!register && !answered) || (register && query.isLoading)) return <Spin style={{ margin: 48 }} />;
  if (!register || !row) return <Result status="404" title={t('registers.record.notFound')} />;
  const moves = register.moves.filter((m) => rights?.moves.includes(m.move));
  const deleteRecord = async () => {
    try {
      await deleteRows({ register: register.name, keyColumn: register.keyColumn, keys: [id] });
      go({ to: `/r/${register.name}` });
    } catch (e) {
      message.error(readableError(e).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="record-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {[labelOf(register, i18n.language), recordTitle(register, row, references)].filter(Boolean).join(' · ')}
        </Typography.Title>
        <Space wrap>
          <MoveButtons register={register} registers={registers} moves={moves} rowKey={id} row={row} />
          <NewRelatedButton register={register} rowId={id} registers={registers} />
          {register.canUpdate && rights?.update && (
            <Button icon={<EditOutlined />} onClick={() => go({ to: `/r/${register.name}/edit/${encodeURIComponent(id)}` })} data-testid="record-edit">
              {t('buttons.edit')}
            </Button>
          )}
          <Button icon={<PrinterOutlined />} onClick={() => window.open(`/print/${register.name}/${encodeURIComponent(id)}`, '_blank')} data-testid="record-print">
            {t('registers.record.print')}
          </Button>
          {register.canDelete && rights?.delete && (
            <Popconfirm title={t('registers.grid.deleteConfirm')} onConfirm={() => void deleteRecord()}>
              <Button danger icon={<DeleteOutlined />}>{t('buttons.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <LiveRecord register={register} rowKey={id} />
      <Card size="small">
        <RecordFields register={register} row={row} references={references} />
      </Card>
      <Tabs
        items={[
          { key: 'related', label: t('registers.record.related'), children: <RelatedRecords register={register} rowId={id} registers={registers} references={references} /> },
          { key: 'history', label: t('registers.record.history'), children: <RecordHistory register={register} rowId={id} references={references} /> },
        ]}
      />
    </Space>
  );
}
