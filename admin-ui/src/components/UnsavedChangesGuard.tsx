import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router-dom';
import { Dialog } from './Dialog';

/** Asks before leaving a screen with unsaved changes (in-app navigation and closing the tab). */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog
      title={t('unsaved.title')}
      onClose={() => blocker.reset()}
      size="small"
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={() => blocker.reset()}>
            {t('unsaved.stay')}
          </button>
          <button type="button" className="btn btn--danger" onClick={() => blocker.proceed()}>
            {t('unsaved.leave')}
          </button>
        </>
      }
    >
      <p className="dialog__message">{t('unsaved.message')}</p>
    </Dialog>
  );
}
