// One workflow move as its declaration in the database describes it (label, fields, confirmation):
// a button that asks for what the move needs and calls its RPC through the one write path. The
// database decides and explains a refusal.
import { App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { readableError } from '../../../providers/readable-error';
import { FieldInput } from '../form/field-input';
import { kindOf } from '../model/kinds';
import { labelOf, type MoveMeta, type RegisterMeta } from '../model/register-meta';

/** The registers a move may also change: those that point at this one (a resolved request gets its return visit). */
export const touchedBy = (register: RegisterMeta, registers: readonly RegisterMeta[]): string[] =>
  registers.filter((r) => r.name !== register.name && r.columns.some((c) => c.references?.table === register.name)).map((r) => r.name);

export function MoveButton({ register, move, rowKey, also, onDone }: { register: RegisterMeta; move: MoveMeta; rowKey: string; also: readonly string[]; onDone?(): void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const { runMove } = useRegisterWrites();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const label = labelOf(move, i18n.language);
  const confirm = i18n.language === 'en' ? move.confirmEn : move.confirmZh;

  const run = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await runMove({ register: register.name, also, move, key: rowKey, values });
      message.success(t('registers.workflow.done', { action: label }));
      setOpen(false);
      form.resetFields();
      onDone?.();
    } catch (e) {
      message.error(readableError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const start = () => {
    if (move.fields.length > 0) setOpen(true);
    else if (confirm) modal.confirm({ title: label, content: confirm, okButtonProps: { danger: move.danger }, onOk: () => run({}) });
    else void run({});
  };

  return (
    <>
      <Button danger={move.danger} data-testid={`workflow-${move.move}`} loading={busy && move.fields.length === 0} onClick={start}>
        {label}
      </Button>
      {move.fields.length > 0 && (
        <Modal
          open={open}
          title={label}
          onCancel={() => setOpen(false)}
          onOk={() => form.submit()}
          confirmLoading={busy}
          okButtonProps={{ danger: move.danger, ...{ 'data-testid': `workflow-${move.move}-confirm` } }}
        >
          {confirm && <p>{confirm}</p>}
          <Form form={form} layout="vertical" onFinish={run}>
            {move.fields.map((field) => (
              <Form.Item key={field.name} name={field.name} label={labelOf(field, i18n.language)} rules={kindOf(field).rules(field)}>
                <FieldInput column={field} />
              </Form.Item>
            ))}
          </Form>
        </Modal>
      )}
    </>
  );
}
