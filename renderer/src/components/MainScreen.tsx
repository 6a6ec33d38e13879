// The main window: sidebar on the left, the open conversation, group chat (or
// friend request) on the right, and the dialogs.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isOpen, peerSummaries, requestsOf } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { useAutoAway } from '../use-auto-away.ts'
import { AddContactDialog } from './AddContactDialog.tsx'
import { ChatView } from './ChatView.tsx'
import { EmptyChat } from './EmptyChat.tsx'
import { GroupChatView } from './GroupChatView.tsx'
import { NewGroupDialog } from './NewGroupDialog.tsx'
import { RequestView } from './RequestView.tsx'
import { SettingsDialog } from './SettingsDialog.tsx'
import { Sidebar } from './Sidebar.tsx'

export function MainScreen({
  selected,
  onSelect,
}: {
  selected: string | null
  onSelect: (peerId: string | null) => void
}) {
  const [dialog, setDialog] = useState<
    'add-contact' | 'new-group' | 'discussion' | 'settings' | null
  >(null)
  const { api, state, dispatch } = useParley()
  const onStatusChosen = useAutoAway(api, state.myStatus, dispatch)
  useUnreadTitle()
  const contact = selected === null ? undefined : state.contacts.get(selected)
  const group = selected === null ? undefined : state.groups.get(selected)
  const close = () => onSelect(null)
  // Someone blocked, removed or declined has nothing to show.
  const pane = group ? (
    <GroupChatView key={group.conversationId} group={group} onBack={close} />
  ) : contact?.state === 'pending' ? (
    <RequestView key={contact.peerId} contact={contact} onClose={close} />
  ) : contact && isOpen(contact) ? (
    <ChatView
      key={contact.peerId}
      peerId={contact.peerId}
      onBack={close}
      onAddPeople={() => setDialog('discussion')}
    />
  ) : null
  return (
    <div className={pane ? 'app has-selection' : 'app'}>
      <Sidebar
        selected={selected}
        onSelect={onSelect}
        onAddContact={() => setDialog('add-contact')}
        onNewGroup={() => setDialog('new-group')}
        onSettings={() => setDialog('settings')}
        onStatusChosen={onStatusChosen}
      />
      <main className="chat-pane">
        {pane ?? <EmptyChat onAddContact={() => setDialog('add-contact')} />}
      </main>
      {dialog === 'add-contact' && (
        <AddContactDialog
          onClose={() => setDialog(null)}
          onAdded={(peerId) => {
            setDialog(null)
            onSelect(peerId)
          }}
        />
      )}
      {(dialog === 'new-group' || (dialog === 'discussion' && contact)) && (
        <NewGroupDialog
          {...(dialog === 'discussion' && contact ? { discussWith: contact.peerId } : {})}
          onClose={() => setDialog(null)}
          onCreated={(conversationId) => {
            setDialog(null)
            onSelect(conversationId)
          }}
        />
      )}
      {dialog === 'settings' && <SettingsDialog onClose={() => setDialog(null)} />}
    </div>
  )
}

/** "(3) Parley" while there are unread messages or requests: visible in the taskbar or tab. */
function useUnreadTitle() {
  const { t } = useTranslation()
  const { state } = useParley()
  let unread = requestsOf(state).length
  for (const peer of peerSummaries(state)) unread += peer.unread
  const title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name')
  useEffect(() => {
    document.title = title
  }, [title])
}
