// What the benchmark runs and how long each step may take, in one place so the
// JSON report can echo it.
import { parseArgs } from 'node:util'

export interface BenchConfig {
  quick: boolean
  /** Messages in the latency run, and again in the throughput run. */
  messages: number
  /** Sequential messages sent and discarded before the latency run. */
  warmup: number
  /** UTF-8 bytes of each message text. */
  textBytes: number
  /** Most messages sent but not yet acknowledged during the throughput run. */
  window: number
}

export const deadlines = {
  /** Starting a process, or connecting two peers. */
  setupMs: 30_000,
  /** Warm-up plus latency run: generous, so a slow path is reported rather than cut off. */
  latencyMs: (messages: number) => Math.max(60_000, messages * 10),
  throughputMs: 60_000,
  /** Counting what each side received and stored. */
  checkMs: 30_000,
  /** The whole run, as a last resort against a hang. */
  totalMs: 8 * 60_000,
}

export const targets = {
  directP50Ms: 1,
  relayedP50Ms: 2,
  directMsgPerSec: 10_000,
}

export function parseConfig(args: string[]): BenchConfig {
  const { values } = parseArgs({ args, options: { quick: { type: 'boolean', default: false } } })
  const quick = values.quick === true
  return {
    quick,
    messages: quick ? 1_000 : 10_000,
    warmup: quick ? 200 : 500,
    textBytes: 200,
    window: 1_000,
  }
}
