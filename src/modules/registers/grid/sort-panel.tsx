// Sorting by several columns, as in a spreadsheet's "custom sort": add, remove and reorder sort
// columns, each ascending or descending. Kept in the view's config (config.sorts); the server
// orders by them in turn and by the key last (views/view-config.ts toCrudSorters).
import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, PlusOutlined, SortAscendingOutlined } from '@ant-design/icons';
import { Button, Popover, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { kindOf } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import type { SortColumn } from '../views/view-config';

type Props = { register: RegisterMeta; sorts: SortColumn[]; onChange(sorts: SortColumn[]): void };

export function SortPanel({ register, sorts, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const sortable = register.columns.filter((c) => kindOf(c).sortable && !c.bookkeeping);
  const options = (current: string) =>
    sortable.filter((c) => c.name === current || !sorts.some((s) => s.column === c.name)).map((c) => ({ value: c.name, label: labelOf(c, i18n.language) }));
  const set = (i: number, patch: Partial<SortColumn>) => onChange(sorts.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...sorts];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s);
    onChange(next);
  };
  const unused = sortable.find((c) => !sorts.some((s) => s.column === c.name));
  const content = (
    <div data-testid="sort-panel" style={{ width: 420 }}>
      {sorts.length === 0 && <Typography.Text type="secondary">{t('sheet.sortNone')}</Typography.Text>}
      {sorts.map((s, i) => (
        <Space key={s.column} style={{ display: 'flex', marginBottom: 6 }} data-testid={`sort-row-${i}`}>
          <Select
            style={{ width: 170 }}
            value={s.column}
            options={options(s.column)}
            onChange={(column: string) => set(i, { column })}
            aria-label={t('sheet.sortColumn', { n: i + 1 })}
            data-testid={`sort-column-${i}`}
            showSearch
            optionFilterProp="label"
          />
          <Segmented
            value={s.order}
            options={[{ value: 'asc', label: t('sheet.asc') }, { value: 'desc', label: t('sheet.desc') }]}
            onChange={(order) => set(i, { order: order as SortColumn['order'] })}
            data-testid={`sort-order-${i}`}
          />
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('sheet.moveUp')} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === sorts.length - 1} onClick={() => move(i, 1)} aria-label={t('sheet.moveDown')} />
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => onChange(sorts.filter((_, j) => j !== i))} aria-label={t('sheet.remove')} data-testid={`sort-remove-${i}`} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={!unused} onClick={() => unused && onChange([...sorts, { column: unused.name, order: 'asc' }])} data-testid="sort-add" style={{ marginTop: 6 }}>
        {t('sheet.sortAdd')}
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" content={content} placement="bottomLeft">
      <Button icon={<SortAscendingOutlined />} data-testid="sort-panel-button">{sorts.length ? t('sheet.sortCount', { count: sorts.length }) : t('sheet.sort')}</Button>
    </Popover>
  );
}
