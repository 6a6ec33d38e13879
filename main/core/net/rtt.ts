// Round-trip times on the connection each contact's chat uses. libp2p's ping
// service picks a connection by itself (any open one to the peer), so the ping
// protocol it serves is spoken here on the very connection in use: once when a
// peer's best path changes, and then libp2p's connection monitor, which pings
// every connection every 10 s, keeps `conn.rtt` fresh; a timer reports changes.
// Relays are infrastructure: PathTracker never reports them, so they are never
// pinged as contacts.
import type { Connection } from '@libp2p/interface'
import { PING_PROTOCOL } from '@libp2p/ping'
import type { PeerPath } from '../../../protocol/api.ts'
import type { PathTracker } from './paths.ts'

const PING_BYTES = 32
const PING_TIMEOUT_MS = 5_000
/** How often to look at the connection monitor's figures for changes worth reporting. */
const REPORT_EVERY_MS = 10_000
/** A new figure is reported when it moved by this much, and by this share of the old one. */
const MIN_CHANGE_MS = 5
const MIN_CHANGE_SHARE = 0.2

/** One ping on this very connection; resolves with the round trip in ms. */
export async function roundTrip(conn: Connection, timeoutMs = PING_TIMEOUT_MS): Promise<number> {
  const signal = AbortSignal.timeout(timeoutMs)
  const stream = await conn.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true })
  try {
    const echoed = Promise.withResolvers<void>()
    // Settled by whichever comes first; one that comes after a failed send (the stream
    // closed under us) must not be an unhandled rejection: that would end the process.
    echoed.promise.catch(() => {})
    let received = 0
    stream.addEventListener('message', (e) => {
      received += e.data.byteLength
      if (received >= PING_BYTES) echoed.resolve()
    })
    stream.addEventListener('close', () => echoed.reject(new Error('ping stream closed')))
    signal.addEventListener('abort', () => echoed.reject(new Error('no ping answer in time')))
    const started = performance.now()
    stream.send(crypto.getRandomValues(new Uint8Array(PING_BYTES)))
    await echoed.promise
    const ms = performance.now() - started
    await stream.close({ signal })
    return ms
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/** Measures each contact's path on change, and reports RTT changes as 'path' events. */
export function watchRtt(paths: PathTracker, report: (p: PeerPath) => void) {
  const measuring = new WeakSet<Connection>()
  const reported = new Map<string, number | null>()

  const send = (peerId: string) => {
    const status = paths.status(peerId)
    reported.set(peerId, status.rttMs)
    report(status)
  }

  /** The best path to `peerId` changed (and was reported): ping the connection it uses now. */
  const measure = (peerId: string) => {
    const conn = paths.best(peerId)
    reported.set(peerId, conn?.rtt ?? null)
    if (!conn || measuring.has(conn)) return
    measuring.add(conn)
    roundTrip(conn)
      .then((ms) => {
        conn.rtt = Math.max(1, Math.round(ms))
        // Report it only while this is still the connection in use.
        if (paths.best(peerId) === conn) send(peerId)
      })
      .catch(() => {}) // the connection is going: its close is reported as a path change
      .finally(() => measuring.delete(conn))
  }

  const timer = setInterval(() => {
    for (const [peerId, last] of reported) {
      const conn = paths.best(peerId)
      if (!conn) {
        reported.delete(peerId)
        continue
      }
      const now = conn.rtt
      if (now === undefined) continue
      const moved = last === null ? Number.POSITIVE_INFINITY : Math.abs(now - last)
      if (moved >= MIN_CHANGE_MS && moved >= MIN_CHANGE_SHARE * (last ?? 0)) send(peerId)
    }
  }, REPORT_EVERY_MS)
  timer.unref()

  return {
    measure,
    stop: () => clearInterval(timer),
  }
}
