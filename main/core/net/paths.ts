// Which path each connection takes (LAN, direct, WebRTC, relayed), which connection
// to a peer is best, and a 'path' event whenever the best path to a peer changes.
import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Path, PeerPath } from '../../../protocol/api.ts'
import { isCircuit } from './addrs.ts'

const RANK: Record<Path, number> = { lan: 0, direct: 1, webrtc: 2, relayed: 3 }

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

  /** Whether the peer has announced itself on our LAN. */
  seen(peerId: string): boolean {
    return this.hosts.has(peerId)
  }

  has(peerId: string, host: string): boolean {
    return this.hosts.get(peerId)?.has(host) ?? false
  }
}

export class PathTracker {
  private readonly reported = new Map<string, Path | null>()
  /**
   * WebRTC connections that have carried a round trip. @libp2p/webrtc can register
   * an inbound connection whose ICE never connected (when the dialer gave up); such
   * a connection looks open but carries nothing, so until proven it is no path.
   */
  private readonly proven = new WeakSet<Connection>()
  /** WebRTC connections whose selected ICE pair has a TURN (relay) candidate. */
  private readonly viaTurn = new WeakSet<Connection>()

  constructor(
    private readonly node: Libp2p,
    private readonly lan: LanPeers,
    /** Peers that are infrastructure (our relays): never reported as contacts. */
    private readonly ignore: ReadonlySet<string>,
    private readonly onChange: (path: PeerPath) => void,
  ) {}

  pathOf(conn: Connection): Path {
    const addr = conn.remoteAddr
    // Outbound WebRTC connections keep the circuit they were signalled over in their address.
    if (isWebRTC(conn)) return 'webrtc'
    if (isCircuit(addr)) return 'relayed'
    const host = hostOf(addr)
    return host && this.lan.has(conn.remotePeer.toString(), host) ? 'lan' : 'direct'
  }

  /** A WebRTC connection carried a round trip: it counts as a path from now on. */
  prove(conn: Connection): void {
    this.proven.add(conn)
    this.refresh(conn.remotePeer.toString())
  }

  /** A WebRTC connection runs through a TURN server; set before it is proven. */
  markTurn(conn: Connection): void {
    this.viaTurn.add(conn)
  }

  /** Open, and for WebRTC proven to carry data. */
  usable(conn: Connection): boolean {
    return conn.status === 'open' && (!isWebRTC(conn) || this.proven.has(conn))
  }

  /** The open connection to `peerId` on the best path, if any. */
  best(peerId: string): Connection | undefined {
    let best: Connection | undefined
    for (const conn of this.node.getConnections()) {
      if (!this.usable(conn) || conn.remotePeer.toString() !== peerId) continue
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
      // Ours on a path change (rtt.ts), then libp2p's connection monitor's.
      rttMs: conn?.rtt === undefined ? null : Math.round(conn.rtt),
      turn: conn !== undefined && this.viaTurn.has(conn),
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

export function isWebRTC(conn: Connection): boolean {
  return conn.remoteAddr.getComponents().some((c) => c.name === 'webrtc')
}

function hostOf(addr: Multiaddr): string | undefined {
  return addr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}
