import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { featureBundles } from './i18n';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('the two languages', () => {
  it('have exactly the same keys, so no screen falls back to the other language', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(zhCN as Tree).sort());
  });

  it('have the same keys in every feature’s own strings', () => {
    const zh = featureBundles('zh-CN');
    expect(Object.keys(zh).length).toBeGreaterThan(0);
    expect(keys(featureBundles('en')).sort()).toEqual(keys(zh).sort());
  });

  it('label every role in both languages', () => {
    for (const role of ['clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm', 'admin']) {
      expect((zhCN.roles as Record<string, string>)[role]).toMatch(/\p{Script=Han}/u);
      expect((en.roles as Record<string, string>)[role]).toMatch(/^[A-Z]/);
    }
  });
});
