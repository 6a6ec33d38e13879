// A peer first reached through a relay may also be directly reachable (same LAN,
// public address): once identify tells us the addresses it listens on, try them,
// so the chat moves off the relay. The chat service switches to the better path
// as soon as the connection opens. (Hole punching through NATs is another matter.)
import type { Libp2p } from '@libp2p/interface'
import type { PathTracker } from './paths.ts'

const DIRECT_DIAL_TIMEOUT_MS = 5_000

export function upgradeRelayedPeers(node: Libp2p, paths: PathTracker): void {
  node.addEventListener('peer:identify', (event) => {
    const { peerId, listenAddrs, connection } = event.detail
    if (paths.pathOf(connection) !== 'relayed') return
    const direct = listenAddrs.filter((addr) =>
      addr.getComponents().every((c) => c.name !== 'p2p-circuit' && c.name !== 'webrtc'),
    )
    if (direct.length === 0) return
    node
      .dial(
        direct.map((addr) => addr.encapsulate(`/p2p/${peerId}`)),
        // force: the relayed connection would otherwise count as "already connected".
        { force: true, signal: AbortSignal.timeout(DIRECT_DIAL_TIMEOUT_MS) },
      )
      .catch(() => {}) // not reachable directly: the relay carries on
  })
}
