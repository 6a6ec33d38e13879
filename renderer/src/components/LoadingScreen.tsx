// Connected, and loading the profile (or failed to).
import { useTranslation } from 'react-i18next'
import type { LoadStatus } from '../state/parley-context.tsx'
import { Logo } from './Logo.tsx'

export function LoadingScreen({ status, onRetry }: { status: LoadStatus; onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <main className="center-screen">
      <div className="card center-card" data-testid="loading">
        <Logo />
        {status.status === 'loading' ? (
          <p className="muted" role="status">
            {t('connection.loading')}
          </p>
        ) : (
          <>
            <p role="alert" className="error-text">
              {t('connection.loadFailed', { message: status.message })}
            </p>
            <button type="button" className="button primary" onClick={onRetry}>
              {t('connection.tryAgain')}
            </button>
          </>
        )}
      </div>
    </main>
  )
}
