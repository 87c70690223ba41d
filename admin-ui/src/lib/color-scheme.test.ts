import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh module per test: the preference is read from storage when it loads. */
async function load(systemDark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: systemDark,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => query);
  vi.resetModules();
  const module = await import('./color-scheme');
  module.startColorScheme();
  const setSystemDark = (dark: boolean) => {
    query.matches = dark;
    for (const listener of listeners) listener();
  };
  return { ...module, setSystemDark };
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.theme;
});

describe('colour scheme', () => {
  it('follows the system setting until the user picks one', async () => {
    const scheme = await load(true);
    expect(document.documentElement.dataset.theme).toBe('dark');
    const { result } = renderHook(() => scheme.useColorScheme());
    expect(result.current).toBe('dark');
    act(() => scheme.setSystemDark(false));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(result.current).toBe('light');
  });

  it('remembers the toggle and sets the page’s attribute and Monaco’s theme', async () => {
    const scheme = await load(false);
    const { result } = renderHook(() => [scheme.useThemePreference(), scheme.useMonacoTheme()]);
    expect(result.current).toEqual(['system', 'vs']);
    act(() => scheme.setThemePreference('dark'));
    expect(localStorage.getItem(scheme.THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.documentElement.style.colorScheme).toBe('dark');
    expect(result.current).toEqual(['dark', 'vs-dark']);
  });

  it('keeps a picked scheme after a reload, whatever the system says', async () => {
    localStorage.setItem('scriptgate.theme', 'light');
    await load(true);
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('ignores a stored value it does not know', async () => {
    localStorage.setItem('scriptgate.theme', 'sepia');
    const scheme = await load(true);
    const { result } = renderHook(() => scheme.useThemePreference());
    expect(result.current).toBe('system');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
