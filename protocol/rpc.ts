// One RPC layer for the typed API, over anything that moves structured messages:
// an Electron MessagePort, a WebSocket (browser mode) or a Node IPC channel (tests).
// This is the calling side (a page, a test); the serving side (rpc-serve.ts)
// validates every call against the API schemas, so a bad call gets a typed error
// and never reaches the core.
import {
  ApiError,
  type ApiErrorCode,
  type ApiMethod,
  EVENT_NAMES,
  type LockApi,
  METHOD_NAMES,
  type ParleyApi,
  type ParleyEvents,
} from './api.ts'
import { Emitter, type Subscribable, type Unsubscribe } from './emitter.ts'

export interface RpcPort {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): Unsubscribe
  onClose(listener: () => void): Unsubscribe
}

export type ParleyCore = ParleyApi & LockApi & Subscribable<ParleyEvents>

/** How long a call may wait for its answer: longer than any the core makes (a dial, a relay's answer). */
export const CALL_TIMEOUT_MS = 60_000
/** Calls that may take longer: scrypt, and re-encrypting a whole profile under a new key. */
const SLOW_CALLS: Partial<Record<ApiMethod, number>> = {
  createLock: 10 * 60_000,
  unlock: 10 * 60_000,
  changePassphrase: 30 * 60_000,
}

export type RemoteParley = ParleyCore & {
  /** Resolves when the serving side is up (it greets every new port). */
  ready: Promise<void>
  close(): void
}

/**
 * The client side: a ParleyCore whose calls and events travel over `port`. A call
 * with no answer in time fails with 'timeout' (`timeoutMs` may set other times).
 */
export function connectApi(
  port: RpcPort,
  options: { timeoutMs?: (method: ApiMethod) => number | undefined } = {},
): RemoteParley {
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const events = new Emitter<ParleyEvents>()
  let closed = false
  const ready = Promise.withResolvers<void>()

  const stopMessages = port.onMessage((raw) => {
    const msg = asReply(raw)
    if (!msg) return
    if (msg.type === 'ready') return ready.resolve()
    if (msg.type === 'event') {
      if ((EVENT_NAMES as readonly string[]).includes(msg.name)) {
        events.emit(msg.name as keyof ParleyEvents, msg.data as never)
      }
      return
    }
    const call = pending.get(msg.id)
    if (!call) return
    pending.delete(msg.id)
    if (msg.type === 'result') call.resolve(msg.value)
    else call.reject(new ApiError(msg.code as ApiErrorCode, msg.message))
  })
  const shutdown = () => {
    closed = true
    stopMessages()
    const gone = new ApiError('unreachable', 'core closed')
    ready.reject(gone)
    for (const call of pending.values()) call.reject(gone)
    pending.clear()
  }
  const stopClose = port.onClose(shutdown)

  const call = (method: ApiMethod, params: unknown) =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new ApiError('unreachable', 'core closed'))
      const id = nextId++
      const waitMs = options.timeoutMs?.(method) ?? SLOW_CALLS[method] ?? CALL_TIMEOUT_MS
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new ApiError('timeout', `${method}: no answer from the core within ${waitMs} ms`))
      }, waitMs)
      const settled =
        <T>(settle: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer)
          settle(v)
        }
      pending.set(id, { resolve: settled(resolve), reject: settled(reject) })
      port.send({ type: 'call', id, method, params: params ?? {} })
    })

  const methods = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (p: unknown) => call(m, p)]),
  ) as unknown as ParleyApi & LockApi

  ready.promise.catch(() => {}) // a port that closes before greeting is reported by the calls
  return {
    ...methods,
    ready: ready.promise,
    on: (name, listener) => events.on(name, listener),
    close() {
      stopClose()
      shutdown()
    },
  }
}

type Reply =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; code: string; message: string }
  | { type: 'event'; name: string; data: unknown }
  | { type: 'ready' }

/** A message of the serving side's, or undefined for anything else (ignored). */
function asReply(raw: unknown): Reply | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const m = raw as Record<string, unknown>
  const id = m.id
  if (m.type === 'ready') return { type: 'ready' }
  if (m.type === 'event' && typeof m.name === 'string') {
    return { type: 'event', name: m.name, data: m.data }
  }
  if (typeof id !== 'number' || !Number.isInteger(id)) return undefined
  if (m.type === 'result') return { type: 'result', id, value: m.value }
  if (m.type === 'error' && typeof m.code === 'string' && typeof m.message === 'string') {
    return { type: 'error', id, code: m.code, message: m.message }
  }
  return undefined
}
