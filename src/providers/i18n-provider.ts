// Refine's i18n provider over the app's i18next instance; also switches antd and dayjs.
import type { I18nProvider } from '@refinedev/core';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { i18n, rememberLanguage, type AppLanguage } from '../i18n/i18n';
import { resourceLabelFor } from '../i18n/resource-labels';

const dayjsLocale = (language: string) => (language === 'en' ? 'en' : 'zh-cn');
dayjs.locale(dayjsLocale(i18n.language));

export const i18nProvider: I18nProvider = {
  translate: (key: string, options?: Record<string, unknown> | string, defaultMessage?: string) => {
    // Refine's own messages name a register as `<name>.<name>`: its label, not the table's name.
    const register = resourceLabelFor(key, i18n.language);
    if (register) return register;
    const fallback = typeof options === 'string' ? options : defaultMessage;
    const text = i18n.t(key, { defaultValue: fallback ?? key, ...(typeof options === 'object' ? options : {}) });
    return typeof text === 'string' ? text : key;
  },
  changeLocale: async (language: string) => {
    const next: AppLanguage = language === 'en' ? 'en' : 'zh-CN';
    rememberLanguage(next);
    dayjs.locale(dayjsLocale(next));
    await i18n.changeLanguage(next);
  },
  getLocale: () => i18n.language,
};
