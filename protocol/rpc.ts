// One RPC layer for the typed API, over anything that moves structured messages:
// an Electron MessagePort, a WebSocket (browser mode) or a Node IPC channel (tests).
// The serving side validates every call against the API schemas, so a bad call
// gets a typed error and never reaches the core.
import { z } from 'zod'
import {
  ApiError,
  type ApiErrorCode,
  type ApiMethod,
  coreSchemas,
  EVENT_NAMES,
  type LockApi,
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

const callMessage = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  method: z.string().max(64),
  params: z.unknown(),
})

const replyMessage = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), value: z.unknown() }),
  z.object({
    type: z.literal('error'),
    id: z.number().int(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ type: z.literal('event'), name: z.string(), data: z.unknown() }),
  z.object({ type: z.literal('ready') }),
])

function isMethod(name: string): name is ApiMethod {
  return Object.hasOwn(coreSchemas, name)
}

/** Serves `core` on `port` until the port closes; returns a function that stops serving. */
export function serveApi(core: ParleyCore, port: RpcPort): Unsubscribe {
  const subscriptions = EVENT_NAMES.map((name) =>
    core.on(name, (data) => port.send({ type: 'event', name, data })),
  )
  const stopMessages = port.onMessage(async (raw) => {
    const parsed = callMessage.safeParse(raw)
    if (!parsed.success) return // not a call: nothing to answer
    const { id, method, params } = parsed.data
    try {
      port.send({ type: 'result', id, value: await dispatch(core, method, params) })
    } catch (err) {
      const e = toApiError(err)
      port.send({ type: 'error', id, code: e.code, message: e.message })
    }
  })
  const stop = () => {
    for (const unsubscribe of subscriptions) unsubscribe()
    stopMessages()
    stopClose()
  }
  const stopClose = port.onClose(stop)
  port.send({ type: 'ready' })
  return stop
}

async function dispatch(core: ParleyCore, method: string, params: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new ApiError('unknown-method', `no such method: ${method}`)
  const checked = coreSchemas[method].safeParse(params ?? {})
  if (!checked.success) {
    throw new ApiError('bad-request', `${method}: ${z.prettifyError(checked.error)}`)
  }
  const fn = core[method] as (p: unknown) => Promise<unknown>
  return (await fn.call(core, checked.data)) ?? null
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  return new ApiError('internal', err instanceof Error ? err.message : String(err))
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
    const parsed = replyMessage.safeParse(raw)
    if (!parsed.success) return
    const msg = parsed.data
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
    (Object.keys(coreSchemas) as ApiMethod[]).map((m) => [m, (p: unknown) => call(m, p)]),
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
