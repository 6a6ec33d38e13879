// The network half of the core: a libp2p node with the chat links, outbox and path
// tracking on top. It can be stopped and started again (on a new relay list)
// while the store, the clock and the event stream stay.
import type { PrivateKey } from '@libp2p/interface'
import { LevelDatastore } from 'datastore-level'
import type { Level } from 'level'
import type { OwnStatus, ParleyEvents } from '../../protocol/api.ts'
import type { Emitter } from '../../protocol/emitter.ts'
import type { HybridClock } from '../../protocol/hlc.ts'
import { Dialer } from './chat/dialer.ts'
import { Inbox } from './chat/inbox.ts'
import { KeyExchange } from './chat/key-exchange.ts'
import { ChatLinks } from './chat/links.ts'
import { Outbox } from './chat/outbox.ts'
import { PresenceService } from './chat/presence.ts'
import { ReadReceipts } from './chat/read-receipts.ts'
import { EnvelopeCipher } from './crypto/envelope-cipher.ts'
import type { Safety } from './crypto/safety.ts'
import type { SignalSessions } from './crypto/signal/sessions.ts'
import type { GroupService } from './groups/group-service.ts'
import { Courier } from './mail/courier.ts'
import { testConnectivity } from './net/connectivity.ts'
import { upgradeRelayedPeers } from './net/direct-upgrade.ts'
import { type IceServer, IceServers, learnRelayStun } from './net/ice.ts'
import { createNode } from './net/node.ts'
import { LanPeers, PathTracker } from './net/paths.ts'
import { keepRelays, RelaySlots } from './net/relay-keeper.ts'
import { watchRtt } from './net/rtt.ts'
import { upgradeToWebRTC, WebRTCDials } from './net/webrtc-upgrade.ts'
import type { Contacts } from './people/contacts.ts'
import { HandleDirectory } from './people/directory.ts'
import { Nearby } from './people/nearby.ts'
import type { OwnProfile } from './people/own-profile.ts'
import { ProfileSync } from './people/profile-sync.ts'
import { startInOrder } from './startable.ts'
import type { ProfileStore } from './store/profile-store.ts'

export interface NetworkOptions {
  privateKey: PrivateKey
  store: ProfileStore
  /** The profile's end-to-end sessions: every chat payload is encrypted with them. */
  signal: SignalSessions
  /** The profile's groups, loaded: the network carries their traffic. */
  groups: GroupService
  /** Told when a contact presents a new identity key: warns, and trusts the key. */
  safety: Pick<Safety, 'identityChanged'>
  contacts: Contacts
  clock: HybridClock
  events: Emitter<ParleyEvents>
  relays: string[]
  /** The relays' peer ids: infrastructure, never reported as contacts. */
  relayIds: ReadonlySet<string>
  listen: string[]
  mdns: boolean
  /** Listen on /webrtc and upgrade relayed peers to WebRTC. */
  webrtc: boolean
  /** TURN servers from settings, for WebRTC where STUN is not enough (symmetric NATs). */
  turn?: IceServer[]
  /** Ask the LAN's router (UPnP IGD) to forward our TCP ports, and announce them. */
  upnp?: boolean
  /** Told when something network() reports changed without a libp2p event (STUN reachability). */
  statusChanged?(): void
  profile: OwnProfile
  presence: OwnStatus
  /** The read-receipts setting, as it is now. */
  readReceipts(): boolean
  log(line: string): void
}

export type Network = Awaited<ReturnType<typeof startNetwork>>

/**
 * Builds the node and every service on it, then starts them in order: the node's
 * listeners and the chat protocol's handler, the node, our relays' upkeep,
 * profiles, presence, chat, mail. Events reach only components that exist; a
 * failure to start stops what had started.
 */
