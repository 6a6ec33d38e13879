// One open conversation: header (with status and typing), messages, composer.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { shownName } from '../../../protocol/names.ts'
import { shortPeerId } from '../format.ts'
import { presenceOf } from '../state/app-state.ts'
import { type MessageActions, MessageActionsContext } from '../state/message-actions.tsx'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { useConversation } from '../state/use-conversation.ts'
import { systemText } from '../system-text.ts'
import { useNow } from '../use-now.ts'
import { Avatar } from './Avatar.tsx'
import { BackButton } from './BackButton.tsx'
import { Composer } from './Composer.tsx'
import { ContactInfoButton } from './ContactInfoDialog.tsx'
import { MessageList } from './MessageList.tsx'
import { PathIcon } from './PathIcon.tsx'
import { PresenceBadge } from './PresenceBadge.tsx'
import { VerifiedBadge } from './SafetyNumber.tsx'

export function ChatView({ peerId, onBack }: { peerId: string; onBack: () => void }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const contact = state.contacts.get(peerId)
  const conversation = state.conversations.get(peerId)
  const conversationId = conversation?.id ?? directConversationId(state.profile.peerId, peerId)
  const name = shownName(peerId, contact)
  const link = state.paths.get(peerId)
  const path = link?.path ?? null
  const chat = useConversation(api, conversationId)
  const [stickSignal, setStickSignal] = useState(0)
  const unread = conversation?.unread ?? 0
  const [announcement, setAnnouncement] = useState('')
  const now = useNow(60_000)
  const typing = state.typing.has(peerId)

  // A message counts as read (and its sender may be told) once it is shown in the
  // focused window: opening the conversation reads it, and so does a message arriving
  // while it is in view; one that came while the window was away is read on return.
  const attended = useWindowAttended()
  const hasUnread = unread > 0
  const opened = useRef(false)
  useEffect(() => {
    if (!attended || (opened.current && !hasUnread)) return
    opened.current = true
    dispatch({ type: 'read', peerId })
    api.markRead({ conversationId }).catch((err: unknown) => console.warn('parley: markRead', err))
  }, [api, dispatch, peerId, conversationId, attended, hasUnread])

  // Tell screen readers about messages as they come in (not ours: we wrote them).
  useEffect(
    () =>
      api.on('message', (m) => {
        if (m.conversationId !== conversationId || m.direction === 'out') return
        setAnnouncement(
          m.kind
            ? systemText(t, m.kind, m, name)
            : t('chat.incoming', { name, text: m.text.slice(0, 200) }),
        )
      }),
    [api, conversationId, name, t],
  )

  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const [editing, setEditing] = useState<Message | null>(null)
  const [jumpTo, setJumpTo] = useState<{ id: string; n: number } | null>(null)
  const [changeError, setChangeError] = useState<string | null>(null)
  const self = state.profile.peerId
  const actions = useMemo<MessageActions>(() => {
    const failed = (err: unknown) => setChangeError(errorMessage(err))
    return {
      self,
      name,
      reply: (m) => {
        setEditing(null)
        setReplyTo(m)
      },
      edit: (m) => {
        setReplyTo(null)
        setEditing(m)
      },
      remove: async (m, forEveryone) => {
        await api.deleteMessage({ id: m.id, forEveryone })
      },
      react: async (m, emoji) => {
        setChangeError(null)
        await api.react({ id: m.id, emoji }).then(() => {}, failed)
      },
      jump: (id) => setJumpTo((j) => ({ id, n: (j?.n ?? 0) + 1 })),
    }
  }, [api, self, name])
  const messages = chat.messages
  const editLast = useCallback(() => {
    const last = messages.findLast((m) => m.direction === 'out' && !m.kind && !m.deleted)
    if (last) setEditing(last)
  }, [messages])
  const done = useCallback(() => {
    setReplyTo(null)
    setEditing(null)
  }, [])

  const onSent = useCallback(
    (message: Message) => {
      chat.addSent(message)
      setStickSignal((n) => n + 1)
    },
    [chat.addSent],
  )

  return (
    <MessageActionsContext.Provider value={actions}>
      <section className="chat" aria-label={name} data-testid="chat-view" data-peer-id={peerId}>
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
              <p
                className="chat-status-line"
                title={contact.statusLine}
                data-testid="chat-status-line"
              >
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
          <ContactInfoButton peerId={peerId} onGone={onBack} />
        </header>
        {contact?.state === 'requested' && (
          <p className="request-banner" data-testid="request-sent-banner">
            {t('requests.sent', { name })}
          </p>
        )}
        <MessageList
          name={name}
          messages={chat.messages}
          status={chat.status}
          error={chat.error}
          hasMore={chat.hasMore}
          loadingOlder={chat.loadingOlder}
          onLoadOlder={chat.loadOlder}
          stickSignal={stickSignal}
          jumpTo={jumpTo}
        />
        {changeError && (
          <p className="error-text chat-error" role="alert" data-testid="change-error">
            {t('chat.changeFailed', { message: changeError })}
          </p>
        )}
        <Composer
          peerId={peerId}
          name={name}
          onSent={onSent}
          replyTo={replyTo}
          editing={editing}
          onDone={done}
          onEditLast={editLast}
        />
        <div className="sr-only" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      </section>
    </MessageActionsContext.Provider>
  )
}

/** Whether the user can be looking at the window: shown, and focused. */
const attendedNow = () => document.visibilityState === 'visible' && document.hasFocus()

function useWindowAttended(): boolean {
  const [attended, setAttended] = useState(attendedNow)
  useEffect(() => {
    const update = () => setAttended(attendedNow())
    document.addEventListener('visibilitychange', update)
    window.addEventListener('focus', update)
    window.addEventListener('blur', update)
    return () => {
      document.removeEventListener('visibilitychange', update)
      window.removeEventListener('focus', update)
      window.removeEventListener('blur', update)
    }
  }, [])
  return attended
}
