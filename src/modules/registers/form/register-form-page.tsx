// Create and edit forms generated from the register's columns: an editor per type, checks from the
// constraints, the version read sent back (a stale save is refused), the server's refusal on its field.
import { Create, Edit, useForm } from '@refinedev/antd';
import { useGetIdentity } from '@refinedev/core';
import { App, Col, Form, Result, Row, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { newRowDefaults, type Me } from '../model/new-row-defaults';
import { kindOf, showsInForms } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import { useRegister, useRegisters } from '../model/use-registers';
import { FieldInput } from './field-input';

const formColumns = (register: RegisterMeta, action: 'create' | 'edit') =>
  register.columns.filter((c) => (action === 'create' ? c.insertable : c.editable) && !c.system && showsInForms(c));

function Fields({ register, action }: { register: RegisterMeta; action: 'create' | 'edit' }) {
  const { i18n } = useTranslation();
  return (
    <Row gutter={16}>
      {formColumns(register, action).map((column) => (
        <Col key={column.name} xs={24} md={kindOf(column).wide ? 24 : 12} xl={kindOf(column).wide ? 24 : 8}>
          <Form.Item name={column.name} label={labelOf(column, i18n.language)} rules={kindOf(column).rules(column)} valuePropName="value">
            <FieldInput column={column} />
          </Form.Item>
        </Col>
      ))}
      <Form.Item name="version" hidden>
        <input type="hidden" />
      </Form.Item>
    </Row>
  );
}

function RegisterCreate({ register }: { register: RegisterMeta }) {
  const { data: me } = useGetIdentity<NonNullable<Me>>();
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  // A new row the database gave to someone else (a walk-in customer goes to the clerk whose turn it
  // is) leaves this person's list: say to whom, rather than let it seem lost.
  const owner = register.columns.find((c) => c.owner && c.references);
  const givenAway = (row: unknown): string | null => {
    const given = owner ? (row as Record<string, unknown> | undefined)?.[owner.name] : undefined;
    return owner?.references && typeof given === 'string' && given !== me?.id ? given : null;
  };
  const { formProps, saveButtonProps } = useForm({
    resource: register.name,
    action: 'create',
    redirect: 'list',
    // The register's own name in the person's language (Refine's default names the table); a row
    // given away is announced once, below, with whom it went to.
    successNotification: (response) =>
      givenAway(response?.data) ? false : { type: 'success', message: t('notifications.createSuccess', { resource: labelOf(register, i18n.language) }) },
    onMutationSuccess: ({ data }) => {
      const given = givenAway(data);
      if (!owner?.references || !given) return;
      void referenceDisplays(owner.references.table, owner.references.display ?? 'id', [given])
        .catch(() => new Map<string, string>())
        .then((names) =>
          notification.success({
            message: t('registers.form.givenTo', { column: labelOf(owner, i18n.language), name: names.get(given) ?? '' }),
            description: t('registers.form.givenToNote'),
            props: { 'data-testid': 'given-to' } as Record<string, string>,
          }),
        );
    },
  });
  if (!me) return <Spin />;
  return (
    <Create resource={register.name} title={labelOf(register, i18n.language)} saveButtonProps={{ ...saveButtonProps, ...{ 'data-testid': 'form-save' } }}>
      <Form {...formProps} layout="vertical" initialValues={newRowDefaults(register, me)} data-testid="register-form">
        <Fields register={register} action="create" />
      </Form>
    </Create>
  );
}

function RegisterEdit({ register, id }: { register: RegisterMeta; id: string }) {
  const { t, i18n } = useTranslation();
  const { formProps, saveButtonProps } = useForm({
    resource: register.name,
    action: 'edit',
    id,
    meta: { idColumnName: register.keyColumn },
    redirect: 'show',
    successNotification: () => ({ type: 'success', message: t('notifications.editSuccess', { resource: labelOf(register, i18n.language) }) }),
  });
  return (
    <Edit resource={register.name} recordItemId={id} title={labelOf(register, i18n.language)} saveButtonProps={{ ...saveButtonProps, ...{ 'data-testid': 'form-save' } }}>
      <Form {...formProps} layout="vertical" data-testid="register-form">
        <Fields register={register} action="edit" />
      </Form>
    </Edit>
  );
}

export function RegisterFormPage({ action }: { action: 'create' | 'edit' }) {
  const { register: name, id } = useParams();
  const { loaded } = useRegisters();
  const register = useRegister(name);
  const { t } = useTranslation();
  if (!loaded) return <Spin />;
  if (!register || (action === 'create' ? !register.canCreate : !register.canUpdate)) return <Result status="403" title={t('registers.notAvailable')} />;
  return action === 'create' ? <RegisterCreate register={register} /> : <RegisterEdit register={register} id={decodeURIComponent(id!)} />;
}
