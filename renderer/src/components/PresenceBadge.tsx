// A contact's status: a coloured dot, and in the chat header its word, or
// "Last seen …" when they are offline.
import { useTranslation } from 'react-i18next'
import type { PeerPresence } from '../../../protocol/api.ts'
import { formatActivity, formatFull } from '../format.ts'

export function PresenceBadge({
  presence,
  now,
  showLabel = false,
}: {
  presence: PeerPresence
  now: number
  showLabel?: boolean
}) {
  const { t, i18n } = useTranslation()
  const word = t(`presence.${presence.status}`)
  const lastSeen =
    presence.status === 'offline' && presence.lastSeen !== null ? presence.lastSeen : null
  const label = lastSeen
    ? `${word} · ${t('presence.lastSeen', { when: formatActivity(lastSeen, i18n.language, now) })}`
    : word
  return (
    <span
      className={`presence presence-${presence.status}`}
      data-testid="presence"
      data-status={presence.status}
      title={lastSeen ? formatFull(lastSeen, i18n.language) : undefined}
    >
      <span
        className="presence-dot"
        role="img"
        aria-label={t('presence.label', { status: label })}
      />
      {showLabel && (
        <span className="presence-word" aria-hidden="true">
          {label}
        </span>
      )}
    </span>
  )
}
