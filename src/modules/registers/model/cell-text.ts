// Text ⇄ value for one column: what a pasted or imported cell means, and how a value is shown
// and copied. Every refusal is a message in the user's language naming what is wrong.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { i18n } from '../../../i18n/i18n';
import { labelOf, type ColumnMeta } from './register-meta';

dayjs.extend(customParseFormat);

export type CellParse = { ok: true; value: unknown } | { ok: false; error: string };

const dateFormats = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYYMMDD', 'YYYY年M月D日', 'YYYY-M-D'];
const dateTimeFormats = ['YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY/M/D HH:mm', 'YYYY/M/D H:mm', 'YYYY/M/D HH:mm:ss', 'YYYY-M-D H:mm', 'YYYY年M月D日 HH:mm', ...dateFormats];
const truthy = new Set(['是', 'true', 't', '1', 'y', 'yes', '√', '✓', 'on']);
const falsy = new Set(['否', 'false', 'f', '0', 'n', 'no', '×', 'off']);

const fail = (column: ColumnMeta, key: string, extra: Record<string, unknown> = {}): CellParse => ({
  ok: false,
  error: i18n.t(`registers.cell.${key}`, { column: labelOf(column, i18n.language), ...extra }),
});

/**
 * The value a cell's text stands for. `lookup` maps a reference column's display text (a
 * department's name, an operator's name or code) to the referenced key.
 */
export function parseCellText(column: ColumnMeta, raw: string, lookup?: ReadonlyMap<string, string>): CellParse {
  const text = raw.trim();
  if (text === '') return column.required ? fail(column, 'required') : { ok: true, value: null };
  switch (column.kind) {
    case 'integer': {
      const n = Number(text.replace(/[,，\s]/g, ''));
      return Number.isInteger(n) ? { ok: true, value: n } : fail(column, 'integer', { text });
    }
    case 'number': {
      const n = Number(text.replace(/[,，\s¥￥元]/g, ''));
      return Number.isFinite(n) ? { ok: true, value: n } : fail(column, 'number', { text });
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (truthy.has(t)) return { ok: true, value: true };
      if (falsy.has(t)) return { ok: true, value: false };
      return fail(column, 'boolean', { text });
    }
    case 'date': {
      const d = dayjs(text, dateFormats, true);
      return d.isValid() ? { ok: true, value: d.format('YYYY-MM-DD') } : fail(column, 'date', { text });
    }
    case 'datetime': {
      const iso = dayjs(text);
      const d = /\d{4}-\d{2}-\d{2}T/.test(text) && iso.isValid() ? iso : dayjs(text, dateTimeFormats, true);
      return d.isValid() ? { ok: true, value: d.toISOString() } : fail(column, 'datetime', { text });
    }
    case 'option':
      return column.options?.includes(text) ? { ok: true, value: text } : fail(column, 'option', { text, options: column.options?.join('、') ?? '' });
    case 'reference': {
      const key = lookup?.get(text) ?? (/^[0-9a-f-]{36}$/i.test(text) ? text : undefined);
      return key ? { ok: true, value: key } : fail(column, 'reference', { text });
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return fail(column, 'json', { text });
      }
    default:
      if (column.pattern && !new RegExp(column.pattern).test(text)) {
        const message = i18n.language === 'en' ? column.patternMessageEn : column.patternMessageZh;
        return message ? { ok: false, error: message } : fail(column, 'pattern', { text });
      }
      return { ok: true, value: text };
  }
}

/** How a value reads in a cell, a copy to Excel or an export (references need their display map). */
export function formatCellValue(column: ColumnMeta, value: unknown, display?: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'boolean':
      return value ? i18n.t('registers.cell.yes') : i18n.t('registers.cell.no');
    case 'date':
      return String(value);
    case 'datetime':
      return dayjs(String(value)).format('YYYY-MM-DD HH:mm');
    case 'reference':
      return display?.get(String(value)) ?? String(value);
    case 'number':
    case 'integer':
      return String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}
