// Starting a workflow move as its declaration in the database describes it: a dialog with the fields
// the move asks for (or its confirmation text), then its RPC through the one write path. Used by the
// record page's buttons and the grid's row menu alike. The database decides and explains a refusal.
import { App, Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterWrites } from '../../../data/registers/use-register-writes';
import { readableError } from '../../../providers/readable-error';
import { FieldInput } from '../form/field-input';
import { kindOf } from '../model/kinds';
import { ReferencePreference } from '../model/kinds/reference-context';
import { labelOf, type MoveMeta, type RegisterMeta } from '../model/register-meta';
import { inLanguage } from '../../../i18n/in-language';

/** The registers a move may also change: those that point at this one (a resolved request gets its return visit). */
export const touchedBy = (register: RegisterMeta, registers: readonly RegisterMeta[]): string[] =>
  registers.filter((r) => r.name !== register.name && r.columns.some((c) => c.references?.table === register.name)).map((r) => r.name);

type Started = { move: MoveMeta; rowKey: string; initial?: Record<string, unknown>; department?: string | null };

/**
 * The dialog's first values: the row's current value of each column a field stands for — what the
 * person may change (kind, category, resolution), not the stamps a move leaves (a reason, a handler),
 * which each move asks afresh.
 */
export const fieldValuesOf = (move: MoveMeta, register: RegisterMeta, row: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(move.fieldColumns).flatMap(([field, column]) =>
      row?.[column] == null || register.columns.find((c) => c.name === column)?.system !== false ? [] : [[field, row[column]]],
    ),
  );

export function useMove(
  register: RegisterMeta,
  registers: readonly RegisterMeta[],
): { start(move: MoveMeta, rowKey: string, row?: Record<string, unknown>): void; running: string | null; dialog: ReactNode } {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const { runMove } = useRegisterWrites();
  const [asking, setAsking] = useState<Started | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [form] = Form.useForm();
  const confirmOf = (move: MoveMeta) => inLanguage(move.confirmZh, move.confirmEn, i18n.language);

  const run = async ({ move, rowKey }: Started, values: Record<string, unknown>) => {
    setRunning(move.move);
    try {
      await runMove({ register: register.name, also: touchedBy(register, registers), move, key: rowKey, values });
      message.success(t('registers.workflow.done', { action: labelOf(move, i18n.language) }));
      setAsking(null);
      form.resetFields();
    } catch (e) {
      // A refusal that names one of the dialog's fields (the RPC's hint) is shown at that field.
      const hint = (e as { hint?: string | null }).hint;
      if (hint && move.fields.some((f) => f.name === hint)) form.setFields([{ name: hint, errors: [readableError(e).message] }]);
      else message.error(readableError(e).message);
    } finally {
      setRunning(null);
    }
  };

  const start = (move: MoveMeta, rowKey: string, row?: Record<string, unknown>) => {
    const confirm = confirmOf(move);
    if (move.fields.length > 0) setAsking({ move, rowKey, initial: fieldValuesOf(move, register, row), department: typeof row?.department_id === 'string' ? row.department_id : null });
    else if (confirm) modal.confirm({ title: labelOf(move, i18n.language), content: confirm, okButtonProps: { danger: move.danger }, onOk: () => run({ move, rowKey }, {}) });
    else void run({ move, rowKey }, {});
  };

  const dialog = asking && (
    <Modal
      open
      title={labelOf(asking.move, i18n.language)}
      onCancel={() => {
        setAsking(null);
        form.resetFields();
      }}
      onOk={() => form.submit()}
      confirmLoading={running !== null}
      okButtonProps={{ danger: asking.move.danger, ...{ 'data-testid': `workflow-${asking.move.move}-confirm` } }}
    >
      {confirmOf(asking.move) && <p>{confirmOf(asking.move)}</p>}
      <Form form={form} layout="vertical" initialValues={asking.initial} onFinish={(values: Record<string, unknown>) => void run(asking, values)}>
        {/* A person picked for the row (a handler) is offered from the row's department first. */}
        <ReferencePreference.Provider value={{ department: asking.department }}>
          {asking.move.fields.map((field) => (
            <Form.Item key={field.name} name={field.name} label={labelOf(field, i18n.language)} rules={kindOf(field).rules(field)}>
              <FieldInput column={field} />
            </Form.Item>
          ))}
        </ReferencePreference.Provider>
      </Form>
    </Modal>
  );

  return { start, running, dialog };
}
