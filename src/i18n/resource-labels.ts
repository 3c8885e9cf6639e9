// The registers' own names, for the messages Refine writes by itself: its default notifications
// ask for `${resource}.${resource}` and fall back to the table's name ("新建customer失败"); the
// i18n provider answers that key with the register's label in the person's language (客户).
import { inLanguage } from './in-language';

const labels = new Map<string, { zh: string; en: string }>();

/** Remembers the registers' labels (called whenever the register metadata arrives). */
export function rememberResourceLabels(registers: readonly { name: string; labelZh: string; labelEn: string }[]): void {
  for (const r of registers) labels.set(r.name, { zh: r.labelZh, en: r.labelEn });
}

/** The label a `<resource>.<resource>` key stands for, or undefined for any other key. */
export function resourceLabelFor(key: string, language?: string): string | undefined {
  const match = /^([A-Za-z0-9_-]+)\.\1$/.exec(key);
  const label = match ? labels.get(match[1]) : undefined;
  return label ? inLanguage(label.zh, label.en, language) : undefined;
}
