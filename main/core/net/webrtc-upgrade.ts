// A peer reached only through a relay may still be reachable peer to peer: behind
// cone NATs, WebRTC (ICE with our relays' STUN servers) punches a UDP path. After a
// relayed connection is identified, one side of the pair (the smaller peer id, so
// the two do not race) dials <relay>/p2p-circuit/webrtc/p2p/<peer> in the
// background; the offer and answer travel over the relayed connection.
//
// Every WebRTC connection, ours or the peer's, must carry a ping round trip before
// it counts as a path (PathTracker.prove). @libp2p/webrtc registers an inbound
// connection even when ICE never connected (the dialer gave up and the signalling
// reset was swallowed); such a phantom fails its ping and is closed, so it never
// takes the chat off the relay. When a WebRTC path drops, the relayed connection is
// still there and the chat moves back to it; a new attempt follows later.
import type { Connection, Libp2p } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { backoff } from '../lib/backoff.ts'
import { webrtcVia } from './addrs.ts'
import { isWebRTC, type PathTracker } from './paths.ts'
import { roundTrip } from './rtt.ts'

/** How long a new WebRTC connection has to answer a ping before it is closed. */
const PROBE_TIMEOUT_MS = 5_000
/** Longer than other dials: ICE gathers and checks candidates first. */
const WEBRTC_DIAL_TIMEOUT_MS = 15_000
/** Waits before the next attempt after a failed one (or a dropped path); then we stop trying. */
const retryDelay = backoff({ firstMs: 5_000, factor: 6, maxMs: 120_000, tries: 3 })

/**
 * The WebRTC addresses being dialed by the upgrade: the only ones the connection
 * gater lets through. Dials by peer id (the chat's) then never wait on ICE.
 */
export class WebRTCDials {
  private readonly allowed = new Set<string>()

  readonly deny = (ma: Multiaddr): boolean =>
    ma.getComponents().some((c) => c.name === 'webrtc') && !this.allowed.has(ma.toString())

  async dial<T>(ma: Multiaddr, dial: (ma: Multiaddr) => Promise<T>): Promise<T> {
    this.allowed.add(ma.toString())
    try {
      return await dial(ma)
    } finally {
      this.allowed.delete(ma.toString())
    }
  }
}

export interface WebRTCUpgradeOptions {
  dials: WebRTCDials
  /** Our relays: infrastructure, never upgraded. */
  relayIds: ReadonlySet<string>
  log(line: string): void
}

