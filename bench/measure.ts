// Latency and throughput of one channel, measured in the process that sends, so that
// nothing but the system under test sits between a send and its acknowledgement.
import { performance } from 'node:perf_hooks'

export interface Channel {
  /** Sends a text; resolves, once the send is accepted, with the id its acknowledgement will carry. */
  send(text: string): Promise<string>
  readonly acks: Acks
}

/** Acknowledged ids, each counted once (an id may be acknowledged again after a re-send). */
export class Acks {
  private readonly seen = new Set<string>()
  private readonly byId = new Map<string, PromiseWithResolvers<void>>()
  private total: { size: number; done: PromiseWithResolvers<void> } | undefined
  private failure: Error | undefined
  /** Called after each new acknowledgement. */
  onNew: () => void = () => {}

  get size(): number {
    return this.seen.size
  }

  has(id: string): boolean {
    return this.seen.has(id)
  }

  /** Acknowledgements of an id already acknowledged. */
  repeated = 0

  add(id: string): void {
    if (this.seen.has(id)) {
      this.repeated++
      return
    }
    this.seen.add(id)
    this.byId.get(id)?.resolve()
    this.byId.delete(id)
    if (this.total && this.seen.size >= this.total.size) this.total.done.resolve()
    this.onNew()
  }

  /** Resolves once `id` is acknowledged; it may already be. */
  of(id: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.seen.has(id)) return Promise.resolve()
    const waiter = Promise.withResolvers<void>()
    this.byId.set(id, waiter)
    return waiter.promise
  }

  /** Resolves once `size` distinct ids have been acknowledged in all. */
  until(size: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.seen.size >= size) return Promise.resolve()
    this.total = { size, done: Promise.withResolvers<void>() }
    return this.total.done.promise
  }

  /** Rejects every wait, now and later: the channel is no longer usable. */
  fail(err: Error): void {
    this.failure ??= err
    for (const waiter of this.byId.values()) waiter.reject(err)
    this.byId.clear()
    this.total?.done.reject(err)
  }
}

export interface LatencyStats {
  count: number
  p50: number
  p99: number
  mean: number
  min: number
  max: number
  /** The slowest sends, by sequence number: where stalls happened. */
  slowest: { seq: number; ms: number }[]
}

export interface ThroughputStats {
  messages: number
  window: number
  seconds: number
  perSecond: number
}

/** Sends `count` texts one at a time, each after the previous one's acknowledgement; times each in ms. */
export async function sequential(
  ch: Channel,
  text: (seq: number) => string,
  count: number,
  deadlineMs: number,
): Promise<number[]> {
  return withDeadline(ch, 'latency run', deadlineMs, async () => {
    const samples: number[] = []
    for (let seq = 0; seq < count; seq++) {
      const start = performance.now()
      await ch.acks.of(await ch.send(text(seq)))
      samples.push(performance.now() - start)
    }
    return samples
  })
}

/** Sends `count` texts with at most `window` unacknowledged; times first send to last acknowledgement. */
export async function windowed(
  ch: Channel,
  text: (seq: number) => string,
  count: number,
  window: number,
  deadlineMs: number,
): Promise<ThroughputStats> {
  return withDeadline(ch, 'throughput run', deadlineMs, async () => {
    const base = ch.acks.size
    const sends: Promise<string>[] = []
    const fail = (err: Error) => ch.acks.fail(err)
    const pump = () => {
      while (sends.length < count && sends.length - (ch.acks.size - base) < window) {
        const sent = ch.send(text(sends.length))
        sent.catch(fail)
        sends.push(sent)
      }
    }
    const start = performance.now()
    ch.acks.onNew = pump
    pump()
    try {
      await ch.acks.until(base + count)
    } finally {
      ch.acks.onNew = () => {}
    }
    const seconds = (performance.now() - start) / 1000
    const unacknowledged = (await Promise.all(sends)).filter((id) => !ch.acks.has(id))
    if (unacknowledged.length > 0) {
      throw new Error(
        `throughput run: ${unacknowledged.length} of ${count} sends never acknowledged`,
      )
    }
    return { messages: count, window, seconds, perSecond: count / seconds }
  })
}

export function summarize(samples: number[]): LatencyStats {
  const sorted = samples.toSorted((a, b) => a - b)
  // Nearest-rank percentile.
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  const slowest = samples
    .map((ms, seq) => ({ seq, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
  return {
    count: samples.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: samples.reduce((sum, ms) => sum + ms, 0) / samples.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    slowest,
  }
}

async function withDeadline<T>(
  ch: Channel,
  what: string,
  ms: number,
  run: () => Promise<T>,
): Promise<T> {
  const timer = setTimeout(() => ch.acks.fail(new Error(`${what} not done within ${ms} ms`)), ms)
  try {
    return await run()
  } finally {
    clearTimeout(timer)
  }
}
