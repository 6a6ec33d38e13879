// A friend request, its acceptance, a changed safety number or a change to a
// group in a chat: a centered line, not a bubble.
import { memo, useContext } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { formatFull, formatTime } from '../format.ts'
import { MessageActionsContext } from '../state/message-actions.tsx'
import { systemText } from '../system-text.ts'
import { SafetyNumberButton } from './SafetyNumber.tsx'

export const SystemMessage = memo(function SystemMessage({
  message,
  kind,
  name,
}: {
  message: Message
  kind: NonNullable<Message['kind']>
  name: string
}) {
  const { t, i18n } = useTranslation()
  // The open chat names a group notice's people.
  const namer = useContext(MessageActionsContext) ?? undefined
  const ms = message.hlc.wall
  return (
    <div
      className="system-message"
      data-testid="system-message"
      data-message-id={message.id}
      data-kind={kind}
      data-direction={message.direction}
    >
      <p>
        <span data-testid="system-message-text">{systemText(t, kind, message, name, namer)}</span>
        <time dateTime={new Date(ms).toISOString()} title={formatFull(ms, i18n.language)}>
          {formatTime(ms, i18n.language)}
        </time>
      </p>
      {kind === 'identity-changed' && (
        <SafetyNumberButton
          peerId={message.peerId}
          label={t('system.safetyOpen')}
          small
          testId="safety-changed-open"
        />
      )}
    </div>
  )
})
