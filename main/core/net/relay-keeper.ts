// Keeps us reachable through our relays. libp2p takes a reservation on each relay
// we listen on once, at start; when the relay is down then, or the connection to it
// drops later (the relay restarted, our address changed), the reservation and our
// relayed addresses are gone for good. This redials each lost relay, soon and then
// every few seconds, and takes the reservation again, so our /p2p-circuit (and
// /webrtc) addresses come back; whatever waits for delivery (and our mail) is then
// seen to at once.
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import type { Libp2p, PeerId, Transport } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { backoff } from '../lib/backoff.ts'
import { circuitListen, relayPeerId } from './addrs.ts'

/** Redials of a lost relay: quick at first (a restart takes a second or two), then every 2 s; after a minute, every 30 s. */
const quickRedial = backoff({ firstMs: 250, maxMs: 2_000, tries: 30 })
const redialDelay = (attempt: number) => quickRedial(attempt) ?? 30_000
/** A redial gives up sooner than other dials: the next one is never far off. */
const REDIAL_TIMEOUT_MS = 5_000
/** How long libp2p's own reservation at start may take before we see to it ourselves. */
const START_GRACE_MS = 3_000

interface ReservationStore {
  addRelay(peerId: PeerId, type: 'configured' | 'discovered'): Promise<unknown>
  hasReservation(peerId: PeerId): boolean
}

/** The circuit relay transport, kept at hand to take reservations again. */
export class RelaySlots {
  private store: ReservationStore | undefined
  private listener: { listen(addrs: Multiaddr[]): Promise<void> } | undefined

  /** Wraps circuitRelayTransport() for createLibp2p's transports. */
  readonly transport = (components: Parameters<ReturnType<typeof circuitRelayTransport>>[0]) => {
    // Every reservation runs at once, none waits in libp2p's queue: once one succeeds
    // the queue is cleared, and a reservation still waiting there is dropped without
    // ever settling, so the listen (and the node's start) awaiting it hangs for good.
    // More than our relays can be reserved on at a time: a contact who dials us
    // through a relay we have just left makes libp2p reserve there again.
    const t = circuitRelayTransport({
      reservationConcurrency: Number.POSITIVE_INFINITY,
    })(components) as Transport & {
      reservationStore?: ReservationStore
    }
    this.store = t.reservationStore
    this.listener = components.transportManager
    return t
  }

  has(relay: PeerId): boolean {
    return this.store?.hasReservation(relay) ?? false
  }

  /** Takes (or refreshes) the reservation on a relay we are connected to. */
  async reserve(relay: PeerId): Promise<void> {
    if (!this.store) throw new Error('no circuit relay transport')
    await this.store.addRelay(relay, 'configured')
  }

  /**
   * Listens through a relay whose listener failed at start (the relay was down):
   * the new listener dials it, takes the reservation and announces our address.
   */
  async listen(relayAddr: string): Promise<void> {
    if (!this.listener) throw new Error('no transport manager')
    await this.listener.listen([multiaddr(circuitListen(relayAddr))])
  }
}

export function keepRelays(
  node: Libp2p,
  relays: readonly string[],
  slots: RelaySlots,
  opts: { regained(): void; log(line: string): void },
) {
  const addrOf = new Map(relays.map((r) => [relayPeerId(r), r]))
  const timers = new Map<string, NodeJS.Timeout>()
  let stopped = false

  const schedule = (relay: string, attempt: number, delay = redialDelay(attempt)) => {
    if (stopped || timers.has(relay)) return
    const timer = setTimeout(() => {
      timers.delete(relay)
      void redial(relay, attempt)
    }, delay)
    timer.unref()
    timers.set(relay, timer)
  }

  /** Relays whose listener failed at start: they need a listener, not only a reservation. */
  const neverListened = new Set<string>()

  const redial = async (relay: string, attempt: number) => {
    const addr = addrOf.get(relay)
    if (stopped || !addr || slots.has(peerIdFromString(relay))) return
    try {
      if (neverListened.has(relay)) {
        await slots.listen(addr)
        neverListened.delete(relay)
      } else {
        const conn = await node.dial(multiaddr(addr), {
          signal: AbortSignal.timeout(REDIAL_TIMEOUT_MS),
        })
        if (!slots.has(conn.remotePeer)) await slots.reserve(conn.remotePeer)
      }
      opts.log(`relay ${relay}: reconnected and reserved again`)
      opts.regained()
    } catch (err) {
      if (attempt === 0) opts.log(`relay ${relay}: cannot reconnect yet: ${(err as Error).message}`)
      schedule(relay, attempt + 1)
    }
  }

  node.addEventListener('connection:close', (event) => {
    const relay = event.detail.remotePeer.toString()
    if (!addrOf.has(relay)) return
    // The reservation store dropped the reservation if it was on this connection.
    if (!slots.has(event.detail.remotePeer)) schedule(relay, 0)
  })

  // A relay that was down when we started: libp2p never tries it again.
  const atStart = setTimeout(() => {
    for (const relay of addrOf.keys()) {
      if (slots.has(peerIdFromString(relay))) continue
      neverListened.add(relay)
      schedule(relay, 0, 0)
    }
  }, START_GRACE_MS)
  atStart.unref()

  return {
    stop() {
      stopped = true
      clearTimeout(atStart)
      for (const t of timers.values()) clearTimeout(t)
    },
  }
}
