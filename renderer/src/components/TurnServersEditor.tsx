// TURN servers for WebRTC: add (URL, username, password) and remove; every change
// is saved at once. The core never shows a password back: the list shows URLs and
// usernames, and servers already saved are sent back without theirs (the core keeps it).
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TurnServer } from '../../../protocol/api.ts'
import {
  MAX_TURN_CREDENTIAL,
  MAX_TURN_URL,
  MAX_TURN_USERNAME,
  turnUrlProblem,
} from '../../../protocol/turn.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { TrashIcon } from './Icons.tsx'

const same = (a: TurnServer, b: TurnServer) =>
  a.username === b.username && a.urls.join(' ') === b.urls.join(' ')

export function TurnServersEditor() {
  const { t } = useTranslation()
  const { api } = useParley()
  const [servers, setServers] = useState<TurnServer[] | null>(null)
  const [url, setUrl] = useState('')
  const [username, setUsername] = useState('')
  const [credential, setCredential] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingId = useId()
  const errorId = useId()
  const ids = { url: useId(), username: useId(), credential: useId() }

  useEffect(() => {
    let cancelled = false
    api.turnServers({}).then(
      (list) => !cancelled && setServers(list),
      (err: unknown) => {
        if (cancelled) return
        setServers([])
        setError(t('turn.failed', { message: errorMessage(err) }))
      },
    )
    return () => {
      cancelled = true
    }
  }, [api, t])

  const save = async (next: (TurnServer & { credential?: string })[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      setServers(await api.setTurnServers({ servers: next }))
      return true
    } catch (err) {
      setError(t('turn.failed', { message: errorMessage(err) }))
      return false
    } finally {
      setBusy(false)
    }
  }

  const add = async (event: FormEvent) => {
    event.preventDefault()
    const fresh = { urls: [url.trim()], username: username.trim(), credential }
    if (!fresh.urls[0] || !fresh.username || !fresh.credential) return setError(t('turn.missing'))
    // The core's own words (English) for a URL it would refuse, before asking it.
    const problem = turnUrlProblem(fresh.urls[0])
    if (problem) return setError(t('turn.failed', { message: problem }))
    const current = servers ?? []
    if (current.some((s) => same(s, fresh))) return setError(t('turn.duplicate'))
    if (await save([...current, fresh])) {
      setUrl('')
      setUsername('')
      setCredential('')
    }
  }

  const edited = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value)
    setError(null)
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="turn-panel">
      <h3 id={headingId}>{t('turn.title')}</h3>
      <p className="muted small">{t('turn.hint')}</p>
      {servers === null ? (
        <p className="muted" role="status">
          {t('turn.loading')}
        </p>
      ) : servers.length === 0 ? (
        <p className="muted" data-testid="turn-none">
          {t('turn.none')}
        </p>
      ) : (
        <ul className="relay-list" aria-label={t('turn.list')} data-testid="turn-list">
          {servers.map((s) => (
            <li
              key={`${s.username}@${s.urls.join(' ')}`}
              className="relay-item"
              data-testid="turn-item"
              data-url={s.urls[0]}
            >
              <code className="addr">
                {s.username}@{s.urls.join(' ')}
              </code>
              <button
                type="button"
                className="icon-button danger"
                aria-label={t('turn.remove', { url: s.urls[0] })}
                title={t('settings.remove')}
                disabled={busy}
                onClick={() => void save(servers.filter((other) => !same(other, s)))}
                data-testid="turn-remove"
              >
                <TrashIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="turn-form" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor={ids.url}>{t('turn.url')}</label>
          <input
            id={ids.url}
            className="input"
            spellCheck={false}
            autoComplete="off"
            maxLength={MAX_TURN_URL}
            placeholder={t('turn.urlPlaceholder')}
            value={url}
            onChange={edited(setUrl)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            data-testid="turn-url"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.username}>{t('turn.username')}</label>
          <input
            id={ids.username}
            className="input"
            autoComplete="off"
            maxLength={MAX_TURN_USERNAME}
            value={username}
            onChange={edited(setUsername)}
            data-testid="turn-username"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.credential}>{t('turn.credential')}</label>
          <input
            id={ids.credential}
            className="input"
            type="password"
            autoComplete="new-password"
            maxLength={MAX_TURN_CREDENTIAL}
            value={credential}
            onChange={edited(setCredential)}
            data-testid="turn-credential"
          />
        </div>
        <button
          type="submit"
          className="button"
          disabled={busy || servers === null}
          data-testid="turn-add"
        >
          {t('turn.add')}
        </button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="error-text" data-testid="turn-error">
          {error}
        </p>
      )}
    </section>
  )
}
