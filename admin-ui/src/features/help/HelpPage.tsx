import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { PageHeader, useDocumentTitle } from '../../components/PageHeader';
import readme from '../../../../README.md?raw';
import { renderHelp } from './readme-help';

/** The README's scenario API, in the admin: contents on the side, an anchor per heading. */
export function HelpPage() {
  const { t, i18n } = useTranslation();
  const { hash } = useLocation();
  const help = useMemo(() => renderHelp(readme), []);
  useDocumentTitle(t('shell.helpPage.title'));

  // Client-side navigation does not scroll to a fragment by itself (a context link such as /help#ctx).
  useEffect(() => {
    if (!hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    target?.scrollIntoView({ block: 'start' });
  }, [hash]);

  return (
    <div className="page help">
      <PageHeader title={t('shell.helpPage.title')} subtitle={t('shell.helpPage.subtitle')} />
      {i18n.language !== 'en' ? (
        <p className="notice" lang={i18n.language}>
          {t('shell.helpPage.englishOnly')}
        </p>
      ) : null}
      {help.missing.length ? (
        <p className="notice notice--warning">{t('shell.helpPage.missing', { sections: help.missing.join(', ') })}</p>
      ) : null}
      <div className="help__layout">
        <nav className="help__toc" aria-label={t('shell.helpPage.contents')}>
          <h2>{t('shell.helpPage.contents')}</h2>
          <ol>
            {help.headings.map((heading) => (
              <li key={heading.id} className={`help__toc-item help__toc-item--${heading.depth}`}>
                <a href={`#${heading.id}`}>{heading.text}</a>
              </li>
            ))}
          </ol>
        </nav>
        {/* Built from the README in this build (raw HTML in it escaped): see readme-help.ts. */}
        <article className="help__content markdown" lang="en" dangerouslySetInnerHTML={{ __html: help.html }} />
      </div>
    </div>
  );
}
