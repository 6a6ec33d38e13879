// Settings: profile (photo, display name, status line), @handle, blocked people,
// passphrase, privacy, language, relays, TURN servers, and the state of the network.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { currentLanguage, LANGUAGES, type Language, setLanguage } from '../i18n/index.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import {
  checkDisplayName,
  checkStatusLine,
  MAX_DISPLAY_NAME,
  MAX_STATUS_LINE,
  type NameProblem,
  type StatusProblem,
} from '../validation.ts'
import { AvatarSettings } from './AvatarSettings.tsx'
import { BlockedSettings } from './BlockedSettings.tsx'
import { Dialog } from './Dialog.tsx'
import { HandleSettings } from './HandleSettings.tsx'
import { NetworkPanel } from './NetworkPanel.tsx'
import { PassphraseSettings } from './PassphraseSettings.tsx'
import { PrivacySettings } from './PrivacySettings.tsx'
import { RelaysEditor } from './RelaysEditor.tsx'
import { TurnServersEditor } from './TurnServersEditor.tsx'

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <Dialog title={t('settings.title')} onClose={onClose} testId="settings-dialog" wide>
      <div className="settings">
        <ProfileSettings />
        <HandleSettings />
        <BlockedSettings />
        <PassphraseSettings />
        <PrivacySettings />
        <LanguageSettings />
        <RelaysEditor />
        <TurnServersEditor />
        <NetworkPanel />
      </div>
    </Dialog>
  )
}

function ProfileSettings() {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [name, setName] = useState(state.profile.displayName ?? '')
  const [status, setStatus] = useState(state.profile.statusLine)
  const [problem, setProblem] = useState<NameProblem | StatusProblem | null>(null)
  const [result, setResult] = useState<{ ok: true } | { ok: false; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const statusId = useId()
  const statusHintId = useId()
  const headingId = useId()
  const messageId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = checkDisplayName(name) ?? checkStatusLine(status)
    setProblem(found)
    setResult(null)
    if (found) return
    setBusy(true)
    try {
      const profile = await api.setProfile({ displayName: name.trim(), statusLine: status.trim() })
      dispatch({ type: 'profile', profile })
      setName(profile.displayName ?? '')
      setStatus(profile.statusLine)
      setResult({ ok: true })
    } catch (err) {
      setResult({ ok: false, message: errorMessage(err) })
    } finally {
      setBusy(false)
    }
  }

  const error = problem
    ? t(problem.key, 'values' in problem ? problem.values : {})
    : result && !result.ok
      ? t('settings.saveFailed', { message: result.message })
      : null
  const unchanged =
    name.trim() === (state.profile.displayName ?? '') && status.trim() === state.profile.statusLine
  const edited = () => {
    setProblem(null)
    setResult(null)
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.profile')}</h3>
      <AvatarSettings />
      <form className="profile-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('settings.nameLabel')}</label>
          <input
            id={inputId}
            className="input"
            value={name}
            maxLength={MAX_DISPLAY_NAME * 2}
            onChange={(e) => {
              setName(e.target.value)
              edited()
            }}
            aria-invalid={problem?.key.startsWith('name.') ?? false}
            aria-describedby={error || result ? messageId : undefined}
            data-testid="settings-name-input"
            data-autofocus
          />
        </div>
        <div className="field">
          <label htmlFor={statusId}>{t('statusLine.label')}</label>
          <input
            id={statusId}
            className="input"
            value={status}
            maxLength={MAX_STATUS_LINE}
            placeholder={t('statusLine.placeholder')}
            onChange={(e) => {
              setStatus(e.target.value)
              edited()
            }}
            aria-invalid={problem?.key === 'statusLine.control'}
            aria-describedby={statusHintId}
            data-testid="settings-status-input"
          />
          <p id={statusHintId} className="muted small">
            {t('statusLine.hint')}
          </p>
        </div>
        <button
          type="submit"
          className="button primary"
          disabled={busy || unchanged}
          data-testid="settings-name-save"
        >
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
      </form>
      {error ? (
        <p id={messageId} role="alert" className="error-text" data-testid="settings-name-error">
          {error}
        </p>
      ) : result?.ok ? (
        <p id={messageId} role="status" className="success-text">
          {t('settings.saved')}
        </p>
      ) : null}
    </section>
  )
}

function LanguageSettings() {
  const { t } = useTranslation()
  const [language, setChosen] = useState<Language>(currentLanguage)
  const selectId = useId()
  const headingId = useId()
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.language')}</h3>
      <div className="field">
        <label htmlFor={selectId}>{t('settings.languageLabel')}</label>
        <select
          id={selectId}
          className="input select"
          value={language}
          onChange={(e) => {
            const next = e.target.value as Language
            setChosen(next)
            void setLanguage(next)
          }}
          data-testid="language-select"
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
    </section>
  )
}
