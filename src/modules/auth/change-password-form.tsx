// The password change a person must make before anything else once their password is older than
// a month (密码与权限治理制度: 密码更换间隔时间不得超过一个月). The database refuses them everything
// else meanwhile; the auth service refuses a simple password and says why, shown at the field.
import { useGetLocale, useInvalidateAuthStore, useLogout, useNotification, useTranslate } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { keys } from '../../data/keys';
import { changeOwnPassword, fetchPasswordStatus } from '../../data/session/password-status';

type NewPassword = { password: string; confirm: string };

// The reasons Supabase Auth (and the local auth service's simple-password rules) give for a weak password.
const weakReasons = ['length', 'characters', 'name', 'date', 'repeat', 'sequence', 'pwned'];

export function ChangePasswordForm() {
  const t = useTranslate();
  const locale = useGetLocale()();
  const [form] = Form.useForm<NewPassword>();
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const invalidateAuth = useInvalidateAuthStore();
  const { mutate: logout } = useLogout();
  const { open: notify } = useNotification();
  const { data: status } = useQuery({ queryKey: [...keys.people(), 'password-status'], queryFn: fetchPasswordStatus });

  const submit = async ({ password }: NewPassword) => {
    setFailure(null);
    setSaving(true);
    try {
      const refusal = await changeOwnPassword(password);
      if (!refusal) {
        // Signed in and allowed again: the sign-in route sends the person on into the app.
        notify?.({ type: 'success', message: t('auth.changePassword.done'), key: 'password-changed' });
        await invalidateAuth();
        return;
      }
      if (refusal.kind === 'weak') {
        const known = refusal.reasons.filter((r) => weakReasons.includes(r));
        const errors = known.length ? known.map((r) => t(`auth.changePassword.weak.${r}`)) : [t('auth.changePassword.weak.other')];
        form.setFields([{ name: 'password', errors }]);
      } else if (refusal.kind === 'same') {
        form.setFields([{ name: 'password', errors: [t('auth.changePassword.errors.same_password')] }]);
      } else {
        setFailure(t('auth.changePassword.errors.failed'));
      }
    } finally {
      setSaving(false);
    }
  };

  const changedAt = status?.changed_at ? new Date(status.changed_at).toLocaleDateString(locale === 'en' ? 'en-GB' : 'zh-CN') : null;

  return (
    <div data-testid="change-password">
      <Typography.Title level={4}>{t('auth.changePassword.title')}</Typography.Title>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={status ? t('auth.changePassword.why', { days: status.max_age_days }) : t('auth.changePassword.whySoon')}
        description={changedAt ? t('auth.changePassword.lastChanged', { date: changedAt }) : undefined}
      />
      {failure && <Alert data-testid="change-password-error" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form<NewPassword> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="password"
          label={t('auth.changePassword.fields.password')}
          extra={t('auth.changePassword.hint')}
          rules={[{ required: true, message: t('auth.changePassword.errors.required') }]}
        >
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.changePassword.fields.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('auth.changePassword.errors.requiredConfirm') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('auth.changePassword.errors.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={saving}>
          {t('auth.changePassword.submit')}
        </Button>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout()}>
          {t('auth.changePassword.signOut')}
        </Button>
      </Form>
    </div>
  );
}
