// The ICE servers WebRTC uses to find a way through NATs: the STUN responders of
// our own relays (each relay tells its port on /parley/relay-info/1.0.0, and the
// host is the one in the relay address we were given) plus any TURN servers from
// settings. Never anything else: left unset, @libp2p/webrtc would fall back to
// public STUN servers of its own choosing, so the list is always an explicit array,
// empty when there is no relay.
import type { Connection, Libp2p } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import {
  decodeRelayInfo,
  MAX_RELAY_INFO_BYTES,
  RELAY_INFO_PROTOCOL,
  stunUrl,
} from '../../protocol/relay-info.ts'

const RELAY_INFO_TIMEOUT_MS = 5_000

export interface IceServer {
  urls: string[]
  username?: string
  credential?: string
}

export class IceServers {
  /** STUN URL per relay peer id, as each relay last told us. */
  private readonly stun = new Map<string, string>()

  constructor(private readonly turn: readonly IceServer[] = []) {}

  learned(relayId: string, url: string): void {
    this.stun.set(relayId, url)
  }

  /** STUN first (cheapest), then TURN; always a list, never undefined. */
  list(): IceServer[] {
    return [...[...this.stun.values()].map((url) => ({ urls: [url] })), ...this.turn]
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
  const addrOf = new Map(relays.map((r) => [r.split('/p2p/').at(-1) as string, r]))
  const learn = (connection: Connection, protocols: readonly string[]) => {
    const relay = connection.remotePeer.toString()
    const relayAddr = addrOf.get(relay)
    if (!relayAddr || !protocols.includes(RELAY_INFO_PROTOCOL)) return
    askRelay(connection)
      .then((port) => {
        const url = port === undefined ? undefined : stunUrl(relayAddr, port)
        if (url) ice.learned(relay, url)
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

async function askRelay(connection: Connection): Promise<number | undefined> {
  const signal = AbortSignal.timeout(RELAY_INFO_TIMEOUT_MS)
  const stream = await connection.newStream(RELAY_INFO_PROTOCOL, { signal })
  try {
    const bytes = await lpStream(stream, { maxDataLength: MAX_RELAY_INFO_BYTES }).read({ signal })
    await stream.close({ signal })
    return decodeRelayInfo(bytes.subarray())?.stunPort
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}
