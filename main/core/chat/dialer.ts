// Opens connections to peers: the addresses we know of them first, then a circuit
// through each of our relays.
import type { Connection, Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { ApiError } from '../../../protocol/api.ts'
import { circuitTo, DIAL_TIMEOUT_MS } from '../net/addrs.ts'
import type { PathTracker } from '../net/paths.ts'

export interface DialerComponents {
  node: Libp2p
  paths: Pick<PathTracker, 'best'>
  relays: string[]
}

export class Dialer {
  constructor(private readonly c: DialerComponents) {}

  /**
   * The best open connection to a peer, or a new one. A connection the peer opens
   * to us meanwhile ends our dial at once: libp2p tries a peer's addresses one by
   * one, up to 6 s each, and every other dial to the peer (the WebRTC upgrade's)
   * would wait in ours behind a stale address. (Only theirs: aborting on our own
   * dial's connection would close it while it is set up.)
   */
  async connect(peerId: string): Promise<Connection> {
    const existing = this.c.paths.best(peerId)
    if (existing) return existing
    const { node } = this.c
    const connected = new AbortController()
    const onOpen = (event: CustomEvent<Connection>) => {
      const { remotePeer, direction } = event.detail
      if (direction === 'inbound' && remotePeer.toString() === peerId) connected.abort()
    }
    node.addEventListener('connection:open', onOpen)
    const errors: string[] = []
    const targets = [
      peerIdFromString(peerId),
      ...this.c.relays.map((r) => multiaddr(circuitTo(r, peerId))),
    ]
    try {
      for (const target of targets) {
        const signal = AbortSignal.any([connected.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)])
        try {
          return await node.dial(target, { signal })
        } catch (err) {
          errors.push((err as Error).message)
        }
        const opened = this.c.paths.best(peerId) ?? node.getConnections(peerIdFromString(peerId))[0]
        if (opened) return opened
      }
    } finally {
      node.removeEventListener('connection:open', onOpen)
    }
    throw new ApiError('unreachable', `cannot reach ${peerId}: ${errors.join('; ')}`)
  }
}
