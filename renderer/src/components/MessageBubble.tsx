// One message: text, time, and for my own messages how far it got: pending, stored
// on a relay, delivered, read.
import { memo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message, MessageStatus } from '../../../protocol/api.ts'
import { formatFull, formatTime } from '../format.ts'
import { DeliveredIcon, PendingIcon, ReadIcon, StoredIcon } from './Icons.tsx'

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
}: {
  message: Message
  name: string
  continued: boolean
}) {
  const { t, i18n } = useTranslation()
  const out = message.direction === 'out'
  // Only my own messages have a status to show ('received' is theirs).
  const status = message.status === 'received' ? null : message.status
  const ms = message.hlc.wall
  return (
    <div
      className={`message ${out ? 'out' : 'in'}${continued ? ' continued' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-status={message.status}
    >
      <div className="bubble">
        <span className="sr-only">{out ? t('chat.fromMe') : t('chat.from', { name })}</span>
        <p className="message-text" data-testid="message-text">
          {message.text}
        </p>
        <span className="message-meta">
          <time dateTime={new Date(ms).toISOString()} title={formatFull(ms, i18n.language)}>
            {formatTime(ms, i18n.language)}
          </time>
          {status && <StatusTick status={status} name={name} />}
        </span>
      </div>
    </div>
  )
})

function StatusTick({ status, name }: { status: OutStatus; name: string }) {
  const { t } = useTranslation()
  const Tick = TICKS[status]
  const label = t(`chat.${status}`, { name })
  return (
    <span
      className={`tick ${status}`}
      role="img"
      aria-label={label}
      title={label}
      data-testid="message-status"
    >
      <Tick />
    </span>
  )
}
