import { useTranslation } from 'react-i18next';
import { countBySeverity, type Problem } from '../lib/problems';

/** Errors and warnings of the current draft; a click moves the cursor to the line. */
export function ProblemsList({ problems, onSelect }: { problems: Problem[]; onSelect: (problem: Problem) => void }) {
  const { t } = useTranslation();
  const counts = countBySeverity(problems);
  return (
    <section className="problems" aria-label={t('editor.problems.title')}>
      <header className="problems__header">
        <span className="problems__title">{t('editor.problems.title')}</span>
        <span className={`problems__count${counts.error ? ' problems__count--error' : ''}`} data-testid="problem-count">
          {t('editor.problems.errors', { count: counts.error })}
        </span>
        <span className={`problems__count${counts.warning ? ' problems__count--warning' : ''}`}>
          {t('editor.problems.warnings', { count: counts.warning })}
        </span>
      </header>
      {problems.length === 0 ? (
        <p className="problems__empty">{t('editor.problems.none')}</p>
      ) : (
        <ul className="problems__list">
          {problems.map((problem, index) => (
            <li key={`${problem.line}:${problem.column}:${index}`}>
              <button
                type="button"
                className={`problem problem--${problem.severity}`}
                onClick={() => onSelect(problem)}
              >
                <span className="problem__where">
                  {t('editor.problems.at', { line: problem.line, column: problem.column })}
                </span>
                <span className="problem__message">{problem.message}</span>
                <span className="problem__source">{t(`editor.problems.source.${problem.source}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
