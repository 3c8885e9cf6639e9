import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../../i18n/i18n';
import { formatValue, kindOf, parseText } from '.';
import { idCardCheck } from './id-card';

afterEach(() => i18n.changeLanguage('zh-CN'));

const phone = column({ kindHint: 'phone', labelZh: '电话', labelEn: 'Phone' });
// customers.phone as its check constraint and comment describe it
const checkedPhone = column({
  kindHint: 'phone', labelZh: '电话', labelEn: 'Phone', pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$',
  patternMessageZh: '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码', patternMessageEn: 'Phone: 11-digit mobile, landline with area code, or 7–8 digits',
});
const idCard = column({ kindHint: 'id_card', labelZh: '身份证号', labelEn: 'ID number' });

describe('phone numbers', () => {
  it('tidy a mobile number however it was typed', () => {
    for (const text of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '0086-13800138000', '(+86)13800138000', '１３８００１３８０００'])
      expect(parseText(phone, text)).toEqual({ ok: true, value: '13800138000' });
  });

  it('keep a landline’s area code apart where the text separates it, and leave an unseparated one as typed', () => {
    for (const text of ['010-12345678', '(010) 1234 5678', '（010）12345678', '010 12345678', '010-1234-5678']) expect(parseText(phone, text)).toEqual({ ok: true, value: '010-12345678' });
    expect(parseText(phone, '0755-8888 6666')).toEqual({ ok: true, value: '0755-88886666' });
    expect(parseText(phone, '01012345678')).toEqual({ ok: true, value: '01012345678' });
    expect(parseText(phone, '8888 6666')).toEqual({ ok: true, value: '88886666' });
  });

  it('refuse what is no phone number, in the user’s language', async () => {
    expect(parseText(phone, '12345')).toEqual({ ok: false, error: '“电话”应为手机号（11 位）或固定电话（区号-号码），“12345”不是' });
    expect(parseText(phone, '12800138000').ok).toBe(false);
    expect(parseText(phone, '电话未知').ok).toBe(false);
    await i18n.changeLanguage('en');
    expect(parseText(phone, '12345')).toEqual({ ok: false, error: '“Phone” must be a mobile number (11 digits) or a landline (area code-number), not “12345”' });
  });

  it('follow the register’s check constraint where it has one, refusing in the constraint’s words', async () => {
    expect(parseText(checkedPhone, '138 0013 8000')).toEqual({ ok: true, value: '13800138000' });
    expect(parseText(checkedPhone, '(010) 1234 5678')).toEqual({ ok: true, value: '010-12345678' });
    expect(parseText(checkedPhone, '12345')).toEqual({ ok: false, error: '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码' });
    await i18n.changeLanguage('en');
    expect(parseText(checkedPhone, '12345')).toEqual({ ok: false, error: 'Phone: 11-digit mobile, landline with area code, or 7–8 digits' });
  });

  it('check the form with the same rule', async () => {
    const rules = kindOf(checkedPhone).rules(checkedPhone);
    expect(rules).toHaveLength(1);
    const [rule] = rules as { pattern: RegExp; message: string }[];
    expect(rule.pattern.test('13800138000')).toBe(true);
    expect(rule.pattern.test('12345')).toBe(false);
    const [own] = kindOf(phone).rules(column({ ...phone, required: false })) as { validator(r: unknown, v: unknown): Promise<void> }[];
    await expect(own.validator({}, '138 0013 8000')).resolves.toBeUndefined();
    await expect(own.validator({}, '12345')).rejects.toThrow('“电话”应为手机号');
  });
});

describe('resident ID numbers (GB 11643)', () => {
  it('compute the check character from the first 17 digits', () => {
    expect(idCardCheck('11010519491231002')).toBe('X');
    expect(idCardCheck('44030419900101001')).toBe('1');
  });

  it('accept a valid number, a lower-case x and spaces', () => {
    expect(parseText(idCard, '11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(parseText(idCard, '110105 19491231 002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(parseText(idCard, '440304199001010011')).toEqual({ ok: true, value: '440304199001010011' });
    expect(formatValue(idCard, '440304199001010011')).toBe('440304199001010011');
  });

  it('refuse a wrong check character naming the right one, a short number and an impossible birth date', async () => {
    expect(parseText(idCard, '440304199001010012')).toEqual({ ok: false, error: '“身份证号”的校验位不对：“440304199001010012”的最后一位应为 1' });
    expect(parseText(idCard, '44030419900101001')).toEqual({ ok: false, error: '“身份证号”应为 18 位居民身份证号码，“44030419900101001”不是' });
    const feb30 = `44030419900230001`;
    expect(parseText(idCard, feb30 + idCardCheck(feb30)).ok).toBe(false);
    await i18n.changeLanguage('en');
    expect(parseText(idCard, '440304199001010012')).toEqual({ ok: false, error: '“ID number”: the check character of “440304199001010012” is wrong; it should end in 1' });
  });
});
