// Settings: the profile's passphrase. Change it (the core re-encrypts the profile
// under a new key), set one on a profile that has none (warned about until then),
// or lock the profile now.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../protocol/api.ts'
import { useLock } from '../state/lock-status.tsx'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkNewPassphrase, type PassphraseProblem } from '../validation.ts'
import { PassphraseField } from './PassphraseField.tsx'

type Problem =
  | PassphraseProblem
  | { key: 'passphrase.empty' | 'lock.currentWrong' }
  | { key: 'lock.changeFailed' | 'lock.lockFailed'; values: { message: string } }

export function PassphraseSettings() {
  const { t } = useTranslation()
  const { api } = useParley()
  const { lock, update } = useLock()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<Problem | null>(null)
  const [changed, setChanged] = useState(false)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const messageId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setChanged(false)
    const found: Problem | null =
      lock.protected && !current ? { key: 'passphrase.empty' } : checkNewPassphrase(next, again)
    setProblem(found)
    if (found) return
    setBusy(true)
    try {
      update(await api.changePassphrase({ current: lock.protected ? current : null, next }))
      for (const clear of [setCurrent, setNext, setAgain]) clear('')
      setChanged(true)
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.code === 'wrong-passphrase'
          ? { key: 'lock.currentWrong' }
          : { key: 'lock.changeFailed', values: { message: errorMessage(err) } },
      )
    } finally {
      setBusy(false)
    }
  }

  const lockNow = () => {
    api
      .lock({})
      .then(update, (err: unknown) =>
        setProblem({ key: 'lock.lockFailed', values: { message: errorMessage(err) } }),
      )
  }

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value)
    setProblem(null)
    setChanged(false)
  }
  const error = problem ? t(problem.key, 'values' in problem ? problem.values : {}) : null
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="passphrase-settings">
      <h3 id={headingId}>{t('lock.settingsTitle')}</h3>
      {lock.protected ? (
        <p className="muted small">{t('lock.protectedNote')}</p>
      ) : (
        <p className="warning-box" data-testid="passphrase-warning">
          {t('lock.unprotectedNote')}
        </p>
      )}
      <form className="stacked-form" onSubmit={submit} noValidate>
        {lock.protected && (
          <PassphraseField
            label={t('lock.current')}
            value={current}
            onChange={edit(setCurrent)}
            testId="change-passphrase-current"
            autoComplete="current-password"
            invalid={problem?.key === 'passphrase.empty' || problem?.key === 'lock.currentWrong'}
            describedBy={error ? messageId : undefined}
          />
        )}
        <PassphraseField
          label={t('lock.next')}
          value={next}
          onChange={edit(setNext)}
          testId="change-passphrase-next"
          autoComplete="new-password"
          invalid={problem?.key === 'passphrase.tooShort' || problem?.key === 'passphrase.tooLong'}
          describedBy={error ? messageId : undefined}
        />
        <PassphraseField
          label={t('lock.nextAgain')}
          value={again}
          onChange={edit(setAgain)}
          testId="change-passphrase-confirm"
          autoComplete="new-password"
          invalid={problem?.key === 'passphrase.mismatch'}
          describedBy={error ? messageId : undefined}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button primary"
            disabled={busy}
            data-testid="change-passphrase-submit"
          >
            {busy ? t('lock.changing') : lock.protected ? t('lock.change') : t('lock.set')}
          </button>
          {lock.protected && (
            <button type="button" className="button" onClick={lockNow} data-testid="lock-now">
              {t('lock.lockNow')}
            </button>
          )}
        </div>
      </form>
      {error ? (
        <p id={messageId} role="alert" className="error-text" data-testid="change-passphrase-error">
          {error}
        </p>
      ) : changed ? (
        <p
          id={messageId}
          role="status"
          className="success-text"
          data-testid="change-passphrase-done"
        >
          {t('lock.changed')}
        </p>
      ) : null}
    </section>
  )
}
