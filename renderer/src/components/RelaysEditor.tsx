// The relay list: add and remove addresses; every change is saved at once.
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { TrashIcon } from './Icons.tsx'

export function RelaysEditor() {
  const { t } = useTranslation()
  const { api } = useParley()
  const [relays, setRelays] = useState<string[] | null>(null)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()

  useEffect(() => {
    let cancelled = false
    api.settings({}).then(
      (s) => !cancelled && setRelays(s.relays),
      (err: unknown) => {
        if (cancelled) return
        setRelays([])
        setError(t('settings.relayFailed', { message: errorMessage(err) }))
      },
    )
    return () => {
      cancelled = true
    }
  }, [api, t])

  const save = async (next: string[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      const saved = await api.setRelays({ relays: next })
      setRelays(saved.relays)
      return true
    } catch (err) {
      setError(t('settings.relayFailed', { message: errorMessage(err) }))
      return false
    } finally {
      setBusy(false)
    }
  }

  const add = async (event: FormEvent) => {
    event.preventDefault()
    // One address per line; blank lines do not count.
    const lines = draft
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
    if (lines.length === 0) return setError(t('settings.relayEmpty'))
    const current = relays ?? []
    const fresh = [...new Set(lines)].filter((line) => !current.includes(line))
    if (fresh.length === 0) return setError(t('settings.relayDuplicate'))
    if (await save([...current, ...fresh])) setDraft('')
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="relays-panel">
      <h3 id={headingId}>{t('settings.relays')}</h3>
      <p className="muted small">{t('settings.relaysHint')}</p>
      {relays === null ? (
        <p className="muted" role="status">
          {t('settings.relaysLoading')}
        </p>
      ) : relays.length === 0 ? (
        <p className="muted" data-testid="relay-none">
          {t('settings.noRelays')}
        </p>
      ) : (
        <ul className="relay-list" aria-label={t('settings.relayList')} data-testid="relay-list">
          {relays.map((addr) => (
            <li key={addr} className="relay-item" data-testid="relay-item" data-addr={addr}>
              <code className="addr">{addr}</code>
              <button
                type="button"
                className="icon-button danger"
                aria-label={t('settings.removeRelay', { addr })}
                title={t('settings.remove')}
                disabled={busy}
                onClick={() => void save(relays.filter((r) => r !== addr))}
                data-testid="relay-remove"
              >
                <TrashIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{t('settings.relayInput')}</label>
          <textarea
            id={inputId}
            className="input mono"
            rows={2}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('settings.relayPlaceholder')}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value)
              setError(null)
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            data-testid="relay-input"
          />
          <p id={hintId} className="muted small">
            {t('settings.relayInputHint')}
          </p>
        </div>
        <button
          type="submit"
          className="button"
          disabled={busy || relays === null}
          data-testid="relay-add"
        >
          {t('settings.addRelay')}
        </button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="error-text" data-testid="relay-error">
          {error}
        </p>
      )}
    </section>
  )
}
