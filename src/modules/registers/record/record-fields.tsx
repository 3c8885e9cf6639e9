// All of a record's fields, labelled from the schema and shown as the grid shows them.
import type { BaseRecord } from '@refinedev/core';
import { Descriptions } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue, kindOf, showsInForms } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';

export function RecordFields({ register, row, references, columns = 3 }: { register: RegisterMeta; row: BaseRecord; references: ReferenceLabels; columns?: number }) {
  const { i18n } = useTranslation();
  useEffect(() => register.columns.filter((c) => c.references).forEach((c) => references.ensure(c, [row[c.name]])), [register, row, references]);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: columns }} data-testid="record-fields">
      {register.columns
        .filter((c) => c.name !== 'id' && showsInForms(c))
        .map((c) => (
          <Descriptions.Item key={c.name} label={labelOf(c, i18n.language)} span={kindOf(c).wide ? columns : 1}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{formatValue(c, row[c.name], references.labels(c))}</span>
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}