export function upgradeToWebRTC(node: Libp2p, paths: PathTracker, opts: WebRTCUpgradeOptions) {
  const self = node.peerId.toString()
  const probes = new WeakMap<Connection, Promise<boolean>>()
  const peers = new Map<
    string,
    { dialing: boolean; failures: number; timer?: NodeJS.Timeout; again?: boolean }
  >()
  let stopped = false

  const probe = (conn: Connection): Promise<boolean> => {
    let p = probes.get(conn)
    if (!p) {
      p = roundTrip(conn, PROBE_TIMEOUT_MS).then(
        async (ms) => {
          conn.rtt = Math.max(1, Math.round(ms))
          // Known before the path is reported, so its first report says TURN.
          if (await throughTurn(conn)) paths.markTurn(conn)
          paths.prove(conn)
          return true
        },
        (err: Error) => {
          opts.log(
            `webrtc: closing ${conn.direction} connection to ${conn.remotePeer}: ${err.message}`,
          )
          conn.abort(new Error('WebRTC connection never carried data'))
          return false
        },
      )
      probes.set(conn, p)
    }
    return p
  }

  /** Lan, direct or a proven WebRTC connection: nothing to gain. */
  const hasPeerToPeer = (peer: string) => {
    const best = paths.best(peer)
    return best !== undefined && paths.pathOf(best) !== 'relayed'
  }

  const relayedTo = (peer: string) =>
    node
      .getConnections()
      .find(
        (c) => c.remotePeer.toString() === peer && paths.usable(c) && paths.pathOf(c) === 'relayed',
      )

  const attempt = async (peer: string) => {
    const state = peers.get(peer) ?? { dialing: false, failures: 0 }
    peers.set(peer, state)
    clearTimeout(state.timer)
    const relayed = relayedTo(peer)
    if (stopped || state.dialing || !relayed || hasPeerToPeer(peer)) return
    state.dialing = true
    const started = performance.now()
    try {
      const conn = await opts.dials.dial(webrtcVia(relayed.remoteAddr, peer), (ma) =>
        node.dial(ma, {
          // The relayed connection would otherwise count as "already connected".
          force: true,
          signal: AbortSignal.timeout(WEBRTC_DIAL_TIMEOUT_MS),
        }),
      )
      if (!(await probe(conn))) throw new Error('connected, but no round trip')
      state.failures = 0
      // LAN or direct TCP came up meanwhile (they were tried in parallel) and wins.
      const best = paths.best(peer)
      if (best && best !== conn && paths.pathOf(best) !== 'relayed') {
        opts.log(`webrtc: ${paths.pathOf(best)} path to ${peer} wins, closing WebRTC`)
        await conn.close().catch(() => conn.abort(new Error('closed')))
        return
      }
      opts.log(`webrtc: connected to ${peer} in ${Math.round(performance.now() - started)} ms`)
    } catch (err) {
      opts.log(`webrtc: no connection to ${peer}: ${(err as Error).message}`)
      retryLater(peer, state)
    } finally {
      state.dialing = false
      // The ICE servers changed while this attempt ran on the old ones.
      if (state.again) {
        state.again = false
        void attempt(peer)
      }
    }
  }

  const retryLater = (peer: string, state: { failures: number; timer?: NodeJS.Timeout }) => {
    const delay = retryDelay(state.failures++)
    if (stopped || delay === undefined) return
    state.timer = setTimeout(() => void attempt(peer), delay)
    state.timer.unref()
  }

  node.addEventListener('connection:open', (event) => {
    const conn = event.detail
    if (isWebRTC(conn)) return void probe(conn)
    // LAN or direct TCP beats WebRTC: an idle WebRTC connection beside it only costs.
    const path = paths.pathOf(conn)
    if (path !== 'lan' && path !== 'direct') return
    for (const other of node.getConnections(conn.remotePeer)) {
      if (isWebRTC(other)) other.close().catch((err: Error) => other.abort(err))
    }
  })

  node.addEventListener('peer:identify', (event) => {
    const { peerId, listenAddrs, connection } = event.detail
    const peer = peerId.toString()
    if (opts.relayIds.has(peer) || paths.pathOf(connection) !== 'relayed') return
    // The peer answers WebRTC only if it listens for it; the smaller id dials.
    if (!listenAddrs.some((a) => a.getComponents().some((c) => c.name === 'webrtc'))) return
    if (self > peer) return
    void attempt(peer)
  })

  node.addEventListener('connection:close', (event) => {
    const conn = event.detail
    const peer = conn.remotePeer.toString()
    const state = peers.get(peer)
    // A WebRTC path we had dropped: try again later, while the relay carries the chat.
    if (!isWebRTC(conn) || !state || self > peer || conn.direction !== 'outbound') return
    if (relayedTo(peer)) retryLater(peer, state)
  })

  return {
    /** ICE servers changed (TURN from settings): peers still relayed get a fresh try. */
    retryAll() {
      for (const [peer, state] of peers) {
        if (self > peer) continue
        state.failures = 0
        if (state.dialing) state.again = true
        else void attempt(peer)
      }
    },
    stop() {
      stopped = true
      for (const s of peers.values()) clearTimeout(s.timer)
    },
  }
}

/**
 * Whether the connection's selected ICE candidate pair has a relay (TURN) candidate
 * on either side. libp2p's Connection does not expose the RTCPeerConnection, but
 * @libp2p/webrtc's multiaddr connection (`maConn`, public on libp2p's class though
 * not on the interface) keeps it, and its standard getStats() names the pair;
 * should either go away in an upgrade, this says false and the path shows WebRTC.
 */
export async function throughTurn(conn: Connection): Promise<boolean> {
  const pc = (conn as { maConn?: { peerConnection?: Pick<RTCPeerConnection, 'getStats'> } }).maConn
    ?.peerConnection
  if (typeof pc?.getStats !== 'function') return false
  try {
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[]
    const byId = new Map(stats.map((s) => [s.id, s]))
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId)
    const pair =
      byId.get(transport?.selectedCandidatePairId) ??
      stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded')
    if (!pair) return false
    return [pair.localCandidateId, pair.remoteCandidateId].some(
      (id) => byId.get(id)?.candidateType === 'relay',
    )
  } catch {
    return false
  }
}
