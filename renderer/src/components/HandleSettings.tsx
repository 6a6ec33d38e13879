// "Your @handle": the handles I hold in my relays' directories, a field to claim
// or change one, and a button to give it up.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HandleClaim } from '../../../protocol/api.ts'
import { handleErrorText, relayShort } from '../handle-errors.ts'
import { useParley } from '../state/parley-context.tsx'

export function HandleSettings() {
  const { t } = useTranslation()
  const { api } = useParley()
  const [held, setHeld] = useState<HandleClaim[] | null>(null)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const inputId = useId()
  const hintId = useId()
  const messageId = useId()

  const reload = useCallback(
    () =>
      api.myHandles({}).then(
        (handles) => setHeld(handles),
        (err: unknown) => {
          setHeld([])
          setError(handleErrorText(t, err))
        },
      ),
    [api, t],
  )

  useEffect(() => {
    void reload()
  }, [reload])

  const claim = async (event: FormEvent) => {
    event.preventDefault()
    if (!draft.trim()) return setError(t('handle.empty'))
    setBusy(true)
    setError(null)
    setSaved(false)
    try {
      await api.claimHandle({ handle: draft.trim() })
      setDraft('')
      setSaved(true)
      await reload()
    } catch (err) {
      setError(handleErrorText(t, err))
    } finally {
      setBusy(false)
    }
  }

  const release = async (relay: string) => {
    setBusy(true)
    setError(null)
    setSaved(false)
    try {
      await api.releaseHandle({ relay })
      await reload()
    } catch (err) {
      setError(handleErrorText(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="handle-panel">
      <h3 id={headingId}>{t('handle.title')}</h3>
      <p className="muted small">{t('handle.hint')}</p>
      {held === null ? (
        <p className="muted" role="status">
          {t('handle.loading')}
        </p>
      ) : held.length === 0 ? (
        <p className="muted" data-testid="handle-none">
          {t('handle.none')}
        </p>
      ) : (
        <ul className="handle-list">
          {held.map((h) => (
            <li key={h.relay} className="handle-item">
              <span data-testid="handle-current" data-handle={h.handle} title={h.relay}>
                {t('handle.held', { handle: h.handle, relay: relayShort(h.relay) })}
              </span>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void release(h.relay)}
                aria-label={t('handle.releaseLabel', { handle: h.handle })}
                data-testid="handle-release"
              >
                {t('handle.release')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={claim} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{t('handle.label')}</label>
          <input
            id={inputId}
            className="input"
            value={draft}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            placeholder={t('handle.placeholder')}
            onChange={(e) => {
              setDraft(e.target.value)
              setError(null)
              setSaved(false)
            }}
            aria-invalid={error !== null}
            aria-describedby={error || saved ? `${messageId} ${hintId}` : hintId}
            data-testid="handle-input"
          />
          <p id={hintId} className="muted small">
            {t('handle.rules')}
          </p>
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={busy || held === null}
          data-testid="handle-claim"
        >
          {busy ? t('handle.claiming') : held?.length ? t('handle.change') : t('handle.claim')}
        </button>
      </form>
      {error ? (
        <p id={messageId} role="alert" className="error-text" data-testid="handle-error">
          {error}
        </p>
      ) : saved ? (
        <p id={messageId} role="status" className="success-text">
          {t('handle.saved')}
        </p>
      ) : null}
    </section>
  )
}
