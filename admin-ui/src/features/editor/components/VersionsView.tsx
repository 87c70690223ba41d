import { DiffEditor } from '@monaco-editor/react';
import type { ScenarioVersionInfo } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMonacoTheme } from '../../../lib/color-scheme';
import { ConfirmDialog } from '../../../components/Dialog';
import { IconHistory } from '../../../components/icons';
import { EmptyState, LoadingState } from '../../../components/states';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { setupMonaco } from '../monaco/setup';

setupMonaco();

function extension(language: ScenarioVersionInfo['language']): string {
  return language === 'typescript' ? 'ts' : 'js';
}

/**
 * Monaco keeps a model per path and, on mount, reuses one that exists without setting its text.
 * A path per side and version (whose code never changes) is always right; one path per side
 * showed the previous mount's code under new labels (version 1 as "v4" right after a restore).
 */
function versionModelPath(endpointId: string, side: 'left' | 'right', version: ScenarioVersionInfo | null) {
  const name = version ? `v${version.version}.${extension(version.language)}` : 'none.js';
  return `file:///versions/${encodeURIComponent(endpointId)}/${side}/${name}`;
}

type CompareWith = 'current' | 'previous';

interface VersionsViewProps {
  endpointId: string;
  versions: ScenarioVersionInfo[];
  currentVersion: number;
  canRestore: boolean;
  onRestore: (version: number) => Promise<unknown>;
}

/** The version list beside a side-by-side diff of the chosen version against the current one (or its predecessor). */
export function VersionsView({ endpointId, versions, currentVersion, canRestore, onRestore }: VersionsViewProps) {
  const { t, i18n } = useTranslation();
  const monacoTheme = useMonacoTheme();
  const [selected, setSelected] = useState<number>(
    () => versions.find((v) => v.version !== currentVersion)?.version ?? currentVersion,
  );
  const [compareWith, setCompareWith] = useState<CompareWith>('current');
  const [confirming, setConfirming] = useState(false);

  if (versions.length === 0) return <EmptyState title={t('versions.empty')} />;
  const chosen = versions.find((v) => v.version === selected) ?? versions[0]!;
  const current = versions.find((v) => v.version === currentVersion) ?? versions[0]!;
  const previous = versions.find((v) => v.version < chosen.version) ?? null;
  const [left, right] = compareWith === 'current' ? [chosen, current] : [previous, chosen];

  return (
    <div className="versions">
      <nav className="versions__list" aria-label={t('versions.listLabel')}>
        <ul>
          {versions.map((version) => (
            <li key={version.version}>
              <button
                type="button"
                className={`version-item${version.version === chosen.version ? ' version-item--selected' : ''}`}
                aria-pressed={version.version === chosen.version}
                onClick={() => setSelected(version.version)}
              >
                <span className="version-item__title">
                  {t('versions.version', { version: version.version })}
                  {version.version === currentVersion ? (
                    <span className="badge badge--good">{t('versions.current')}</span>
                  ) : null}
                </span>
                <span className="version-item__meta" title={formatDateTime(version.createdAt, i18n.language)}>
                  {formatRelative(version.createdAt, i18n.language)} · {version.language === 'typescript' ? 'TS' : 'JS'}
                </span>
                <span className="version-item__meta" data-testid="version-author">
                  {version.author
                    ? t('versions.by', { name: version.author.name || version.author.email })
                    : t('versions.byUnknown')}
                </span>
                {version.restoredFrom ? (
                  <span className="version-item__meta">
                    {t('versions.restoredFrom', { version: version.restoredFrom })}
                  </span>
                ) : null}
                {version.note ? (
                  <span className="version-item__note" data-testid="version-note">
                    {version.note}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="versions__diff" aria-label={t('versions.diffLabel')}>
        <header className="versions__toolbar">
          <div className="segmented" role="group" aria-label={t('versions.compareWith')}>
            {(['current', 'previous'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className="segmented__option"
                aria-pressed={compareWith === option}
                onClick={() => setCompareWith(option)}
              >
                {t(`versions.compare.${option}`)}
              </button>
            ))}
          </div>
          <p className="versions__legend">
            {left
              ? t('versions.legend', { left: left.version, right: right.version })
              : t('versions.firstVersion', { version: right.version })}
          </p>
          {canRestore && chosen.version !== currentVersion ? (
            <button type="button" className="btn btn--primary" onClick={() => setConfirming(true)}>
              <IconHistory />
              {t('versions.restore', { version: chosen.version })}
            </button>
          ) : null}
        </header>
        <div className="versions__editor">
          <DiffEditor
            theme={monacoTheme}
            original={left?.code ?? ''}
            modified={right.code}
            originalLanguage={left?.language ?? right.language}
            modifiedLanguage={right.language}
            originalModelPath={versionModelPath(endpointId, 'left', left)}
            modifiedModelPath={versionModelPath(endpointId, 'right', right)}
            // Models are reused by path; disposing them on unmount races the diff widget's own reset.
            keepCurrentOriginalModel
            keepCurrentModifiedModel
            loading={<LoadingState label={t('editor.loadingEditor')} />}
            options={{
              readOnly: true,
              renderSideBySide: true,
              minimap: { enabled: false },
              automaticLayout: true,
              scrollBeyondLastLine: false,
              fontSize: 13,
            }}
          />
        </div>
      </section>
      {confirming ? (
        <ConfirmDialog
          title={t('versions.restoreTitle', { version: chosen.version })}
          message={t('versions.restoreMessage', { version: chosen.version })}
          confirmLabel={t('versions.restoreConfirm')}
          onConfirm={() => onRestore(chosen.version)}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
