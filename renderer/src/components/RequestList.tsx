// Friend requests waiting for my answer, above the conversations: who, and
// their greeting. Opening one shows the request view.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { shownName } from '../../../protocol/names.ts'
import { arrowKeysBetween } from '../list-keys.ts'
import { requestsOf } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { Avatar } from './Avatar.tsx'

const onKeyDown = arrowKeysBetween('[data-testid="request-row"]')

export function RequestList({
  selected,
  onSelect,
}: {
  selected: string | null
  onSelect: (peerId: string) => void
}) {
  const { t } = useTranslation()
  const { state } = useParley()
  const headingId = useId()
  const requests = requestsOf(state)
  if (requests.length === 0) return null
  return (
    <section className="requests" aria-labelledby={headingId} data-testid="request-list">
      <h2 id={headingId} className="sidebar-title">
        {t('requests.title')}
        <span className="badge" data-testid="request-count" aria-hidden="true">
          {requests.length}
        </span>
        <span className="sr-only">{t('requests.count', { count: requests.length })}</span>
      </h2>
      <ul className="request-list" onKeyDown={onKeyDown}>
        {requests.map((contact) => {
          const name = shownName(contact.peerId, contact)
          return (
            <li key={contact.peerId}>
              <button
                type="button"
                className="conversation-row"
                aria-current={contact.peerId === selected ? 'true' : undefined}
                onClick={() => onSelect(contact.peerId)}
                data-testid="request-row"
                data-peer-id={contact.peerId}
              >
                <Avatar peerId={contact.peerId} name={name} src={contact.avatar} />
                <span className="row-main">
                  <span className="row-name">{name}</span>
                  <span className="row-preview" data-testid="request-preview">
                    {contact.greeting?.replace(/\s+/g, ' ') || t('requests.noGreeting')}
                  </span>
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
