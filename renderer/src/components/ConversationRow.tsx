// One sidebar row: who and their status (or a group), the last message and
// when, unread count, and the path.
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatActivity, formatFull } from '../format.ts'
import type { PeerSummary } from '../state/app-state.ts'
import { systemText } from '../system-text.ts'
import { Avatar } from './Avatar.tsx'
import { PathIcon } from './PathIcon.tsx'
import { PresenceBadge } from './PresenceBadge.tsx'

export const ConversationRow = memo(function ConversationRow({
  peer,
  self,
  now,
  selected,
  onSelect,
}: {
  peer: PeerSummary
  /** Our own peer id: "You" in a group's preview. */
  self: string
  now: number
  selected: boolean
  onSelect: (peerId: string) => void
}) {
  const { t, i18n } = useTranslation()
  const { name, lastMessage, memberName } = peer
  // A group's row names who wrote, and says what a notice says.
  const namer = memberName && {
    self,
    nameOf: (p: string) => (p === self ? t('chat.you') : memberName(p)),
  }
  const preview = !lastMessage
    ? t('sidebar.noMessages')
    : lastMessage.kind
      ? systemText(t, lastMessage.kind, lastMessage, name, namer)
      : lastMessage.deleted
        ? t('chat.deleted')
        : lastMessage.direction === 'out'
          ? t('sidebar.you', { text: lastMessage.text })
          : namer && lastMessage.sender
            ? t('sidebar.from', { name: namer.nameOf(lastMessage.sender), text: lastMessage.text })
            : lastMessage.text
  const unread = selected ? 0 : peer.unread
  return (
    <button
      type="button"
      className="conversation-row"
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(peer.peerId)}
      data-testid="conversation-row"
      data-peer-id={peer.peerId}
      data-kind={peer.group ? 'group' : 'direct'}
      data-unread={unread}
    >
      <span className="avatar-with-status">
        <Avatar peerId={peer.peerId} name={peer.name} src={peer.avatar} group={peer.group} />
        {peer.presence && <PresenceBadge presence={peer.presence} now={now} />}
      </span>
      <span className="row-main">
        <span className="row-top">
          <span className="row-name" data-testid="conversation-name">
            {name}
          </span>
          {peer.lastActivity > 0 && (
            <time
              className="row-time"
              dateTime={new Date(peer.lastActivity).toISOString()}
              title={formatFull(peer.lastActivity, i18n.language)}
            >
              {formatActivity(peer.lastActivity, i18n.language, now)}
            </time>
          )}
        </span>
        <span className="row-bottom">
          <span
            className={lastMessage ? 'row-preview' : 'row-preview muted'}
            data-testid="conversation-preview"
          >
            {preview.replace(/\s+/g, ' ')}
          </span>
          {unread > 0 && (
            <>
              <span className="badge" data-testid="unread-badge" aria-hidden="true">
                {unread > 99 ? '99+' : unread}
              </span>
              <span className="sr-only">{t('sidebar.unread', { count: unread })}</span>
            </>
          )}
        </span>
        {/* A group has no one path: its members each have theirs. */}
        {!peer.group && <PathIcon path={peer.path} turn={peer.turn} rttMs={peer.rttMs} />}
      </span>
    </button>
  )
})
