/**
 * The keyboard shortcuts the admin really has, for the `?` list. Each names where it works;
 * the handlers live with their features (editor: use-scenario-draft.ts and ScenarioEditor.tsx,
 * test run: TestRunPanel.tsx, tabs: components/Tabs.tsx, dialogs: components/Dialog.tsx).
 */
export interface Shortcut {
  /** i18n key under shell.shortcuts.actions */
  action: string;
  /** Key caps pressed together; `Mod` is Ctrl, or ⌘ on a Mac. */
  keys: readonly string[];
}

export interface ShortcutGroup {
  /** i18n key under shell.shortcuts.groups */
  group: string;
  shortcuts: readonly Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    group: 'anywhere',
    shortcuts: [
      { action: 'showList', keys: ['?'] },
      { action: 'close', keys: ['Esc'] },
      { action: 'skip', keys: ['Tab'] },
    ],
  },
  {
    group: 'editor',
    shortcuts: [
      { action: 'save', keys: ['Mod', 'S'] },
      { action: 'run', keys: ['Mod', 'Enter'] },
      { action: 'complete', keys: ['Ctrl', 'Space'] },
    ],
  },
  {
    group: 'tabs',
    shortcuts: [
      { action: 'nextTab', keys: ['→'] },
      { action: 'previousTab', keys: ['←'] },
      { action: 'firstTab', keys: ['Home'] },
      { action: 'lastTab', keys: ['End'] },
    ],
  },
];

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/**
 * Whether a key press belongs to what the user is typing: text fields, selects, editable
 * content and Monaco (whose input is a textarea, but check its box too).
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('.monaco-editor')) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.matches('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}
