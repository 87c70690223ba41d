import { useEffect, useState } from 'react';
import { isTypingTarget } from './shortcuts';

/** `?` (Shift+/) opens the shortcut list, except while typing (a `?` there is text). Esc closes it (the dialog does). */
export function useShortcutList(): { open: boolean; show: () => void; hide: () => void } {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // Shift+/ too: where that key types something else (the Russian layout) it is still the `?` key.
      const isQuestionMark = event.key === '?' || (event.code === 'Slash' && event.shiftKey);
      if (!isQuestionMark || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return { open, show: () => setOpen(true), hide: () => setOpen(false) };
}
