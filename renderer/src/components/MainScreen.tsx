// The main window: sidebar on the left, the open conversation on the right,
// and the two dialogs.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParley } from '../state/parley-context.tsx'
import { useAutoAway } from '../use-auto-away.ts'
import { AddContactDialog } from './AddContactDialog.tsx'
import { ChatView } from './ChatView.tsx'
import { EmptyChat } from './EmptyChat.tsx'
import { SettingsDialog } from './SettingsDialog.tsx'
import { Sidebar } from './Sidebar.tsx'

export function MainScreen({
  selected,
  onSelect,
}: {
  selected: string | null
  onSelect: (peerId: string | null) => void
}) {
  const [dialog, setDialog] = useState<'add-contact' | 'settings' | null>(null)
  const { api, state, dispatch } = useParley()
  const onStatusChosen = useAutoAway(api, state.myStatus, dispatch)
  useUnreadTitle()
  return (
    <div className={selected ? 'app has-selection' : 'app'}>
      <Sidebar
        selected={selected}
        onSelect={onSelect}
        onAddContact={() => setDialog('add-contact')}
        onSettings={() => setDialog('settings')}
        onStatusChosen={onStatusChosen}
      />
      <main className="chat-pane">
        {selected ? (
          <ChatView key={selected} peerId={selected} onBack={() => onSelect(null)} />
        ) : (
          <EmptyChat onAddContact={() => setDialog('add-contact')} />
        )}
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
      {dialog === 'settings' && <SettingsDialog onClose={() => setDialog(null)} />}
    </div>
  )
}

/** "(3) Parley" while there are unread messages: visible in the taskbar or tab. */
function useUnreadTitle() {
  const { t } = useTranslation()
  const { state } = useParley()
  let unread = 0
  for (const c of state.conversations.values()) unread += c.unread
  const title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name')
  useEffect(() => {
    document.title = title
  }, [title])
}
