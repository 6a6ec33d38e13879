// The serving side of the RPC layer (rpc.ts): a core's API on a port, every call
// validated against the API schemas, so a bad call gets a typed error and never
// reaches the core.
import * as z from 'zod'
import { ApiError, type ApiMethod, EVENT_NAMES } from './api.ts'
import { coreSchemas } from './api-schemas.ts'
import type { Unsubscribe } from './emitter.ts'
import type { ParleyCore, RpcPort } from './rpc.ts'

const callMessage = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  method: z.string().max(64),
  params: z.unknown(),
})

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
