// Saved views: pick one, save the grid's current layout into it, save it under a new name, share
// it with the department, or delete it. Stored in register_views; the database decides who sees what.
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useCreate, useDelete, useGetIdentity, useList, useUpdate, type BaseRecord } from '@refinedev/core';
import { Button, Checkbox, Input, Modal, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewConfig } from './view-config';

export type SavedView = BaseRecord & { id: string; name: string; owner_id: string | null; shared: boolean; config: ViewConfig; version: number };

export function ViewPicker({ register, current, config, onPick }: { register: string; current: SavedView | null; config: ViewConfig; onPick(view: SavedView | null): void }) {
  const { t } = useTranslation();
  const { data: me } = useGetIdentity<{ id: string }>();
  const { result } = useList<SavedView>({ resource: 'register_views', filters: [{ field: 'register', operator: 'eq', value: register }], sorters: [{ field: 'position', order: 'asc' }, { field: 'name', order: 'asc' }], pagination: { mode: 'off' } });
  const { mutateAsync: create } = useCreate<SavedView>();
  const { mutateAsync: update } = useUpdate<SavedView>();
  const { mutateAsync: remove } = useDelete();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = result?.data ?? [];
  const mine = current && current.owner_id === me?.id;

  const saveAs = async () => {
    const { data } = await create({ resource: 'register_views', values: { register, name, shared, config }, successNotification: () => ({ type: 'success', message: t('registers.views.saved') }) });
    setNaming(false);
    onPick(data);
  };

  const save = async () => {
    if (mine) {
      const { data } = await update({ resource: 'register_views', id: current.id, values: { config, version: current.version }, successNotification: () => ({ type: 'success', message: t('registers.views.saved') }) });
      onPick(data);
    } else {
      setName('');
      setShared(false);
      setNaming(true);
    }
  };

  const removeView = async (id: string) => {
    await remove({ resource: 'register_views', id });
    onPick(null);
  };

  // Refine's notification provider has already shown a failed mutation's error; the view stays as it was.
  const notified = () => undefined;

  return (
    <Space.Compact>
      <Select
        style={{ width: 180 }}
        placeholder={t('registers.views.all')}
        allowClear
        value={current?.id}
        data-testid="view-picker"
        onChange={(id) => onPick(views.find((v) => v.id === id) ?? null)}
        options={views.map((v) => ({ value: v.id, label: v.owner_id === me?.id ? v.name : `${v.name}（${t('registers.views.shared')}）` }))}
      />
      <Tooltip title={mine ? t('registers.views.save') : t('registers.views.saveAs')}>
        <Button
          icon={<SaveOutlined />}
          data-testid="view-save"
          onClick={() => void save().catch(notified)}
        />
      </Tooltip>
      {mine && (
        <Tooltip title={t('registers.views.delete')}>
          <Button icon={<DeleteOutlined />} onClick={() => void removeView(current.id).catch(notified)} />
        </Tooltip>
      )}
      <Modal open={naming} title={t('registers.views.saveAs')} onCancel={() => setNaming(false)} onOk={() => void saveAs().catch(notified)} okButtonProps={{ disabled: !name.trim(), ...{ 'data-testid': 'view-save-confirm' } }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input value={name} maxLength={40} placeholder={t('registers.views.name')} onChange={(e) => setName(e.target.value)} data-testid="view-name" />
          <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)}>{t('registers.views.shareWithDepartment')}</Checkbox>
        </Space>
      </Modal>
    </Space.Compact>
  );
}
