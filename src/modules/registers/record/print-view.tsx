// The paper form of a record, to print and sign: the paper title its register declares (《客户报修/
// 投诉/求助记录》 for a service request), every field with its label, the lists that belong to it
// (a handover's items, a loan slip's files: registers kept out of the menu that point at it), and
// the signature lines the register declares (a handover sheet's three signatures).
import { useOne, useList, type BaseRecord } from '@refinedev/core';
import { Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useReferenceLabels } from '../model/use-reference-labels';
import { formatValue } from '../model/kinds';
import { recordNumber } from '../model/record-title';
import { labelOf, visibleByDefault, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import { useRegister, useRegisters } from '../model/use-registers';
import type { ReferenceLabels } from '../model/use-reference-labels';
import { inLanguage } from '../../../i18n/in-language';

const cell = { border: '1px solid #000', padding: '6px 8px', verticalAlign: 'top' } as const;

// One list of the form (卷内目录, 借阅档案明细): every visible column but the link back to the form.
function PrintedList({ register, via, rowId, references }: { register: RegisterMeta; via: ColumnMeta; rowId: string; references: ReferenceLabels }) {
  const { i18n } = useTranslation();
  const { result } = useList<BaseRecord>({
    resource: register.name,
    filters: [{ field: via.name, operator: 'eq', value: rowId }],
    sorters: [{ field: 'created_at', order: 'asc' }],
    pagination: { mode: 'off' },
  });
  const rows = useMemo(() => result?.data ?? [], [result]);
  const columns = useMemo(() => register.columns.filter((c) => visibleByDefault(c) && c.name !== via.name), [register, via]);
  useEffect(() => columns.filter((c) => c.references).forEach((c) => references.ensure(c, rows.map((r) => r[c.name]))), [rows, columns, references]);
  if (rows.length === 0) return null;
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 16 }} data-testid={`print-list-${register.name}`}>
      <caption style={{ textAlign: 'left', fontWeight: 'bold', padding: '4px 0' }}>{labelOf(register, i18n.language)}</caption>
      <thead>
        <tr>
          <th style={{ ...cell, width: 40 }}>#</th>
          {columns.map((c) => <th key={c.name} style={{ ...cell, background: '#fafafa' }}>{labelOf(c, i18n.language)}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={String(row[register.keyColumn])}>
            <td style={cell}>{i + 1}</td>
            {columns.map((c) => <td key={c.name} style={cell}>{formatValue(c, row[c.name], references.labels(c))}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PrintView() {
  const { register: name, id: rawId } = useParams();
  const id = decodeURIComponent(rawId ?? '');
  const register = useRegister(name);
  const { registers } = useRegisters();
  const { t, i18n } = useTranslation();
  const references = useReferenceLabels();
  const { result: row } = useOne({ resource: name ?? '', id, meta: { idColumnName: register?.keyColumn }, queryOptions: { enabled: !!register } });
  useEffect(() => {
    if (register && row) register.columns.filter((c) => c.references).forEach((c) => references.ensure(c, [row[c.name]]));
  }, [register, row, references]);
  if (!register || !row) return <Spin style={{ margin: 48 }} />;
  const title = inLanguage(register.printTitleZh, register.printTitleEn, i18n.language);
  const fields = register.columns.filter((c) => visibleByDefault(c) && row[c.name] !== null && row[c.name] !== undefined && row[c.name] !== '');
  const lists = registers.flatMap((r) => (r.menu ? [] : r.columns.filter((c) => c.references?.table === register.name).map((via) => ({ r, via }))));
  const signatures = i18n.language.startsWith('en') ? register.printSignaturesEn : register.printSignaturesZh;
  const number = recordNumber(register, row, references);
  return (
    <div className="print-page" data-testid="print-view" style={{ maxWidth: 800, margin: '24px auto', fontFamily: 'serif', color: '#000', background: '#fff', padding: 24 }}>
      <style>{'@media print { .no-print { display: none } body { background: #fff } }'}</style>
      <h2 style={{ textAlign: 'center', letterSpacing: 4 }}>《{title}》</h2>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <span>{number && `${t('registers.print.number')}：${number}`}</span>
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
      {lists.map(({ r, via }) => <PrintedList key={`${r.name}.${via.name}`} register={r} via={via} rowId={id} references={references} />)}
      {signatures.length > 0 ? (
        <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 16, marginTop: 32 }} data-testid="print-signatures">
          {signatures.map((who) => (
            <span key={who}>{who}{t('registers.print.signature')}：__________ {t('registers.print.date')}：{t('registers.print.dateBlank')}</span>
          ))}
        </div>
      ) : (
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 32 }}>
          <span>{t('registers.print.receiverSign')}：__________</span>
          <span>{t('registers.print.departmentSign')}：__________</span>
          <span>{t('registers.print.date')}：{t('registers.print.dateBlank')}</span>
        </div>
      )}
      <div className="no-print" style={{ textAlign: 'center', marginTop: 24 }}>
        <Button type="primary" onClick={() => window.print()}>{t('registers.record.print')}</Button>
      </div>
    </div>
  );
}
