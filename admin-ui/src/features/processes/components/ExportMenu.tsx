import { useTranslation } from 'react-i18next';
import type { ProcessFilter } from '../../../api/processes';
import { exportUrl, type ExportFormat } from '../lib/export-url';

const FORMATS: ExportFormat[] = ['csv', 'ndjson'];

/** Downloads the processes of the current filter; a native disclosure, so it works by keyboard. */
export function ExportMenu({ filter }: { filter: ProcessFilter }) {
  const { t } = useTranslation();
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary className="btn btn--small">{t('processes.export.button')}</summary>
      <div className="export-menu__panel" role="group" aria-label={t('processes.export.button')}>
        {FORMATS.map((format) => (
          <a
            key={format}
            className="export-menu__item"
            href={exportUrl(filter, format)}
            download
            // The download starts; the menu has done its job.
            onClick={(event) => event.currentTarget.closest('details')?.removeAttribute('open')}
          >
            <strong>{t(`processes.export.${format}`)}</strong>
            <span className="muted">{t(`processes.export.${format}Hint`)}</span>
          </a>
        ))}
        <p className="export-menu__note muted">{t('processes.export.note')}</p>
      </div>
    </details>
  );
}
