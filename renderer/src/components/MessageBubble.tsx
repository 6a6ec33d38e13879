// One message: text, time, and for my own messages whether it was delivered.
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { formatFull, formatTime } from '../format.ts'
import { DeliveredIcon, PendingIcon } from './Icons.tsx'

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
  const delivered = message.status === 'delivered'
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
          {out && (
            <span
              className={delivered ? 'tick delivered' : 'tick pending'}
              role="img"
              aria-label={delivered ? t('chat.delivered') : t('chat.pending')}
              title={delivered ? t('chat.delivered') : t('chat.pending')}
              data-testid="message-status"
            >
              {delivered ? <DeliveredIcon /> : <PendingIcon />}
            </span>
          )}
        </span>
      </div>
    </div>
  )
})
