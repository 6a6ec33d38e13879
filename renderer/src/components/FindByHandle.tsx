// "Find by @handle": looks the handle up on my relays and sends whoever holds it
// a friend request, with the greeting written above it.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { handleErrorText } from '../handle-errors.ts'
import { useParley } from '../state/parley-context.tsx'

export function FindByHandle({
  greeting,
  onAdded,
}: {
  greeting: string
  onAdded: (peerId: string) => void
}) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const [handle, setHandle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const inputId = useId()
  const errorId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!handle.trim()) return setError(t('handle.empty'))
    setBusy(true)
    setError(null)
    try {
      const contact = await api.addHandle({ handle: handle.trim(), greeting })
      dispatch({ type: 'contact', contact })
      onAdded(contact.peerId)
    } catch (err) {
      setError(handleErrorText(t, err))
      setBusy(false)
    }
  }

  return (
    <section className="panel find-handle" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('handle.findTitle')}</h3>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{t('handle.findLabel')}</label>
          <input
            id={inputId}
            className="input"
            value={handle}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            placeholder={t('handle.placeholder')}
            onChange={(e) => {
              setHandle(e.target.value)
              setError(null)
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            data-testid="find-handle-input"
          />
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={busy}
          data-testid="find-handle-submit"
        >
          {busy ? t('handle.finding') : t('handle.find')}
        </button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="error-text" data-testid="find-handle-error">
          {error}
        </p>
      )}
    </section>
  )
}
