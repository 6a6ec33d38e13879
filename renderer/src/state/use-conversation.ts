// One conversation's messages: the newest page first, older pages on demand,
// incoming messages and delivery receipts live.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Message } from '../../../protocol/api.ts'
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

/** Adds or updates messages by id, keeping chat order; a status never goes back. */
function merge(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current
  const byId = new Map(current.map((m) => [m.id, m]))
  for (const m of incoming) {
    const known = byId.get(m.id)
    byId.set(
      m.id,
      known && RANK[known.status] > RANK[m.status] ? { ...m, status: known.status } : m,
    )
  }
  return [...byId.values()].sort(compareMessages)
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
  /** Receipts can overtake the reply to send(): remember them. */
  const delivered = useRef(new Set<string>())
  const busy = useRef(false)
  const oldest = useRef<string | undefined>(undefined)
  oldest.current = messages[0]?.id

  useEffect(() => {
    let cancelled = false
    const stops = [
      api.on('message', (m) => {
        if (m.conversationId !== conversationId) return
        const { path: _path, ...message } = m
        setMessages((current) => merge(current, [message]))
      }),
      api.on('delivered', (d) => {
        if (d.conversationId !== conversationId) return
        delivered.current.add(d.id)
        setMessages((current) =>
          current.some((m) => m.id === d.id && m.status !== 'delivered')
            ? current.map((m) => (m.id === d.id ? { ...m, status: 'delivered' } : m))
            : current,
        )
      }),
    ]
    busy.current = true
    api.history({ conversationId, limit: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return
        busy.current = false
        setMessages((current) => merge(current, page))
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
  }, [api, conversationId])

  const loadOlder = useCallback(() => {
    const before = oldest.current
    if (busy.current || !before) return
    busy.current = true
    setLoadingOlder(true)
    api.history({ conversationId, before, limit: PAGE_SIZE }).then(
      (page) => {
        busy.current = false
        setLoadingOlder(false)
        setMessages((current) => merge(current, page))
        setHasMore(page.length === PAGE_SIZE)
      },
      (err: unknown) => {
        busy.current = false
        setLoadingOlder(false)
        setError(errorMessage(err))
      },
    )
  }, [api, conversationId])

  const addSent = useCallback((message: Message) => {
    const status = delivered.current.has(message.id) ? 'delivered' : message.status
    setMessages((current) => merge(current, [{ ...message, status }]))
  }, [])

  return { messages, status, error, hasMore, loadingOlder, loadOlder, addSent }
}
