import { useSyncExternalStore } from 'react';

/**
 * Light or dark: the system setting (prefers-color-scheme) unless the user picked one, which is
 * remembered in localStorage. The answer is put on <html data-theme> (every colour in app.css
 * is a variable switched there) and read by Monaco through `useMonacoTheme()`, since Monaco's
 * theme is global and not a CSS concern.
 */

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];
export type ColorScheme = 'light' | 'dark';
export const THEME_STORAGE_KEY = 'scriptgate.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();
let preference: ThemePreference = readStoredPreference();

function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value);
}

function readStoredPreference(): ThemePreference {
  try {
    const stored = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return isThemePreference(stored) ? stored : 'system';
  } catch {
    return 'system'; // storage disabled: follow the system
  }
}

function darkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(DARK_QUERY)
    : null;
}

export function resolveColorScheme(choice: ThemePreference, systemIsDark: boolean): ColorScheme {
  if (choice === 'system') return systemIsDark ? 'dark' : 'light';
  return choice;
}

function currentScheme(): ColorScheme {
  return resolveColorScheme(preference, darkQuery()?.matches ?? false);
}

function apply(): void {
  if (typeof document === 'undefined') return;
  const scheme = currentScheme();
  const root = document.documentElement;
  root.dataset.theme = scheme;
  // Native parts (scrollbars, form controls, <dialog>) follow too.
  root.style.colorScheme = scheme;
}

function notify(): void {
  apply();
  for (const listener of listeners) listener();
}

export function setThemePreference(next: ThemePreference): void {
  preference = next;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // not remembered, still switched
  }
  notify();
}

let started = false;

/** Once, before the first render: sets the attribute and follows the system and other tabs. */
export function startColorScheme(): void {
  if (started) return;
  started = true;
  preference = readStoredPreference();
  apply();
  darkQuery()?.addEventListener('change', notify);
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== THEME_STORAGE_KEY) return;
      preference = isThemePreference(event.newValue) ? event.newValue : 'system';
      notify();
    });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(
    subscribe,
    () => preference,
    () => 'system' as const,
  );
}

/** The scheme in effect now: the user's choice, or the system's when they chose "system". */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, currentScheme, () => 'light' as const);
}

/** For the `theme` prop of every Monaco editor (@monaco-editor/react sets it globally on mount). */
export function useMonacoTheme(): 'vs' | 'vs-dark' {
  return useColorScheme() === 'dark' ? 'vs-dark' : 'vs';
}
