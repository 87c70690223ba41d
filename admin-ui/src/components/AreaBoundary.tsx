import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

interface BoundaryProps {
  resetKey: string;
  fallback: (reset: () => void) => ReactNode;
  children: ReactNode;
}

class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    // Visible to whoever opens the console; the user sees the fallback.
    console.error('UI error', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? this.props.fallback(() => this.setState({ failed: false })) : this.props.children;
  }
}

/** One error boundary per route area: a crash in one screen leaves the navigation usable. */
export function AreaBoundary({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Boundary
      resetKey={location.pathname}
      fallback={(reset) => (
        <div className="state state--error" role="alert">
          <p className="state__title">{t('errors.crash.title')}</p>
          <p className="state__hint">{t('errors.crash.hint')}</p>
          <div className="state__action">
            <button type="button" className="btn" onClick={reset}>
              {t('common.retry')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => window.location.reload()}>
              {t('errors.crash.reload')}
            </button>
          </div>
        </div>
      )}
    >
      {children}
    </Boundary>
  );
}
