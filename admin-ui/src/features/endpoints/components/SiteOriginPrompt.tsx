import type { CorsSettings } from '@contract';
import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import { corsWithSiteOrigin, siteOriginOf } from '../lib/site-origin';

export interface SiteOrigin {
  text: string;
  setText: (text: string) => void;
  error: string | undefined;
  inputRef: RefObject<HTMLInputElement | null>;
  /**
   * The CORS settings to create the endpoint with, the site's origin among them; null (with the
   * field's error shown and focused) when the template needs a site and none is given.
   */
  corsFor: (cors: CorsSettings | undefined) => CorsSettings | undefined | null;
}

/**
 * A template called by browsers from the user's own site (needsCors) asks for that site when the
 * endpoint is created: without it, every call from the site would be refused `origin_not_allowed`
 * (or, with no origins at all, its answers hidden by the browser).
 */
export function useSiteOrigin(asked: boolean): SiteOrigin {
  const { t } = useTranslation();
  const [text, setTextState] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const fail = (message: string) => {
    setError(message);
    inputRef.current?.focus();
    return null;
  };
  return {
    text,
    setText: (next) => {
      setTextState(next);
      setError(undefined);
    },
    error,
    inputRef,
    corsFor(cors) {
      if (!asked) return cors;
      const listed = cors ?? { origins: [], credentials: false, headers: [], maxAgeSeconds: 600 };
      if (!text.trim()) return listed.origins.length > 0 ? cors : fail(t('siteOrigin.required'));
      const origin = siteOriginOf(text);
      return origin ? corsWithSiteOrigin(listed, origin) : fail(t('siteOrigin.invalid'));
    },
  };
}

/** The field under the template picker; `onOrigin` hands a recognised origin to the CORS settings. */
export function SiteOriginPrompt({ site, onOrigin }: { site: SiteOrigin; onOrigin: (origin: string) => void }) {
  const { t } = useTranslation();
  const origin = siteOriginOf(site.text);
  return (
    <fieldset className="form-section" data-testid="site-origin">
      <Field
        label={t('siteOrigin.label')}
        required
        error={site.error}
        hint={origin && origin !== site.text.trim() ? t('siteOrigin.willAllow', { origin }) : t('siteOrigin.hint')}
      >
        {(control) => (
          <input
            {...control}
            ref={site.inputRef}
            name="siteOrigin"
            className="input input--mono"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://www.example.com"
            value={site.text}
            onChange={(event) => site.setText(event.target.value)}
            onBlur={() => {
              if (origin) onOrigin(origin);
            }}
          />
        )}
      </Field>
    </fieldset>
  );
}
