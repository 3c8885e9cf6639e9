// All of a record's fields, labelled from the schema and shown as the grid shows them.
import type { BaseRecord } from '@refinedev/core';
import { LockOutlined } from '@ant-design/icons';
import { Descriptions, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue, kindOf, showsInForms } from '../model/kinds';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';
import { messageHalf } from '../../../providers/readable-error';

export function RecordFields({ register, row, references, columns = 3 }: { register: RegisterMeta; row: BaseRecord; references: ReferenceLabels; columns?: number }) {
  const { i18n } = useTranslation();
  useEffect(() => register.columns.filter((c) => c.references).forEach((c) => references.ensure(c, [row[c.name]])), [register, row, references]);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: columns }} data-testid="record-fields">
      {register.columns
        .filter((c) => c.name !== 'id' && showsInForms(c))
        .map((c) => (
          <Descriptions.Item key={c.name} label={<FieldLabel label={labelOf(c, i18n.language)} column={c} />} span={kindOf(c).wide ? columns : 1}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{formatValue(c, row[c.name], references.labels(c))}</span>
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

/** A column the database alone writes carries a lock whose tooltip says why (as a refused edit would). */
function FieldLabel({ label, column }: { label: string; column: ColumnMeta }) {
  if (!column.readOnlyReason || column.bookkeeping) return <>{label}</>;
  return (
    <Tooltip title={messageHalf(column.readOnlyReason)}>
      <span data-testid={`read-only-${column.name}`}>
        {label} <LockOutlined style={{ color: 'rgba(0, 0, 0, 0.35)', fontSize: 11 }} />
      </span>
    </Tooltip>
  );
}
