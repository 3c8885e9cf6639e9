// The side menu: the menu groups and registers the database declares (register_metadata), each
// group a heading with its registers under it, always open, so a register is one click away.
import { useThemedLayoutContext } from '@refinedev/antd';
import { useMenu, type TreeMenuItem } from '@refinedev/core';
import { Layout, Menu, type MenuProps } from 'antd';
import { Link } from 'react-router';

const toItem = (item: TreeMenuItem): NonNullable<MenuProps['items']>[number] =>
  item.children.length > 0
    ? { type: 'group', key: item.key, label: item.label, children: item.children.map(toItem) }
    : { key: item.key, icon: item.icon, label: <Link to={item.route ?? '/'}>{item.label}</Link> };

export function AppSider({ Title }: { Title: React.FC<{ collapsed: boolean }> }) {
  const { menuItems, selectedKey } = useMenu();
  const { siderCollapsed, setSiderCollapsed } = useThemedLayoutContext();
  return (
    <Layout.Sider collapsible collapsed={siderCollapsed} onCollapse={setSiderCollapsed} width={220} theme="light" style={{ borderRight: '1px solid rgba(5, 5, 5, 0.06)' }}>
      <div style={{ height: 64, display: 'flex', alignItems: 'center', padding: '0 16px' }}>
        <Title collapsed={siderCollapsed} />
      </div>
      <Menu mode="inline" selectedKeys={selectedKey ? [selectedKey] : []} items={menuItems.map(toItem)} style={{ borderInlineEnd: 'none' }} />
    </Layout.Sider>
  );
}
