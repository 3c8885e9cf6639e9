// The one place a text given in both languages is chosen: the database sends labels, messages and
// titles as a Chinese and an English half; Chinese stands in where the English half is missing.
import { i18n } from './i18n';

export const isEnglish = (language: string = i18n.language): boolean => language === 'en';

export const inLanguage = <T extends string | null>(zh: T, en: T | null | undefined, language: string = i18n.language): T =>
  isEnglish(language) && en !== null && en !== undefined && en !== '' ? en : zh;

/** The locale numbers and dates are written in. */
export const numberLocale = (language: string = i18n.language): string => (isEnglish(language) ? 'en-US' : 'zh-CN');
