import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n';
import { readableError } from './readable-error';

describe('database refusals read as sentences', () => {
  it('says in Chinese that the database refused a change the role may not make', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(readableError({ code: '42501', message: 'new row violates row-level security policy' }).message).toBe('无权执行此操作：数据库拒绝了这次修改');
  });

  it('keeps the database’s own words for a stale write', async () => {
    await i18n.changeLanguage('zh-CN');
    const stale = readableError({ code: 'PT409', message: '记录已被他人修改：您修改的是第 1 版，当前已是第 3 版。请刷新后重试。' });
    expect(stale.message).toContain('请刷新后重试');
  });

  it('speaks English when the user chose English', async () => {
    await i18n.changeLanguage('en');
    expect(readableError({ code: '42501' }).message).toBe('Not allowed: the database refused this change');
    await i18n.changeLanguage('zh-CN');
  });
});

describe('a database message written in both languages', () => {
  it('shows only the half in the person’s language', async () => {
    const refusal = { code: '22023', message: '日期超出范围（2000–2100 年）：infinity | Date out of range (years 2000–2100): infinity' };
    await i18n.changeLanguage('zh-CN');
    expect(readableError(refusal).message).toBe('日期超出范围（2000–2100 年）：infinity');
    await i18n.changeLanguage('en');
    expect(readableError(refusal).message).toBe('Date out of range (years 2000–2100): infinity');
    await i18n.changeLanguage('zh-CN');
  });
});
