// Create and edit forms generated from the register's columns: an editor per type, checks from the
// constraints, the version read sent back (a stale save is refused), the server's refusal on its field.
// The form adapts to the row's kind as the database declares it (public.column_conditions): a 报修
// form asks no complaint fields and a 投诉 form marks what a complaint requires; system columns are
// shown read-only with the database's reason; choosing a customer fills in its unit, phone and
// department where the person has typed nothing.
import { Create, Edit, useForm } from '@refinedev/antd';
import { useGetIdentity, type HttpError } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { App, Col, Form, Input, Result, Row, Spin, type FormInstance } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { keys } from '../../../data/keys';
import { fetchColumnConditions } from '../../../data/registers/fetch-column-conditions';
import { fetchReferencedRow } from '../../../data/registers/fetch-referenced-row';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { inLanguage } from '../../../i18n/in-language';
import { newRowDefaults, type Me } from '../model/new-row-defaults';
import { kindOf } from '../model/kinds';
import { ReferencePreference } from '../model/kinds/reference-context';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import { useRegister, useRegisters } from '../model/use-registers';
import { FieldInput } from './field-input';
import { conditionsOf, formFields, prefillFrom, type FormField } from './form-fields';

/** The register's declared conditions (which columns each kind asks for), by column. */
function useConditions(register: RegisterMeta) {
  const user = useSignedInUserId();
  const { data, isFetched } = useQuery({ queryKey: keys.columnConditions(user), queryFn: fetchColumnConditions, enabled: !!user, staleTime: 60_000 });
  const conditions = useMemo(() => conditionsOf(register, data ?? []), [register, data]);
  return { conditions, loaded: isFetched };
}

/** The half of a "中文 | English" reason in the person's language. */
const half = (text: string | null, language: string) => {
  if (!text) return '';
  const at = text.indexOf(' | ');
  return at < 0 ? text : inLanguage(text.slice(0, at).trim(), text.slice(at + 3).trim(), language);
};

