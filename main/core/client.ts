// The client core: one LevelDB and a libp2p network over it, behind the typed API.
// The profile's lock (profile-lock.ts) creates it once unlocked, on the sealed store.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  ApiError,
  type ApiParams,
  type Contact,
  type Identity,
  type NetworkStatus,
  type OwnStatus,
  type ParleyApi,
  type ParleyEvents,
  type PeerPath,
  type Profile,
  type Settings,
} from '../../protocol/api.ts'
import { Emitter, type Subscribable } from '../../protocol/emitter.ts'
import { HybridClock } from '../../protocol/hlc.ts'
import { decodeInvite, encodeInvite } from '../../protocol/invite.ts'
import { MAX_PAGE } from '../../protocol/limits.ts'
import { HandleDirectory } from './directory.ts'
import { type Network, startNetwork } from './network.ts'
import type { ChatStore } from './store.ts'

export interface ClientOptions {
  /** Relays to add to the profile's saved list, each ending in /p2p/<relay peer id>. */
  relays?: string[]
  /** Listen multiaddrs; by default TCP and WebSockets on every interface, random ports. */
  listen?: string[]
  /** Find and be found by peers on the LAN (default true). */
  mdns?: boolean
  log?: (line: string) => void
}

export const DEFAULT_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']

const DEFAULT_PAGE = 50
const DIAL_TIMEOUT_MS = 10_000

export interface ParleyClient extends ParleyApi, Subscribable<ParleyEvents> {
  readonly peerId: string
  stop(): Promise<void>
}

/** Starts the client on an open store, which it then owns (and closes on failure). */
export async function createClient(
  store: ChatStore,
  options: ClientOptions,
): Promise<ParleyClient> {
  try {
    return await startClient(store, options)
  } catch (err) {
    await store.close()
    throw err
  }
}

