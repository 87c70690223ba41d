import type { ScenarioDraftInfo } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/Dialog';
import { IconSave, IconTrash } from '../../../components/icons';
import { formatDateTime, formatRelative } from '../../../lib/format';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface DraftControlsProps {
  /** The saved draft; null when the editor holds the live code or changes not yet saved. */
  draft: ScenarioDraftInfo | null;
  liveVersion: number;
  /** The editor differs from what is saved (the draft, else the live version). */
  dirty: boolean;
  /** The editor differs from the live version: there is something to publish. */
  changed: boolean;
  /** May save and discard drafts (editors and admins). */
  canSave: boolean;
  /** May publish (not on a scenario only an admin may publish). */
  canPublish: boolean;
  busy: boolean;
  onSave: () => void;
  onPublish: () => void;
  onDiscard: () => Promise<unknown>;
}

/** Where the code stands (unsaved, draft, live) with Save draft (Ctrl/Cmd+S), Publish… and Discard. */
export function DraftControls(props: DraftControlsProps) {
  const { t, i18n } = useTranslation();
  const { draft, liveVersion, dirty, changed } = props;
  const [discarding, setDiscarding] = useState(false);
  const who = draft?.savedBy ? draft.savedBy.name || draft.savedBy.email : '—';
  return (
    <div className="publish-controls">
      <span aria-live="polite" className="publish-controls__state" data-testid="draft-state">
        {dirty ? (
          <span className="badge badge--warn">{t('editor.unsaved')}</span>
        ) : draft && changed ? (
          <span className="badge badge--info" title={formatDateTime(draft.savedAt, i18n.language)}>
            {t('editor.draftSaved', { when: formatRelative(draft.savedAt, i18n.language), who })}
          </span>
        ) : (
          <span className="badge badge--good">{t('editor.published', { version: liveVersion })}</span>
        )}
        {dirty || (draft && changed) ? (
          <span className="publish-controls__live">{t('editor.liveVersion', { version: liveVersion })}</span>
        ) : null}
      </span>
      {props.canSave && draft ? (
        <button type="button" className="btn btn--ghost" onClick={() => setDiscarding(true)} disabled={props.busy}>
          <IconTrash /> {t('editor.discard')}
        </button>
      ) : null}
      {props.canSave ? (
        <button
          type="button"
          className={props.canPublish ? 'btn' : 'btn btn--primary'}
          onClick={props.onSave}
          disabled={props.busy || !dirty}
          title={t('editor.saveHint', { keys: isMac ? '⌘S' : 'Ctrl+S' })}
          data-testid="save-scenario"
        >
          <IconSave /> {t('editor.save')}
        </button>
      ) : null}
      {props.canSave && props.canPublish ? (
        <button
          type="button"
          className="btn btn--primary"
          onClick={props.onPublish}
          disabled={props.busy || !changed}
          title={t('editor.publishHint')}
          data-testid="publish-scenario"
        >
          {t('editor.publish')}
        </button>
      ) : null}
      {discarding ? (
        <ConfirmDialog
          title={t('editor.discardTitle')}
          message={t('editor.discardMessage', { version: liveVersion })}
          confirmLabel={t('editor.discardConfirm')}
          danger
          onConfirm={props.onDiscard}
          onClose={() => setDiscarding(false)}
        />
      ) : null}
    </div>
  );
}
