// The filter builder: one line per condition, the operators and the value editor chosen by the
// column's type (text contains/equals, number and date ranges, in-list for options, empty/not empty).
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Input, InputNumber, Popover, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import { operatorsFor, type FilterOperator, type ViewFilter } from '../views/view-config';
import type { ReferenceLabels } from '../model/use-reference-labels';

function ValueEditor({ column, filter, onChange, references }: { column: ColumnMeta; filter: ViewFilter; onChange(value: unknown): void; references: ReferenceLabels }) {
  const { t } = useTranslation();
  if (filter.operator === 'null' || filter.operator === 'nnull') return null;
  if (filter.operator === 'in') {
    const options = column.options?.map((o) => ({ value: o, label: o })) ?? [...references.labels(column).entries()].map(([value, label]) => ({ value, label }));
    return <Select mode={column.options ? 'multiple' : 'tags'} style={{ minWidth: 200 }} value={(filter.value as string[]) ?? []} options={options} onChange={onChange} data-testid="filter-value" />;
  }
  switch (column.kind) {
    case 'boolean':
      return <Switch checked={filter.value === true} onChange={onChange} checkedChildren={t('registers.cell.yes')} unCheckedChildren={t('registers.cell.no')} />;
    case 'integer':
    case 'number':
      return <InputNumber value={filter.value as number} onChange={onChange} data-testid="filter-value" />;
    case 'date':
      return <DatePicker value={filter.value ? dayjs(String(filter.value)) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)} />;
    case 'datetime':
      return <DatePicker showTime value={filter.value ? dayjs(String(filter.value)) : null} onChange={(d) => onChange(d ? d.toISOString() : null)} />;
    default:
      return <Input value={(filter.value as string) ?? ''} onChange={(e) => onChange(e.target.value)} style={{ width: 180 }} data-testid="filter-value" />;
  }
}

export function FilterBuilder({ register, filters, onChange, references }: { register: RegisterMeta; filters: ViewFilter[]; onChange(filters: ViewFilter[]): void; references: ReferenceLabels }) {
  const { t, i18n } = useTranslation();
  const columns = register.columns.filter((c) => operatorsFor(c).length > 0);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const set = (i: number, patch: Partial<ViewFilter>) => onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const content = (
    <Space direction="vertical" data-testid="filter-builder">
      {filters.map((filter, i) => {
        const column = byName.get(filter.column);
        if (!column) return null;
        return (
          <Space key={i} wrap>
            <Select
              style={{ width: 160 }}
              value={filter.column}
              showSearch
              optionFilterProp="label"
              options={columns.map((c) => ({ value: c.name, label: labelOf(c, i18n.language) }))}
              onChange={(name: string) => set(i, { column: name, operator: operatorsFor(byName.get(name)!)[0], value: undefined })}
            />
            <Select
              style={{ width: 120 }}
              value={filter.operator}
              options={operatorsFor(column).map((o) => ({ value: o, label: t(`registers.filter.operators.${o}`) }))}
              onChange={(operator: FilterOperator) => set(i, { operator, value: operator === 'in' ? [] : undefined })}
              data-testid="filter-operator"
            />
            <ValueEditor column={column} filter={filter} references={references} onChange={(value) => set(i, { value })} />
            <Button icon={<DeleteOutlined />} onClick={() => onChange(filters.filter((_, j) => j !== i))} aria-label={t('buttons.delete')} />
          </Space>
        );
      })}
      <Button
        icon={<PlusOutlined />}
        data-testid="filter-add"
        onClick={() => {
          const column = columns.find((c) => c.kind === 'text' || c.kind === 'option') ?? columns[0];
          onChange([...filters, { column: column.name, operator: operatorsFor(column)[0] }]);
        }}
      >
        {t('registers.filter.add')}
      </Button>
    </Space>
  );
  return (
    <Popover trigger="click" content={content} placement="bottomLeft">
      <Badge count={filters.length} size="small">
        <Button icon={<FilterOutlined />} data-testid="filter-button">{t('buttons.filter')}</Button>
      </Badge>
    </Popover>
  );
}