function Fields({ action, fields, record }: { action: 'create' | 'edit'; fields: FormField[]; record?: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  // People picked for the row (a handler) are offered from the row's department first.
  const department = Form.useWatch('department_id', { preserve: true }) as string | null | undefined;
  return (
    <ReferencePreference.Provider value={{ department: department ?? (record?.department_id as string | undefined) ?? null }}>
    <Row gutter={16}>
      {fields.map(({ column, required, readOnly }) => (
        <Col key={column.name} xs={24} md={kindOf(column).wide ? 24 : 12} xl={kindOf(column).wide ? 24 : 8}>
          {readOnly ? (
            // Not a form value: the database fills it in, and a save never sends it.
            <Form.Item
              label={labelOf(column, i18n.language)}
              extra={<span data-testid={`form-why-${column.name}`}>{half(column.readOnlyReason, i18n.language) || t('registers.form.systemColumn')}</span>}
              data-testid={`form-readonly-${column.name}`}
            >
              {action === 'create' || record?.[column.name] === null || record?.[column.name] === undefined ? (
                <Input disabled placeholder={t('registers.form.filledBySystem')} />
              ) : (
                <FieldInput column={column} value={record[column.name]} disabled />
              )}
            </Form.Item>
          ) : (
            <Form.Item
              name={column.name}
              label={labelOf(column, i18n.language)}
              required={required}
              rules={kindOf(column).rules(required ? { ...column, required } : column)}
              valuePropName="value"
              preserve={false}
              data-testid={`form-field-${column.name}`}
            >
              <FieldInput column={column} />
            </Form.Item>
          )}
        </Col>
      ))}
      <Form.Item name="version" hidden>
        <input type="hidden" />
      </Form.Item>
    </Row>
    </ReferencePreference.Provider>
  );
}

/** The fields for the values now in the form (they change with the kind chosen). */
function useFields(register: RegisterMeta, action: 'create' | 'edit', form: FormInstance | undefined) {
  const { conditions, loaded } = useConditions(register);
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as Record<string, unknown>;
  // Only the deciding columns' values change which fields show.
  const deciding = [...new Set([...conditions.values()].map((c) => c.when_column))].map((c) => String(values[c] ?? '')).join('\u0001');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fields = useMemo(() => formFields(register, action, conditions, values), [register, action, conditions, deciding]);
  // Until the declarations are in, the form would ask every kind's fields: it waits.
  return { fields, loaded };
}

/** Choosing a referenced row (a customer) fills in what it knows and the person has not typed. */
function usePrefill(form: FormInstance | undefined, fields: FormField[]) {
  return (changed: Record<string, unknown>) => {
    if (!form) return;
    for (const [name, value] of Object.entries(changed)) {
      const via = fields.find((f) => f.column.name === name && !f.readOnly)?.column;
      if (!via?.references || typeof value !== 'string' || value === '') continue;
      void fetchReferencedRow(via.references.table, value).then((row) => {
        if (!row || form.getFieldValue(via.name) !== value) return;
        form.setFieldsValue(prefillFrom(fields, via, row, (column) => !form.isFieldTouched(column) || isEmpty(form.getFieldValue(column))));
      });
    }
  };
}
const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/**
 * A refusal that names a field the form shows is shown at that field (Refine puts error.errors
 * there), with no toast; any other refusal is a toast in the person's language naming the register.
 */
function errorNotice(error: HttpError | undefined, fields: FormField[], title: string) {
  const at = Object.keys(error?.errors ?? {});
  if (at.length > 0 && at.every((name) => fields.some((f) => f.column.name === name && !f.readOnly))) return false;
  return { type: 'error' as const, message: title, description: error?.message };
}

function RegisterCreate({ register }: { register: RegisterMeta }) {
  const { data: me } = useGetIdentity<NonNullable<Me>>();
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  const resource = labelOf(register, i18n.language);
  // A new row the database gave to someone else (a walk-in customer goes to the clerk whose turn it
  // is) leaves this person's list: say to whom, rather than let it seem lost.
  const owner = register.columns.find((c) => c.owner && c.references);
  const givenAway = (row: unknown): string | null => {
    const given = owner ? (row as Record<string, unknown> | undefined)?.[owner.name] : undefined;
    return owner?.references && typeof given === 'string' && given !== me?.id ? given : null;
  };
  const shown = useRef<FormField[]>([]);
  // Opened from a record (新建相关记录): the URL names the columns pointing at it, and where to go back.
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const given = useMemo(
    () => Object.fromEntries(register.columns.filter((c) => c.insertable && !c.system && c.references && params.get(c.name)).map((c) => [c.name, params.get(c.name)])),
    [register, params],
  );
  const back = params.get('back')?.startsWith('/r/') ? params.get('back') : null;
  const { formProps, saveButtonProps } = useForm({
    resource: register.name,
    action: 'create',
    redirect: back ? false : 'list',
    // The register's own name in the person's language (Refine's default names the table); a row
    // given away is announced once, below, with whom it went to.
    successNotification: (response) => (givenAway(response?.data) ? false : { type: 'success', message: t('notifications.createSuccess', { resource }) }),
    errorNotification: (error) => errorNotice(error, shown.current, t('registers.form.createFailed', { resource })),
    onMutationSuccess: ({ data }) => {
      if (back) void navigate(back);
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
  const { fields, loaded } = useFields(register, 'create', formProps.form);
  useEffect(() => {
    shown.current = fields;
  }, [fields]);
  const prefill = usePrefill(formProps.form, fields);
  // The record it was opened from fills in what it knows, as if chosen by hand.
  const prefilled = useRef(false);
  useEffect(() => {
    if (!me || !loaded || !formProps.form || prefilled.current || Object.keys(given).length === 0) return;
    prefilled.current = true;
    prefill(given);
  }, [me, loaded, formProps.form, given, prefill]);
  if (!me || !loaded) return <Spin />;
  return (
    <Create resource={register.name} title={resource} saveButtonProps={{ ...saveButtonProps, ...{ 'data-testid': 'form-save' } }}>
      <Form
        {...formProps}
        layout="vertical"
        initialValues={{ ...newRowDefaults(register, me), ...given }}
        onValuesChange={(changed, all) => {
          formProps.onValuesChange?.(changed, all);
          prefill(changed as Record<string, unknown>);
        }}
        data-testid="register-form"
      >
        <Fields action="create" fields={fields} />
      </Form>
    </Create>
  );
}

function RegisterEdit({ register, id }: { register: RegisterMeta; id: string }) {
  const { t, i18n } = useTranslation();
  const resource = labelOf(register, i18n.language);
  const shown = useRef<FormField[]>([]);
  const { formProps, saveButtonProps, query } = useForm({
    resource: register.name,
    action: 'edit',
    id,
    meta: { idColumnName: register.keyColumn },
    redirect: 'show',
    successNotification: () => ({ type: 'success', message: t('notifications.editSuccess', { resource }) }),
    errorNotification: (error) => errorNotice(error, shown.current, t('registers.form.editFailed', { resource })),
  });
  const { fields, loaded } = useFields(register, 'edit', formProps.form);
  useEffect(() => {
    shown.current = fields;
  }, [fields]);
  const prefill = usePrefill(formProps.form, fields);
  return (
    <Edit resource={register.name} recordItemId={id} title={resource} saveButtonProps={{ ...saveButtonProps, ...{ 'data-testid': 'form-save' } }}>
      <Form
        {...formProps}
        layout="vertical"
        onValuesChange={(changed, all) => {
          formProps.onValuesChange?.(changed, all);
          prefill(changed as Record<string, unknown>);
        }}
        data-testid="register-form"
      >
        {loaded ? <Fields action="edit" fields={fields} record={query?.data?.data as Record<string, unknown> | undefined} /> : <Spin />}
      </Form>
    </Edit>
  );
}

export function RegisterFormPage({ action }: { action: 'create' | 'edit' }) {
  const { register: name, id } = useParams();
  const { loaded, answered } = useRegisters();
  const register = useRegister(name);
  const { t } = useTranslation();
  if (!loaded || (!register && !answered)) return <Spin />;
  if (!register || (action === 'create' ? !register.canCreate : !register.canUpdate)) return <Result status="403" title={t('registers.notAvailable')} />;
  return action === 'create' ? <RegisterCreate register={register} /> : <RegisterEdit register={register} id={decodeURIComponent(id!)} />;
}

