import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { cellText } from '../../import/parse-file';
import { exportCell, formatValue, parseText } from '.';

afterEach(() => i18n.changeLanguage('zh-CN'));

const due = column({ dataType: 'date', labelZh: '备案期限', labelEn: 'Filing due' });
const at = column({ dataType: 'timestamp with time zone', labelZh: '受理时间', labelEn: 'Received at' });

describe('dates', () => {
  it('read the ways Chinese offices write a day, and refuse a day that does not exist', async () => {
    for (const text of ['2026-11-23', '2026/11/23', '2026.11.23', '20261123', '2026年11月23日', '2026-11-23']) expect(parseText(due, text)).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseText(due, '2026-02-30')).toEqual({ ok: false, error: '“备案期限”应为日期（如 2026-11-23），“2026-02-30”不是' });
    await i18n.changeLanguage('en');
    expect(parseText(due, 'tomorrow')).toEqual({ ok: false, error: '“Filing due” must be a date (e.g. 2026-11-23), not “tomorrow”' });
  });

  it('export an Excel date that imports back as the same day', () => {
    const cell = exportCell(due, '2026-11-23');
    expect(cell).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(parseText(due, cellText(cell))).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseText(due, formatValue(due, '2026-11-23'))).toEqual({ ok: true, value: '2026-11-23' });
  });
});

describe('dates with a time', () => {
  it('read local wall-clock times and ISO texts as instants, shown back the same', () => {
    const local = new Date(2026, 10, 23, 14, 30).toISOString();
    for (const text of ['2026-11-23 14:30', '2026/11/23 14:30', '2026年11月23日 14:30', local]) expect(parseText(at, text)).toEqual({ ok: true, value: local });
    expect(formatValue(at, local)).toBe('2026-11-23 14:30');
    expect(parseText(at, '2026-11-23 25:00').ok).toBe(false);
  });

  it('export the wall-clock time, which imports back as the same instant', () => {
    const local = new Date(2026, 10, 23, 9, 5).toISOString();
    const cell = exportCell(at, local);
    expect(cellText(cell)).toBe('2026-11-23 09:05');
    expect(parseText(at, cellText(cell))).toEqual({ ok: true, value: local });
  });
});
