// A record's history from the audit log: who, when, which field, from what to what.
import { useList, type BaseRecord } from '@refinedev/core';
import { Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';

// Only its reference is read (the labels of who made each change).
const operatorColumn = { name: 'actor_operator_id', references: { table: 'operators', display: 'name' } } as const;

export function RecordHistory({ register, rowId, references }: { register: RegisterMeta; rowId: string; references: ReferenceLabels }) {
  const { t, i18n } = useTranslation();
  const { result, query } = useList<BaseRecord>({
    resource: 'audit_log',
    filters: [{ field: 'table_name', operator: 'eq', value: register.name }, { field: 'row_id', operator: 'eq', value: rowId }],
    sorters: [{ field: 'at', order: 'desc' }],
    pagination: { pageSize: 100 },
  });
  const entries = useMemo(() => result?.data ?? [], [result]);
  const operator = operatorColumn as never;
  useEffect(() => references.ensure(operator, entries.map((e) => e.actor_operator_id)), [entries, references, operator]);
  // The records a change pointed at before and after (a handler replaced): by name, never by key.
  useEffect(
    () =>
      register.columns
        .filter((c) => c.references)
        .forEach((c) => references.ensure(c, entries.flatMap((e) => [(e.before as Record<string, unknown> | null)?.[c.name], (e.after as Record<string, unknown> | null)?.[c.name]]))),
    [entries, references, register],
  );
  const columnsByName = new Map(register.columns.map((c) => [c.name, c]));

  const changes = (entry: BaseRecord) => {
    if (entry.action !== 'update') return null;
    return ((entry.changed_fields as string[] | null) ?? []).map((field) => {
      const column = columnsByName.get(field);
      const show = (v: unknown) => (column ? formatValue(column, v, references.labels(column)) : String(v ?? '')) || '∅';
      return (
        <div key={field} data-testid="history-change">
          <b>{column ? labelOf(column, i18n.language) : field}</b>：{show((entry.before as Record<string, unknown>)?.[field])} → {show((entry.after as Record<string, unknown>)?.[field])}
        </div>
      );
    });
  };

  return (
    <Table
      rowKey="id"
      size="small"
      loading={query.isFetching}
      dataSource={entries}
      pagination={false}
      data-testid="record-history"
      columns={[
        { title: t('registers.record.when'), dataIndex: 'at', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
        { title: t('registers.record.who'), dataIndex: 'actor_operator_id', width: 100, render: (v: string | null, e) => (v ? references.labels(operator).get(v) ?? '…' : String(e.actor_role)) },
        { title: t('registers.record.action'), dataIndex: 'action', width: 80, render: (v: string) => <Tag>{t(`registers.record.actions.${v}`)}</Tag> },
        { title: t('registers.record.changes'), render: (_, e) => changes(e) },
      ]}
    />
  );
}
