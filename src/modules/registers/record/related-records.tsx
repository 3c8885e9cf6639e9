// The records of other registers that point at this one (a customer's requests, contacts, return
// visits…), found from the foreign keys: a new register that references this one shows up here too.
import { PlusOutlined } from '@ant-design/icons';
import { useList, type BaseRecord } from '@refinedev/core';
import { Button, Card, Dropdown, Table } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatValue, kindOf } from '../model/kinds';
import { labelOf, visibleByDefault, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';

function RelatedTable({ register, via, rowId, references }: { register: RegisterMeta; via: ColumnMeta; rowId: string; references: ReferenceLabels }) {
  const { i18n } = useTranslation();
  const { result, query } = useList<BaseRecord>({
    resource: register.name,
    filters: [{ field: via.name, operator: 'eq', value: rowId }],
    sorters: [{ field: register.defaultSort.column, order: register.defaultSort.order }],
    pagination: { pageSize: 20 },
  });
  const columns = register.columns.filter((c) => visibleByDefault(c) && c.name !== via.name && !kindOf(c).wide).slice(0, 6);
  const rows = useMemo(() => result?.data ?? [], [result]);
  useEffect(() => columns.filter((c) => c.references).forEach((c) => references.ensure(c, rows.map((r) => r[c.name]))), [rows, columns, references]);
  if (!query.isFetching && rows.length === 0) return null;
  return (
    <Card size="small" title={`${labelOf(register, i18n.language)}（${result?.total ?? 0}）`} data-testid={`related-${register.name}`} style={{ marginBottom: 12 }}>
      <Table
        rowKey={register.keyColumn}
        size="small"
        loading={query.isFetching}
        dataSource={rows}
        pagination={false}
        columns={columns.map((c, i) => ({
          title: labelOf(c, i18n.language),
          key: c.name,
          render: (_: unknown, row: BaseRecord) => {
            const text = formatValue(c, row[c.name], references.labels(c));
            return i === 0 ? <Link to={`/r/${register.name}/show/${encodeURIComponent(String(row[register.keyColumn]))}`}>{text || '…'}</Link> : text;
          },
        }))}
      />
    </Card>
  );
}

export function RelatedRecords({ register, rowId, registers, references }: { register: RegisterMeta; rowId: string; registers: RegisterMeta[]; references: ReferenceLabels }) {
  const links = relatedLinks(register, registers);
  return (
    <>
      {links.map(({ r, via }) => (
        <RelatedTable key={`${r.name}.${via.name}`} register={r} via={via} rowId={rowId} references={references} />
      ))}
    </>
  );
}

/** The registers that point at this one through a column the person may fill in (a customer's requests, contacts…). */
const relatedLinks = (register: RegisterMeta, registers: RegisterMeta[]) =>
  registers.flatMap((r) => r.columns.filter((c) => c.references?.table === register.name && r.name !== 'audit_log').map((via) => ({ r, via })));

/**
 * 新建相关记录: a new row of a register that points at this record (a repair request from the
 * customer's page), its form opened with this record chosen — and what the form fills in from it
 * (phone, unit, department) — coming back here when saved.
 */
export function NewRelatedButton({ register, rowId, registers }: { register: RegisterMeta; rowId: string; registers: RegisterMeta[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const creatable = relatedLinks(register, registers).filter(({ r, via }) => r.canCreate && via.insertable && !via.system);
  if (creatable.length === 0) return null;
  const back = `/r/${register.name}/show/${encodeURIComponent(rowId)}`;
  const items = creatable.map(({ r, via }) => ({
    key: `${r.name}.${via.name}`,
    // Two columns of one register pointing here (rare) are told apart by the column.
    label: creatable.filter((c) => c.r.name === r.name).length > 1 ? `${labelOf(r, i18n.language)}（${labelOf(via, i18n.language)}）` : labelOf(r, i18n.language),
    'data-testid': `related-create-${r.name}`,
    onClick: () => navigate(`/r/${r.name}/create?${new URLSearchParams({ [via.name]: rowId, back })}`),
  }));
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<PlusOutlined />} data-testid="related-create">
        {t('registers.record.newRelated')}
      </Button>
    </Dropdown>
  );
}
