// First run: the profile has no display name yet.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { checkDisplayName, MAX_DISPLAY_NAME, type NameProblem } from '../validation.ts'
import { Logo } from './Logo.tsx'

export function ProfileSetup() {
  const { t } = useTranslation()
  const { api, dispatch, state } = useParley()
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<NameProblem | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const errorId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = checkDisplayName(name)
    setProblem(found)
    setFailure(null)
    if (found) return
    setBusy(true)
    try {
      const profile = await api.setProfile({ displayName: name.trim() })
      dispatch({ type: 'profile', profile })
    } catch (err) {
      setFailure(errorMessage(err))
      setBusy(false)
    }
  }

  const error = problem
    ? t(problem.key, 'values' in problem ? problem.values : {})
    : failure
      ? t('profile.failed', { message: failure })
      : null
  return (
    <main className="center-screen">
      <form className="card center-card profile-setup" onSubmit={submit} noValidate>
        <Logo />
        <h1>{t('profile.title')}</h1>
        <p className="muted">{t('profile.intro')}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('profile.nameLabel')}</label>
          <input
            id={inputId}
            className="input"
            data-testid="profile-name-input"
            value={name}
            maxLength={MAX_DISPLAY_NAME * 2}
            placeholder={t('profile.namePlaceholder')}
            autoComplete="nickname"
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen
            autoFocus
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setName(e.target.value)
              setProblem(null)
            }}
          />
          {error && (
            <p id={errorId} role="alert" className="error-text" data-testid="profile-error">
              {error}
            </p>
          )}
        </div>
        <p className="muted small peer-id-line">
          {t('profile.peerId', { id: state.profile.peerId })}
        </p>
        <button
          type="submit"
          className="button primary wide"
          data-testid="profile-create"
          disabled={busy}
        >
          {busy ? t('profile.creating') : t('profile.create')}
        </button>
      </form>
    </main>
  )
}
