// Before the core answers: connecting, or disconnected and retrying.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { prepareFormats } from '../format.ts'
import type { ConnectionState } from '../platform.ts'
import { Logo } from './Logo.tsx'

export function ConnectionScreen({
  state,
  platform,
  failed,
  onRetry,
}: {
  state: Exclude<ConnectionState, { status: 'connected' }>
  platform: 'desktop' | 'browser'
  failed: boolean
  onRetry: () => void
}) {
  const { t, i18n } = useTranslation()
  const retryAt = state.status === 'disconnected' ? state.retryAt : null
  const seconds = useSecondsUntil(retryAt)
  // While the core is on its way, what the conversation list will need.
  useEffect(() => {
    const id = requestIdleCallback(() => prepareFormats(i18n.language))
    return () => cancelIdleCallback(id)
  }, [i18n.language])

  if (!failed) {
    return (
      <main className="center-screen" data-testid="connecting">
        <div className="card center-card" role="status">
          <Logo />
          <p className="muted">{t('connection.connecting')}</p>
        </div>
      </main>
    )
  }
  return (
    <main className="center-screen">
      <div className="card center-card" data-testid="disconnected">
        <Logo />
        <h1>{t('connection.disconnectedTitle')}</h1>
        <p role="alert">{t('connection.disconnected')}</p>
        <p className="muted">
          {platform === 'browser' ? t('connection.browserHint') : t('connection.desktopHint')}
        </p>
        {platform === 'browser' && (
          <>
            <p className="muted" role="status">
              {state.status === 'connecting' || seconds === null
                ? t('connection.retrying')
                : t('connection.retryIn', { seconds })}
            </p>
            <button
              type="button"
              className="button primary"
              onClick={onRetry}
              disabled={state.status === 'connecting'}
              data-testid="retry-now"
            >
              {t('connection.retryNow')}
            </button>
          </>
        )}
      </div>
    </main>
  )
}

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (at === null) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [at])
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000))
}
