import type { EndpointDetail, PublishInput, ScenarioDraftInfo, ScenarioLanguage } from '@contract';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Diagnostic } from '../../../api/client';
import { useToast } from '../../../components/Toasts';
import { queryKeys } from '../../../lib/query-keys';
import { useDiscardDraft, useDraft, usePublishDraft, useSaveDraft } from './hooks';

interface Source {
  code: string;
  language: ScenarioLanguage;
}

function sameCode(a: Source, b: Source): boolean {
  return a.code === b.code && a.language === b.language;
}

interface Options {
  endpoint: EndpointDetail;
  /** The draft as read when the editor opened (null: none). */
  initialDraft: ScenarioDraftInfo | null;
  /** Editors and admins: they open, save and discard drafts; a viewer reads the live code. */
  mayWrite: boolean;
  /** Not on a scenario only an admin may publish. */
  canPublish: boolean;
  /** Compile diagnostics of a publish that failed (empty after one that worked). */
  onDiagnostics: (diagnostics: Diagnostic[]) => void;
}

/**
 * Draft, then publish, for one editor: the code being edited, where it stands against the saved
 * draft and the live version, and the actions — save (also on Ctrl/Cmd+S anywhere on the page),
 * open the publish dialog (saving first), publish, discard.
 */
export function useScenarioDraft({ endpoint, initialDraft, mayWrite, canPublish, onDiagnostics }: Options) {
  const { t } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const savedDraft = useDraft(endpoint.id, { enabled: mayWrite }).data ?? null;
  const saveMutation = useSaveDraft(endpoint.id);
  const publish = usePublishDraft(endpoint.id);
  const discard = useDiscardDraft(endpoint.id);
  const start = (mayWrite ? initialDraft : null) ?? endpoint;
  const [code, setCode] = useState(start.code);
  const [language, setLanguage] = useState<ScenarioLanguage>(start.language);
  const [publishOpen, setPublishOpen] = useState(false);
  const latest = useRef<Source>({ code, language });
  latest.current = { code, language };

  const live = { version: endpoint.scenarioVersion, code: endpoint.code, language: endpoint.language };
  const saved = (mayWrite ? savedDraft : null) ?? live;
  const dirty = mayWrite && !sameCode({ code, language }, saved);
  const changed = !sameCode({ code, language }, live);
  const busy = saveMutation.isPending || publish.isPending || discard.isPending;

  /** Resolves to the saved draft, or null when saving failed (a toast says why). */
  async function saveDraft(): Promise<ScenarioDraftInfo | null> {
    if (!mayWrite || busy) return null;
    try {
      const stored = await saveMutation.mutateAsync(latest.current);
      toast('success', t('editor.draftSavedToast', { version: endpoint.scenarioVersion }));
      return stored;
    } catch (error) {
      toast('error', isApiError(error) ? error.message : t('editor.saveFailed'));
      return null;
    }
  }

  async function openPublish() {
    if (!canPublish || busy) return;
    if (dirty && !(await saveDraft())) return;
    setPublishOpen(true);
  }

  /** For the dialog: rejects to keep it open with the error, except a compile error, marked in the editor. */
  async function publishDraft(input: PublishInput) {
    try {
      const version = await publish.mutateAsync(input);
      onDiagnostics([]);
      toast('success', t('editor.publishedToast', { version: version.version }));
    } catch (error) {
      if (isApiError(error) && error.code === 'compile_error') {
        onDiagnostics(error.diagnostics);
        toast('error', t('editor.compileFailed'));
        return;
      }
      if (isApiError(error) && error.code === 'conflict') {
        // Someone published or saved meanwhile: the dialog gets the current pair to compare.
        void queryClient.invalidateQueries({ queryKey: queryKeys.endpoint(endpoint.id), exact: true });
        void queryClient.invalidateQueries({ queryKey: queryKeys.draft(endpoint.id) });
      }
      throw error;
    }
  }

  async function discardDraft() {
    await discard.mutateAsync();
    setCode(endpoint.code);
    setLanguage(endpoint.language);
    onDiagnostics([]);
    toast('success', t('editor.discarded'));
  }

  // Ctrl/Cmd+S with nothing new to save does nothing (no empty save in the audit log).
  const saveIfDirty = useRef<() => void>(() => undefined);
  saveIfDirty.current = () => {
    if (dirty) void saveDraft();
  };
  useSaveShortcut(mayWrite, saveIfDirty);

  return {
    code,
    setCode,
    language,
    setLanguage,
    /** The code and language being edited, for callbacks that outlive a render (test runs). */
    latest,
    savedDraft: mayWrite ? savedDraft : null,
    live,
    dirty,
    changed,
    busy,
    saveIfDirty: () => saveIfDirty.current(),
    openPublish: () => void openPublish(),
    publishOpen: publishOpen && savedDraft !== null,
    closePublish: () => setPublishOpen(false),
    publishDraft,
    discardDraft,
  };
}

/**
 * Ctrl/Cmd+S anywhere on the page, never the browser's "Save page". Monaco handles the key
 * itself while it has the focus and marks it handled, so it is not saved twice.
 */
function useSaveShortcut(enabled: boolean, save: { current: () => void }) {
  useEffect(() => {
    if (!enabled) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      save.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, save]);
}
