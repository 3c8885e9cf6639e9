// Import into a register from a CSV or XLSX file: choose the file, check how its columns match
// the register's fields, see what the database would refuse (dry run), then write the good rows.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Drawer, Progress, Result, Select, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { useGetIdentity } from '@refinedev/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { downloadBlob } from '../../../utils/download-blob';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import { useCanDo } from '../model/use-can-do';
import type { Me } from '../model/new-row-defaults';
import { errorReport } from './error-report';
import { importDefaults } from './import-defaults';
import { checkRows, commitRows, dryRunRows, mergeErrors, type CommitResult, type ImportProgress } from './import-batches';
import { asHistoricalImport, importTargets, mapColumns, mappedTwice, unmappedRequired, type ColumnMapping } from './map-columns';
import { parseFile, type ParsedFile } from './parse-file';
import type { PreparedRow, RowError } from './validate-rows';

export type ImportDrawerProps = {
  register: RegisterMeta;
  open: boolean;
  onClose: () => void;
  /** After a commit wrote rows (refresh the grid). */
  onImported?: (result: CommitResult) => void;
};

export function ImportDrawer({ register, open, onClose, onImported }: ImportDrawerProps) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={900}
      title={t('registers.import.title', { register: labelOf(register, i18n.language) })}
      closable={!busy}
      maskClosable={!busy}
      keyboard={!busy}
      destroyOnHidden
    >
      <ImportSteps register={register} onBusy={setBusy} onClose={onClose} onImported={onImported} />
    </Drawer>
  );
}

type Step = 'file' | 'mapping' | 'check' | 'done';
const steps: Step[] = ['file', 'mapping', 'check', 'done'];

