// What every open chat shares, a contact's or a group's: its messages and what can
// be done to them, the composer (or why there is none), marking it read, and
// telling screen readers what comes in. The chat's own header and banners come in.
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { memberName } from '../state/app-state.ts'
import { type MessageActions, MessageActionsContext } from '../state/message-actions.tsx'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { useConversation } from '../state/use-conversation.ts'
import { systemText } from '../system-text.ts'
import { Composer, type ComposerTarget } from './Composer.tsx'
import { MessageList } from './MessageList.tsx'

export function ChatFrame({
  chatKey,
  conversationId,
  name,
  to,
  header,
  banner,
  closed = null,
}: {
  /** The chat's key in the shared state: the contact's peer id, or the group's conversation id. */
  chatKey: string
  conversationId: string
  /** The contact's name, or the group's. */
  name: string
  to: ComposerTarget
  header: ReactNode
  banner?: ReactNode
  /** Why nothing new can be written here, shown instead of the composer. */
  closed?: ReactNode
}) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const conversation = state.conversations.get(chatKey)
  const group = 'groupId' in to
  const chat = useConversation(api, conversationId)
  const [stickSignal, setStickSignal] = useState(0)
  const unread = conversation?.unread ?? 0
  const [announcement, setAnnouncement] = useState('')
  const self = state.profile.peerId
  const { contacts } = state
  const groupNow = state.groups.get(chatKey)
  // In a group, whom "@" offers: everyone in it but me.
  const mentionable = useMemo(
    () =>
      (groupNow?.members ?? [])
        .filter((m) => m.peerId !== self)
        .map((m) => ({ peerId: m.peerId, name: memberName(contacts, m.peerId, groupNow) })),
    [groupNow, self, contacts],
  )
  // In a group anyone may have written; in a direct chat, they or we.
  const nameOf = useCallback(
    (peerId: string) =>
      peerId === self ? t('chat.you') : group ? memberName(contacts, peerId, groupNow) : name,
    [self, group, groupNow, contacts, name, t],
  )

  // A message counts as read (and its sender may be told) once it is shown in the
  // focused window: opening the conversation reads it, and so does a message arriving
  // while it is in view; one that came while the window was away is read on return.
  const attended = useWindowAttended()
  const hasUnread = unread > 0
  const opened = useRef(false)
  useEffect(() => {
    if (!attended || (opened.current && !hasUnread)) return
    opened.current = true
    dispatch({ type: 'read', peerId: chatKey })
    api.markRead({ conversationId }).catch((err: unknown) => console.warn('parley: markRead', err))
  }, [api, dispatch, chatKey, conversationId, attended, hasUnread])

  // Tell screen readers about messages as they come in (not ours: we wrote them).
  useEffect(
    () =>
      api.on('message', (m) => {
        if (m.conversationId !== conversationId || m.direction === 'out') return
        setAnnouncement(
          m.kind
            ? systemText(t, m.kind, m, name, { self, nameOf })
            : t('chat.incoming', { name: nameOf(m.sender), text: m.text.slice(0, 200) }),
        )
      }),
    [api, conversationId, name, self, nameOf, t],
  )

  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const [editing, setEditing] = useState<Message | null>(null)
  const [jumpTo, setJumpTo] = useState<{ id: string; n: number } | null>(null)
  const [changeError, setChangeError] = useState<string | null>(null)
  const readOnly = closed !== null
  const actions = useMemo<MessageActions>(() => {
    const failed = (err: unknown) => setChangeError(errorMessage(err))
    return {
      self,
      name,
      group,
      nameOf,
      readOnly,
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
  }, [api, self, name, group, nameOf, readOnly])
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
      <section
        className="chat"
        aria-label={name}
        data-testid="chat-view"
        data-peer-id={chatKey}
        data-kind={group ? 'group' : 'direct'}
      >
        {header}
        {banner}
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
        {closed ?? (
          <Composer
            to={to}
            name={name}
            members={mentionable}
            onSent={onSent}
            replyTo={replyTo}
            editing={editing}
            onDone={done}
            onEditLast={editLast}
          />
        )}
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
