import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../Dialog';
import { SHORTCUT_GROUPS, isMac } from './shortcuts';

function KeyCaps({ keys }: { keys: readonly string[] }) {
  const mac = isMac();
  return (
    <span className="shortcut-keys">
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 ? <span aria-hidden="true">+</span> : null}
          <kbd className="keycap">{key === 'Mod' ? (mac ? '⌘' : 'Ctrl') : key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shell.shortcuts.title')} onClose={onClose} size="medium">
      <p className="dialog__message">{t('shell.shortcuts.intro')}</p>
      <div className="shortcuts" data-testid="shortcut-list">
        {SHORTCUT_GROUPS.map(({ group, shortcuts }) => (
          <section key={group} className="shortcuts__group" aria-labelledby={`shortcuts-${group}`}>
            <h3 id={`shortcuts-${group}`}>{t(`shell.shortcuts.groups.${group}`)}</h3>
            <dl className="shortcuts__list">
              {shortcuts.map(({ action, keys }) => (
                <div key={action} className="shortcuts__item">
                  <dt>
                    <KeyCaps keys={keys} />
                  </dt>
                  <dd>{t(`shell.shortcuts.actions.${action}`)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