function ImportSteps({ register: asRegistered, onBusy, onClose, onImported }: { register: RegisterMeta; onBusy: (busy: boolean) => void; onClose: () => void; onImported?: (result: CommitResult) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // An administrator (the register's 'import' permission row) may bring in paper records with
  // their own receiver, state and dates; everyone else imports as they would type.
  const mayImportHistory = useCanDo()(asRegistered.name, 'import');
  // Rows without a department go to the importer's (as the form prefills it).
  const { data: me } = useGetIdentity<NonNullable<Me>>();
  const [historical, setHistorical] = useState(false);
  const register = useMemo(() => (historical ? asHistoricalImport(asRegistered) : asRegistered), [historical, asRegistered]);
  const [step, setStep] = useState<Step>('file');
  const [fileName, setFileName] = useState('');
  const [parsed, setParsed] = useState<ParsedFile | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [checked, setChecked] = useState(0);
  const [good, setGood] = useState<PreparedRow[]>([]);
  const [errors, setErrors] = useState<RowError[]>([]);
  const [commit, setCommit] = useState<CommitResult | null>(null);
  const { applyRows } = useRegisterWrites();

  const run = async (message: string, work: () => Promise<void>) => {
    setStatus(message);
    setFailure(null);
    onBusy(true);
    try {
      await work();
    } finally {
      setStatus(null);
      setProgress(null);
      onBusy(false);
    }
  };

  const readFile = (file: File) =>
    run(t('registers.import.reading'), async () => {
      try {
        const result = await parseFile(file);
        if (!result.rows.some((row) => row.some((cell) => cell.trim() !== ''))) return setFailure(t('registers.import.empty'));
        setFileName(file.name);
        setParsed(result);
        // A historical import only adds records: a key or version column is not matched.
        const matched = mapColumns(result.headers, register);
        setMapping(historical ? matched.map((name) => (name === register.keyColumn || name === 'version' ? null : name)) : matched);
        setStep('mapping');
      } catch (error) {
        setFailure(t('registers.import.unreadable', { message: error instanceof Error ? error.message : String(error) }));
      }
    });

  const check = () =>
    run(t('registers.import.checking'), async () => {
      if (!parsed) return;
      try {
        const validation = await checkRows(register, parsed, mapping, undefined, importDefaults(register, me));
        const dryRun = await dryRunRows(register, validation.rows, { apply: applyRows, historical, onProgress: setProgress });
        setChecked(validation.checked);
        setGood(dryRun.good);
        setErrors(mergeErrors(validation.errors, dryRun.errors));
        setStep('check');
      } catch (error) {
        setFailure(t('registers.import.checkFailed', { message: (error as { message?: string }).message ?? String(error) }));
      }
    });

  const write = () =>
    run(t('registers.import.committing'), async () => {
      const result = await commitRows(register, good, { apply: applyRows, historical, onProgress: setProgress });
      setCommit(result);
      setErrors((before) => mergeErrors(before, result.errors));
      setStep('done');
      if (result.applied > 0) onImported?.(result);
    });

  const downloadReport = async () =>
    downloadBlob(await errorReport(errors), `${t('registers.import.report.fileName', { register: labelOf(register, language) })}.xlsx`);

  const restart = () => {
    setStep('file');
    setParsed(null);
    setCommit(null);
    setErrors([]);
    setGood([]);
    setFailure(null);
  };

  const badRows = new Set(errors.map((e) => e.row)).size;
  const errorTable = (
    <Table<RowError & { key: number }>
      size="small"
      dataSource={errors.map((e, key) => ({ ...e, key }))}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      columns={[
        { title: t('registers.import.row'), dataIndex: 'row', width: 70 },
        { title: t('registers.import.column'), dataIndex: 'label', width: 140 },
        { title: t('registers.import.text'), dataIndex: 'text', width: 160, ellipsis: true },
        { title: t('registers.import.message'), dataIndex: 'message' },
      ]}
    />
  );
  const reportButton = errors.length > 0 && (
    <Button onClick={() => void downloadReport()} data-testid="import-error-report">
      {t('registers.import.downloadReport')}
    </Button>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="import-drawer">
      <Steps size="small" current={step === 'done' ? steps.length : steps.indexOf(step)} items={steps.map((s) => ({ title: t(`registers.import.steps.${s}`) }))} />
      {failure && <Alert type="error" showIcon message={failure} />}
      {status && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{status}</Typography.Text>
          {progress && progress.total > 0 && <Progress percent={Math.round((progress.done / progress.total) * 100)} />}
        </Space>
      )}

      {step === 'file' && mayImportHistory && (
        <Space direction="vertical" size={2}>
          <Checkbox checked={historical} onChange={(e) => setHistorical(e.target.checked)} data-testid="import-historical">
            {t('registers.import.historical')}
          </Checkbox>
          <Typography.Text type="secondary">{t('registers.import.historicalNote')}</Typography.Text>
        </Space>
      )}
      {step === 'file' && (
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={status !== null}
          beforeUpload={(file) => {
            void readFile(file);
            return false;
          }}
          data-testid="import-file-input"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('registers.import.dropHint')}</p>
          <p className="ant-upload-hint">{t('registers.import.dropNote')}</p>
        </Upload.Dragger>
      )}

      {step === 'mapping' && parsed && (
        <MappingStep register={register} historical={historical} parsed={parsed} fileName={fileName} mapping={mapping} onChange={setMapping} busy={status !== null} onBack={restart} onNext={() => void check()} />
      )}

      {step === 'check' && (
        <>
          <Space size="large" data-testid="import-dry-run-summary">
            <Statistic title={t('registers.import.statChecked')} value={checked} />
            <Statistic title={t('registers.import.statGood')} value={good.length} valueStyle={{ color: '#3f8600' }} />
            <Statistic title={t('registers.import.statBad')} value={badRows} valueStyle={badRows > 0 ? { color: '#cf1322' } : undefined} />
          </Space>
          {errors.length > 0 && errorTable}
          <Space>
            <Button onClick={() => setStep('mapping')} disabled={status !== null}>
              {t('registers.import.back')}
            </Button>
            {reportButton}
            <Button type="primary" disabled={good.length === 0 || status !== null} onClick={() => void write()} data-testid="import-commit">
              {t('registers.import.commit', { count: good.length })}
            </Button>
          </Space>
        </>
      )}

      {step === 'done' && commit && (
        <>
          <Result
            status={commit.interrupted ? 'error' : badRows > 0 ? 'warning' : 'success'}
            title={<span data-testid="import-result">{t('registers.import.applied', { count: commit.applied })}</span>}
            subTitle={badRows > 0 ? t('registers.import.failed', { count: badRows + commit.notWritten }) : undefined}
            extra={
              <Space>
                {reportButton}
                <Button onClick={restart}>{t('registers.import.again')}</Button>
                <Button type="primary" onClick={onClose}>
                  {t('registers.import.close')}
                </Button>
              </Space>
            }
          />
          {commit.interrupted && <Alert type="error" showIcon message={t('registers.import.interrupted', { message: commit.interrupted, count: commit.notWritten })} />}
          {errors.length > 0 && errorTable}
        </>
      )}
    </Space>
  );
}

