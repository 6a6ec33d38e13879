// Conversations, contacts and groups, most recent activity first, with my
// profile, my status, people nearby on the LAN, friend requests, and the buttons
// for adding a contact, making a group and for settings on top; label chips
// filter the conversations.
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OwnStatus } from '../../../protocol/api.ts'
import { arrowKeysBetween } from '../list-keys.ts'
import { labelsOf, peerSummaries } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { useNow } from '../use-now.ts'
import { Avatar } from './Avatar.tsx'
import { ConversationRow } from './ConversationRow.tsx'
import { IconButton } from './IconButton.tsx'
import { GearIcon, GroupIcon, PersonAddIcon } from './Icons.tsx'
import { LabelFilter } from './LabelFilter.tsx'
import { MyStatusSelect } from './MyStatusSelect.tsx'
import { NearbyList } from './NearbyList.tsx'
import { RequestList } from './RequestList.tsx'

const onKeyDown = arrowKeysBetween('[data-testid="conversation-row"]')

export function Sidebar({
  selected,
  onSelect,
  onAddContact,
  onNewGroup,
  onSettings,
  onStatusChosen,
}: {
  selected: string | null
  onSelect: (peerId: string) => void
  onAddContact: () => void
  onNewGroup: () => void
  onSettings: () => void
  onStatusChosen: (status: OwnStatus) => void
}) {
  const { t } = useTranslation()
  const { state } = useParley()
  const labels = useMemo(() => labelsOf(state), [state])
  const [chosenLabel, setChosenLabel] = useState<string | null>(null)
  // A label nobody has any more shows everyone.
  const label = chosenLabel !== null && labels.includes(chosenLabel) ? chosenLabel : null
  const peers = useMemo(() => peerSummaries(state, label), [state, label])
  const now = useNow(60_000)
  const me = state.profile

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar-header">
        <div className="me">
          <span className="me-who" title={me.peerId} data-testid="my-profile">
            <Avatar peerId={me.peerId} name={me.displayName} src={me.avatar} size={34} />
            <span className="me-name">{me.displayName}</span>
          </span>
          <MyStatusSelect onChosen={onStatusChosen} />
        </div>
        <div className="toolbar">
          <IconButton
            label={t('sidebar.addContact')}
            onClick={onAddContact}
            testId="add-contact-open"
          >
            <PersonAddIcon />
          </IconButton>
          <IconButton label={t('sidebar.newGroup')} onClick={onNewGroup} testId="new-group-open">
            <GroupIcon />
          </IconButton>
          <IconButton label={t('sidebar.settings')} onClick={onSettings} testId="settings-open">
            <GearIcon />
          </IconButton>
        </div>
      </header>
      <NearbyList onAdded={onSelect} />
      <RequestList selected={selected} onSelect={onSelect} />
      <h2 className="sidebar-title">{t('sidebar.title')}</h2>
      <LabelFilter labels={labels} chosen={label} onChoose={setChosenLabel} />
      {peers.length === 0 ? (
        <div className="sidebar-empty" data-testid="sidebar-empty">
          <p>{t('sidebar.empty')}</p>
          <p className="muted">{t('sidebar.emptyHint')}</p>
          <button type="button" className="button primary" onClick={onAddContact}>
            {t('sidebar.addContact')}
          </button>
        </div>
      ) : (
        <ul className="conversation-list" data-testid="conversation-list" onKeyDown={onKeyDown}>
          {peers.map((peer) => (
            <li key={peer.peerId}>
              <ConversationRow
                peer={peer}
                self={me.peerId}
                now={now}
                selected={peer.peerId === selected}
                onSelect={onSelect}
              />
            </li>
          ))}
        </ul>
      )}
    </nav>
  )
}
