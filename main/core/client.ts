// The client core: one LevelDB and a libp2p network over it, behind the typed API.
// The profile's lock (profile-lock.ts) creates it once unlocked, on the sealed store.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import PQueue from 'p-queue'
import {
  ApiError,
  type ApiParams,
  type Change,
  type Contact,
  type Conversation,
  type Identity,
  type Message,
  type NetworkStatus,
  type OwnStatus,
  type ParleyApi,
  type ParleyEvents,
  type PeerPath,
  type Profile,
  type Quote,
  type Settings,
  type TurnServer,
} from '../../protocol/api.ts'
import { snippetOf } from '../../protocol/content.ts'
import { Emitter, type Subscribable } from '../../protocol/emitter.ts'
import { HybridClock } from '../../protocol/hlc.ts'
import { groupConversationId, groupIdOf } from '../../protocol/ids.ts'
import { decodeInvite, encodeInvite } from '../../protocol/invite.ts'
import { MAX_PAGE } from '../../protocol/limits.ts'
import { callAttention } from './chat/attention.ts'
import type { Outgoing } from './chat/outbox.ts'
import { Safety } from './crypto/safety.ts'
import { SenderKeys } from './crypto/signal/sender-keys.ts'
import { SignalSessions } from './crypto/signal/sessions.ts'
import { signalSublevel } from './crypto/signal/stores.ts'
import { GroupService } from './groups/group-service.ts'
import { groupSigner, verifyGroupEntry } from './groups/group-signer.ts'
import { whenIdle } from './lib/when-idle.ts'
import { circuitListen, circuitTo, DIAL_TIMEOUT_MS, relayPeerId } from './net/addrs.ts'
import { type IceServer, turnView, withCredentials } from './net/ice.ts'
import type { Network } from './network.ts'
import { makeAvatar } from './people/avatar.ts'
import { Contacts } from './people/contacts.ts'
import { OwnProfile } from './people/own-profile.ts'
import type { ProfileStore } from './store/profile-store.ts'

export interface ClientOptions {
  /** Relays to add to the profile's saved list, each ending in /p2p/<relay peer id>. */
  relays?: string[]
  /** Listen multiaddrs; by default TCP and WebSockets on every interface, random ports. */
  listen?: string[]
  /** Find and be found by peers on the LAN (default true). */
  mdns?: boolean
  /** Upgrade relayed peers to WebRTC across NATs (default true). */
  webrtc?: boolean
  /** TURN servers for WebRTC, saved in the profile's settings (replacing those saved). */
  turn?: IceServer[]
  /** Map our TCP ports on the LAN's UPnP gateway (default false; desktop hosts turn it on). */
  upnp?: boolean
  /** When a UI's call last came or was answered (performance.now()): the network starts after a quiet spell. */
  lastCall?: () => number
  log?: (line: string) => void
}

export const DEFAULT_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']

const DEFAULT_PAGE = 50

export interface ParleyClient extends ParleyApi, Subscribable<ParleyEvents> {
  readonly peerId: string
  stop(): Promise<void>
}

/** Starts the client on an open store, which it then owns (and closes on failure). */
export async function createClient(
  store: ProfileStore,
  options: ClientOptions,
): Promise<ParleyClient> {
  try {
    return await startClient(store, options)
  } catch (err) {
    await store.close()
    throw err
  }
}

