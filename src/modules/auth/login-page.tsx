// Sign-in with an account the administrator created (no self sign-up, no reset link). A person
// signed in whose password is older than a month sees the password change here instead.
import { useIsAuthenticated, useLogin, useNotification, useTranslate } from '@refinedev/core';
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd';
import { useState } from 'react';
import { passwordExpired } from '../../data/session/password-status';
import { ChangePasswordForm } from './change-password-form';

type Credentials = { email: string; password: string };

// The sign-in refusals the auth provider passes on by code, each with its own sentence.
const explained = ['invalid_credentials', 'user_locked', 'user_banned', 'over_request_rate_limit'];

export function LoginPage() {
  const t = useTranslate();
  const [failure, setFailure] = useState<string | null>(null);
  const { mutate: login, isPending } = useLogin<Credentials>();
  const { close } = useNotification();
  // The answer the sign-in route's <Authenticated> just fetched; asking again on mount would hide
  // this page behind that route's loading state, over and over.
  const { data: signedIn } = useIsAuthenticated({ queryOptions: { refetchOnMount: false } });
  const mustChangePassword = signedIn?.error?.name === passwordExpired.name;

  const submit = (values: Credentials) => {
    setFailure(null);
    login(values, {
      onSuccess: (result) => {
        if (!result.success) {
          // Said once, on the page, in its language: not also in Refine's own toast, which shows
          // the auth provider's code ("login: invalid_credentials") in English.
          close?.('login-error');
          const reason = result.error?.message;
          setFailure(reason && explained.includes(reason) ? t(`pages.login.${reason}`) : t('auth.signIn.other'));
        }
      },
      onError: () => {
        close?.('login-error');
        setFailure(t('auth.signIn.unreachable'));
      },
    });
  };

  return (
    <Layout style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          {t('app.title')} · {t('app.subtitle')}
        </Typography.Title>
        {!mustChangePassword && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('pages.login.title')}
          </Typography.Paragraph>
        )}
        {mustChangePassword ? (
          <ChangePasswordForm />
        ) : (
          <>
            {failure && <Alert data-testid="login-error" type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
            <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item name="email" label={t('pages.login.fields.email')} rules={[{ required: true, message: t('pages.login.errors.requiredEmail') }, { type: 'email', message: t('pages.login.errors.validEmail') }]}>
                <Input autoComplete="username" size="large" />
              </Form.Item>
              <Form.Item name="password" label={t('pages.login.fields.password')} rules={[{ required: true, message: t('pages.login.errors.requiredPassword') }]}>
                <Input.Password autoComplete="current-password" size="large" />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={isPending}>
                {t('pages.login.signin')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </Layout>
  );
}
