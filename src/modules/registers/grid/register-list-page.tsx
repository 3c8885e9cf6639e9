// A register's main screen, generated from its metadata: saved views, quick search, filters,
// columns, the grid, and the actions the permission table allows (new, delete, restore, undo).
import { DeleteOutlined, EyeOutlined, PlusOutlined, ReloadOutlined, RestOutlined, UndoOutlined } from '@ant-design/icons';
import { useGo } from '@refinedev/core';
import { App, Button, Input, InputNumber, Popconfirm, Result, Space, Spin, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { readableError } from '../../../providers/readable-error';
import { labelOf } from '../model/register-meta';
import { useRegister, useRegisters } from '../model/use-registers';
import { toCrudSorters, viewColumns, type ViewConfig } from '../views/view-config';
import { useViewFilters } from '../views/use-view-filters';
import { ViewPicker, type SavedView } from '../views/view-picker';
import { viewFromSearch } from '../views/view-url';
import { ColumnSettings } from './column-settings';
import { FilterBuilder } from './filter-builder';
import { RecycleDrawer } from './recycle-drawer';
import { RegisterGrid, type RegisterGridHandle } from './register-grid';
import { RegisterActions } from './register-actions';
import { useReferenceLabels } from '../model/use-reference-labels';
import { useRowPages } from './use-row-pages';

export function RegisterListPage() {
  const { register: name } = useParams();
  const { loaded, answered } = useRegisters();
  const register = useRegister(name);
  const location = useLocation();
  const { t } = useTranslation();
  // The kept descriptions (a page load) may lack a register granted since: the server's answer decides.
  if (!loaded || (!register && !answered)) return <Spin style={{ margin: 48 }} />;
  if (!register) return <Result status="403" title={t('registers.notAvailable')} />;
  return <RegisterScreen key={`${register.name}${location.search}`} registerName={register.name} />;
}

function RegisterScreen({ registerName }: { registerName: string }) {
  const register = useRegister(registerName)!;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const go = useGo();
  const [view, setView] = useState<SavedView | null>(null);
  // A link may carry the view to open with (a dashboard card: the list behind its count).
  const { search: address } = useLocation();
  const [config, setConfig] = useState<ViewConfig>(() => viewFromSearch(address));
  const [search, setSearch] = useState(() => viewFromSearch(address).search ?? '');
  const [recycleOpen, setRecycleOpen] = useState(false);
  const [canUndo, setCanUndo] = useState(false);
  const grid = useRef<RegisterGridHandle>(null);
  const references = useReferenceLabels();
  const { deleteRows } = useRegisterWrites();

  const { filters, search: appliedSearch } = useViewFilters(register, config);
  const sorters = useMemo(() => toCrudSorters(register, config), [register, config]);
  const pages = useRowPages(register.name, register.keyColumn, filters, sorters, register.canUpdate || register.canDelete || register.moves.length > 0);
  const columns = useMemo(() => viewColumns(register, config), [register, config]);
  const patch = (p: Partial<ViewConfig>) => setConfig((c) => ({ ...c, ...p }));

  const openRow = (row: Record<string, unknown>) => go({ to: `/r/${register.name}/show/${encodeURIComponent(String(row[register.keyColumn]))}` });

  const deleteSelected = async () => {
    const rows = grid.current?.selectedRows() ?? [];
    if (rows.length === 0) {
      message.info(t('registers.grid.selectRowsFirst'));
      return;
    }
    const refused = rows.filter((r) => pages.answeredRightsOf(r)?.delete === false);
    if (refused.length > 0) {
      message.warning(t('registers.grid.deleteRefused', { count: refused.length }));
      return;
    }
    try {
      await deleteRows({ register: register.name, keyColumn: register.keyColumn, keys: rows.map((r) => String(r[register.keyColumn])) });
      message.success(t('registers.grid.deleted', { count: rows.length }));
    } catch (e) {
      message.error(readableError(e).message);
    }
  };

  const undoLast = async () => {
    try {
      const n = (await grid.current?.undoLast()) ?? 0;
      message.success(t('registers.grid.undone', { count: n }));
    } catch (e) {
      message.error(readableError(e).message);
    }
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 112px)', gap: 8 }} data-testid={`register-${register.name}`} data-applied-search={appliedSearch}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{labelOf(register, i18n.language)}</Typography.Title>
        <Space wrap>
          <ViewPicker
            register={register.name}
            current={view}
            config={{ ...config, search }}
            onPick={(v) => {
              setView(v);
              setConfig(v?.config ?? {});
              setSearch(v?.config.search ?? '');
            }}
          />
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('registers.grid.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(value) => patch({ search: value })}
            data-testid="quick-search"
          />
          <FilterBuilder register={register} filters={config.filters ?? []} onChange={(f) => patch({ filters: f })} references={references} />
          <ColumnSettings register={register} config={config} onChange={patch} />
          <InputNumber
            min={1}
            placeholder={t('registers.grid.jump')}
            style={{ width: 120 }}
            data-testid="grid-goto-row"
            onPressEnter={(e) => grid.current?.jumpTo(Number((e.target as HTMLInputElement).value) - 1)}
          />
        </Space>
      </Space>
      <Space wrap>
        {register.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => go({ to: `/r/${register.name}/create` })} data-testid="register-create">
            {t('buttons.create')}
          </Button>
        )}
        <Button icon={<EyeOutlined />} onClick={() => { const [row] = grid.current?.selectedRows() ?? []; if (row) openRow(row); }} data-testid="register-open">
          {t('buttons.show')}
        </Button>
        {register.canDelete && (
          <Popconfirm
            title={t('registers.grid.deleteConfirm')}
            onConfirm={() => void deleteSelected()}
          >
            <Button danger icon={<DeleteOutlined />} data-testid="register-delete">{t('buttons.delete')}</Button>
          </Popconfirm>
        )}
        <Button icon={<RestOutlined />} onClick={() => setRecycleOpen(true)} data-testid="register-recycle">{t('registers.recycle.title')}</Button>
        <Button
          icon={<UndoOutlined />}
          disabled={!canUndo}
          data-testid="register-undo"
          onClick={() => void undoLast()}
        >
          {t('registers.grid.undo')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => pages.reload()}>{t('buttons.refresh')}</Button>
        <RegisterActions register={register} columns={columns} filters={filters} sorters={sorters} references={references} />
      </Space>
      <RegisterGrid
        ref={grid}
        register={register}
        columns={columns}
        config={config}
        onConfigChange={patch}
        pages={pages}
        references={references}
        onOpenRow={openRow}
        onUndoChange={setCanUndo}
      />
      <RecycleDrawer register={register} open={recycleOpen} onClose={() => setRecycleOpen(false)} />
    </div>
  );
}