type MappingStepProps = {
  register: RegisterMeta;
  historical: boolean;
  parsed: ParsedFile;
  fileName: string;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
  busy: boolean;
  onBack: () => void;
  onNext: () => void;
};

function MappingStep({ register, historical, parsed, fileName, mapping, onChange, busy, onBack, onNext }: MappingStepProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const options = useMemo(() => {
    const label = (name: string) => register.columns.find((c) => c.name === name);
    const special = (historical ? [] : [register.keyColumn, 'version'])
      .map(label)
      .filter((c) => c !== undefined)
      .map((c) => ({ value: c.name, label: t(c.name === 'version' ? 'registers.import.versionOption' : 'registers.import.keyOption', { column: labelOf(c, language) }) }));
    return [...importTargets(register).map((c) => ({ value: c.name, label: `${labelOf(c, language)}${c.required ? ' *' : ''}` })), ...special];
  }, [register, historical, language, t]);

  const rows = parsed.headers.map((header, index) => ({ index, header, sample: parsed.rows.find((r) => (r[index] ?? '').trim() !== '')?.[index] ?? '' }));
  const twice = mappedTwice(mapping);
  const missing = unmappedRequired(mapping, register);
  const keyColumn = register.columns.find((c) => c.name === register.keyColumn);
  const columnLabel = (name: string) => {
    const column = register.columns.find((c) => c.name === name);
    return column ? labelOf(column, language) : name;
  };
  const blocked = twice.length > 0 || mapping.every((m) => m === null);
  const dataRows = parsed.rows.filter((r) => r.some((cell) => cell.trim() !== '')).length;

  return (
    <>
      <Typography.Text type="secondary">{t('registers.import.fileSummary', { file: fileName, rows: dataRows, columns: parsed.headers.length })}</Typography.Text>
      <Table
        size="small"
        rowKey="index"
        pagination={false}
        dataSource={rows}
        scroll={{ y: 420 }}
        columns={[
          { title: t('registers.import.header'), dataIndex: 'header', width: 200 },
          { title: t('registers.import.sample'), dataIndex: 'sample', ellipsis: true },
          {
            title: t('registers.import.target'),
            width: 300,
            render: (_, row) => (
              <Select
                style={{ width: '100%' }}
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('registers.import.ignore')}
                value={mapping[row.index] ?? undefined}
                options={options}
                status={mapping[row.index] && twice.includes(mapping[row.index] ?? '') ? 'error' : undefined}
                onChange={(value: string | undefined) => onChange(mapping.map((m, i) => (i === row.index ? (value ?? null) : m)))}
                data-testid={`import-map-${row.index}`}
              />
            ),
          },
        ]}
      />
      {mapping.every((m) => m === null) && <Alert type="error" showIcon message={t('registers.import.nothingMapped')} />}
      {twice.length > 0 && <Alert type="error" showIcon message={t('registers.import.mappedTwice', { columns: twice.map(columnLabel).join('、') })} />}
      {missing.length > 0 && <Alert type="warning" showIcon message={t('registers.import.missingRequired', { columns: missing.map((c) => labelOf(c, language)).join('、') })} />}
      {keyColumn && mapping.includes(keyColumn.name) && <Alert type="info" showIcon message={t('registers.import.updateMode', { column: labelOf(keyColumn, language) })} />}
      <Space>
        <Button onClick={onBack} disabled={busy}>
          {t('registers.import.back')}
        </Button>
        <Button type="primary" onClick={onNext} disabled={blocked || busy} loading={busy}>
          {t('registers.import.check')}
        </Button>
      </Space>
    </>
  );
}
