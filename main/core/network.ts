// The network half of the core: a libp2p node with the chat service and path
// tracking on top. It can be stopped and started again (on a new relay list)
// while the store, the clock and the event stream stay.
import type { PrivateKey } from '@libp2p/interface'
import { LevelDatastore } from 'datastore-level'
import type { Level } from 'level'
import type { OwnStatus, ParleyEvents } from '../../protocol/api.ts'
import type { Emitter } from '../../protocol/emitter.ts'
import type { HybridClock } from '../../protocol/hlc.ts'
import { ChatService } from './chat-service.ts'
import { upgradeRelayedPeers } from './direct-upgrade.ts'
import { Nearby } from './nearby.ts'
import { createNode } from './node.ts'
import { LanPeers, PathTracker } from './paths.ts'
import { PresenceService } from './presence.ts'
import type { ChatStore } from './store.ts'

export interface NetworkOptions {
  privateKey: PrivateKey
  store: ChatStore
  clock: HybridClock
  events: Emitter<ParleyEvents>
  relays: string[]
  /** The relays' peer ids: infrastructure, never reported as contacts. */
  relayIds: ReadonlySet<string>
  listen: string[]
  mdns: boolean
  displayName(): string | null
  presence: OwnStatus
  log(line: string): void
}

export type Network = Awaited<ReturnType<typeof startNetwork>>

export async function startNetwork(opts: NetworkOptions) {
  const { store, events } = opts
  const lan = new LanPeers()
  let paths: PathTracker | undefined
  let nearby: Nearby | undefined
  const node = await createNode({
    privateKey: opts.privateKey,
    // The peer store persists, so contacts' last known addresses survive restarts.
    datastore: new LevelDatastore(store.sublevel('peers') as unknown as Level<string, Uint8Array>),
    listen: opts.listen,
    relays: opts.relays,
    mdns: opts.mdns,
    onLanPeer: (peerId, addrs) => {
      lan.record(peerId, addrs)
      paths?.refresh(peerId.toString())
      nearby?.seen(peerId)
    },
  })
  const presence = new PresenceService(
    { store, events, links: (peerId) => chat.openLinks(peerId) },
    opts.presence,
  )
  paths = new PathTracker(node, lan, opts.relayIds, (p) => {
    events.emit('path', p)
    if (p.path === null) presence.disconnected(p.peerId).catch(opts.log)
  })
  upgradeRelayedPeers(node, paths)
  nearby = new Nearby(node, opts.displayName, (peers) => events.emit('nearby', peers))
  await nearby.start()
  const chat = new ChatService({
    node,
    store,
    clock: opts.clock,
    events,
    paths,
    relays: opts.relays,
    displayName: opts.displayName,
    signals: presence,
    log: opts.log,
  })
  await chat.start()
  return {
    node,
    paths,
    chat,
    nearby,
    presence,
    async stop() {
      presence.stop()
      await chat.stop()
      await node.stop()
    },
  }
}
