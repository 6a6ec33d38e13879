// The profile is locked: its passphrase, or nothing. A wrong one is said plainly
// and leaves the field selected to type again.
import { type FormEvent, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, type LockStatus } from '../../../protocol/api.ts'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { errorMessage } from '../state/parley-context.tsx'
import { Logo } from './Logo.tsx'
import { PassphraseField } from './PassphraseField.tsx'

type Problem =
  | { key: 'passphrase.empty' | 'lock.wrong' }
  | { key: 'lock.unlockFailed'; message: string }

export function UnlockScreen({
  api,
  onDone,
}: {
  api: RemoteParley
  onDone: (lock: LockStatus) => void
}) {
  const { t } = useTranslation()
  const [passphrase, setPassphrase] = useState('')
  const [problem, setProblem] = useState<Problem | null>(null)
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const errorId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!passphrase) return setProblem({ key: 'passphrase.empty' })
    setBusy(true)
    setProblem(null)
    try {
      onDone(await api.unlock({ passphrase }))
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.code === 'wrong-passphrase'
          ? { key: 'lock.wrong' }
          : { key: 'lock.unlockFailed', message: errorMessage(err) },
      )
      setBusy(false)
      form.current?.querySelector('input')?.select()
    }
  }

  return (
    <main className="center-screen">
      <form ref={form} className="card center-card lock-screen" onSubmit={submit} noValidate>
        <Logo />
        <h1>{t('lock.unlockTitle')}</h1>
        <p className="muted">{t('lock.unlockIntro')}</p>
        <PassphraseField
          label={t('lock.passphrase')}
          value={passphrase}
          onChange={(value) => {
            setPassphrase(value)
            if (problem?.key === 'passphrase.empty') setProblem(null)
          }}
          testId="unlock-passphrase"
          autoComplete="current-password"
          invalid={problem !== null}
          describedBy={problem ? errorId : undefined}
          autoFocus
        />
        {problem && (
          <p id={errorId} role="alert" className="error-text" data-testid="unlock-error">
            {'message' in problem ? t(problem.key, { message: problem.message }) : t(problem.key)}
          </p>
        )}
        <button
          type="submit"
          className="button primary wide"
          data-testid="unlock-submit"
          disabled={busy}
        >
          {busy ? t('lock.unlocking') : t('lock.unlock')}
        </button>
        <p className="muted small">{t('lock.noRecovery')}</p>
      </form>
    </main>
  )
}
