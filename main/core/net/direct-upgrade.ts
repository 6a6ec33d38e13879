// A peer first reached through a relay may also be directly reachable (same LAN,
// public address): once identify tells us the addresses it listens on, try them,
// so the chat moves off the relay. The chat links switch to the better path
// as soon as the connection opens. (Hole punching through NATs is another matter.)
//
// The addresses are dialed without the peer id: libp2p joins every dial naming a
// peer to the one pending for it, and tries a peer's addresses one by one for up
// to 6 s each, so the WebRTC upgrade (started by the same identify) would wait
// behind an address that a NAT silently drops. Noise still proves who answered.
import type { Libp2p } from '@libp2p/interface'
import { isDirect } from './addrs.ts'
import type { PathTracker } from './paths.ts'

const DIRECT_DIAL_TIMEOUT_MS = 5_000

export function upgradeRelayedPeers(node: Libp2p, paths: PathTracker): void {
  node.addEventListener('peer:identify', (event) => {
    const { peerId, listenAddrs, connection } = event.detail
    if (paths.pathOf(connection) !== 'relayed') return
    const direct = listenAddrs.filter(isDirect)
    if (direct.length === 0) return
    node
      .dial(direct, { signal: AbortSignal.timeout(DIRECT_DIAL_TIMEOUT_MS) })
      .then(async (conn) => {
        // Someone else at that address: not the peer we meant.
        if (!conn.remotePeer.equals(peerId)) await conn.close()
      })
      .catch(() => {}) // not reachable directly: the relay carries on
  })
}
