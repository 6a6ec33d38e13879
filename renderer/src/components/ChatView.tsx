// One open conversation with a contact: header (with status and typing, and
// adding people to talk with them in a discussion), then what every chat has
// (ChatFrame).
import { useTranslation } from 'react-i18next'
import { directConversationId } from '../../../protocol/ids.ts'
import { shownName } from '../../../protocol/names.ts'
import { shortPeerId } from '../format.ts'
import { presenceOf } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { useNow } from '../use-now.ts'
import { Avatar } from './Avatar.tsx'
import { BackButton } from './BackButton.tsx'
import { ChatFrame } from './ChatFrame.tsx'
import { ContactInfoButton } from './ContactInfoDialog.tsx'
import { IconButton } from './IconButton.tsx'
import { PersonAddIcon } from './Icons.tsx'
import { PathIcon } from './PathIcon.tsx'
import { PresenceBadge } from './PresenceBadge.tsx'
import { VerifiedBadge } from './SafetyNumber.tsx'

export function ChatView({
  peerId,
  onBack,
  onAddPeople,
}: {
  peerId: string
  onBack: () => void
  /** Starts a discussion of this contact and people added. */
  onAddPeople: () => void
}) {
  const { t } = useTranslation()
  const { state } = useParley()
  const contact = state.contacts.get(peerId)
  const conversation = state.conversations.get(peerId)
  const conversationId = conversation?.id ?? directConversationId(state.profile.peerId, peerId)
  const name = shownName(peerId, contact)
  const link = state.paths.get(peerId)
  const path = link?.path ?? null
  const now = useNow(60_000)
  const typing = state.typing.has(peerId)

  const header = (
    <header className="chat-header" data-testid="chat-header">
      <BackButton onClick={onBack} />
      <Avatar peerId={peerId} name={name} src={contact?.avatar} size={36} />
      <div className="chat-title">
        <div className="name-line">
          <h1 className="chat-name" data-testid="chat-name">
            {name}
          </h1>
          {contact?.verified && <VerifiedBadge />}
        </div>
        {contact?.statusLine && (
          <p className="chat-status-line" title={contact.statusLine} data-testid="chat-status-line">
            {contact.statusLine}
          </p>
        )}
        <div className="chat-subtitle">
          {contact?.state === 'accepted' && (
            <PresenceBadge presence={presenceOf(state, peerId)} now={now} showLabel />
          )}
          <PathIcon path={path} turn={link?.turn} rttMs={link?.rttMs} showRtt />
          <span className="peer-id" title={peerId}>
            {t('chat.peerId', { id: shortPeerId(peerId) })}
          </span>
        </div>
        <p className="typing-line" aria-live="polite">
          {typing && (
            <span className="typing-indicator" data-testid="typing-indicator">
              {t('presence.typing', { name })}
            </span>
          )}
        </p>
      </div>
      {contact?.state === 'accepted' && (
        <IconButton
          label={t('discussions.addPeople')}
          opensDialog
          onClick={onAddPeople}
          testId="add-people-open"
        >
          <PersonAddIcon />
        </IconButton>
      )}
      <ContactInfoButton peerId={peerId} onGone={onBack} />
    </header>
  )
  return (
    <ChatFrame
      chatKey={peerId}
      conversationId={conversationId}
      name={name}
      to={{ peerId }}
      header={header}
      banner={
        contact?.state === 'requested' && (
          <p className="request-banner" data-testid="request-sent-banner">
            {t('requests.sent', { name })}
          </p>
        )
      }
    />
  )
}
