// One conversation's messages: the newest page first, older pages on demand,
// incoming messages, changes (edits, deletions, reactions) and receipts (stored,
// delivered, read; in a group, to and by how many members) live.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Message, MessageStatus } from '../../../protocol/api.ts'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { compareMessages } from '../format.ts'
import { errorMessage } from './parley-context.tsx'

export const PAGE_SIZE = 50

const RANK: Record<Message['status'], number> = {
  pending: 0,
  stored: 1,
  delivered: 2,
  read: 3,
  received: 3,
}

/** Adds or updates messages by id, keeping chat order; a status never goes back, nor a delivery count. */
function merge(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current
  const byId = new Map(current.map((m) => [m.id, m]))
  for (const m of incoming) {
    const known = byId.get(m.id)
    byId.set(m.id, known ? forward(known, m) : m)
  }
  return [...byId.values()].sort(compareMessages)
}

/** `m` as it is now, but no further back than `known` got. */
function forward(known: Message, m: Message): Message {
  let next = m
  if (RANK[known.status] > RANK[m.status]) next = { ...next, status: known.status }
  if (known.delivery && next.delivery) {
    next = { ...next, delivery: counted(next.delivery, known.delivery) }
  }
  return next
}

/** A group message's counts, each the higher of the two (they only grow). */
function counted(
  delivery: NonNullable<Message['delivery']>,
  heard: { delivered: number; read?: number | undefined },
): NonNullable<Message['delivery']> {
  const delivered = Math.min(Math.max(delivery.delivered, heard.delivered), delivery.of)
  const read = Math.min(Math.max(delivery.read ?? 0, heard.read ?? 0), delivery.of)
  if (delivered === delivery.delivered && read === (delivery.read ?? 0)) return delivery
  return { ...delivery, delivered, ...(read > 0 ? { read } : {}) }
}

/**
 * The statuses the core announced for our messages in this conversation. They can
 * overtake the message they name (the reply to send(), a page of history), so they
 * are kept and applied to every message as it is shown.
 */
type Statuses = Map<string, MessageStatus>

/**
 * How many members each of our group messages was told delivered to, and read by,
 * while the chat is open (the core counts with each member's acknowledgement or
 * receipt; two may come in either order, so the higher count is the newer).
 */
type Deliveries = Map<string, { delivered: number; read: number }>

/** Moves our messages forward to what the core said; the same array when nothing moved. */
function applyHeard(current: Message[], statuses: Statuses, deliveries: Deliveries): Message[] {
  let moved = false
  const next = current.map((m) => {
    let now = m
    const status = statuses.get(m.id)
    if (status !== undefined && RANK[status] > RANK[m.status]) now = { ...now, status }
    const heard = deliveries.get(m.id)
    if (heard && now.delivery) {
      const delivery = counted(now.delivery, heard)
      if (delivery !== now.delivery) now = { ...now, delivery }
      if ((delivery.read ?? 0) >= delivery.of && RANK[now.status] < RANK.read) {
        now = { ...now, status: 'read' }
      }
    }
    if (now !== m) moved = true
    return now
  })
  return moved ? next : current
}

export interface ConversationMessages {
  messages: Message[]
  status: 'loading' | 'ready' | 'failed'
  error: string | null
  hasMore: boolean
  loadingOlder: boolean
  loadOlder(): void
  /** Shows a message we just sent (the API resolves with it once stored). */
  addSent(message: Message): void
}

export function useConversation(api: RemoteParley, conversationId: string): ConversationMessages {
  const [messages, setMessages] = useState<Message[]>([])
  const [status, setStatus] = useState<ConversationMessages['status']>('loading')
  const [error, setError] = useState<string | null>(null)
  const [hasMore, setHasMore] = useState(false)
  const [loadingOlder, setLoadingOlder] = useState(false)
  const statuses = useRef<Statuses>(new Map())
  const deliveries = useRef<Deliveries>(new Map())
  const busy = useRef(false)
  const oldest = useRef<string | undefined>(undefined)
  oldest.current = messages[0]?.id

  /** Shows `page` (merged with what is shown) as receipts have it. */
  const show = useCallback((page: Message[]) => {
    setMessages((current) => applyHeard(merge(current, page), statuses.current, deliveries.current))
  }, [])

  useEffect(() => {
    let cancelled = false
    statuses.current = new Map()
    deliveries.current = new Map()
    const count = (id: string, heard: { delivered?: number; read?: number }) => {
      const known = deliveries.current.get(id) ?? { delivered: 0, read: 0 }
      deliveries.current.set(id, {
        delivered: Math.max(known.delivered, heard.delivered ?? 0),
        read: Math.max(known.read, heard.read ?? 0),
      })
    }
    const heard = (ids: readonly string[], status: MessageStatus) => {
      for (const id of ids) {
        const known = statuses.current.get(id)
        if (known === undefined || RANK[status] > RANK[known]) statuses.current.set(id, status)
      }
      show([])
    }
    const stops = [
      api.on('message', (m) => {
        if (m.conversationId !== conversationId) return
        const { path: _path, ...message } = m
        show([message])
      }),
      // Edited, deleted for everyone, reacted to: the core sends the message as it is now.
      api.on('changed', ({ change, message }) => {
        if (message.conversationId !== conversationId) return
        if (change === 'removed')
          setMessages((current) => current.filter((m) => m.id !== message.id))
        else show([message])
      }),
      // A group message's is told once for each member who has it, with the count:
      // delivered once every member has it.
      api.on('delivered', ({ conversationId: of, id, delivery }) => {
        if (of !== conversationId) return
        if (!delivery) return heard([id], 'delivered')
        count(id, { delivered: delivery.delivered })
        if (delivery.delivered >= delivery.of) heard([id], 'delivered')
        else show([])
      }),
      api.on('receipt', (r) => {
        if (r.conversationId !== conversationId) return
        if (r.status === 'stored') return heard([r.id], r.status)
        const { reads } = r
        if (reads === undefined) return heard(r.ids, r.status)
        // A group's: read once every member has (the count reaching the message's `of`).
        for (const [i, id] of r.ids.entries()) count(id, { read: reads[i] ?? 0 })
        show([])
      }),
    ]
    busy.current = true
    api.history({ conversationId, limit: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return
        busy.current = false
        show(page)
        setHasMore(page.length === PAGE_SIZE)
        setStatus('ready')
      },
      (err: unknown) => {
        if (cancelled) return
        busy.current = false
        setError(errorMessage(err))
        setStatus('failed')
      },
    )
    return () => {
      cancelled = true
      for (const stop of stops) stop()
    }
  }, [api, conversationId, show])

  const loadOlder = useCallback(() => {
    const before = oldest.current
    if (busy.current || !before) return
    busy.current = true
    setLoadingOlder(true)
    api.history({ conversationId, before, limit: PAGE_SIZE }).then(
      (page) => {
        busy.current = false
        setLoadingOlder(false)
        show(page)
        setHasMore(page.length === PAGE_SIZE)
      },
      (err: unknown) => {
        busy.current = false
        setLoadingOlder(false)
        setError(errorMessage(err))
      },
    )
  }, [api, conversationId, show])

  const addSent = useCallback((message: Message) => show([message]), [show])

  return { messages, status, error, hasMore, loadingOlder, loadOlder, addSent }
}
