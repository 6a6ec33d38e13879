// Which path each connection takes (LAN, direct, relayed), which connection to a
// peer is best, and a 'path' event whenever the best path to a peer changes.
import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Path, PeerPath } from '../../protocol/api.ts'

const RANK: Record<Path, number> = { lan: 0, direct: 1, relayed: 2 }

export function isBetter(a: Path, than: Path): boolean {
  return RANK[a] < RANK[than]
}

/** Hosts each peer announced over mDNS: a connection to one of them is a LAN path. */
export class LanPeers {
  private readonly hosts = new Map<string, Set<string>>()

  record(peerId: PeerId, addrs: Multiaddr[]): void {
    const hosts = this.hosts.get(peerId.toString()) ?? new Set()
    for (const a of addrs) {
      const host = hostOf(a)
      if (host) hosts.add(host)
    }
    this.hosts.set(peerId.toString(), hosts)
  }

  has(peerId: string, host: string): boolean {
    return this.hosts.get(peerId)?.has(host) ?? false
  }
}

export class PathTracker {
  private readonly reported = new Map<string, Path | null>()

  constructor(
    private readonly node: Libp2p,
    private readonly lan: LanPeers,
    /** Peers that are infrastructure (our relays): never reported as contacts. */
    private readonly ignore: ReadonlySet<string>,
    private readonly onChange: (path: PeerPath) => void,
  ) {}

  pathOf(conn: Connection): Path {
    const addr = conn.remoteAddr
    if (addr.getComponents().some((c) => c.name === 'p2p-circuit')) return 'relayed'
    const host = hostOf(addr)
    return host && this.lan.has(conn.remotePeer.toString(), host) ? 'lan' : 'direct'
  }

  /** The open connection to `peerId` on the best path, if any. */
  best(peerId: string): Connection | undefined {
    let best: Connection | undefined
    for (const conn of this.node.getConnections()) {
      if (conn.status !== 'open' || conn.remotePeer.toString() !== peerId) continue
      if (!best || isBetter(this.pathOf(conn), this.pathOf(best))) best = conn
    }
    return best
  }

  status(peerId: string): PeerPath {
    const conn = this.best(peerId)
    return {
      peerId,
      path: conn ? this.pathOf(conn) : null,
      remoteAddr: conn ? conn.remoteAddr.toString() : null,
    }
  }

  /** Every peer we have a connection to, except infrastructure. */
  all(): PeerPath[] {
    const peers = new Set(this.node.getConnections().map((c) => c.remotePeer.toString()))
    return [...peers].filter((p) => !this.ignore.has(p)).map((p) => this.status(p))
  }

  /** Re-evaluates one peer and reports a change of its best path. */
  refresh(peerId: string): void {
    if (this.ignore.has(peerId)) return
    const now = this.status(peerId)
    if ((this.reported.get(peerId) ?? null) === now.path) return
    this.reported.set(peerId, now.path)
    this.onChange(now)
  }
}

function hostOf(addr: Multiaddr): string | undefined {
  return addr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}
