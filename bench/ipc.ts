// The orchestrator drives each benchmark peer process with a few typed requests
// over the Node IPC channel; the measurements themselves never cross it.
import type { ChildProcess } from 'node:child_process'
import type { PeerPath } from '../protocol/api.ts'
import type { LatencyStats, ThroughputStats } from './measure.ts'
import type { Arrivals, Expected, Phase } from './workload.ts'

export type PeerSpec =
  | { kind: 'parley'; dataDir: string; listen: string[]; relays: string[] }
  | { kind: 'ws'; server: string; name: string }

export interface PeerInfo {
  id: string
  addresses: string[]
}

/** A phase's messages in a local history; `undelivered`: ours not marked delivered. */
export type Stored = Arrivals & { undelivered: number }

/** What the API reported beyond the messages themselves. */
export interface EventReport {
  /** Every path change so far, then the path in use now, per peer. */
  paths: PeerPath[]
  /** How many 'message' and 'delivered' events came by each path, as "<event> by <path>". */
  byPath: Record<string, number>
  /** 'delivered' events for a message already reported delivered. */
  repeatedAcks: number
}

/** Resources the process has used so far. */
export interface Usage {
  cpuMs: number
  maxRssMB: number
  /** Longest the event loop was blocked since the previous usage report (sampled every 10 ms). */
  eventLoopMaxMs: number
}

export interface PeerOps {
  start: { params: PeerSpec; result: PeerInfo }
  /** Opens the way to a peer; resolves with the path the API reports (null: no such notion). */
  connect: { params: { to: string; addr: string }; result: { path: string | null } }
  /** Sends one message at a time, each after the previous one's acknowledgement. */
  sequential: {
    params: { phase: Phase; count: number; bytes: number; deadlineMs: number }
    result: LatencyStats
  }
  /** Sends as fast as accepted, with at most `window` unacknowledged. */
  windowed: {
    params: { count: number; bytes: number; window: number; deadlineMs: number }
    result: ThroughputStats
  }
  usage: { params: Record<string, never>; result: Usage }
  /** What arrived of each phase, by 'message' events. */
  received: { params: { expected: Expected }; result: Record<Phase, Arrivals> }
  /** What is in the local history of the conversation with `peer` (null: nothing is stored). */
  stored: { params: { peer: string; expected: Expected }; result: Record<Phase, Stored> | null }
  /** Path reports and repeated acknowledgements, for checking the run. */
  events: { params: Record<string, never>; result: EventReport }
}

type Op = keyof PeerOps
type Handlers = {
  [K in Op]: (params: PeerOps[K]['params']) => Promise<PeerOps[K]['result']>
}

interface Request {
  id: number
  op: Op
  params: unknown
}

type Reply = { id: number; result: unknown } | { id: number; error: string }

/** Serves the handlers on this process's IPC channel (the peer side). */
export function serve(handlers: Handlers): void {
  process.on('message', async (raw) => {
    const { id, op, params } = raw as Request
    const handler = handlers[op] as (p: unknown) => Promise<unknown>
    let reply: Reply
    try {
      reply = { id, result: await handler(params) }
    } catch (err) {
      reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }
    }
    process.send?.(reply)
  })
}

export type Call = <K extends Op>(
  op: K,
  params: PeerOps[K]['params'],
  timeoutMs: number,
) => Promise<PeerOps[K]['result']>

/** Calls a peer process (the orchestrator side); every call has a deadline. */
export function caller(child: ChildProcess, label: string): Call {
  let nextId = 1
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  child.on('message', (raw) => {
    const reply = raw as Reply
    const call = pending.get(reply.id)
    pending.delete(reply.id)
    if ('error' in reply) call?.reject(new Error(`${label}: ${reply.error}`))
    else call?.resolve(reply.result)
  })
  child.on('exit', (code, signal) => {
    for (const call of pending.values())
      call.reject(new Error(`${label} exited (${code ?? signal})`))
    pending.clear()
  })
  return (op, params, timeoutMs) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${label}: ${op} did not answer within ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v as never)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      child.send({ id, op, params } satisfies Request)
    })
}
