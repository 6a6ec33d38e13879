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

/** The client side: a ParleyCore whose calls and events travel over `port`. */
export function connectApi(port: RpcPort): RemoteParley {
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
      pending.set(id, { resolve, reject })
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
