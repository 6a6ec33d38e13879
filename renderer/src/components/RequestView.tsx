// A friend request, in the chat pane: who asks, their greeting, what they sent
// meanwhile (read-only), and Accept, Decline or Block. Accepting turns it into
// the chat; declining and blocking close it.
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact, Message } from '../../../protocol/api.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { shownName } from '../../../protocol/names.ts'
import { compareMessages, shortPeerId } from '../format.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import { PAGE_SIZE } from '../state/use-conversation.ts'
import { Avatar } from './Avatar.tsx'
import { BackButton } from './BackButton.tsx'
import { BlockButton } from './BlockButton.tsx'
import { MessageBubble } from './MessageBubble.tsx'

export function RequestView({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const { peerId } = contact
  const name = shownName(peerId, contact)
  const held = useHeldMessages(contact)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const headingId = useId()

  const answer = async (accept: boolean) => {
    setBusy(true)
    setError(null)
    try {
      if (accept) {
        // The pane turns into the chat as the contact becomes accepted.
        dispatch({ type: 'contact', contact: await api.acceptContact({ peerId }) })
      } else {
        await api.declineContact({ peerId })
        dispatch({ type: 'contact-removed', peerId })
        onClose()
      }
    } catch (err) {
      setError(t('requests.failed', { message: errorMessage(err) }))
      setBusy(false)
    }
  }

  return (
    <section
      className="chat request-view"
      aria-labelledby={headingId}
      data-testid="request-view"
      data-peer-id={peerId}
    >
      <header className="chat-header">
        <BackButton onClick={onClose} />
        <h1 className="chat-name">{t('requests.heading')}</h1>
      </header>
      <div className="request-scroll">
        <div className="request-card">
          <Avatar peerId={peerId} name={name} src={contact.avatar} size={72} />
          <h2 id={headingId} className="request-who" data-testid="request-name">
            {name}
          </h2>
          <p>{t('requests.wants')}</p>
          <p className="peer-id" title={peerId}>
            {t('chat.peerId', { id: shortPeerId(peerId) })}
          </p>
          {contact.greeting && (
            <blockquote
              className="request-greeting"
              aria-label={t('requests.greeting')}
              data-testid="request-greeting"
            >
              {contact.greeting}
            </blockquote>
          )}
        </div>
        {held.messages.length > 0 && (
          <section className="request-held" aria-label={t('requests.held')}>
            <h3 className="sidebar-title">{t('requests.held')}</h3>
            {held.messages.map((m, i) => (
              <MessageBubble key={m.id} message={m} name={name} continued={i > 0} />
            ))}
          </section>
        )}
        {held.error && (
          <p role="alert" className="error-text">
            {t('chat.loadFailed', { message: held.error })}
          </p>
        )}
        <p className="muted small request-note">{t('requests.note')}</p>
      </div>
      <footer className="request-actions">
        {error && (
          <p role="alert" className="error-text" data-testid="request-error">
            {error}
          </p>
        )}
        <BlockButton contact={contact} onBlocked={onClose} />
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void answer(false)}
          data-testid="request-decline"
        >
          {t('requests.decline')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => void answer(true)}
          data-testid="request-accept"
        >
          {t('requests.accept')}
        </button>
      </footer>
    </section>
  )
}

/**
 * The texts a request's sender sent while waiting (its latest page), oldest first.
 * They come with no 'message' event; the core tells of each through a 'contact' event.
 */
function useHeldMessages(contact: Contact): { messages: Message[]; error: string | null } {
  const { api, state } = useParley()
  const conversationId = directConversationId(state.profile.peerId, contact.peerId)
  const [messages, setMessages] = useState<Message[]>([])
  const [error, setError] = useState<string | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again whenever the request changes
  useEffect(() => {
    let cancelled = false
    api.history({ conversationId, limit: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return
        // The request itself is shown as the greeting.
        setMessages(page.filter((m) => !m.kind).sort(compareMessages))
        setError(null)
      },
      (err: unknown) => !cancelled && setError(errorMessage(err)),
    )
    return () => {
      cancelled = true
    }
  }, [api, conversationId, contact])
  return { messages, error }
}
