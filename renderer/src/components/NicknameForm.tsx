// My nickname for a contact, shown instead of the name they chose; empty removes it.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { coreReason } from '../handle-errors.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkDisplayName, MAX_DISPLAY_NAME } from '../validation.ts'

export function NicknameForm({ contact }: { contact: Contact }) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const [nickname, setNickname] = useState(contact.nickname ?? '')
  const [result, setResult] = useState<{ ok: true } | { ok: false; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const hintId = useId()
  const messageId = useId()
  const trimmed = nickname.trim()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    // A nickname follows the rules of a display name; an empty one is none.
    const problem = trimmed ? checkDisplayName(trimmed) : null
    if (problem) {
      setResult({ ok: false, message: t(problem.key, 'values' in problem ? problem.values : {}) })
      return
    }
    setBusy(true)
    setResult(null)
    try {
      const updated = await api.updateContact({ peerId: contact.peerId, nickname: trimmed || null })
      dispatch({ type: 'contact', contact: updated })
      setResult({ ok: true })
    } catch (err) {
      setResult({
        ok: false,
        message: t('contactInfo.failed', { reason: coreReason(errorMessage(err)) }),
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel">
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{t('contactInfo.nickname')}</label>
          <input
            id={inputId}
            className="input"
            value={nickname}
            placeholder={contact.displayName}
            maxLength={MAX_DISPLAY_NAME * 2}
            onChange={(e) => {
              setNickname(e.target.value)
              setResult(null)
            }}
            aria-invalid={result?.ok === false}
            aria-describedby={result ? `${messageId} ${hintId}` : hintId}
            data-testid="nickname-input"
            data-autofocus
          />
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={busy || trimmed === (contact.nickname ?? '')}
          data-testid="nickname-save"
        >
          {t('contactInfo.save')}
        </button>
      </form>
      <p id={hintId} className="muted small">
        {t('contactInfo.nicknameHint')}
      </p>
      {result?.ok === false ? (
        <p id={messageId} role="alert" className="error-text" data-testid="nickname-error">
          {result.message}
        </p>
      ) : result?.ok ? (
        <p id={messageId} role="status" className="success-text">
          {t('contactInfo.saved')}
        </p>
      ) : null}
    </section>
  )
}
