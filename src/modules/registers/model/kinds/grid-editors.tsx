// The grid's in-cell editors the kinds share: a dropdown with type-ahead (options, several
// options, references), a date or date-time picker, a text area in a popover. Each opens over the
// cell already focused, takes what the person typed to open it as the first search text, commits
// the stored value on a choice (Enter or click) and gives up on Escape.
import { Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridEditorProps } from './column-kind';

export type Choice = { value: string; label: string; /** What tells two same labels apart (a code, a department, a phone). */ hint?: string };

const optionLabel = (c: Choice): ReactNode =>
  c.hint ? (
    <span>
      {c.label}
      <span style={{ color: '#8c8c8c', marginLeft: 8 }}>{c.hint}</span>
    </span>
  ) : (
    c.label
  );

// Kept in the page (not clipped by the cell's overlay); the grid treats clicks in it as inside.
const popup = () => document.body;

type ChoiceProps = Pick<GridEditorProps, 'initialText' | 'onCancel'> & {
  choices: Choice[];
  value: string | string[] | null;
  multiple?: boolean;
  required?: boolean;
  loading?: boolean;
  /** Given: the choices are searched by the caller (a reference's register, on the server). */
  onSearch?(text: string): void;
  onCommit(value: string | string[] | null): void;
};

/** A dropdown with type-ahead over choices; a multiple one commits when it closes. */
export function ChoiceGridEditor({ choices, value, multiple, required, loading, initialText, onSearch, onCommit, onCancel }: ChoiceProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(initialText ?? '');
  const [picked, setPicked] = useState<string[]>(Array.isArray(value) ? value : []);
  const options = choices.map((c) => ({ value: c.value, label: optionLabel(c), text: `${c.label} ${c.hint ?? ''}` }));
  return (
    <div data-testid="grid-choice-editor" style={{ minWidth: 220 }} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <Select
        autoFocus
        defaultOpen
        showSearch
        style={{ width: '100%' }}
        mode={multiple ? 'multiple' : undefined}
        allowClear={!required}
        loading={loading}
        searchValue={search}
        onSearch={(text) => {
          setSearch(text);
          onSearch?.(text);
        }}
        filterOption={onSearch ? false : (input, option) => String(option?.text ?? '').toLowerCase().includes(input.toLowerCase())}
        options={options}
        value={multiple ? picked : ((value as string | null) ?? undefined)}
        notFoundContent={t('sheet.noMatch')}
        getPopupContainer={popup}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { minWidth: 320 } } }}
        onChange={(v: string | string[] | undefined) => {
          if (multiple) setPicked((v as string[]) ?? []);
          else onCommit((v as string | undefined) ?? null);
        }}
        onClear={() => !multiple && onCommit(null)}
        onOpenChange={(open) => {
          if (!open && multiple) onCommit(picked.length > 0 ? picked : null);
        }}
      />
    </div>
  );
}

/** A date (YYYY-MM-DD) or a date and time (an instant, ISO) picked in a calendar; typing works too. */
export function DateGridEditor({ value, withTime, initialText, parse, onCommit, onCancel }: Pick<GridEditorProps, 'value' | 'initialText' | 'onCommit' | 'onCancel'> & {
  withTime?: boolean;
  /** The kind's reading of a typed date (every format it takes); undefined: not a date. */
  parse(text: string): unknown;
}) {
  const current = value ? dayjs(String(value)) : null;
  const format = withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD';
  return (
    <div
      data-testid="grid-date-editor"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      // A date typed in the box and Enter: read as the column reads pasted dates, and written.
      onKeyDownCapture={(e) => {
        if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
        const text = e.target.value.trim();
        const parsed = text === '' ? null : parse(text);
        if (parsed === undefined) return;
        e.stopPropagation();
        e.preventDefault();
        onCommit(parsed);
      }}
    >
      <DatePicker
        autoFocus
        defaultOpen
        showTime={withTime ? { format: 'HH:mm' } : undefined}
        format={format}
        defaultValue={current ?? undefined}
        defaultPickerValue={current ?? undefined}
        getPopupContainer={popup}
        placeholder={initialText}
        style={{ width: withTime ? 200 : 160 }}
        onChange={(d: Dayjs | null) => {
          // A date is one click; a date and time is confirmed with OK (onOk) or Enter.
          if (!withTime) onCommit(d ? d.format('YYYY-MM-DD') : null);
          else if (!d) onCommit(null);
        }}
        onOk={(d: Dayjs | null) => onCommit(d ? d.toISOString() : null)}
      />
    </div>
  );
}

/** Long text in a popover: Enter saves (as in a cell), Shift+Enter starts a new line, Escape gives up. */
export function LongTextGridEditor({ value, initialText, onCommit, onCancel }: Pick<GridEditorProps, 'value' | 'initialText' | 'onCommit' | 'onCancel'>) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialText ?? (value === null || value === undefined ? '' : String(value)));
  const commit = () => onCommit(text.trim() === '' ? null : text);
  return (
    <div data-testid="grid-longtext-editor" style={{ width: 360, padding: 8, background: '#fff', boxShadow: '0 6px 16px rgba(0,0,0,.12)', borderRadius: 6 }}>
      <Input.TextArea
        autoFocus
        autoSize={{ minRows: 4, maxRows: 12 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Glide must not see the keys typed here.
          e.stopPropagation();
          if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
            e.preventDefault();
            commit();
          }
          if (e.key === 'Escape') onCancel();
        }}
      />
      <Space style={{ marginTop: 8, justifyContent: 'flex-end', width: '100%' }}>
        <Button size="small" onClick={onCancel}>{t('buttons.cancel')}</Button>
        <Button size="small" type="primary" onClick={commit} data-testid="grid-longtext-save">{t('buttons.save')}</Button>
      </Space>
    </div>
  );
}
