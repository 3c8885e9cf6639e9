// i18next with the two languages of the app; Chinese by default, the choice kept in localStorage.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type Tree = { [key: string]: string | Tree };

// A feature keeps its own strings in src/modules/<feature>/locales/{zh-CN,en}.json, under the
// key <feature>, so features never edit one shared file.
const featureFiles = import.meta.glob<Tree>('../modules/*/locales/*.json', { eager: true, import: 'default' });

export function featureBundles(language: 'zh-CN' | 'en'): Tree {
  const bundle: Tree = {};
  for (const [file, strings] of Object.entries(featureFiles)) {
    const match = /modules\/([^/]+)\/locales\/([^/]+)\.json$/.exec(file);
    if (match && match[2] === language) bundle[match[1]] = strings;
  }
  return bundle;
}

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
  resources: { 'zh-CN': { translation: { ...zhCN, ...featureBundles('zh-CN') } }, en: { translation: { ...en, ...featureBundles('en') } } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
