// The header: who is signed in (name and role), the language switch and sign-out.
import { useGetIdentity, useGetLocale, useLogout, useSetLocale, useTranslate } from '@refinedev/core';
import { Button, Layout, Segmented, Space, Tag, Typography, theme } from 'antd';
import type { CurrentOperator } from '../data/operators/current-operator';
import { roleLabelKey } from '../access/roles';
import { NotificationBell } from './notification-bell';

export function AppHeader() {
  const t = useTranslate();
  const locale = useGetLocale();
  const changeLanguage = useSetLocale();
  const { mutate: logout } = useLogout();
  const { data: operator } = useGetIdentity<CurrentOperator>();
  const { token } = theme.useToken();

  return (
    <Layout.Header
      style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 16, padding: '0 24px', height: 64, background: token.colorBgElevated }}
    >
      <Space size="middle">
        <NotificationBell />
        {operator && (
          <Space size={6} data-testid="current-operator">
            <Typography.Text strong>{operator.name}</Typography.Text>
            {operator.role && <Tag color="blue">{t(roleLabelKey(operator.role))}</Tag>}
            {operator.department_name && <Typography.Text type="secondary">{operator.department_name}</Typography.Text>}
            {operator.active === false && <Tag color="red">{t('header.inactive')}</Tag>}
          </Space>
        )}
        <Segmented
          data-testid="language-switch"
          aria-label={t('header.language')}
          value={locale()}
          options={[
            { label: '中文', value: 'zh-CN' },
            { label: 'English', value: 'en' },
          ]}
          onChange={(value) => void changeLanguage(String(value))}
        />
        <Button data-testid="sign-out" onClick={() => logout()}>
          {t('header.signOut')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
