// What the benchmark runs and how long each step may take, in one place so the
// JSON report can echo it.
import { parseArgs } from 'node:util'
import type { MailboxOptions } from './mailbox.ts'
import type { SignalOptions } from './signal.ts'

/**
 * The parts of the benchmark: messaging between cores, the browser-mode UI, the
 * relay mailbox, and the Signal protocol's cost per message.
 */
export type Part = 'net' | 'ui' | 'mail' | 'crypto'
export const partNames: readonly Part[] = ['net', 'ui', 'mail', 'crypto']

export interface UiConfig {
  /** Messages seeded into the big conversation (both directions). */
  messages: number
  /** Of those, the share the other side sent (the rest the profile sent). */
  incomingShare: number
  /** Messages in the small conversation the opens alternate with. */
  smallMessages: number
  /** Characters of each seeded text, uniformly distributed. */
  textChars: { min: number; max: number }
  /** Most unacknowledged messages per sender while seeding. */
  seedWindow: number
  /** Host processes started cold, each timed until the conversation list shows. */
  coldStarts: number
  /** Opens of each conversation, alternating between the big and the small one. */
  opens: number
  /** Pixels scrolled up per animation frame (60 Hz: ×60 per second). */
  scrollPxPerFrame: number
  /** The scroll stops here, or at the first message if it gets there sooner. */
  scrollMaxMs: number
  viewport: { width: number; height: number }
}

export interface BenchConfig {
  quick: boolean
  /** The parts that run (`--only PART[,PART…]`; all by default). */
  parts: Part[]
  /** Messages in the latency run, and again in the throughput run. */
  messages: number
  /** Sequential messages sent and discarded before the latency run. */
  warmup: number
  /** UTF-8 bytes of each message text. */
  textBytes: number
  /** Most messages sent but not yet acknowledged during the throughput run. */
  window: number
  ui: UiConfig
  /** The 'mail' part (bench/mailbox.ts). */
  mail: MailboxOptions
  /** The 'crypto' part (bench/signal.ts). */
  crypto: SignalOptions
}

export const deadlines = {
  /** Starting a process, or connecting two peers. */
  setupMs: 30_000,
  /** Warm-up plus latency run: generous, so a slow path is reported rather than cut off. */
  latencyMs: (messages: number) => Math.max(60_000, messages * 10),
  throughputMs: 60_000,
  /** Counting what each side received and stored. */
  checkMs: 30_000,
  ui: {
    /** `vite build` of the renderer. */
    buildMs: 180_000,
    /** Seeding the profile's history through real cores. */
    seedMs: (messages: number) => 60_000 + messages * 10,
    /** Starting a host, or a page reaching its conversation list. */
    startMs: 30_000,
    /** Waiting for the CPU to go idle before a measurement; past it we measure anyway. */
    idleMs: 10_000,
    /** One open of a conversation, until its first paint. */
    openMs: 15_000,
  },
  /** The 'mail' part: a relay's start, two deposit runs and two collections. */
  mailMs: (envelopes: number) => 60_000 + envelopes * 20,
  /** The 'crypto' part: two patterns of `messages` encrypt + decrypt each. */
  cryptoMs: (messages: number) => 60_000 + messages * 10,
  /** The whole run, as a last resort against a hang: 8 minutes for each part. */
  totalMs: (parts: number) => parts * 8 * 60_000,
}

export const targets = {
  directP50Ms: 1,
  relayedP50Ms: 2,
  directMsgPerSec: 10_000,
  /** Click on a conversation row until its messages are painted. */
  uiFirstPaintMs: 100,
  /** Spawning the host until its conversation list is painted (median). */
  coldStartMs: 400,
  /** Resident memory once idle (medians): the host with its page open, and a relay. */
  idleCoreMB: 150,
  idleRelayMB: 100,
}

export function parseConfig(args: string[]): BenchConfig {
  const { values } = parseArgs({
    args,
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
  })
  const quick = values.quick === true
  const only = values.only?.split(',').map((p) => p.trim())
  const unknown = only?.filter((p) => !partNames.includes(p as Part)) ?? []
  if (only?.length === 0 || unknown.length > 0) {
    throw new Error(`--only ${values.only}: expected one or more of ${partNames.join(', ')}`)
  }
  return {
    quick,
    parts: only === undefined ? [...partNames] : partNames.filter((p) => only.includes(p)),
    messages: quick ? 1_000 : 10_000,
    warmup: quick ? 200 : 500,
    textBytes: 200,
    window: 1_000,
    ui: {
      messages: quick ? 2_000 : 10_000,
      incomingShare: 0.6,
      smallMessages: 30,
      textChars: { min: 20, max: 200 },
      seedWindow: 200,
      // Five even in the short form: the first has an empty compile cache, and a
      // median of three would be the slower of the other two.
      coldStarts: 5,
      opens: quick ? 4 : 10,
      scrollPxPerFrame: 200,
      scrollMaxMs: quick ? 5_000 : 15_000,
      viewport: { width: 1280, height: 800 },
    },
    mail: { envelopes: quick ? 1_000 : 5_000, envelopeBytes: 512, streams: 8 },
    crypto: { messages: quick ? 1_000 : 5_000, textBytes: 200 },
  }
}

/** `promise`, or an error naming `what` once `ms` have passed. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
