// "Blocked people" in Settings: everyone I blocked, each with Unblock.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { blockedOf } from '../state/app-state.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { Avatar } from './Avatar.tsx'

export function BlockedSettings() {
  const { t } = useTranslation()
  const { state } = useParley()
  const headingId = useId()
  const blocked = blockedOf(state)
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="blocked-panel">
      <h3 id={headingId}>{t('blocked.title')}</h3>
      <p className="muted small">{t('blocked.hint')}</p>
      {blocked.length === 0 ? (
        <p className="muted" data-testid="blocked-none">
          {t('blocked.none')}
        </p>
      ) : (
        <ul className="blocked-list">
          {blocked.map((contact) => (
            <li key={contact.peerId}>
              <BlockedRow contact={contact} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function BlockedRow({ contact }: { contact: Contact }) {
  const { t } = useTranslation()
  const { api } = useParley()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const errorId = useId()
  const name = shownName(contact.peerId, contact)

  // The core says what became of them: a contact again, or a stranger (removed).
  const unblock = async () => {
    setBusy(true)
    setError(null)
    try {
      await api.unblockContact({ peerId: contact.peerId })
    } catch (err) {
      setError(t('blocked.failed', { name, message: errorMessage(err) }))
      setBusy(false)
    }
  }

  return (
    <div className="blocked-row" data-testid="blocked-row" data-peer-id={contact.peerId}>
      <Avatar peerId={contact.peerId} name={name} src={contact.avatar} size={30} />
      <span className="blocked-name" title={contact.peerId}>
        {name}
      </span>
      <button
        type="button"
        className="button small-button"
        disabled={busy}
        onClick={() => void unblock()}
        aria-label={t('blocked.unblockLabel', { name })}
        aria-describedby={error ? errorId : undefined}
        data-testid="blocked-unblock"
      >
        {t('blocked.unblock')}
      </button>
      {error && (
        <p id={errorId} role="alert" className="error-text small blocked-error">
          {error}
        </p>
      )}
    </div>
  )
}