export async function startNetwork(opts: NetworkOptions) {
  const { store, contacts, events, groups } = opts
  const lan = new LanPeers()
  const ice = new IceServers(opts.turn ?? [], () => opts.statusChanged?.())
  const relaySlots = new RelaySlots()
  const webrtcDials = new WebRTCDials()
  const node = await createNode({
    privateKey: opts.privateKey,
    // The peer store persists, so contacts' last known addresses survive restarts.
    datastore: new LevelDatastore(store.db.bytes('peers') as unknown as Level<string, Uint8Array>),
    listen: opts.listen,
    relays: opts.relays,
    mdns: opts.mdns,
    webrtc: opts.webrtc,
    upnp: opts.upnp ?? false,
    rtcConfiguration: ice.rtcConfiguration,
    relaySlots,
    denyWebRTCDial: webrtcDials.deny,
    isBlocked: (peerId) => {
      const blocked = contacts.isBlocked(peerId.toString())
      if (blocked) opts.log(`refused a connection with blocked peer ${peerId}`)
      return blocked
    },
    onLanPeer: (peerId, addrs) => {
      lan.record(peerId, addrs)
      paths.refresh(peerId.toString())
      nearby.seen(peerId)
    },
  })
  // Everything from here to startInOrder() is synchronous: the node is not started,
  // and no call or event can come in before every component exists.
  const selfId = node.peerId.toString()
  const paths = new PathTracker(node, lan, opts.relayIds, (p) => {
    events.emit('path', p)
    rtt.measure(p.peerId)
    if (p.path === null) presence.disconnected(p.peerId).catch(opts.log)
    // A path that got better without a connection event (a WebRTC one proved itself).
    links.pathChanged(p.peerId)
  })
  const rtt = watchRtt(paths, (p) => events.emit('path', p))
  const presence = new PresenceService(
    { contacts, events, links: (peerId) => links.openLinks(peerId), groups: opts.groups },
    opts.presence,
  )
  const profiles = new ProfileSync({
    node,
    records: store.contacts,
    events,
    own: opts.profile,
    regreet: (peerId) => links.announce(peerId),
    log: opts.log,
  })
  const nearby = new Nearby(profiles, (peers) => events.emit('nearby', peers))
  const receipts = new ReadReceipts({
    self: selfId,
    store,
    contacts,
    events,
    groups: opts.groups,
    links: (peerId) => links.openLinks(peerId),
    enabled: opts.readReceipts,
  })
  const cipher = new EnvelopeCipher(opts.signal, selfId)
  const keys = new KeyExchange({
    signal: opts.signal,
    contacts,
    safety: opts.safety,
    resend: (peer) => outbox.deliverSoon(peer),
    log: opts.log,
  })
  const inbox = new Inbox({
    self: selfId,
    groups,
    store,
    signal: opts.signal,
    contacts,
    keys,
    clock: opts.clock,
    events,
    nameOf: (peer) => links.nameOf(peer),
    log: opts.log,
  })
  const courier = new Courier({
    node,
    relays: opts.relays,
    signal: opts.signal,
    cipher,
    store,
    events,
    deliver: (sender, ciphertext) => inbox.fromMail(sender, ciphertext),
    log: opts.log,
  })
  const dialer = new Dialer({ node, paths, lan, relays: opts.relays })
  const directory = new HandleDirectory({
    privateKey: opts.privateKey,
    peerId: selfId,
    settings: store.settings,
    node,
    relays: opts.relays,
    displayName: () => opts.profile.displayName,
  })
  const links = new ChatLinks({
    node,
    paths,
    dialer,
    cipher,
    inbox,
    keys,
    outbox: {
      acknowledged: (link, ids) => outbox.acknowledged(link, ids),
      deliverSoon: (peer) => outbox.deliverSoon(peer),
    },
    receipts,
    contacts,
    groups: opts.groups,
    profiles,
    signals: presence,
    log: opts.log,
  })
  const outbox = new Outbox({
    self: selfId,
    store,
    links,
    keys,
    mail: courier,
    contacts,
    clock: opts.clock,
    events,
  })
  let keeper: { stop(): void } | undefined
  let webrtc: ReturnType<typeof upgradeToWebRTC> | undefined
  const stop = await startInOrder(
    {
      listeners: {
        // Listening before the node starts: nothing it does at start is missed, and
        // a chat stream that comes as soon as the node listens is taken.
        start: async () => {
          await links.listen()
          upgradeRelayedPeers(node, paths)
          learnRelayStun(node, opts.relays, ice, opts.log)
          if (opts.webrtc) {
            webrtc = upgradeToWebRTC(node, paths, {
              dials: webrtcDials,
              relayIds: opts.relayIds,
              log: opts.log,
            })
          }
        },
        stop: () => {
          rtt.stop()
          webrtc?.stop()
        },
      },
      node,
      relays: {
        start: () => {
          keeper = keepRelays(node, opts.relays, relaySlots, {
            regained: () => {
              outbox.reconnected()
              courier.collectAll()
            },
            log: opts.log,
          })
        },
        stop: () => keeper?.stop(),
      },
      profiles,
      presence,
      links,
      outbox,
      courier,
    },
    opts.log,
  )
  return {
    node,
    paths,
    dialer,
    links,
    outbox,
    nearby,
    presence,
    ice,
    receipts,
    directory,
    /** STUN binding requests to every endpoint of our relays, and the NAT type they imply. */
    connectivity: () => testConnectivity(ice),
    /** New TURN servers: the next WebRTC attempts use them; relayed peers are tried again. */
    setTurn(turn: IceServer[]) {
      ice.setTurn(turn)
      webrtc?.retryAll()
    },
    stop,
  }
}
