// The header: who is signed in (name and role), the language switch and sign-out. On a narrow
// screen the menu is folded away (app-sider.tsx): a menu button and the app's title lead the header,
// side by side, never on top of each other.
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useThemedLayoutContext } from '@refinedev/antd';
import { useGetIdentity, useGetLocale, useLogout, useSetLocale, useTranslate } from '@refinedev/core';
import { Button, Grid, Layout, Segmented, Space, Tag, Typography, theme } from 'antd';
import type { CurrentOperator } from '../data/operators/current-operator';
import { roleLabelKey } from '../access/roles';
import { useNarrowScreen } from './app-sider';
import { NotificationBell } from './notification-bell';

export function AppHeader() {
  const t = useTranslate();
  const locale = useGetLocale();
  const changeLanguage = useSetLocale();
  const { mutate: logout } = useLogout();
  const { data: operator } = useGetIdentity<CurrentOperator>();
  const { token } = theme.useToken();
  const narrow = useNarrowScreen();
  const wide = Grid.useBreakpoint().xl !== false;
  const { mobileSiderOpen, setMobileSiderOpen } = useThemedLayoutContext();

  return (
    <Layout.Header
      style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16, padding: narrow ? '0 12px' : '0 24px', height: 64, background: token.colorBgElevated }}
    >
      <Space size={8} style={{ minWidth: 0, flexShrink: 1 }}>
        {narrow && (
          <>
            <Button
              type="text"
              aria-label={t('header.menu')}
              icon={mobileSiderOpen ? <MenuFoldOutlined /> : <MenuUnfoldOutlined />}
              onClick={() => setMobileSiderOpen(!mobileSiderOpen)}
              data-testid="menu-button"
            />
            <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }} data-testid="app-title">
              {t('app.title')}
            </Typography.Text>
          </>
        )}
      </Space>
      <Space size="middle" style={{ flexShrink: 0 }}>
        <NotificationBell />
        {operator && (
          <Space size={6} data-testid="current-operator">
            <Typography.Text strong>{operator.name}</Typography.Text>
            {operator.role && <Tag color="blue">{t(roleLabelKey(operator.role))}</Tag>}
            {operator.department_name && wide && <Typography.Text type="secondary">{operator.department_name}</Typography.Text>}
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
