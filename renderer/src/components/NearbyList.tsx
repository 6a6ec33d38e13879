// People on the same LAN (found by mDNS, no server), who are not contacts yet,
// each with a button to add them.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NearbyPeer } from '../../../protocol/api.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { Avatar } from './Avatar.tsx'
import { LanIcon } from './Icons.tsx'

export function NearbyList({ onAdded }: { onAdded: (peerId: string) => void }) {
  const { t } = useTranslation()
  const { state } = useParley()
  const headingId = useId()
  const people = state.nearby.filter(
    (p) => p.peerId !== state.profile.peerId && !state.contacts.has(p.peerId),
  )
  if (people.length === 0) return null
  return (
    <section className="nearby" aria-labelledby={headingId}>
      <h2 id={headingId} className="sidebar-title">
        <LanIcon /> {t('nearby.title')}
      </h2>
      <ul className="nearby-list" aria-label={t('nearby.label')} data-testid="nearby-list">
        {people.map((p) => (
          <li key={p.peerId}>
            <NearbyRow peer={p} onAdded={onAdded} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function NearbyRow({ peer, onAdded }: { peer: NearbyPeer; onAdded: (peerId: string) => void }) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const errorId = useId()

  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      const contact = await api.addNearby({ peerId: peer.peerId })
      dispatch({ type: 'contact', contact })
      onAdded(contact.peerId)
    } catch (err) {
      setError(t('nearby.failed', { name: peer.displayName, message: errorMessage(err) }))
      setBusy(false)
    }
  }

  return (
    <div className="nearby-row" data-testid="nearby-row" data-peer-id={peer.peerId}>
      <Avatar peerId={peer.peerId} name={peer.displayName} size={30} />
      <span className="nearby-name" title={peer.peerId}>
        {peer.displayName}
      </span>
      <button
        type="button"
        className="button small-button"
        disabled={busy}
        onClick={() => void add()}
        aria-label={t('nearby.addLabel', { name: peer.displayName })}
        aria-describedby={error ? errorId : undefined}
        data-testid="nearby-add"
      >
        {busy ? t('nearby.adding') : t('nearby.add')}
      </button>
      {error && (
        <p id={errorId} role="alert" className="error-text small nearby-error">
          {error}
        </p>
      )}
    </div>
  )
}
