// All of a record's fields, labelled from the schema and shown as the grid shows them.
import type { BaseRecord } from '@refinedev/core';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue, kindOf, showsInForms } from '../model/kinds';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';
import { messageHalf, readableError } from '../../../providers/readable-error';
import { revealValue } from '../../../data/registers/reveal-value';
import { registerColumnOf, sourceRecordPath } from '../model/kinds/source-record';
import { registerLabel } from '../../../i18n/resource-labels';
import { Link } from 'react-router';
import { AccessRequestButton, asksForAccess } from './access-request';

export function RecordFields({ register, row, references, columns = 3 }: { register: RegisterMeta; row: BaseRecord; references: ReferenceLabels; columns?: number }) {
  const { t, i18n } = useTranslation();
  useEffect(() => register.columns.filter((c) => c.references).forEach((c) => references.ensure(c, [row[c.name]])), [register, row, references]);
  const shown = register.columns.filter((c) => c.name !== 'id' && showsInForms(c));
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: columns }} data-testid="record-fields">
      {shown.map((c, i) => (
          <Descriptions.Item key={c.name} label={<FieldLabel label={labelOf(c, i18n.language)} column={c} />} span={fillsLine(shown, i) ? 'filled' : 1}>
            {c.kind === 'source_record' && row[c.name] ? (
              <SourceRecordLink column={c} row={row} />
            ) : c.reveal && row[c.name] ? (
              <RevealableValue column={c} shown={formatValue(c, row[c.name], references.labels(c))} rowKey={String(row[register.keyColumn])} />
            ) : (
              <span style={{ whiteSpace: 'pre-wrap' }}>{formatValue(c, row[c.name], references.labels(c))}</span>
            )}
            {asksForAccess(c, row[c.name], formatValue(c, row[c.name], references.labels(c)), t('registers.cell.hidden')) && <AccessRequestButton customerId={String(row[c.name])} />}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

/**
 * A wide field takes a line of its own: it fills the rest of its line, and so does the field before
 * it (so that it starts a new one) and the last field; the lines always add up, whatever the width.
 */
const fillsLine = (columns: readonly ColumnMeta[], i: number): boolean =>
  kindOf(columns[i]).wide || i === columns.length - 1 || (i + 1 < columns.length && kindOf(columns[i + 1]).wide);

/** The row a line came from, opened on its own record page (its key is never shown). */
function SourceRecordLink({ column, row }: { column: ColumnMeta; row: BaseRecord }) {
  const { t } = useTranslation();
  const path = sourceRecordPath(column, row);
  const text = t('registers.cell.openSource', { register: registerLabel(String(row[registerColumnOf(column)])) });
  return path ? <Link to={path} data-testid={`source-${column.name}`}>{text}</Link> : <span>{registerLabel(String(row[registerColumnOf(column)]))}</span>;
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

/** A masked value with a 查看 button: the full value comes from the declared RPC, for this record only. */
function RevealableValue({ column, shown, rowKey }: { column: ColumnMeta; shown: string; rowKey: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const reveal = async () => {
    setAsking(true);
    try {
      setFull(await revealValue(column.reveal!.rpc, column.reveal!.keyParam, rowKey));
    } catch (e) {
      message.error(readableError(e).message);
    } finally {
      setAsking(false);
    }
  };
  return (
    <span data-testid={`reveal-${column.name}`}>
      <span style={{ whiteSpace: 'pre-wrap' }}>{full ?? shown}</span>
      {full === null && (
        <Button size="small" type="link" icon={<EyeOutlined />} loading={asking} onClick={() => void reveal()} data-testid={`reveal-${column.name}-button`}>
          {t('registers.record.reveal')}
        </Button>
      )}
    </span>
  );
}
