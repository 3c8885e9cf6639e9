import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { cellText } from '../../import/parse-file';
import { exportCell, formatValue, kindOf, parseText } from '.';

afterEach(() => i18n.changeLanguage('zh-CN'));

const visits = column({ dataType: 'integer', labelZh: '拜访次数', labelEn: 'Visits' });
const amount = column({ dataType: 'numeric', labelZh: '数量', labelEn: 'Amount' });
const cost = column({ dataType: 'numeric(12,2)', kindHint: 'money', labelZh: '费用', labelEn: 'Cost' });
const rate = column({ dataType: 'numeric', kindHint: 'percent', labelZh: '满意率', labelEn: 'Satisfaction rate' });

/** A value shown, then typed back; exported, then imported back. */
const roundTrips = (c: typeof visits, value: unknown) => {
  expect(parseText(c, formatValue(c, value))).toEqual({ ok: true, value });
  expect(parseText(c, cellText(exportCell(c, value)))).toEqual({ ok: true, value });
};

describe('whole numbers', () => {
  it('read thousands separators as Excel writes them, and refuse fractions and words', () => {
    expect(parseText(visits, '1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseText(visits, '1 200')).toEqual({ ok: true, value: 1200 });
    expect(parseText(visits, '1.5')).toEqual({ ok: false, error: '“拜访次数”应为整数，“1.5”不是' });
    expect(parseText(visits, '三次')).toEqual({ ok: false, error: '“拜访次数”应为整数，“三次”不是' });
    roundTrips(visits, 1200);
  });

  it('refuse in English too, naming the column', async () => {
    await i18n.changeLanguage('en');
    expect(parseText(visits, 'many')).toEqual({ ok: false, error: '“Visits” must be a whole number, not “many”' });
  });

  it('show the grid number with separators, add up in the status bar, export as numbers', () => {
    expect(kindOf(visits).gridCell(visits, 12345, true, new Map())).toMatchObject({ data: 12345, displayData: '12,345' });
    expect(kindOf(visits).summable).toBe(true);
    expect(exportCell(visits, 7)).toBe(7);
  });
});

describe('numbers with decimals', () => {
  it('read 1,234.5 and refuse what is not a number (no half-read "12abc")', () => {
    expect(parseText(amount, '1,234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseText(amount, '-0.25')).toEqual({ ok: true, value: -0.25 });
    expect(parseText(amount, '12abc').ok).toBe(false);
    expect(parseText(amount, 'Infinity').ok).toBe(false);
    roundTrips(amount, 1234.5);
  });
});

describe('money', () => {
  it('reads yuan however it is written', () => {
    for (const text of ['¥1,234.50', '￥1234.5', '1234.5元', '1,234.50 元', 'RMB 1,234.5', '1234.500']) expect(parseText(cost, text)).toEqual({ ok: true, value: 1234.5 });
    expect(parseText(cost, '-¥5')).toEqual({ ok: true, value: -5 });
  });

  it('refuses a third decimal (less than a fen) and words, in the user’s language', async () => {
    expect(parseText(cost, '12.345')).toEqual({ ok: false, error: '“费用”应为金额（元，最多两位小数，如 1234.50），“12.345”不是' });
    expect(parseText(cost, '一百元').ok).toBe(false);
    expect(parseText(cost, '¥-¥5').ok).toBe(false);
    await i18n.changeLanguage('en');
    expect(parseText(cost, '12.345')).toEqual({ ok: false, error: '“Cost” must be an amount in yuan with at most 2 decimals (e.g. 1234.50), not “12.345”' });
  });

  it('shows ¥1,234.50 in the grid, copies 1234.50, exports a number with two decimals, adds up', () => {
    expect(kindOf(cost).gridCell(cost, 1234.5, true, new Map())).toMatchObject({ data: 1234.5, displayData: '¥1,234.50' });
    expect(formatValue(cost, 1234.5)).toBe('1234.50');
    expect(exportCell(cost, '1234.50')).toBe(1234.5);
    expect(kindOf(cost).exportFormat).toBe('#,##0.00');
    expect(kindOf(cost).summable).toBe(true);
    roundTrips(cost, 1234.5);
    roundTrips(cost, 0.1);
  });
});

describe('percentages (stored as the fraction)', () => {
  it('read "12.5%" as 12.5 percent and a bare number as the fraction Excel stores', () => {
    expect(parseText(rate, '12.5%')).toEqual({ ok: true, value: 0.125 });
    expect(parseText(rate, '7％')).toEqual({ ok: true, value: 0.07 });
    expect(parseText(rate, '0.125')).toEqual({ ok: true, value: 0.125 });
    expect(parseText(rate, '百分之十')).toEqual({ ok: false, error: '“满意率”应为百分比（如 12.5% 或 0.125），“百分之十”不是' });
  });

  it('show and copy as "12.5%", export the fraction as a percentage, never add up', () => {
    expect(formatValue(rate, 0.125)).toBe('12.5%');
    expect(formatValue(rate, 0.07)).toBe('7%');
    expect(exportCell(rate, 0.125)).toBe(0.125);
    expect(kindOf(rate).exportFormat).toBe('0.00%');
    expect(kindOf(rate).summable).toBe(false);
    roundTrips(rate, 0.125);
    roundTrips(rate, 0.07);
  });
});