async function startClient(store: ProfileStore, options: ClientOptions): Promise<ParleyClient> {
  const log = options.log ?? ((line: string) => console.error(line))
  const events = new Emitter<ParleyEvents>((name, err) =>
    log(`core: a listener of '${name}' failed: ${err instanceof Error ? err.stack : String(err)}`),
  )
  const privateKey = await loadIdentity(store)
  const peerId = peerIdFromPrivateKey(privateKey).toString()
  // End-to-end sessions live with the profile: the network restarts, they stay.
  const signal = await SignalSessions.open({
    db: signalSublevel(store.db.db),
    // One writer: a message and the ratchet step that revealed it land in one batch.
    write: (ops, options) => store.db.write(ops, options),
    peerId,
    libp2pKey: privateKey,
  })
  // Group sender keys, in the same sublevel and write queue as the sessions.
  const senderKeys = await SenderKeys.open({
    db: signalSublevel(store.db.db),
    peerId,
    write: (ops, options) => store.db.write(ops, options),
  })
  const contacts = new Contacts({
    self: peerId,
    store,
    events,
    send: async (to, kind, text) => (await online()).outbox.send(to, { kind, text }),
    hangUp: async (other) => net?.node.hangUp(peerIdFromString(other)),
    resend: (other) => whenOnline((n) => n.outbox.deliverSoon(other)),
  })
  // A request's held messages stay out of the conversation list until it is accepted.
  store.conversations.onChange = (conversation) => {
    if (shown(conversation)) events.emit('conversation', conversation)
  }
  /** Listed: a group's conversation, or one with an open contact (a request's stays hidden until accepted). */
  const shown = (c: Conversation) => c.kind === 'group' || contacts.isOpen(c.peerId)
  callAttention(events, peerId, (id) => {
    const conversation = store.conversations.get(id)
    return conversation && shown(conversation) ? conversation : undefined
  })
  const clock = new HybridClock()
  const latest = store.clock.latest()
  if (latest) clock.restore(latest)
  const safety = new Safety({ self: peerId, store, contacts, signal, clock, events })

  const own = await OwnProfile.load(store.settings, peerId)
  let presence = (await store.settings.get<OwnStatus>('presence')) ?? 'online'
  let relays = unique([
    ...((await store.settings.get<string[]>('relays')) ?? []),
    ...(options.relays ?? []),
  ])
  await store.settings.put('relays', relays)
  if (options.turn) await store.settings.put('turn', options.turn)
  let turn = (await store.settings.get<IceServer[]>('turn')) ?? []
  /** Network restarts (a new relay list) run one at a time. */
  const restarts = new PQueue({ concurrency: 1 })
  let readReceipts = (await store.settings.get<boolean>('readReceipts')) ?? true
  const settings = (): Settings => ({ relays, readReceipts })

  // Groups are profile state: loaded before the network, which carries their traffic.
  const groups = new GroupService({
    self: peerId,
    signer: groupSigner(privateKey),
    verify: verifyGroupEntry,
    store,
    senderKeys,
    contacts,
    clock,
    events,
    deliver: (peer) => whenOnline((n) => n.outbox.deliverSoon(peer)),
    sendNow: (peers, parcel) => whenOnline((n) => n.outbox.sendParcel(peers, parcel)),
    log,
  })
  await groups.load()

  // The network's code loads with it, after the client can answer from the store:
  // a page shows the conversations without waiting for libp2p.
  const open = async (list: string[]) => {
    // Prekeys are replaced weekly and refilled before peers can ask for a bundle.
    await signal.keys.rotate()
    return (await import('./network.ts')).startNetwork({
      privateKey,
      store,
      signal,
      groups,
      safety,
      contacts,
      clock,
      events,
      relays: list,
      relayIds: new Set(list.map(relayPeerId)),
      listen: options.listen ?? DEFAULT_LISTEN,
      mdns: options.mdns ?? true,
      webrtc: options.webrtc ?? true,
      turn,
      upnp: options.upnp ?? false,
      statusChanged: () => networkChanged(),
      profile: own,
      presence,
      readReceipts: () => readReceipts,
      log,
    })
  }
  const identity = (n: Network): Identity => ({
    peerId,
    addresses: n.node.getMultiaddrs().map(String),
  })
  /** What network() reports: before the network's start, no address, reservation or peer yet. */
  const status = (n: Network | undefined): NetworkStatus => {
    const addresses = n ? identity(n).addresses : []
    return {
      peerId,
      addresses,
      relays: relays.map((addr) => ({
        addr,
        reserved: addresses.some((a) => a.startsWith(circuitListen(addr))),
        stun: n?.ice.reachability(relayPeerId(addr)) ?? 'unknown',
      })),
      peers: n?.paths.all() ?? [],
      iceServers: n?.ice.list().flatMap((s) => s.urls) ?? [],
    }
  }
  /** The running network; undefined until its first start has finished. */
  let net: Network | undefined
  /** Set by stop(): a first start still waiting for its moment does not begin. */
  let stopping = false
  const networkChanged = () => events.emit('network', status(net))
  const running = (n: Network): Network => {
    net = n
    n.node.addEventListener('self:peer:update', networkChanged)
    networkChanged()
    return n
  }
  // The first start, queued like a restart so that a setRelays waits for it. It
  // waits for a quiet moment: a page opened with the profile loads its data first.
  const starting = restarts
    .add(async () => {
      await whenIdle(options.lastCall ? { lastCall: options.lastCall } : {})
      if (stopping) throw new Error('the profile closed')
      return running(await open(relays))
    })
    .catch((err: Error) => {
      if (!stopping) log(`core: the network did not start: ${err.message}`)
      throw new ApiError('unreachable', `the network did not start: ${err.message}`)
    })
  starting.catch(() => {})
  /** The network, once it runs: calls that need it wait for its start. */
  const online = (): Promise<Network> => (net ? Promise.resolve(net) : starting)
  /** Runs `f` on the network once it runs (at once if it does). */
  const whenOnline = (f: (n: Network) => void) => void online().then(f, () => {})
  /** A message the user sees listed (a text or a reply, not deleted): what a reply, an edit or a reaction may name. */
  const listed = async (id: string): Promise<Message> => {
    const found = await store.getMessage(id)
    if (!found || found.kind !== undefined || !isOpen(found)) {
      throw new ApiError('not-found', `no message ${id}`)
    }
    if (found.deleted) throw new ApiError('bad-request', 'that message was deleted')
    return found
  }
  /** Sends a friend request (also learning `addrs` to reach them at) and connects. */
  const request = async (
    other: string,
    name: string,
    greeting: string | undefined,
    addrs: string[] = [],
  ): Promise<Contact> => {
    const n = await online()
    if (addrs.length > 0) {
      await n.node.peerStore.merge(peerIdFromString(other), {
        multiaddrs: addrs.map((a) => multiaddr(a)),
      })
    }
    const contact = await contacts.request(other, name, greeting)
    n.dialer.connect(other).catch(() => {})
    return contact
  }
  /** Whether a message's conversation is one the user sees: a group of ours, or with an open contact. */
  const isOpen = (m: Message) =>
    isGroupMessage(m) ? groups.has(m.conversationId) : contacts.isOpen(m.peerId)
  /** Changes a message of a direct conversation, or of a group. */
  const change = async (target: Message, content: Outgoing & { kind: Change }) =>
    isGroupMessage(target)
      ? groups.changeMessage(target, content)
      : (await online()).outbox.change(target, content)

  return {
    peerId,
    on: (name, listener) => events.on(name, listener),
    identity: async () => identity(await online()),
    // Status calls answer at once, network or not: its start is an event like any change.
    network: async () => status(net),
    async dial({ addr }: ApiParams['dial']): Promise<PeerPath> {
      let target: ReturnType<typeof multiaddr>
      try {
        target = multiaddr(addr)
      } catch {
        throw new ApiError('bad-request', `not a multiaddr: ${addr}`)
      }
      try {
        const n = await online()
        const conn = await n.node.dial(target, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
        return n.paths.status(conn.remotePeer.toString())
      } catch (err) {
        throw new ApiError('unreachable', `cannot dial ${addr}: ${(err as Error).message}`)
      }
    },
    async send({ to, text, mentions, id, replyTo }: ApiParams['send']): Promise<Message> {
      const quote = replyTo === undefined ? undefined : quoteOf(await listed(replyTo), to)
      return (await online()).outbox.send(
        to,
        { text, ...(mentions?.length ? { mentions } : {}), ...quote },
        id,
      )
    },
    async editMessage({ id, text, mentions }: ApiParams['editMessage']): Promise<Message> {
      const content = { kind: 'edit' as const, text, ...(mentions?.length ? { mentions } : {}) }
      return change(await listed(id), content)
    },
    async deleteMessage({ id, forEveryone }: ApiParams['deleteMessage']): Promise<void> {
      const target = await listed(id)
      if (forEveryone) return void (await change(target, { kind: 'delete', text: '' }))
      for (const changed of await store.deleteForMe(id)) events.emit('changed', changed)
    },
    async react({ id, emoji }: ApiParams['react']): Promise<Message> {
      return change(await listed(id), { kind: 'reaction', text: emoji ?? '' })
    },
    createGroup: ({ name, members }) => groups.create(name, members),
    startDiscussion: ({ members, idleMs }) => groups.startDiscussion(members, idleMs),
    keepGroupHistory: ({ groupId, keep }) => groups.keepHistory(groupId, keep),
    groups: async () => groups.list(),
    group: async ({ groupId }) => groups.get(groupId),
    addGroupMembers: ({ groupId, members }) => groups.add(groupId, members),
    removeGroupMembers: ({ groupId, members }) => groups.remove(groupId, members),
    promoteGroupMembers: ({ groupId, members }) => groups.setRole(groupId, 'promote', members),
    demoteGroupMembers: ({ groupId, members }) => groups.setRole(groupId, 'demote', members),
    leaveGroup: ({ groupId }) => groups.leave(groupId),
    renameGroup: ({ groupId, name }) => groups.setText(groupId, 'rename', name),
    describeGroup: ({ groupId, description }) => groups.setText(groupId, 'describe', description),
    announceGroup: ({ groupId, announcement }) => groups.setText(groupId, 'announce', announcement),
    setGroupPhoto: ({ groupId, image }) =>
      groups.setPhoto(groupId, image === null ? null : Buffer.from(image, 'base64')),
    async sendGroup({ groupId, text, mentions, id, replyTo }: ApiParams['sendGroup']) {
      const conversationId = groupConversationId(groupId)
      const quote =
        replyTo === undefined ? undefined : quoteOf(await listed(replyTo), conversationId)
      const content = { text, ...(mentions?.length ? { mentions } : {}), ...quote }
      return groups.send(groupId, content, id)
    },
    conversations: async ({ limit }) =>
      store.conversations
        .list(Number.MAX_SAFE_INTEGER)
        .filter(shown)
        .slice(0, limit ?? MAX_PAGE),
    history: ({ conversationId, before, limit }) =>
      store.history(conversationId, limit ?? DEFAULT_PAGE, before),
    async muteConversation({ conversationId, muted }: ApiParams['muteConversation']) {
      const conversation = store.conversations.get(conversationId)
      if (!conversation || !shown(conversation)) {
        throw new ApiError('not-found', `no conversation ${conversationId}`)
      }
      return (await store.conversations.setMuted(conversationId, muted)) ?? conversation
    },
    async messageInfo({ id }: ApiParams['messageInfo']) {
      const m = await store.getMessage(id)
      const ours = m?.direction === 'out' && m.delivery !== undefined && isOpen(m)
      if (!m || !ours) throw new ApiError('not-found', `no group message of ours ${id}`)
      return store.groupMessageInfo(m)
    },
    async markRead({ conversationId }: ApiParams['markRead']): Promise<void> {
      await store.conversations.markRead(conversationId)
      await (await online()).receipts.read(conversationId)
    },
    profile: async () => own.view(),
    async setProfile({ displayName, statusLine }: ApiParams['setProfile']): Promise<Profile> {
      await own.rename(displayName, statusLine)
      net?.links.announce()
      return own.view()
    },
    async setAvatar({ image }: ApiParams['setAvatar']): Promise<Profile> {
      // Made (or refused) before anything is stored: a bad file keeps the old avatar.
      await own.setAvatar(image === null ? null : await makeAvatar(Buffer.from(image, 'base64')))
      net?.links.announce()
      return own.view()
    },
    invite: async () => ({
      code: encodeInvite({ peerId, displayName: own.displayName ?? '', relays }),
    }),
    async addContact({ code, greeting }: ApiParams['addContact']): Promise<Contact> {
      const decoded = decodeInvite(code)
      if (!decoded.ok) throw new ApiError('bad-request', decoded.reason)
      const { invite } = decoded
      if (invite.peerId === peerId)
        throw new ApiError('bad-request', 'this is your own invite code')
      // Their relays are where they can be reached: dialing through one needs no reservation of ours.
      const circuits = invite.relays.map((r) => circuitTo(r, invite.peerId))
      return request(invite.peerId, invite.displayName, greeting, circuits)
    },
    async addHandle({ handle, greeting }: ApiParams['addHandle']): Promise<Contact> {
      const found = await (await online()).directory.lookup({ handle })
      if (found.peerId === peerId) throw new ApiError('bad-request', 'this is your own handle')
      return request(found.peerId, found.displayName, greeting, found.addresses)
    },
    contacts: async () => contacts.list(),
    acceptContact: ({ peerId: other }) => contacts.accept(other),
    declineContact: ({ peerId: other }) => contacts.decline(other),
    blockContact: ({ peerId: other }) => contacts.block(other),
    unblockContact: ({ peerId: other }) => contacts.unblock(other),
    removeContact: ({ peerId: other }) => contacts.remove(other),
    updateContact: ({ peerId: other, ...changes }) => contacts.update(other, changes),
    presence: async () => ({ status: presence, contacts: net?.presence.list() ?? [] }),
    async setPresence({ status }: ApiParams['setPresence']): Promise<void> {
      await store.settings.put('presence', status)
      presence = status
      whenOnline((n) => n.presence.set(status))
    },
    async typing(params: ApiParams['typing']) {
      const { presence } = await online()
      if ('groupId' in params) presence.sendGroupTyping(params.groupId, params.active)
      else presence.sendTyping(params.peerId, params.active)
    },
    nearby: async () => net?.nearby.list() ?? [],
    async addNearby({ peerId: other, greeting }: ApiParams['addNearby']): Promise<Contact> {
      const found = (await online()).nearby.get(other)
      if (!found) throw new ApiError('not-found', `${other} is not nearby any more`)
      // mDNS already put its LAN addresses in the peer store.
      return request(other, found.displayName, greeting)
    },
    settings: async () => settings(),
    setRelays: ({ relays: list }: ApiParams['setRelays']): Promise<Settings> =>
      restarts.add(async () => {
        for (const r of list) relayPeerId(r)
        const before = relays
        relays = unique(list)
        // Reservations are taken when the node starts listening, so the network restarts.
        log(`core: moving to ${relays.length} relay(s): the network restarts`)
        await net?.stop().catch((err: Error) => log(`core: stopping the network: ${err.message}`))
        try {
          running(await open(relays))
          log('core: the network runs on the new relay list')
        } catch (err) {
          // Back on the relays that worked: the profile is never left without a network.
          relays = before
          running(await open(relays))
          throw new ApiError(
            'unreachable',
            `cannot start on those relays (kept the others): ${(err as Error).message}`,
          )
        }
        await store.settings.put('relays', relays)
        return settings()
      }),
    async setReadReceipts({ enabled }: ApiParams['setReadReceipts']): Promise<Settings> {
      await store.settings.put('readReceipts', enabled)
      readReceipts = enabled
      return settings()
    },
    testConnectivity: async () => (await online()).connectivity(),
    turnServers: async () => turnView(turn),
    async setTurnServers({ servers }: ApiParams['setTurnServers']): Promise<TurnServer[]> {
      const next = withCredentials(servers, turn)
      await store.settings.put('turn', next)
      turn = next
      whenOnline((n) => n.setTurn(turn))
      return turnView(turn)
    },
    claimHandle: async (params) => (await online()).directory.claim(params),
    lookupHandle: async (params) => (await online()).directory.lookup(params),
    releaseHandle: async (params) => (await online()).directory.release(params),
    myHandles: async () => (await online()).directory.mine(),
    safetyNumber: ({ peerId: other }) => safety.safetyNumber(other),
    verifyContact: ({ peerId: other, verified, digits, scanned }) =>
      safety.verify(other, verified, { digits, scanned }),
    async stop() {
      // A start under way finishes first: its node is then stopped like any other.
      stopping = true
      await restarts.onIdle()
      groups.stop()
      await net?.stop()
      await store.close()
    },
  }
}

/** A reply's quote of `target`, which must be in our conversation with `to` (a peer, or a group's conversation). */
function quoteOf(target: Message, to: string): { quote: Quote } {
  if (target.peerId !== to)
    throw new ApiError('bad-request', 'that message is in another conversation')
  return { quote: { id: target.id, sender: target.sender, snippet: snippetOf(target.text) } }
}

function isGroupMessage(m: Message): boolean {
  return groupIdOf(m.conversationId) !== undefined
}

function unique(list: string[]): string[] {
  return [...new Set(list)]
}

/** The profile's Ed25519 key, created on first start; it never leaves the core. */
async function loadIdentity(store: ProfileStore): Promise<PrivateKey> {
  const stored = await store.settings.getMeta('identity')
  if (stored) return privateKeyFromProtobuf(stored)
  const key = await generateKeyPair('Ed25519')
  await store.settings.putMeta('identity', privateKeyToProtobuf(key))
  return key
}
