// A contact's labels (groups in my buddy list): chips to remove, a field to add.
// The core bounds them (how many, how long) and its reason is shown as it is.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { coreReason } from '../handle-errors.ts'
import { labelsOf } from '../state/app-state.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { CloseIcon } from './Icons.tsx'

export function LabelsEditor({ contact }: { contact: Contact }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const inputId = useId()
  const errorId = useId()
  const suggestionsId = useId()
  // Labels already used on other contacts, offered as the user types.
  const suggestions = labelsOf(state).filter((l) => !contact.labels.includes(l))

  const save = async (labels: string[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      dispatch({
        type: 'contact',
        contact: await api.updateContact({ peerId: contact.peerId, labels }),
      })
      return true
    } catch (err) {
      setError(t('contactInfo.failed', { reason: coreReason(errorMessage(err)) }))
      return false
    } finally {
      setBusy(false)
    }
  }

  const add = async (event: FormEvent) => {
    event.preventDefault()
    const label = draft.trim()
    if (!label) return
    if (contact.labels.includes(label) || (await save([...contact.labels, label]))) setDraft('')
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('contactInfo.labels')}</h3>
      <p className="muted small">{t('contactInfo.labelsHint')}</p>
      {contact.labels.length === 0 ? (
        <p className="muted small" data-testid="labels-none">
          {t('contactInfo.noLabels')}
        </p>
      ) : (
        <ul className="label-chips">
          {contact.labels.map((label) => (
            <li key={label} className="chip" data-testid="label-chip" data-label={label}>
              <span>{label}</span>
              <button
                type="button"
                className="icon-button chip-remove"
                disabled={busy}
                aria-label={t('contactInfo.removeLabel', { label })}
                title={t('contactInfo.removeLabel', { label })}
                onClick={() => void save(contact.labels.filter((l) => l !== label))}
                data-testid="label-remove"
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{t('contactInfo.newLabel')}</label>
          <input
            id={inputId}
            className="input"
            value={draft}
            list={suggestionsId}
            autoComplete="off"
            onChange={(e) => {
              setDraft(e.target.value)
              setError(null)
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            data-testid="label-input"
          />
          <datalist id={suggestionsId}>
            {suggestions.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="label-add">
          {t('contactInfo.addLabel')}
        </button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="error-text" data-testid="label-error">
          {error}
        </p>
      )}
    </section>
  )
}
