import { DiffEditor } from '@monaco-editor/react';
import type { PublishInput, ScenarioDraftInfo, ScenarioLanguage } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMonacoTheme } from '../../../lib/color-scheme';
import { Dialog } from '../../../components/Dialog';
import { CheckField, Field } from '../../../components/Field';
import { InlineError, LoadingState } from '../../../components/states';
import { setupMonaco } from '../monaco/setup';

setupMonaco();

const NOTE_MAX = 500;

function extension(language: ScenarioLanguage): string {
  return language === 'typescript' ? 'ts' : 'js';
}

interface PublishDialogProps {
  endpointId: string;
  live: { version: number; code: string; language: ScenarioLanguage };
  draft: ScenarioDraftInfo;
  /** The endpoint is off: offer to turn it on with the publish. */
  endpointOff: boolean;
  /** Rejects to keep the dialog open with the error (a compile error is handled by the caller). */
  onPublish: (input: PublishInput) => Promise<unknown>;
  onClose: () => void;
}

/**
 * The confirmation before code goes live: the live version beside the draft, an optional note,
 * and, for an endpoint that is off, whether to turn it on. It sends the live version and the
 * draft's save time it showed, so the server refuses (409) if either changed meanwhile.
 */
export function PublishDialog({ endpointId, live, draft, endpointOff, onPublish, onClose }: PublishDialogProps) {
  const { t } = useTranslation();
  const monacoTheme = useMonacoTheme();
  const [note, setNote] = useState('');
  const [enable, setEnable] = useState(endpointOff);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = `file:///publish/${encodeURIComponent(endpointId)}`;

  async function publish() {
    setPending(true);
    setError(null);
    try {
      await onPublish({
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(endpointOff && enable ? { enable: true } : {}),
        liveVersion: live.version,
        draftSavedAt: draft.savedAt,
      });
      onClose();
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  }

  return (
    <Dialog
      title={t('editor.publishDialog.title', { version: live.version + 1 })}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={pending}
            onClick={() => void publish()}
            data-testid="confirm-publish"
          >
            {pending ? t('common.working') : t('editor.publishDialog.confirm')}
          </button>
        </>
      }
    >
      <p className="dialog__message">{t('editor.publishDialog.intro', { live: live.version })}</p>
      <div className="publish-diff__labels" aria-hidden="true">
        <span>{t('editor.publishDialog.live', { version: live.version })}</span>
        <span>{t('editor.publishDialog.draft')}</span>
      </div>
      <div className="publish-diff" data-testid="publish-diff">
        <DiffEditor
          theme={monacoTheme}
          original={live.code}
          modified={draft.code}
          originalLanguage={live.language}
          modifiedLanguage={draft.language}
          // A path per live version and per draft save: a model reused by path keeps its old text.
          originalModelPath={`${base}/live-v${live.version}.${extension(live.language)}`}
          modifiedModelPath={`${base}/draft-${Date.parse(draft.savedAt)}.${extension(draft.language)}`}
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
      <Field label={t('editor.publishDialog.note')}>
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={2}
            maxLength={NOTE_MAX}
            value={note}
            placeholder={t('editor.publishDialog.notePlaceholder')}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      {endpointOff ? (
        <CheckField label={t('editor.publishDialog.enable')} checked={enable} onChange={setEnable} />
      ) : null}
      <InlineError error={error} />
    </Dialog>
  );
}
