// Yes or no: a check box in the grid, a switch in forms. Typed, pasted and imported as 是/否,
// yes/no, true/false, 1/0, y/n, √/×, on/off; shown, copied and exported as 是/否 (Yes/No in English).
import { Switch } from 'antd';
import { GridCellKind } from '@glideapps/glide-data-grid';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../../../i18n/i18n';
import type { ColumnKindSpec, EditorProps, FilterInputProps } from './column-kind';
import { fail } from './kind-parts';

const truthy = new Set(['是', 'true', 't', '1', 'y', 'yes', '√', '✓', 'on']);
const falsy = new Set(['否', 'false', 'f', '0', 'n', 'no', '×', '✗', 'off']);
const format = (value: unknown) => i18n.t(value ? 'registers.cell.yes' : 'registers.cell.no');

const BooleanEditor = ({ value, onChange, disabled, id }: EditorProps) => <Switch id={id} disabled={disabled} checked={Boolean(value)} onChange={(v) => onChange?.(v)} />;

function BooleanFilterInput({ value, onChange }: FilterInputProps) {
  const { t } = useTranslation();
  return <Switch checked={value === true} onChange={onChange} checkedChildren={t('registers.cell.yes')} unCheckedChildren={t('registers.cell.no')} data-testid="filter-value" />;
}

export const booleanKind: ColumnKindSpec = {
  name: 'boolean',
  parse: (column, text) => {
    const t = text.toLowerCase();
    if (truthy.has(t)) return { ok: true, value: true };
    if (falsy.has(t)) return { ok: true, value: false };
    return fail(column, 'boolean', { text });
  },
  format: (_, value) => format(value),
  exportValue: (_, value) => format(value),
  gridCell: (_, value, editable) => ({ kind: GridCellKind.Boolean, data: value === null || value === undefined ? null : Boolean(value), allowOverlay: false, readonly: !editable }),
  Editor: BooleanEditor,
  // A switch always holds yes or no: "required" would only refuse an untouched "no".
  rules: () => [],
  filterOperators: ['eq', 'null', 'nnull'],
  FilterInput: BooleanFilterInput,
  sortable: true,
  summable: false,
  width: 70,
  wide: false,
  references: false,
};
