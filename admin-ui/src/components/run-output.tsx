import type { ProcessError, ProcessLogLine } from '@contract';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../lib/format';
import { parseStack, type ScenarioLocation } from '../lib/stack';

/** Log lines with time and level; the text is rendered as text, never as HTML. */
export function LogLines({ logs, locale }: { logs: ProcessLogLine[]; locale: string }) {
  const { t } = useTranslation();
  if (logs.length === 0) return <p className="muted">{t('logs.empty')}</p>;
  return (
    <ol className="log-lines" aria-label={t('logs.title')}>
      {logs.map((line, index) => (
        <li key={index} className={`log-line log-line--${line.level}`}>
          <time className="log-line__time" dateTime={line.time}>
            {formatClock(line.time, locale)}
          </time>
          <span className="log-line__level">{line.level}</span>
          <span className="log-line__text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}

/** A run's error: name, message, code and the stack, with a jump to each scenario line. */
export function RunErrorBox({ error, onGoTo }: { error: ProcessError; onGoTo?: (location: ScenarioLocation) => void }) {
  const { t } = useTranslation();
  const stack = parseStack(error.stack);
  return (
    <div className="error-box" role="alert">
      <p className="error-box__title">
        <span className="error-box__name">{error.name || error.code}</span> {error.message}
      </p>
      <p className="error-box__code">{error.code}</p>
      {stack.length > 0 ? (
        <ol className="stack">
          {stack.map((line, index) => (
            <li key={index} className={line.location ? 'stack__line stack__line--scenario' : 'stack__line'}>
              <code>{line.text}</code>
              {line.location && onGoTo ? (
                <button type="button" className="btn btn--small btn--ghost" onClick={() => onGoTo(line.location!)}>
                  {t('testRun.goToLine', { line: line.location.line })}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
