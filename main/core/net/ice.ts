// The ICE servers WebRTC uses to find a way through NATs: the STUN responders of
// our own relays (each relay tells its port on /parley/relay-info/1.0.0, and the
// host is the one in the relay address we were given) plus any TURN servers from
// settings. Never anything else: left unset, @libp2p/webrtc would fall back to
// public STUN servers of its own choosing, so the list is always an explicit array,
// empty when there is no relay.
import { isIPv6 } from 'node:net'
import type { Connection, Libp2p } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { ApiError, type StunReachability, type TurnServer } from '../../../protocol/api.ts'
import {
  decodeRelayInfo,
  MAX_RELAY_INFO_BYTES,
  RELAY_INFO_PROTOCOL,
  type RelayInfo,
  stunHost,
  stunUrl,
} from '../../../protocol/relay-info.ts'
import { relayPeerId } from './addrs.ts'
import { askStun, type StunTarget } from './stun-client.ts'

const RELAY_INFO_TIMEOUT_MS = 5_000

export interface IceServer {
  urls: string[]
  username?: string
  credential?: string
}

/** A relay's STUN responder: where it is, and whether it answered us when last asked. */
export interface RelayStun {
  url: string
  host: string
  port: number
  /** A second port on the same host, for telling cone NATs from symmetric ones. */
  altPort?: number
  status: StunReachability
}

export class IceServers {
  /** STUN per relay peer id, as each relay last told us. */
  private readonly stun = new Map<string, RelayStun>()
  /** Relays that told us they run no STUN responder. */
  private readonly without = new Set<string>()
  private turn: readonly IceServer[]

  constructor(
    turn: readonly IceServer[] = [],
    /** Told when a relay's STUN reachability changes. */
    private readonly changed: () => void = () => {},
  ) {
    this.turn = turn
  }

  learned(relayId: string, stun: Omit<RelayStun, 'status'>): void {
    const prev = this.stun.get(relayId)
    this.without.delete(relayId)
    // Asked again (a new connection to the same relay): what we knew still holds.
    this.stun.set(relayId, { ...stun, status: prev?.url === stun.url ? prev.status : 'unknown' })
    if (prev?.url !== stun.url) this.changed()
  }

  /** The relay answered relay-info without a STUN port. */
  noStun(relayId: string): void {
    this.stun.delete(relayId)
    this.without.add(relayId)
    this.changed()
  }

  reachability(relayId: string): StunReachability {
    if (this.without.has(relayId)) return 'none'
    return this.stun.get(relayId)?.status ?? 'unknown'
  }

  /** Records whether a relay's STUN responder answered (on any of its ports). */
  answered(relayId: string, ok: boolean): void {
    const stun = this.stun.get(relayId)
    const status = ok ? 'reachable' : 'unreachable'
    if (!stun || stun.status === status) return
    stun.status = status
    this.changed()
  }

  /**
   * Every STUN endpoint we ask (IPv4: NATs are an IPv4 matter, and an IPv6 relay's
   * STUN stays 'unknown'), each relay's main port first, then its alternate.
   */
  endpoints(): (StunTarget & { relayId: string })[] {
    const v4 = [...this.stun.entries()].filter(([, s]) => !isIPv6(s.host))
    return v4.flatMap(([relayId, s]) => [
      { relayId, host: s.host, port: s.port },
      ...(s.altPort ? [{ relayId, host: s.host, port: s.altPort }] : []),
    ])
  }

  /** TURN servers from settings; the next dial and answer use them. */
  setTurn(turn: readonly IceServer[]): void {
    this.turn = turn
  }

  /** STUN first (cheapest), then TURN; always a list, never undefined. */
  list(): IceServer[] {
    return [...[...this.stun.values()].map((s) => ({ urls: [s.url] })), ...this.turn]
  }

  /** For @libp2p/webrtc, read at every dial and every answer, so what we learn later counts. */
  readonly rtcConfiguration = (): RTCConfiguration => ({ iceServers: this.list() })
}

/**
 * Asks each of our relays for its STUN port whenever identify shows it speaks
 * relay-info (on every connection to it, so a restarted relay is asked again).
 */
export function learnRelayStun(
  node: Libp2p,
  relays: readonly string[],
  ice: IceServers,
  log: (line: string) => void,
): void {
  const addrOf = new Map(relays.map((r) => [relayPeerId(r), r]))
  const learn = (connection: Connection, protocols: readonly string[]) => {
    const relay = connection.remotePeer.toString()
    const relayAddr = addrOf.get(relay)
    if (!relayAddr || !protocols.includes(RELAY_INFO_PROTOCOL)) return
    askRelay(connection)
      .then(async (info) => {
        const host = stunHost(relayAddr)
        if (!info?.stunPort || !host) return ice.noStun(relay)
        const url = stunUrl(relayAddr, info.stunPort) as string
        ice.learned(relay, {
          url,
          host,
          port: info.stunPort,
          ...(info.stunAltPort ? { altPort: info.stunAltPort } : {}),
        })
        // One binding request tells whether its responder is reachable from here.
        if (isIPv6(host)) return
        const [answer] = await askStun([{ host, port: info.stunPort }])
        ice.answered(relay, answer?.mapped != null)
      })
      .catch((err: Error) => log(`relay-info from ${relay}: ${err.message}`))
  }
  node.addEventListener('peer:identify', (e) => learn(e.detail.connection, e.detail.protocols))
  // The node is started already: relays it identified before we listened are asked now.
  for (const connection of node.getConnections()) {
    node.peerStore
      .get(connection.remotePeer)
      .then((peer) => learn(connection, peer.protocols))
      .catch(() => {}) // not identified yet: peer:identify will tell
  }
}

async function askRelay(connection: Connection): Promise<RelayInfo | undefined> {
  const signal = AbortSignal.timeout(RELAY_INFO_TIMEOUT_MS)
  const stream = await connection.newStream(RELAY_INFO_PROTOCOL, { signal })
  try {
    const bytes = await lpStream(stream, { maxDataLength: MAX_RELAY_INFO_BYTES }).read({ signal })
    await stream.close({ signal })
    return decodeRelayInfo(bytes.subarray())
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/** TURN servers as the API shows them: URLs and username, never the credential. */
export function turnView(turn: readonly IceServer[]): TurnServer[] {
  return turn.map((t) => ({ urls: [...t.urls], username: t.username ?? '' }))
}

/**
 * The new TURN list: a server given without a credential keeps the one saved for the
 * same URLs and username (the API never shows credentials back, so the UI cannot
 * resend them); one with no saved credential is a bad request.
 */
export function withCredentials(
  next: readonly { urls: string[]; username: string; credential?: string | undefined }[],
  saved: readonly IceServer[],
): IceServer[] {
  const key = (t: { urls: string[]; username?: string | undefined }) =>
    JSON.stringify([t.urls, t.username ?? ''])
  return next.map((t) => {
    const credential = t.credential ?? saved.find((s) => key(s) === key(t))?.credential
    if (!credential) {
      throw new ApiError('bad-request', `TURN server ${t.urls[0]} needs a credential`)
    }
    return { urls: t.urls, username: t.username, credential }
  })
}
