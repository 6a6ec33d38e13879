// One message: in a group who wrote it, the message it answers (a click goes there),
// its text (or that it was deleted; its @mentions marked, mine the most), "edited", time, for my own messages how far it
// got (pending, stored on a relay, delivered, read; in a group, to how many members),
// its reactions, and its tools.
import { memo, type ReactNode, useContext, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message, MessageStatus, Quote } from '../../../protocol/api.ts'
import { formatFull, formatTime } from '../format.ts'
import { mentionParts } from '../mentions.ts'
import { type MessageActions, MessageActionsContext } from '../state/message-actions.tsx'
import { useParley } from '../state/parley-context.tsx'
import { peerHue } from './Avatar.tsx'
import { DeliveredIcon, PendingIcon, ReadIcon, StoredIcon } from './Icons.tsx'
import { MessageTools } from './MessageTools.tsx'

type OutStatus = Exclude<MessageStatus, 'received'>

const TICKS: Record<OutStatus, () => ReactNode> = {
  pending: PendingIcon,
  stored: StoredIcon,
  delivered: DeliveredIcon,
  read: ReadIcon,
}

export const MessageBubble = memo(function MessageBubble({
  message,
  name,
  continued,
  highlighted = false,
}: {
  message: Message
  name: string
  continued: boolean
  /** Just jumped to from a reply: shown highlighted for a moment. */
  highlighted?: boolean
}) {
  const { t, i18n } = useTranslation()
  // None in a message request: it is read, not answered, until accepted.
  const actions = useContext(MessageActionsContext)
  const out = message.direction === 'out'
  // Only my own messages have a status to show ('received' is theirs).
  const status = message.status === 'received' ? null : message.status
  const ms = message.hlc.wall
  const group = actions?.group === true
  const who = group && actions ? actions.nameOf(message.sender) : name
  return (
    <div
      className={`message ${out ? 'out' : 'in'}${continued ? ' continued' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-status={message.status}
      data-deleted={message.deleted ? 'true' : undefined}
    >
      <div className={highlighted ? 'bubble highlighted-bubble' : 'bubble'}>
        {group && !out && !continued && (
          <span
            className="message-sender"
            style={{ ['--avatar-hue' as string]: String(peerHue(message.sender)) }}
            aria-hidden="true"
            data-testid="message-sender"
          >
            {who}
          </span>
        )}
        <span className="sr-only">{out ? t('chat.fromMe') : t('chat.from', { name: who })}</span>
        {message.quote && actions && <QuoteLine quote={message.quote} actions={actions} />}
        {message.deleted ? (
          <p className="message-text deleted" data-testid="message-text">
            {t('chat.deleted')}
          </p>
        ) : (
          <p className="message-text" data-testid="message-text">
            {message.mentions
              ? mentionParts(message.text, message.mentions).map((part, i) =>
                  part.peerId === undefined ? (
                    part.text
                  ) : (
                    <span
                      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
                      key={i}
                      className={part.peerId === actions?.self ? 'mention mention-me' : 'mention'}
                      data-testid="mention"
                    >
                      {part.text}
                    </span>
                  ),
                )
              : message.text}
          </p>
        )}
        <span className="message-meta">
          {message.editedAt && !message.deleted && (
            <span
              className="edited"
              title={t('chat.editedBefore', {
                versions: (message.edits ?? []).map((e) => `“${e.text}”`).join(', '),
              })}
              data-testid="edited-label"
            >
              {t('chat.edited')}
            </span>
          )}
          <time dateTime={new Date(ms).toISOString()} title={formatFull(ms, i18n.language)}>
            {formatTime(ms, i18n.language)}
          </time>
          {status && (
            <StatusTick
              id={message.id}
              status={status}
              name={name}
              group={group}
              delivery={message.delivery}
            />
          )}
        </span>
      </div>
      {actions && <Reactions message={message} actions={actions} />}
      {actions && <MessageTools message={message} />}
    </div>
  )
})

function QuoteLine({ quote, actions }: { quote: Quote; actions: MessageActions }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      className="quote"
      onClick={() => actions.jump(quote.id)}
      title={t('chat.jump')}
      data-testid="quote"
    >
      <span className="quote-sender">{actions.nameOf(quote.sender)}</span>
      {quote.snippet ? (
        <span className="quote-snippet">{quote.snippet}</span>
      ) : (
        <span className="quote-snippet deleted">{t('chat.deleted')}</span>
      )}
    </button>
  )
}

/** One chip per emoji with how many chose it; hovering tells who. Mine toggles on click. */
function Reactions({ message, actions }: { message: Message; actions: MessageActions }) {
  const { t } = useTranslation()
  const chosen = (message.reactions ?? []).filter((r) => r.emoji !== '')
  if (message.deleted || chosen.length === 0) return null
  const byEmoji = new Map<string, string[]>()
  for (const r of chosen) byEmoji.set(r.emoji, [...(byEmoji.get(r.emoji) ?? []), r.peerId])
  return (
    <div className="reactions" data-testid="reactions">
      {[...byEmoji].map(([emoji, peers]) => {
        const mine = peers.includes(actions.self)
        const names = peers.map((p) => actions.nameOf(p))
        const label = t('chat.reactedBy', { names: names.join(', '), emoji })
        return (
          <button
            key={emoji}
            type="button"
            className={`reaction${mine ? ' mine' : ''}`}
            title={label}
            aria-label={label}
            aria-pressed={mine}
            disabled={actions.readOnly}
            onClick={() => void actions.react(message, mine ? null : emoji)}
            data-testid="reaction"
            data-emoji={emoji}
          >
            <span>{emoji}</span>
            <span className="reaction-count">{peers.length}</span>
          </button>
        )
      })}
    </div>
  )
}

function StatusTick({
  id,
  status,
  name,
  group,
  delivery,
}: {
  id: string
  status: OutStatus
  name: string
  group: boolean
  delivery: Message['delivery']
}) {
  const { t } = useTranslation()
  const { api } = useParley()
  const actions = useContext(MessageActionsContext)
  // A group message's tick names who read it and whom it waits for, asked on hover.
  const [who, setWho] = useState<string | null>(null)
  const askWho = () => {
    if (!delivery || !actions) return
    api.messageInfo({ id }).then(
      ({ readBy, waitingFor }) => {
        const names = (peers: string[]) => peers.map((p) => actions.nameOf(p)).join(', ')
        const parts = [
          ...(readBy.length > 0 ? [t('chat.readByNames', { names: names(readBy) })] : []),
          ...(waitingFor.length > 0
            ? [t('chat.waitingForNames', { names: names(waitingFor) })]
            : []),
        ]
        setWho(parts.join(' · '))
      },
      () => setWho(null),
    )
  }
  const Tick = TICKS[status]
  // A group's message reaches its members one by one: say how many have it (and have
  // read it), once the core counts.
  const label = delivery
    ? delivery.read
      ? t('chat.deliveredReadBy', {
          count: delivery.delivered,
          of: delivery.of,
          read: delivery.read,
        })
      : t('chat.deliveredTo', { count: delivery.delivered, of: delivery.of })
    : status === 'stored' && group
      ? t('chat.storedGroup')
      : t(`chat.${status}`, { name })
  // Named: how many have it, then who read it and whom it waits for.
  const titled =
    who && delivery
      ? `${t('chat.deliveredTo', { count: delivery.delivered, of: delivery.of })} · ${who}`
      : label
  return (
    <span
      className={`tick ${status}`}
      role="img"
      aria-label={titled}
      title={titled}
      onMouseEnter={askWho}
      data-testid="message-status"
    >
      <Tick />
      {delivery && (
        <span
          className="delivery-count"
          aria-hidden="true"
          data-read={delivery.read ?? 0}
          data-testid="message-delivery"
        >
          {delivery.delivered}/{delivery.of}
        </span>
      )}
    </span>
  )
}
