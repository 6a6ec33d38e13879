// Opens connections to peers: the addresses we know of them and circuits through
// relays, raced, so that an address gone stale costs nothing.
import type { Connection, Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { isLoopback } from '@libp2p/utils'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { ApiError } from '../../../protocol/api.ts'
import {
  circuitTo,
  DIAL_TIMEOUT_MS,
  isCircuit,
  isDirect,
  withoutPeerId,
  withPeerId,
} from '../net/addrs.ts'
import type { LanPeers, PathTracker } from '../net/paths.ts'

/** How long the peer's own addresses go first when they are likely to answer. */
const DIRECT_HEAD_START_MS = 250

export interface DialerComponents {
  node: Libp2p
  paths: Pick<PathTracker, 'best'>
  lan: Pick<LanPeers, 'seen'>
  relays: string[]
}

export class Dialer {
  constructor(private readonly c: DialerComponents) {}

  /**
   * The best open connection to a peer, or a new one.
   *
   * The peer's own addresses are dialed without its peer id: libp2p joins every
   * dial naming a peer to the one pending for it and tries its addresses one by
   * one, up to 6 s each, so a circuit would wait behind a LAN address that a NAT
   * silently drops (Noise still proves who answered). Circuits race them at once,
   * or after a short head start when the peer is almost sure to answer directly:
   * it was seen on our LAN, or all it has are loopback addresses (this machine).
   * A public address gets none: a NAT's mapped address often is one. A circuit that wins does not
   * stop the direct dial: the links move to the better path when it opens.
   * A connection the peer opens to us meanwhile ends our dials.
   */
  async connect(peerId: string): Promise<Connection> {
    const existing = this.c.paths.best(peerId)
    if (existing) return existing
    const { node } = this.c
    const peer = peerIdFromString(peerId)
    const stored = await node.peerStore
      .get(peer)
      .then((p) => p.addresses.map((a) => a.multiaddr))
      .catch(() => [] as Multiaddr[])
    const direct = stored.filter(isDirect).map(withoutPeerId)
    const circuits = [
      ...this.c.relays.map((r) => circuitTo(r, peerId)),
      // Those the peer announced (through relays of its own), to it by name.
      ...stored.filter(isCircuit).map((a) => withPeerId(a, peerId)),
    ]
    const connected = new AbortController()
    const onOpen = (event: CustomEvent<Connection>) => {
      const { remotePeer, direction } = event.detail
      if (direction === 'inbound' && remotePeer.equals(peer)) connected.abort()
    }
    node.addEventListener('connection:open', onOpen)
    const signal = () => AbortSignal.any([connected.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)])
    const errors: string[] = []
    const failed = (err: unknown): never => {
      errors.push((err as Error).message)
      throw err
    }
    let won = false
    const dials: Promise<Connection>[] = []
    if (direct.length > 0) {
      dials.push(
        node
          .dial(direct, { signal: signal() })
          .then(async (conn) => {
            if (conn.remotePeer.equals(peer)) return conn
            await conn.close() // someone else has that address now
            throw new Error(`${conn.remoteAddr} is another peer now`)
          })
          .catch(failed),
      )
    }
    if (circuits.length > 0) {
      const likely = this.c.lan.seen(peerId) || direct.every(isLoopback)
      const headStart = direct.length > 0 && likely ? DIRECT_HEAD_START_MS : 0
      dials.push(
        delay(headStart, dials[0])
          .then(() => {
            if (won) throw new Error('reached directly')
            return node.dial(
              [...new Set(circuits)].map((a) => multiaddr(a)),
              { signal: signal() },
            )
          })
          .catch(failed),
      )
    }
    try {
      const conn = await Promise.any(dials)
      won = true
      return conn
    } catch {
      const opened = this.c.paths.best(peerId) ?? node.getConnections(peer)[0]
      if (opened) return opened
      throw new ApiError(
        'unreachable',
        `cannot reach ${peerId}: ${errors.join('; ') || 'no address'}`,
      )
    } finally {
      node.removeEventListener('connection:open', onOpen)
    }
  }
}

/** Resolves after `ms`, or as soon as `first` fails (no need to wait for it then). */
function delay(ms: number, first: Promise<unknown> | undefined): Promise<void> {
  if (ms === 0 || !first) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    first.catch(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
