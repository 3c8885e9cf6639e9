// The filter builder: one line per condition; the column's kind gives the operators and the value
// editor (text contains/equals, number and date ranges, in-list for options, empty/not empty).
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { kindOf } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import { operatorsFor, type FilterOperator, type ViewFilter } from '../views/view-config';
import type { ReferenceLabels } from '../model/use-reference-labels';

// Operators taking a list start with an empty one; the others with no value.
const emptyValue = (operator: FilterOperator) => (operator === 'in' || operator === 'has' ? [] : undefined);

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
        const { FilterInput } = kindOf(column);
        const showsValue = FilterInput && filter.operator !== 'null' && filter.operator !== 'nnull';
        return (
          <Space key={i} wrap>
            <Select
              style={{ width: 160 }}
              value={filter.column}
              showSearch
              optionFilterProp="label"
              options={columns.map((c) => ({ value: c.name, label: labelOf(c, i18n.language) }))}
              onChange={(name: string) => {
                const operator = operatorsFor(byName.get(name)!)[0];
                set(i, { column: name, operator, value: emptyValue(operator) });
              }}
            />
            <Select
              style={{ width: 120 }}
              value={filter.operator}
              options={operatorsFor(column).map((o) => ({ value: o, label: t(`registers.filter.operators.${o}`) }))}
              onChange={(operator: FilterOperator) => set(i, { operator, value: emptyValue(operator) })}
              data-testid="filter-operator"
            />
            {showsValue && <FilterInput column={column} operator={filter.operator} value={filter.value} references={references} onChange={(value) => set(i, { value })} />}
            <Button icon={<DeleteOutlined />} onClick={() => onChange(filters.filter((_, j) => j !== i))} aria-label={t('buttons.delete')} />
          </Space>
        );
      })}
      <Button
        icon={<PlusOutlined />}
        data-testid="filter-add"
        onClick={() => {
          // A new condition starts on the first column the quick search covers (a number, a name).
          const column = columns.find((c) => kindOf(c).quickSearch) ?? columns[0];
          const operator = operatorsFor(column)[0];
          onChange([...filters, { column: column.name, operator, value: emptyValue(operator) }]);
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
