// Privacy in Settings: whether contacts learn what I have read (read receipts).
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { Switch } from './Switch.tsx'

export function PrivacySettings() {
  const { t } = useTranslation()
  const { api } = useParley()
  /** null until the core has said. */
  const [enabled, setEnabled] = useState<boolean | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const headingId = useId()
  const hintId = useId()

  useEffect(() => {
    let cancelled = false
    api.settings({}).then(
      (s) => !cancelled && setEnabled(s.readReceipts),
      (err: unknown) =>
        !cancelled && setError(t('settings.readReceiptsFailed', { message: errorMessage(err) })),
    )
    return () => {
      cancelled = true
    }
  }, [api, t])

  const change = async (next: boolean) => {
    setBusy(true)
    setError(null)
    try {
      setEnabled((await api.setReadReceipts({ enabled: next })).readReceipts)
    } catch (err) {
      setError(t('settings.readReceiptsFailed', { message: errorMessage(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="privacy-panel">
      <h3 id={headingId}>{t('settings.privacy')}</h3>
      <Switch
        label={t('settings.readReceipts')}
        checked={enabled ?? false}
        disabled={enabled === null || busy}
        onChange={(on) => void change(on)}
        describedBy={hintId}
        testId="read-receipts-switch"
      />
      <p id={hintId} className="muted small">
        {t('settings.readReceiptsHint')}
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  )
}
