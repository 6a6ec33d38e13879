// The client's libp2p node: TCP and WebSockets for direct paths, circuit-relay-v2
// for relayed ones, mDNS for the LAN, Noise and yamux on every connection.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import type { PeerId } from '@libp2p/interface'
import { FaultTolerance, type PeerDiscovery, type PrivateKey } from '@libp2p/interface'
import { mdns } from '@libp2p/mdns'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Datastore } from 'interface-datastore'
import { createLibp2p } from 'libp2p'

/** How often to ask the LAN who is there; answers to others' questions are immediate. */
const MDNS_QUERY_INTERVAL_MS = 5_000

export interface NodeOptions {
  privateKey: PrivateKey
  datastore: Datastore
  listen: string[]
  relays: string[]
  mdns: boolean
  /** Told what each LAN peer announced over mDNS. */
  onLanPeer(peerId: PeerId, addrs: Multiaddr[]): void
}

export function createNode(opts: NodeOptions) {
  const lanDiscovery = (components: Parameters<ReturnType<typeof mdns>>[0]): PeerDiscovery => {
    const discovery = mdns({ interval: MDNS_QUERY_INTERVAL_MS })(components)
    discovery.addEventListener('peer', (e) => opts.onLanPeer(e.detail.id, e.detail.multiaddrs))
    return discovery
  }
  return createLibp2p({
    privateKey: opts.privateKey,
    datastore: opts.datastore,
    addresses: {
      // Listening on <relay>/p2p-circuit takes a reservation on that relay.
      listen: [...opts.listen, ...opts.relays.map((r) => `${r}/p2p-circuit`)],
    },
    // A relay or port that is down at start must not keep the client from starting.
    transportManager: { faultTolerance: FaultTolerance.NO_FATAL },
    transports: [tcp(), webSockets(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: opts.mdns ? [lanDiscovery] : [],
    services: { identify: identify(), ping: ping() },
  })
}
