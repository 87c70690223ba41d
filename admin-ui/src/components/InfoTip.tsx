import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A focusable "?" that explains a setting in plain words. The explanation is the button's
 * description (`aria-describedby`), so a screen reader reads it on focus; it shows on hover,
 * focus or click (touch screens), and Escape hides it (WCAG 1.4.13: dismissible, hoverable).
 */
export function InfoTip({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pinned, setPinned] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  const shown = open || pinned;

  useEffect(() => {
    if (!pinned) return undefined;
    const away = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setPinned(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [pinned]);

  return (
    <span
      ref={ref}
      className="info-tip"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && shown) {
          event.stopPropagation();
          setOpen(false);
          setPinned(false);
        }
      }}
    >
      <button
        type="button"
        className="info-tip__button"
        aria-label={label}
        aria-describedby={id}
        aria-expanded={shown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setPinned((value) => !value)}
      >
        ?
      </button>
      <span id={id} role="tooltip" className="info-tip__bubble" hidden={!shown}>
        {children}
      </span>
    </span>
  );
}
