// Work that can wait a moment (the network's start) waits until the event loop has
// been quiet for a while, and no call from a UI came or was answered meanwhile, so
// that what a person is waiting on (a page's first calls) is served first; it never
// waits past a deadline.
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

export interface IdleOptions {
  /** How long a quiet spell must last. */
  quietMs: number
  /** Busier than this share of a spell is not quiet. */
  busiest: number
  /** Resolves by then, quiet or not. */
  maxMs: number
  /** When a UI's call last came or was answered (performance.now()), if any did. */
  lastCall?: () => number
}

const DEFAULTS: IdleOptions = { quietMs: 30, busiest: 0.2, maxMs: 1_000 }

export async function whenIdle(options: Partial<IdleOptions> = {}): Promise<void> {
  const { quietMs, busiest, maxMs, lastCall } = { ...DEFAULTS, ...options }
  const deadline = performance.now() + maxMs
  let before = performance.eventLoopUtilization()
  while (performance.now() < deadline) {
    const spell = performance.now()
    await sleep(quietMs)
    const now = performance.eventLoopUtilization()
    const calm = (lastCall?.() ?? 0) < spell
    if (calm && performance.eventLoopUtilization(now, before).utilization <= busiest) return
    before = now
  }
}
