// A paste from Excel is checked before anything is written: every cell is parsed for its column
// and the whole batch is tried on the server as a dry run. Cells can be corrected here; the write
// button stays disabled while any error is left.
import { useGetIdentity } from '@refinedev/core';
import { Alert, App, Button, Input, Modal, Space, Table, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalMessage, type ApplyRowInput } from '../../../data/registers/apply-rows';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { readableError } from '../../../providers/readable-error';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import { newRowDefaults, type Me } from '../model/new-row-defaults';
import { parseEdits } from './use-cell-writes';
import type { ReferenceLabels } from '../model/use-reference-labels';
import type { RowPages } from './use-row-pages';

export type PasteRequest = { startRow: number; columns: ColumnMeta[]; values: string[][] };

type Checked = { values: string[][]; inputs: ApplyRowInput[]; errors: Map<string, string> };

const at = (row: number, col: number) => `${row}:${col}`;

export function PastePreview({ register, request, pages, references, onCancel, onCommit }: {
  register: RegisterMeta;
  request: PasteRequest;
  pages: RowPages;
  references: ReferenceLabels;
  onCancel(): void;
  onCommit(inputs: ApplyRowInput[]): Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useGetIdentity<NonNullable<Me>>();
  const [values, setValues] = useState(request.values);
  const [checked, setChecked] = useState<Checked | null>(null);
  const checking = checked?.values !== values;
  const [writing, setWriting] = useState(false);
  const { applyRows } = useRegisterWrites();

  const check = useCallback(async (): Promise<Checked> => {
    const errors = new Map<string, string>();
    const cells = values.flatMap((row, r) => request.columns.map((column, c) => ({ r, c, column, text: row[c] ?? '' })));
    const parsed = await parseEdits(cells, references);
    const inputs: ApplyRowInput[] = values.map((_, r) => {
      const existing = pages.getRow(request.startRow + r);
      return {
        key: existing ? (existing[register.keyColumn] as string) : null,
        version: existing ? ((existing.version as number | undefined) ?? null) : null,
        values: existing ? {} : newRowDefaults(register, me),
      };
    });
    cells.forEach((cell, i) => {
      const result = parsed[i];
      const existing = pages.getRow(request.startRow + cell.r);
      const writable = existing ? cell.column.editable && pages.rightsOf(existing)?.update !== false : cell.column.insertable;
      if (existing && pages.rightsOf(existing)?.update === false) errors.set(at(cell.r, cell.c), t('registers.paste.rowReadOnly'));
      else if (!writable) errors.set(at(cell.r, cell.c), t('registers.paste.readOnly', { column: labelOf(cell.column, i18n.language) }));
      else if (result.ok) inputs[cell.r].values[cell.column.name] = result.value;
      else errors.set(at(cell.r, cell.c), result.error);
    });
    // Rows the browser found no fault with are tried on the server, written nowhere (dry run).
    const clean = inputs.map((input, r) => ({ input, r })).filter(({ r }) => !request.columns.some((_, c) => errors.has(at(r, c))));
    if (clean.length > 0) {
      const dry = await applyRows({ register: register.name, rows: clean.map((x) => x.input), dryRun: true });
      for (const result of dry.rows) {
        if (result.ok) continue;
        const r = clean[result.index].r;
        const c = Math.max(0, request.columns.findIndex((col) => col.name === result.column));
        errors.set(at(r, c), refusalMessage(result));
      }
    }
    return { values, inputs, errors };
  }, [values, request, pages, references, register, me, t, i18n.language, applyRows]);

  useEffect(() => {
    let current = true;
    void check().then((result) => current && setChecked(result));
    return () => {
      current = false;
    };
  }, [check]);

  const commit = async (inputs: ApplyRowInput[]) => {
    setWriting(true);
    try {
      await onCommit(inputs);
    } catch (e) {
      message.error(readableError(e).message);
    } finally {
      setWriting(false);
    }
  };

  const errorList = useMemo(
    () => [...(checked?.errors.entries() ?? [])].map(([k, message]) => {
      const [r, c] = k.split(':').map(Number);
      return { key: k, row: request.startRow + r + 1, column: labelOf(request.columns[c], i18n.language), message };
    }),
    [checked, request, i18n.language],
  );
  const newRows = values.filter((_, r) => !pages.getRow(request.startRow + r)).length;

  const columns = [
    { title: '#', key: 'n', width: 60, render: (_: unknown, __: unknown, r: number) => request.startRow + r + 1 },
    ...request.columns.map((column, c) => ({
      title: labelOf(column, i18n.language),
      key: column.name,
      render: (_: unknown, __: unknown, r: number) => {
        const error = checked?.errors.get(at(r, c));
        return (
          <Tooltip title={error}>
            <Input
              size="small"
              status={error ? 'error' : undefined}
              data-testid={`paste-cell-${r}-${c}`}
              value={values[r][c] ?? ''}
              onChange={(e) => setValues((old) => old.map((row, i) => (i === r ? row.map((v, j) => (j === c ? e.target.value : v)) : row)))}
            />
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Modal
      open
      width={Math.min(1200, 160 + request.columns.length * 160)}
      title={t('registers.paste.title', { rows: values.length, columns: request.columns.length })}
      onCancel={onCancel}
      footer={
        <Space>
          <Button onClick={onCancel}>{t('buttons.cancel')}</Button>
          <Button
            type="primary"
            data-testid="paste-commit"
            disabled={checking || !checked || checked.errors.size > 0}
            loading={writing}
            onClick={() => void commit(checked!.inputs)}
          >
            {t('registers.paste.commit', { rows: values.length })}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {checking || !checked ? (
          <Alert type="info" message={t('registers.paste.checking')} />
        ) : checked.errors.size > 0 ? (
          <Alert type="error" data-testid="paste-summary" message={t('registers.paste.errors', { count: checked.errors.size })} />
        ) : (
          <Alert type="success" data-testid="paste-summary" message={t('registers.paste.ok', { rows: values.length - newRows, created: newRows })} />
        )}
        <Table size="small" rowKey={(_, r) => String(r)} columns={columns} dataSource={values.map((_, r) => ({ r }))} pagination={false} scroll={{ x: true, y: 360 }} />
        {errorList.length > 0 && (
          <div data-testid="paste-errors">
            {errorList.map((e) => (
              <Typography.Text type="danger" key={e.key} style={{ display: 'block' }}>
                {t('registers.paste.errorLine', e)}
              </Typography.Text>
            ))}
          </div>
        )}
      </Space>
    </Modal>
  );
}
