// The client's libp2p node: TCP and WebSockets for direct paths, circuit-relay-v2
// for relayed ones, WebRTC (signalled through a relay) across NATs, mDNS for the
// LAN, Noise and yamux on every connection but WebRTC's (which brings its own).
// What is turned off is never loaded: WebRTC (node-datachannel, a native addon),
// mDNS and UPnP are imported only when the node uses them.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import type { PeerId } from '@libp2p/interface'
import { FaultTolerance, type PeerDiscovery, type PrivateKey } from '@libp2p/interface'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Datastore } from 'interface-datastore'
import { createLibp2p } from 'libp2p'
import { circuitListen } from './addrs.ts'
import type { RelaySlots } from './relay-keeper.ts'

/** How often to ask the LAN who is there; answers to others' questions are immediate. */
const MDNS_QUERY_INTERVAL_MS = 5_000
/** How often to look for a UPnP gateway while none has answered. */
const UPNP_SEARCH_EVERY_MS = 60_000

export interface NodeOptions {
  privateKey: PrivateKey
  datastore: Datastore
  listen: string[]
  relays: string[]
  mdns: boolean
  /** WebRTC through our relays' signalling (off: relayed peers stay relayed). */
  webrtc: boolean
  /** Map our TCP ports on the LAN's UPnP gateway, if there is one, and announce them. */
  upnp: boolean
  /** ICE servers for WebRTC, asked at every dial and answer: only ours, never a default list. */
  rtcConfiguration(): RTCConfiguration
  /** Whether a /webrtc address may be dialed now (webrtc-upgrade.ts); others always may. */
  denyWebRTCDial(ma: Multiaddr): boolean
  /** The circuit relay transport, kept to take reservations again (relay-keeper.ts). */
  relaySlots: RelaySlots
  /** Blocked peers are refused at connection time, both ways, once their Noise key is known. */
  isBlocked(peerId: PeerId): boolean
  /** Told what each LAN peer announced over mDNS. */
  onLanPeer(peerId: PeerId, addrs: Multiaddr[]): void
}

/** Largest receive window of a stream (yamux's default is 16 MiB). */
const MAX_STREAM_WINDOW = 2 * 1024 * 1024

export async function createNode(opts: NodeOptions) {
  const [lan, upnp, webrtc] = await Promise.all([
    opts.mdns ? import('@libp2p/mdns') : undefined,
    opts.upnp ? import('@libp2p/upnp-nat') : undefined,
    opts.webrtc ? import('@libp2p/webrtc') : undefined,
  ])
  return createLibp2p({
    // Started by the network once everything that listens to it exists (network.ts).
    start: false,
    privateKey: opts.privateKey,
    datastore: opts.datastore,
    addresses: {
      // Listening on <relay>/p2p-circuit takes a reservation on that relay.
      // /webrtc then answers WebRTC offers signalled through those relays.
      listen: [
        ...opts.listen,
        ...opts.relays.map(circuitListen),
        ...(opts.webrtc && opts.relays.length > 0 ? ['/webrtc'] : []),
      ],
    },
    // A relay or port that is down at start must not keep the client from starting.
    transportManager: { faultTolerance: FaultTolerance.NO_FATAL },
    connectionGater: {
      denyDialPeer: opts.isBlocked,
      denyInboundEncryptedConnection: opts.isBlocked,
      denyOutboundEncryptedConnection: opts.isBlocked,
      // Through a relay, before any handshake.
      denyInboundRelayedConnection: (_relay, remote) => opts.isBlocked(remote),
      // WebRTC addresses are dialed only by the upgrade, in the background: a dial
      // by peer id would otherwise wait on ICE through a NAT that cannot be crossed.
      denyDialMultiaddr: (ma) => opts.denyWebRTCDial(ma),
    },
    transports: [
      tcp(),
      webSockets(),
      opts.relaySlots.transport,
      ...(webrtc ? [webrtc.webRTC({ rtcConfiguration: opts.rtcConfiguration })] : []),
    ],
    connectionEncrypters: [noise()],
    // A stream's window stays under its read buffer's limit (4 MiB), so that a chat
    // link that pauses reading (chat/link.ts) holds what the peer had in flight.
    streamMuxers: [yamux({ streamOptions: { maxStreamWindowSize: MAX_STREAM_WINDOW } })],
    peerDiscovery: lan ? [lanDiscovery(lan, opts.onLanPeer)] : [],
    services: {
      identify: identify(),
      // Pings on one connection may overlap: libp2p's connection monitor's (every 10 s),
      // ours on a path change (rtt.ts) and the WebRTC probe. At the default limit of
      // one outbound stream the monitor's would fail, and it aborts the connection.
      ping: ping({ maxOutboundStreams: 4, maxInboundStreams: 4 }),
      // The gateway search runs in the background, so a LAN without one costs nothing
      // at start-up: five M-SEARCH datagrams over 5 s, again every minute until a
      // gateway answers (the library's default is every 5 s). The mapped address is
      // the router's own word: trusted at once, as there is no AutoNAT server among
      // our few peers to confirm it.
      ...(upnp
        ? {
            upnp: upnp.uPnPNAT({
              autoConfirmAddress: true,
              initialGatewaySearchInterval: UPNP_SEARCH_EVERY_MS,
              portMappingDescription: 'Parley',
            }),
          }
        : {}),
    },
  })
}

/** mDNS discovery that tells `onLanPeer` what each LAN peer announced. */
function lanDiscovery(
  { mdns }: typeof import('@libp2p/mdns'),
  onLanPeer: NodeOptions['onLanPeer'],
) {
  const discovery = mdns({ interval: MDNS_QUERY_INTERVAL_MS })
  return (components: Parameters<typeof discovery>[0]): PeerDiscovery => {
    const lan = discovery(components)
    lan.addEventListener('peer', (e) => onLanPeer(e.detail.id, e.detail.multiaddrs))
    return lan
  }
}
