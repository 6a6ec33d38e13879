// First run, before the display name: protect the profile with a passphrase, or
// go on without one, warned that then anyone with this computer can read it.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LockStatus } from '../../../protocol/api.ts'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { errorMessage } from '../state/parley-context.tsx'
import { checkNewPassphrase, type PassphraseProblem } from '../validation.ts'
import { Logo } from './Logo.tsx'
import { PassphraseField } from './PassphraseField.tsx'

export function LockSetup({
  api,
  onDone,
}: {
  api: RemoteParley
  onDone: (lock: LockStatus) => void
}) {
  const { t } = useTranslation()
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<PassphraseProblem | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState<'protect' | 'skip' | null>(null)
  const errorId = useId()
  const warningId = useId()

  const create = async (chosen: string | null) => {
    setBusy(chosen === null ? 'skip' : 'protect')
    setFailure(null)
    try {
      onDone(await api.createLock({ passphrase: chosen }))
    } catch (err) {
      setFailure(errorMessage(err))
      setBusy(null)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = checkNewPassphrase(passphrase, again)
    setProblem(found)
    if (!found) void create(passphrase)
  }

  const error = problem
    ? t(problem.key, 'values' in problem ? problem.values : {})
    : failure
      ? t('lock.setupFailed', { message: failure })
      : null
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value)
    setProblem(null)
  }
  return (
    <main className="center-screen">
      <form className="card center-card lock-screen" onSubmit={submit} noValidate>
        <Logo />
        <h1>{t('lock.setupTitle')}</h1>
        <p className="muted">{t('lock.setupIntro')}</p>
        <PassphraseField
          label={t('lock.passphrase')}
          value={passphrase}
          onChange={edit(setPassphrase)}
          testId="lock-passphrase"
          autoComplete="new-password"
          invalid={problem !== null && problem.key !== 'passphrase.mismatch'}
          describedBy={error ? errorId : undefined}
          autoFocus
        />
        <PassphraseField
          label={t('lock.again')}
          value={again}
          onChange={edit(setAgain)}
          testId="lock-confirm"
          autoComplete="new-password"
          invalid={problem?.key === 'passphrase.mismatch'}
          describedBy={error ? errorId : undefined}
        />
        {error && (
          <p id={errorId} role="alert" className="error-text" data-testid="lock-error">
            {error}
          </p>
        )}
        <p className="muted small">{t('lock.noRecovery')}</p>
        <button
          type="submit"
          className="button primary wide"
          data-testid="lock-create"
          disabled={busy !== null}
        >
          {busy === 'protect' ? t('lock.creating') : t('lock.create')}
        </button>
        <div className="lock-skip">
          <p id={warningId} className="warning-box" data-testid="lock-warning">
            {t('lock.warning')}
          </p>
          <button
            type="button"
            className="button wide"
            data-testid="lock-skip"
            aria-describedby={warningId}
            disabled={busy !== null}
            onClick={() => void create(null)}
          >
            {busy === 'skip' ? t('lock.skipping') : t('lock.skip')}
          </button>
        </div>
      </form>
    </main>
  )
}
