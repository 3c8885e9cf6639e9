// i18next with the two languages of the app; Chinese by default, the choice kept in localStorage.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export type AppLanguage = 'zh-CN' | 'en';
export const appLanguages: readonly AppLanguage[] = ['zh-CN', 'en'];
const storageKey = 'taizhang.language';

export function storedLanguage(): AppLanguage {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function rememberLanguage(language: AppLanguage): void {
  localStorage.setItem(storageKey, language);
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
