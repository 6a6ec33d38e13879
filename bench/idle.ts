// What an idle Parley process holds in memory: its resident set (VmRSS) once it has
// settled. A process started moments ago still grows and frees as its last start-up
// work finishes and V8 collects, so a reading is taken only once several samples in
// a row agree.
import { readFileSync } from 'node:fs'
import { LOOPBACK_TCP, type Relay, startRelay } from '../e2e/support/parley.ts'

const SAMPLE_EVERY_MS = 250
/** Settled: this many samples in a row (2 s) within SETTLED_MB of each other. */
const SETTLED_SAMPLES = 8
const SETTLED_MB = 1

/** A settled reading, or the last one if the process never settled within the wait. */
export interface RssReading {
  mb: number
  settled: boolean
}

/** The resident set of process `pid` in MB (Linux's /proc), or NaN where there is none. */
export function rssMB(pid: number | undefined): number {
  try {
    const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kB === undefined ? Number.NaN : Number(kB) / 1024
  } catch {
    return Number.NaN
  }
}

/** Waits until the resident set of `pid` holds steady, for at most `timeoutMs`. */
export async function settledRss(pid: number | undefined, timeoutMs: number): Promise<RssReading> {
  const samples: number[] = []
  const deadline = performance.now() + timeoutMs
  for (;;) {
    samples.push(rssMB(pid))
    const last = samples.slice(-SETTLED_SAMPLES)
    const mb = last.at(-1) ?? Number.NaN
    if (Number.isNaN(mb)) return { mb, settled: false }
    if (last.length === SETTLED_SAMPLES && Math.max(...last) - Math.min(...last) <= SETTLED_MB) {
      return { mb, settled: true }
    }
    if (performance.now() > deadline) return { mb, settled: false }
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS))
  }
}

/** One relay start, as the README runs it (TCP, WebSocket, HTTP metrics, STUN): ms to "ready", and its settled RSS. */
export interface RelayIdleRun {
  spawnToReady: number
  rss: RssReading
}

/** Starts a relay in `dataDir`, lets it settle, reads its memory, and stops it. */
export async function relayIdle(
  dataDir: string,
  settle: () => Promise<void>,
  timeoutMs: number,
): Promise<RelayIdleRun> {
  const spawned = performance.now()
  let relay: Relay | undefined
  try {
    relay = await startRelay(dataDir, ['--listen', `${LOOPBACK_TCP}/ws`, '--http', '127.0.0.1:0'])
    const spawnToReady = performance.now() - spawned
    await settle()
    return { spawnToReady, rss: await settledRss(relay.proc.child.pid, timeoutMs) }
  } finally {
    await relay?.proc.stop()
  }
}