async function startClient(store: ChatStore, options: ClientOptions): Promise<ParleyClient> {
  const log = options.log ?? ((line: string) => console.error(line))
  const events = new Emitter<ParleyEvents>()
  store.onConversation = (conversation) => events.emit('conversation', conversation)
  const privateKey = await loadIdentity(store)
  const peerId = peerIdFromPrivateKey(privateKey).toString()
  const clock = new HybridClock()
  const latest = store.latestClock()
  if (latest) clock.restore(latest)

  let displayName = (await store.getSetting<string>('displayName')) ?? null
  let presence = (await store.getSetting<OwnStatus>('presence')) ?? 'online'
  let relays = unique([
    ...((await store.getSetting<string[]>('relays')) ?? []),
    ...(options.relays ?? []),
  ])
  await store.putSetting('relays', relays)

  const open = (list: string[]) =>
    startNetwork({
      privateKey,
      store,
      clock,
      events,
      relays: list,
      relayIds: new Set(list.map(relayPeerId)),
      listen: options.listen ?? DEFAULT_LISTEN,
      mdns: options.mdns ?? true,
      displayName: () => displayName,
      presence,
      log,
    })
  let net: Network = await open(relays)

  const identity = (): Identity => ({ peerId, addresses: net.node.getMultiaddrs().map(String) })
  const network = (): NetworkStatus => {
    const { addresses } = identity()
    return {
      peerId,
      addresses,
      relays: relays.map((addr) => ({
        addr,
        reserved: addresses.some((a) => a.startsWith(`${addr}/p2p-circuit`)),
      })),
      peers: net.paths.all(),
    }
  }
  const watchNetwork = () =>
    net.node.addEventListener('self:peer:update', () => events.emit('network', network()))
  watchNetwork()
  const profile = (): Profile => ({ peerId, displayName })
  /** Adds or refreshes a contact, tells the UI, and connects to it (also at `addrs`). */
  const saveContact = async (
    other: string,
    name: string,
    addrs: string[] = [],
  ): Promise<Contact> => {
    if (addrs.length > 0) {
      await net.node.peerStore.merge(peerIdFromString(other), {
        multiaddrs: addrs.map((a) => multiaddr(a)),
      })
    }
    const known = store.getContact(other)
    const contact: Contact = {
      peerId: other,
      displayName: name || known?.displayName || '',
      addedAt: known?.addedAt ?? Date.now(),
    }
    await store.putContact(contact)
    events.emit('contact', contact)
    net.chat.connect(other).catch(() => {})
    return contact
  }
  const directory = new HandleDirectory({
    privateKey,
    peerId,
    store,
    node: () => net.node,
    relays: () => relays,
    displayName: () => displayName,
  })

  return {
    peerId,
    on: (name, listener) => events.on(name, listener),
    identity: async () => identity(),
    network: async () => network(),
    async dial({ addr }: ApiParams['dial']): Promise<PeerPath> {
      let target: ReturnType<typeof multiaddr>
      try {
        target = multiaddr(addr)
      } catch {
        throw new ApiError('bad-request', `not a multiaddr: ${addr}`)
      }
      try {
        const conn = await net.node.dial(target, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
        return net.paths.status(conn.remotePeer.toString())
      } catch (err) {
        throw new ApiError('unreachable', `cannot dial ${addr}: ${(err as Error).message}`)
      }
    },
    send: ({ to, text }) => net.chat.send(to, text),
    conversations: async ({ limit }) => store.listConversations(limit ?? MAX_PAGE),
    history: ({ conversationId, before, limit }) =>
      store.history(conversationId, limit ?? DEFAULT_PAGE, before),
    markRead: ({ conversationId }) => store.markRead(conversationId),
    profile: async () => profile(),
    async setProfile({ displayName: name }: ApiParams['setProfile']): Promise<Profile> {
      await store.putSetting('displayName', name)
      displayName = name
      net.chat.announce(name)
      return profile()
    },
    invite: async () => ({
      code: encodeInvite({ peerId, displayName: displayName ?? '', relays }),
    }),
    async addContact({ code }: ApiParams['addContact']): Promise<Contact> {
      const decoded = decodeInvite(code)
      if (!decoded.ok) throw new ApiError('bad-request', decoded.reason)
      const { invite } = decoded
      if (invite.peerId === peerId)
        throw new ApiError('bad-request', 'this is your own invite code')
      // Their relays are where they can be reached: dialing through one needs no reservation of ours.
      const circuits = invite.relays.map((r) => `${r}/p2p-circuit/p2p/${invite.peerId}`)
      return saveContact(invite.peerId, invite.displayName, circuits)
    },
    async addHandle({ handle }: ApiParams['addHandle']): Promise<Contact> {
      const found = await directory.lookup({ handle })
      if (found.peerId === peerId) throw new ApiError('bad-request', 'this is your own handle')
      return saveContact(found.peerId, found.displayName, found.addresses)
    },
    contacts: async () => store.listContacts(),
    presence: async () => ({ status: presence, contacts: net.presence.list() }),
    async setPresence({ status }: ApiParams['setPresence']): Promise<void> {
      await store.putSetting('presence', status)
      presence = status
      net.presence.set(status)
    },
    typing: async ({ peerId: other, active }: ApiParams['typing']) =>
      net.presence.sendTyping(other, active),
    nearby: async () => net.nearby.list(),
    async addNearby({ peerId: other }: ApiParams['addNearby']): Promise<Contact> {
      const found = net.nearby.get(other)
      if (!found) throw new ApiError('not-found', `${other} is not nearby any more`)
      // mDNS already put its LAN addresses in the peer store.
      return saveContact(other, found.displayName)
    },
    settings: async (): Promise<Settings> => ({ relays }),
    async setRelays({ relays: list }: ApiParams['setRelays']): Promise<Settings> {
      for (const r of list) relayPeerId(r)
      relays = unique(list)
      await store.putSetting('relays', relays)
      // Reservations are taken when the node starts listening, so the network restarts.
      await net.stop()
      net = await open(relays)
      watchNetwork()
      events.emit('network', network())
      return { relays }
    },
    claimHandle: (params) => directory.claim(params),
    lookupHandle: (params) => directory.lookup(params),
    releaseHandle: (params) => directory.release(params),
    myHandles: () => directory.mine(),
    async stop() {
      await net.stop()
      await store.close()
    },
  }
}

/** The peer id a relay address ends in; anything else is a bad request. */
export function relayPeerId(addr: string): string {
  let last: { name: string; value?: string } | undefined
  try {
    last = multiaddr(addr).getComponents().at(-1)
  } catch {
    throw new ApiError('bad-request', `relay address is not a multiaddr: ${addr}`)
  }
  if (last?.name !== 'p2p' || !last.value) {
    throw new ApiError('bad-request', `relay address must end in /p2p/<peer id>: ${addr}`)
  }
  return last.value
}

function unique(list: string[]): string[] {
  return [...new Set(list)]
}

/** The profile's Ed25519 key, created on first start; it never leaves the core. */
async function loadIdentity(store: ChatStore): Promise<PrivateKey> {
  const stored = await store.getMeta('identity')
  if (stored) return privateKeyFromProtobuf(stored)
  const key = await generateKeyPair('Ed25519')
  await store.putMeta('identity', privateKeyToProtobuf(key))
  return key
}
