import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { exportCell, formatValue, kindOf, parseText } from '.';

afterEach(() => i18n.changeLanguage('zh-CN'));

const kind = column({ labelZh: '类型', labelEn: 'Type', options: ['咨询', '报修', '投诉'], optionsEn: ['Enquiry', 'Repair', 'Complaint'] });
const tags = column({ name: 'tags', dataType: 'text[]', labelZh: '标签', labelEn: 'Tags', options: ['紧急', '回访', '重复'], optionsEn: ['Urgent', 'Follow-up', 'Repeat'] });

describe('options (stored in Chinese, shown in the user’s language)', () => {
  it('show the Chinese value in Chinese and the English label in English, and export the stored value either way', async () => {
    expect(formatValue(kind, '投诉')).toBe('投诉');
    expect(kindOf(kind).gridCell(kind, '投诉', true, new Map())).toMatchObject({ data: '投诉' });
    await i18n.changeLanguage('en');
    expect(formatValue(kind, '投诉')).toBe('Complaint');
    expect(kindOf(kind).gridCell(kind, '投诉', true, new Map())).toMatchObject({ data: 'Complaint', displayData: 'Complaint' });
    expect(exportCell(kind, '投诉')).toBe('投诉');
  });

  it('take the value or its English label (any case), whatever the user’s language', async () => {
    expect(parseText(kind, '报修')).toEqual({ ok: true, value: '报修' });
    expect(parseText(kind, 'repair')).toEqual({ ok: true, value: '报修' });
    await i18n.changeLanguage('en');
    expect(parseText(kind, '报修')).toEqual({ ok: true, value: '报修' });
    expect(parseText(kind, formatValue(kind, '投诉'))).toEqual({ ok: true, value: '投诉' });
  });

  it('refuse another word, listing the options in the user’s language', async () => {
    expect(parseText(kind, '闲聊')).toEqual({ ok: false, error: '“类型”只能是：咨询、报修、投诉；“闲聊”不在其中' });
    await i18n.changeLanguage('en');
    expect(parseText(kind, 'Chat')).toEqual({ ok: false, error: '“Type” must be one of: Enquiry, Repair, Complaint; “Chat” is not' });
  });

  it('offer "is one of" with the labels as choices', () => {
    expect(kindOf(kind).filterOperators).toEqual(['in', 'null', 'nnull']);
  });
});

describe('multi-options (a text[] column whose check lists the options)', () => {
  it('read a list separated as people separate lists, in either language, without repeats', () => {
    expect(parseText(tags, '紧急、回访')).toEqual({ ok: true, value: ['紧急', '回访'] });
    expect(parseText(tags, 'urgent, Repeat；紧急')).toEqual({ ok: true, value: ['紧急', '重复'] });
    expect(parseText(tags, '紧急，闲聊')).toEqual({ ok: false, error: '“标签”只能是：紧急、回访、重复；“闲聊”不在其中' });
  });

  it('show labels in the user’s language and export stored values that import back', async () => {
    expect(formatValue(tags, ['紧急', '重复'])).toBe('紧急、重复');
    await i18n.changeLanguage('en');
    expect(formatValue(tags, ['紧急', '重复'])).toBe('Urgent, Repeat');
    expect(parseText(tags, formatValue(tags, ['紧急', '重复']))).toEqual({ ok: true, value: ['紧急', '重复'] });
    const exported = exportCell(tags, ['紧急', '重复']);
    expect(exported).toBe('紧急、重复');
    expect(parseText(tags, String(exported))).toEqual({ ok: true, value: ['紧急', '重复'] });
    expect(exportCell(tags, [])).toBeNull();
  });

  it('quick-search rows holding an option whose value or label matches', () => {
    expect(kindOf(tags).quickSearch?.(tags, 'rep')).toEqual([{ field: 'tags', operator: 'ina', value: ['重复'] }]);
    expect(kindOf(tags).filterOperators[0]).toBe('has');
  });
});
