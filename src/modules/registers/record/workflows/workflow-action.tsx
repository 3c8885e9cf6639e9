// One workflow move (assign, resolve, reply, sign off, approve, record a visit) as a button that
// asks for what the move needs and calls its RPC; the database decides and explains a refusal.
import { App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readableError } from '../../../../providers/readable-error';
import { FieldInput } from '../../form/field-input';
import { columnKind, type ColumnMeta } from '../../model/register-meta';

export type WorkflowField = { name: string; labelKey: string; dataType?: string; options?: string[]; references?: { table: string; display: string }; required?: boolean; long?: boolean };

export type WorkflowMove = {
  key: string;
  labelKey: string;
  fields: WorkflowField[];
  danger?: boolean;
  run(values: Record<string, unknown>): Promise<void>;
};

const asColumn = (f: WorkflowField, label: string): ColumnMeta => ({
  name: f.name, position: 0, dataType: f.dataType ?? 'text',
  kind: f.long ? 'longtext' : columnKind(f.dataType ?? 'text', f.name, f.options ?? null, f.references?.table ?? null),
  labelZh: label, labelEn: label, options: f.options ?? null, optionsEn: null, kindHint: null, references: f.references ?? null, required: !!f.required, defaultValue: null,
  editable: true, insertable: true, system: false, pattern: null, patternMessageZh: null, patternMessageEn: null,
});

export function WorkflowAction({ move, onDone }: { move: WorkflowMove; onDone(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const run = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await move.run(values);
      message.success(t('registers.workflow.done', { action: t(move.labelKey) }));
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(readableError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger={move.danger} data-testid={`workflow-${move.key}`} loading={busy && move.fields.length === 0} onClick={() => (move.fields.length ? setOpen(true) : void run({}))}>
        {t(move.labelKey)}
      </Button>
      {move.fields.length > 0 && (
        <Modal open={open} title={t(move.labelKey)} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} okButtonProps={{ ...{ 'data-testid': `workflow-${move.key}-confirm` } }}>
          <Form form={form} layout="vertical" onFinish={run}>
            {move.fields.map((f) => (
              <Form.Item key={f.name} name={f.name} label={t(f.labelKey)} rules={f.required ? [{ required: true, message: t('registers.cell.required', { column: t(f.labelKey) }) }] : []}>
                <FieldInput column={asColumn(f, t(f.labelKey))} />
              </Form.Item>
            ))}
          </Form>
        </Modal>
      )}
    </>
  );
}
