// The registers' own names, for the messages Refine writes by itself: its default notifications
// ask for `${resource}.${resource}` and fall back to the table's name ("新建customer失败"); the
// i18n provider answers that key with the register's label in the person's language (客户). Also
// for the few values that ARE a register's name (a statement line's source register).
import { i18n } from './i18n';
import { inLanguage } from './in-language';

let labels = new Map<string, { zh: string; en: string }>();

/** Remembers the labels of the registers the person reads (called whenever the register metadata arrives). */
export function rememberResourceLabels(registers: readonly { name: string; labelZh: string; labelEn: string }[]): void {
  labels = new Map(registers.map((r) => [r.name, { zh: r.labelZh, en: r.labelEn }]));
}

/** A register's label in the person's language; one he may not read is not named by its table. */
export function registerLabel(name: string, language?: string): string {
  const label = labels.get(name);
  return label ? inLanguage(label.zh, label.en, language) : i18n.t('registers.cell.otherRegister');
}

/** Whether the person reads that register (and may open its records). */
export const isKnownRegister = (name: string): boolean => labels.has(name);

/** The label a `<resource>.<resource>` key stands for, or undefined for any other key. */
export function resourceLabelFor(key: string, language?: string): string | undefined {
  const match = /^([A-Za-z0-9_-]+)\.\1$/.exec(key);
  const label = match ? labels.get(match[1]) : undefined;
  return label ? inLanguage(label.zh, label.en, language) : undefined;
}
