// The antd inputs several kinds share: a one-line text editor, a number editor, and the filter
// inputs for text and numbers.
import { Input, InputNumber } from 'antd';
import type { EditorProps, FilterInputProps } from './column-kind';

export function TextEditor({ value, onChange, disabled, id }: EditorProps) {
  return <Input id={id} disabled={disabled} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange?.(e.target.value)} />;
}

/** A number editor; `precision` fixes the decimals (0 for whole numbers, 2 for money). */
export function numberEditor(precision?: number, prefix?: string) {
  return function NumberEditor({ value, onChange, disabled, id }: EditorProps) {
    return <InputNumber id={id} style={{ width: '100%' }} precision={precision} prefix={prefix} disabled={disabled} value={value === null || value === undefined ? null : Number(value)} onChange={(n) => onChange?.(n ?? null)} />;
  };
}

export function TextFilterInput({ value, onChange }: FilterInputProps) {
  return <Input value={(value as string | undefined) ?? ''} onChange={(e) => onChange(e.target.value)} style={{ width: 180 }} data-testid="filter-value" />;
}

export function NumberFilterInput({ value, onChange }: FilterInputProps) {
  return <InputNumber value={value as number | undefined} onChange={(n) => onChange(n ?? undefined)} data-testid="filter-value" />;
}

/** A one-line editor that tidies what was typed when the person leaves it (a phone's spaces, an ID's x). */
export function tidyingEditor(tidy: (text: string) => string | null) {
  return function TidyingEditor({ value, onChange, disabled, id }: EditorProps) {
    const text = value === null || value === undefined ? '' : String(value);
    return (
      <Input
        id={id}
        disabled={disabled}
        value={text}
        onChange={(e) => onChange?.(e.target.value === '' ? null : e.target.value)}
        onBlur={() => {
          const tidied = text.trim() === '' ? null : tidy(text);
          if (tidied !== null && tidied !== text) onChange?.(tidied);
        }}
      />
    );
  };
}
