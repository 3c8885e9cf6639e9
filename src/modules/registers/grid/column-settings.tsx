// Which columns show, in which order, and how many stay frozen on the left.
import { ArrowDownOutlined, ArrowUpOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, InputNumber, Popover, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf, visibleByDefault, type RegisterMeta } from '../model/register-meta';
import type { ViewConfig } from '../views/view-config';

export function ColumnSettings({ register, config, onChange }: { register: RegisterMeta; config: ViewConfig; onChange(patch: Partial<ViewConfig>): void }) {
  const { t, i18n } = useTranslation();
  const order = [...(config.order ?? []).filter((n) => register.columns.some((c) => c.name === n)), ...register.columns.map((c) => c.name).filter((n) => !config.order?.includes(n))];
  const hidden = new Set(config.hidden ?? register.columns.filter((c) => !visibleByDefault(c)).map((c) => c.name));
  const move = (i: number, by: number) => {
    const next = [...order];
    const [name] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, name);
    onChange({ order: next });
  };
  const content = (
    <div style={{ maxHeight: 420, overflow: 'auto', width: 300 }} data-testid="column-settings">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text>{t('registers.columns.freeze')}</Typography.Text>
        <InputNumber min={0} max={5} value={config.freeze ?? 1} onChange={(n) => onChange({ freeze: n ?? 0 })} data-testid="freeze-count" />
      </Space>
      {order.map((name, i) => {
        const column = register.columns.find((c) => c.name === name)!;
        return (
          <div key={name} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
            <Checkbox
              style={{ flex: 1 }}
              checked={!hidden.has(name)}
              onChange={(e) => onChange({ hidden: e.target.checked ? [...hidden].filter((n) => n !== name) : [...hidden, name] })}
            >
              {labelOf(column, i18n.language)}
            </Checkbox>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="up" />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === order.length - 1} onClick={() => move(i, 1)} aria-label="down" />
          </div>
        );
      })}
    </div>
  );
  return (
    <Popover trigger="click" content={content} placement="bottomLeft">
      <Button icon={<SettingOutlined />} data-testid="column-settings-button">{t('registers.columns.title')}</Button>
    </Popover>
  );
}
