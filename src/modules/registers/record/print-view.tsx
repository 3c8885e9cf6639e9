// The paper form of a record, to print and sign: the paper title its register declares (《客户报修/
// 投诉/求助记录》 for a service request), every field with its label, and lines for signatures.
import { useOne } from '@refinedev/core';
import { Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useReferenceLabels } from '../model/use-reference-labels';
import { formatValue } from '../model/kinds';
import { recordNumber } from '../model/record-title';
import { labelOf, visibleByDefault } from '../model/register-meta';
import { useRegister } from '../model/use-registers';
import { inLanguage } from '../../../i18n/in-language';

export function PrintView() {
  const { register: name, id: rawId } = useParams();
  const id = decodeURIComponent(rawId ?? '');
  const register = useRegister(name);
  const { t, i18n } = useTranslation();
  const references = useReferenceLabels();
  const { result: row } = useOne({ resource: name ?? '', id, meta: { idColumnName: register?.keyColumn }, queryOptions: { enabled: !!register } });
  useEffect(() => {
    if (register && row) register.columns.filter((c) => c.references).forEach((c) => references.ensure(c, [row[c.name]]));
  }, [register, row, references]);
  if (!register || !row) return <Spin style={{ margin: 48 }} />;
  const title = inLanguage(register.printTitleZh, register.printTitleEn, i18n.language);
  const fields = register.columns.filter((c) => visibleByDefault(c) && row[c.name] !== null && row[c.name] !== undefined && row[c.name] !== '');
  const cell = { border: '1px solid #000', padding: '6px 8px', verticalAlign: 'top' } as const;
  return (
    <div className="print-page" data-testid="print-view" style={{ maxWidth: 800, margin: '24px auto', fontFamily: 'serif', color: '#000', background: '#fff', padding: 24 }}>
      <style>{'@media print { .no-print { display: none } body { background: #fff } }'}</style>
      <h2 style={{ textAlign: 'center', letterSpacing: 4 }}>《{title}》</h2>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <span>{t('registers.print.number')}：{recordNumber(register, row)}</span>
        <span>{t('registers.print.printedAt')}：{dayjs().format('YYYY-MM-DD HH:mm')}</span>
      </div>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {fields.map((c) => (
            <tr key={c.name}>
              <th style={{ ...cell, width: 140, background: '#fafafa', textAlign: 'left' }}>{labelOf(c, i18n.language)}</th>
              <td style={{ ...cell, whiteSpace: 'pre-wrap' }}>{formatValue(c, row[c.name], references.labels(c))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 32 }}>
        <span>{t('registers.print.receiverSign')}：__________</span>
        <span>{t('registers.print.departmentSign')}：__________</span>
        <span>{t('registers.print.date')}：____年__月__日</span>
      </div>
      <div className="no-print" style={{ textAlign: 'center', marginTop: 24 }}>
        <Button type="primary" onClick={() => window.print()}>{t('registers.record.print')}</Button>
      </div>
    </div>
  );
}
