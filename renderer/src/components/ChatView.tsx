// One open conversation: header (with status and typing), messages, composer.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { shownName } from '../../../protocol/names.ts'
import { shortPeerId } from '../format.ts'
import { presenceOf } from '../state/app-state.ts'
import { useParley } from '../state/parley-context.tsx'
import { useConversation } from '../state/use-conversation.ts'
import { systemText } from '../system-text.ts'
import { useNow } from '../use-now.ts'
import { Avatar } from './Avatar.tsx'
import { Composer } from './Composer.tsx'
import { ContactInfoButton } from './ContactInfoDialog.tsx'
import { BackIcon } from './Icons.tsx'
import { MessageList } from './MessageList.tsx'
import { PathIcon } from './PathIcon.tsx'
import { PresenceBadge } from './PresenceBadge.tsx'

export function ChatView({ peerId, onBack }: { peerId: string; onBack: () => void }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const contact = state.contacts.get(peerId)
  const conversation = state.conversations.get(peerId)
  const conversationId = conversation?.id ?? directConversationId(state.profile.peerId, peerId)
  const name = shownName(peerId, contact)
  const path = state.paths.get(peerId)?.path ?? null
  const chat = useConversation(api, conversationId)
  const [stickSignal, setStickSignal] = useState(0)
  const unread = conversation?.unread ?? 0
  const [announcement, setAnnouncement] = useState('')
  const now = useNow(60_000)
  const typing = state.typing.has(peerId)

  // Opening the conversation reads it; so does a message arriving while it is in view.
  const visible = useDocumentVisible()
  const hasUnread = unread > 0
  const opened = useRef(false)
  useEffect(() => {
    if (!visible || (opened.current && !hasUnread)) return
    opened.current = true
    dispatch({ type: 'read', peerId })
    api.markRead({ conversationId }).catch((err: unknown) => console.warn('parley: markRead', err))
  }, [api, dispatch, peerId, conversationId, visible, hasUnread])

  // Tell screen readers about messages as they come in.
  useEffect(
    () =>
      api.on('message', (m) => {
        if (m.conversationId !== conversationId) return
        setAnnouncement(
          m.kind
            ? systemText(t, m.kind, m, name)
            : t('chat.incoming', { name, text: m.text.slice(0, 200) }),
        )
      }),
    [api, conversationId, name, t],
  )

  const onSent = useCallback(
    (message: Message) => {
      chat.addSent(message)
      setStickSignal((n) => n + 1)
    },
    [chat.addSent],
  )

  return (
    <section className="chat" aria-label={name} data-testid="chat-view" data-peer-id={peerId}>
      <header className="chat-header" data-testid="chat-header">
        <button
          type="button"
          className="icon-button back-button"
          aria-label={t('chat.back')}
          onClick={onBack}
        >
          <BackIcon />
        </button>
        <Avatar peerId={peerId} name={name} src={contact?.avatar} size={36} />
        <div className="chat-title">
          <h1 className="chat-name" data-testid="chat-name">
            {name}
          </h1>
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
            <PathIcon path={path} />
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
      />
      <Composer peerId={peerId} name={name} onSent={onSent} />
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </section>
  )
}

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible')
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', update)
    return () => document.removeEventListener('visibilitychange', update)
  }, [])
  return visible
}
