// The messages of one conversation, virtualized: newest at the bottom, older
// pages loaded when scrolled to the top, a separator between days.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../protocol/api.ts'
import { dayKey, daysAgo, formatDay } from '../format.ts'
import { MessageActionsContext } from '../state/message-actions.tsx'
import { MessageBubble } from './MessageBubble.tsx'
import { SystemMessage } from './SystemMessage.tsx'

type Row =
  | { kind: 'top'; key: string }
  | { kind: 'day'; key: string; ms: number }
  | { kind: 'message'; key: string; message: Message; continued: boolean }

/** Messages from one sender within this long of each other form a run. */
const GROUP_MS = 5 * 60 * 1000
/** Start loading the previous page this close to the top. */
const LOAD_OLDER_PX = 400
/** Within this of the bottom, new messages keep the view at the bottom. */
const STICK_PX = 48

function toRows(messages: Message[]): Row[] {
  const rows: Row[] = [{ kind: 'top', key: 'top' }]
  let previous: Message | undefined
  for (const message of messages) {
    const day = dayKey(message.hlc.wall)
    const newDay = !previous || dayKey(previous.hlc.wall) !== day
    if (newDay) rows.push({ kind: 'day', key: `day:${day}`, ms: message.hlc.wall })
    // System lines stand apart from the texts around them; in a group, so does each sender's run.
    const continued =
      !newDay &&
      previous !== undefined &&
      !previous.kind &&
      !message.kind &&
      previous.direction === message.direction &&
      previous.sender === message.sender &&
      message.hlc.wall - previous.hlc.wall < GROUP_MS
    rows.push({ kind: 'message', key: message.id, message, continued })
    previous = message
  }
  return rows
}

export function MessageList({
  name,
  messages,
  status,
  error,
  hasMore,
  loadingOlder,
  onLoadOlder,
  stickSignal,
  jumpTo,
}: {
  name: string
  messages: Message[]
  status: 'loading' | 'ready' | 'failed'
  error: string | null
  hasMore: boolean
  loadingOlder: boolean
  onLoadOlder: () => void
  /** Changes when the view must jump to the newest message (after sending). */
  stickSignal: number
  /** A message to bring into view and highlight (the one a reply answers); `n` repeats a jump. */
  jumpTo: { id: string; n: number } | null
}) {
  const { t, i18n } = useTranslation()
  const group = useContext(MessageActionsContext)?.group === true
  const rows = useMemo(() => toRows(messages), [messages])
  const scrollRef = useRef<HTMLElement>(null)
  const stick = useRef(true)
  /** Set before loading older messages, to keep the view still when they arrive. */
  const anchor = useRef<{ scrollTop: number; total: number } | null>(null)

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'message' ? 56 : 40),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 8,
    paddingStart: 8,
    paddingEnd: 12,
  })
  const total = virtualizer.getTotalSize()

  const loadOlder = useCallback(() => {
    const el = scrollRef.current
    if (!el || !hasMore || loadingOlder || status !== 'ready') return
    anchor.current = { scrollTop: el.scrollTop, total: virtualizer.getTotalSize() }
    onLoadOlder()
  }, [hasMore, loadingOlder, status, onLoadOlder, virtualizer])

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
    if (el.scrollTop < LOAD_OLDER_PX) loadOlder()
  }

  // Older messages arrived above: keep what the user was looking at in place.
  const firstKey = messages[0]?.id
  useLayoutEffect(() => {
    const el = scrollRef.current
    const held = anchor.current
    if (!el || !held || firstKey === undefined) return
    anchor.current = null
    el.scrollTop = held.scrollTop + (virtualizer.getTotalSize() - held.total)
  }, [firstKey, virtualizer])

  // A page that added nothing older (or failed) leaves no anchor behind.
  useLayoutEffect(() => {
    if (!loadingOlder) anchor.current = null
  }, [loadingOlder])

  // At the bottom (or just sent): stay there as messages arrive and get measured.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever the content grows
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (el && stick.current) el.scrollTop = el.scrollHeight
  }, [total, rows.length])

  useLayoutEffect(() => {
    if (stickSignal === 0) return
    stick.current = true
    const el = scrollRef.current
    if (el) el.scrollTop = el.scrollHeight
  }, [stickSignal])

  // Once per jump: a message arriving later does not pull the view back to it.
  const jumped = useRef(0)
  useLayoutEffect(() => {
    if (!jumpTo || jumped.current === jumpTo.n) return
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === jumpTo.id)
    // Not loaded yet: older pages come in until it is (or there are no more).
    if (index < 0) return loadOlder()
    jumped.current = jumpTo.n
    stick.current = false
    virtualizer.scrollToIndex(index, { align: 'center' })
  }, [jumpTo, rows, virtualizer, loadOlder])

  // A first page that does not fill the view: fetch more until it does.
  useEffect(() => {
    const el = scrollRef.current
    if (
      el &&
      status === 'ready' &&
      hasMore &&
      !loadingOlder &&
      el.scrollHeight <= el.clientHeight
    ) {
      loadOlder()
    }
  }, [status, hasMore, loadingOlder, loadOlder])

  const renderRow = (row: Row) => {
    switch (row.kind) {
      case 'top':
        return (
          <div className="list-top">
            {status === 'loading' || loadingOlder ? (
              <span className="muted" role="status">
                {t('chat.loadingOlder')}
              </span>
            ) : status === 'failed' || error ? (
              <span className="error-text" role="alert">
                {t('chat.loadFailed', { message: error ?? '' })}
              </span>
            ) : !hasMore ? (
              <span className="muted" data-testid="conversation-start">
                {messages.length === 0
                  ? t('chat.noMessages')
                  : group
                    ? t('chat.beginningGroup', { name })
                    : t('chat.beginning', { name })}
              </span>
            ) : null}
          </div>
        )
      case 'day': {
        const ago = daysAgo(row.ms)
        const label =
          ago === 0
            ? t('chat.today')
            : ago === 1
              ? t('chat.yesterday')
              : formatDay(row.ms, i18n.language)
        return (
          <div className="day-separator" data-testid="day-separator">
            <span>{label}</span>
          </div>
        )
      }
      case 'message': {
        const { message } = row
        return message.kind ? (
          <SystemMessage message={message} kind={message.kind} name={name} />
        ) : (
          <MessageBubble
            message={message}
            name={name}
            continued={row.continued}
            highlighted={jumpTo?.id === message.id}
          />
        )
      }
    }
  }

  return (
    <section
      ref={scrollRef}
      className="message-scroll"
      onScroll={onScroll}
      aria-label={t('chat.messages', { name })}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable from the keyboard
      tabIndex={0}
      data-testid="message-list"
      data-message-count={messages.length}
    >
      <div className="message-column">
        <div className="message-spacer" />
        <div className="message-canvas" style={{ height: total }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]
            if (!row) return null
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="virtual-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {renderRow(row)}
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
