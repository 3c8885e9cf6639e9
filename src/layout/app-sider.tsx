// The side menu: the menu groups and registers the database declares (register_metadata), each
// group a heading with its registers under it, always open, so a register is one click away.
// Below the lg breakpoint (992 px) the menu folds away entirely and the header's menu button
// (app-header.tsx) opens it, so it never crowds the page nor sits on the header's title.
import { useThemedLayoutContext } from '@refinedev/antd';
import { useMenu, type TreeMenuItem } from '@refinedev/core';
import { Grid, Layout, Menu, type MenuProps } from 'antd';
import { Link } from 'react-router';

const toItem = (item: TreeMenuItem): NonNullable<MenuProps['items']>[number] =>
  item.children.length > 0
    ? { type: 'group', key: item.key, label: item.label, children: item.children.map(toItem) }
    : { key: item.key, icon: item.icon, label: <Link to={item.route ?? '/'}>{item.label}</Link> };

/** Whether the screen is narrower than antd's lg breakpoint (a tablet, a small window). */
export const useNarrowScreen = (): boolean => Grid.useBreakpoint().lg === false;

export function AppSider({ Title }: { Title: React.FC<{ collapsed: boolean }> }) {
  const { menuItems, selectedKey } = useMenu();
  const { siderCollapsed, setSiderCollapsed, mobileSiderOpen, setMobileSiderOpen } = useThemedLayoutContext();
  const narrow = useNarrowScreen();
  const collapsed = narrow ? !mobileSiderOpen : siderCollapsed;
  return (
    <Layout.Sider
      collapsible={!narrow}
      trigger={narrow ? null : undefined}
      collapsed={collapsed}
      collapsedWidth={narrow ? 0 : 80}
      onCollapse={setSiderCollapsed}
      width={220}
      theme="light"
      style={{ borderRight: collapsed && narrow ? 'none' : '1px solid rgba(5, 5, 5, 0.06)' }}
      data-testid="app-sider"
    >
      <div style={{ height: 64, display: 'flex', alignItems: 'center', padding: '0 16px', overflow: 'hidden' }}>
        <Title collapsed={collapsed} />
      </div>
      <Menu mode="inline" selectedKeys={selectedKey ? [selectedKey] : []} items={menuItems.map(toItem)} style={{ borderInlineEnd: 'none' }} onClick={() => narrow && setMobileSiderOpen(false)} />
    </Layout.Sider>
  );
}
