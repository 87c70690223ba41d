import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconCopy } from './icons';

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // insecure context or denied: fall back below
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** Copies `text`; says "Copied" for a moment (and to screen readers). */
export function CopyButton({ text, label, compact }: { text: string; label?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const text_ = copied ? t('common.copied') : (label ?? t('common.copy'));
  return (
    <button
      type="button"
      className={compact ? 'icon-btn' : 'btn btn--small'}
      onClick={() => void copyText(text).then(() => setCopied(true))}
      aria-label={compact ? text_ : undefined}
      title={compact ? text_ : undefined}
    >
      {copied ? <IconCheck /> : <IconCopy />}
      {compact ? null : <span aria-live="polite">{text_}</span>}
    </button>
  );
}
