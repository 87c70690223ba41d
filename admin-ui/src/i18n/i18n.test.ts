import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { LANGUAGE_STORAGE_KEY, initialLanguage, setLanguage } from './index';
import { ru } from './ru';
import { flattenKeys, pluralForms, type TranslationTree } from './tree';

const sources = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Static keys in `t('a.b')` calls; template-literal keys are checked by their prefix. */
function usedKeys(): { exact: Set<string>; prefixes: Set<string> } {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const [path, text] of Object.entries(sources)) {
    if (path.includes('.test.')) continue;
    for (const match of text.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) {
      const key = match[2]!;
      if (key.includes('${')) prefixes.add(key.slice(0, key.indexOf('${')));
      else exact.add(key);
    }
  }
  return { exact, prefixes };
}

describe('translations', () => {
  const enKeys = flattenKeys(en as TranslationTree);

  it('have the same keys in English and Russian', () => {
    expect(flattenKeys(ru)).toEqual(enKeys);
  });

  it('give Russian every plural form it needs', () => {
    const plurals = enKeys.filter((key) => pluralForms(en as TranslationTree, key).length > 0);
    expect(plurals.length).toBeGreaterThan(3);
    for (const key of plurals) expect([key, pluralForms(ru, key)]).toEqual([key, ['few', 'many', 'one', 'other']]);
  });

  it('cover every key the code asks for', () => {
    const { exact, prefixes } = usedKeys();
    const missing = [...exact].filter((key) => !enKeys.includes(key));
    expect(missing).toEqual([]);
    const orphanPrefixes = [...prefixes].filter((prefix) => !enKeys.some((key) => key.startsWith(prefix)));
    expect(orphanPrefixes).toEqual([]);
  });

  it('pluralise Russian counts', () => {
    const t = i18next.getFixedT('ru');
    expect(t('editor.problems.errors', { count: 1 })).toBe('1 ошибка');
    expect(t('editor.problems.errors', { count: 3 })).toBe('3 ошибки');
    expect(t('editor.problems.errors', { count: 5 })).toBe('5 ошибок');
  });

  it('remember the chosen language', async () => {
    setLanguage('ru');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('ru');
    expect(initialLanguage()).toBe('ru');
    await i18next.changeLanguage('en');
  });
});
