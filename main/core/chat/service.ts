// Sends chat messages and keeps the links they travel on. Every message is in the
// outbox (LevelDB, on disk) before it goes out, and leaves it only when the peer
// acknowledges that it has stored it; until then it is re-sent whenever a (better)
// link to the peer opens, and left in a relay mailbox while the peer cannot be
// reached. Every envelope is end-to-end encrypted afresh on each attempt
// (envelope-cipher.ts): the outbox keeps the plaintext, sealed at rest with the rest
// of the profile. What arrives on a link is the inbox's (inbox.ts); keys are the key
// exchange's (key-exchange.ts).
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { monotonicFactory } from 'ulid'
import {
  ApiError,
  type Change,
  type Contact,
  type Message,
  type ParleyEvents,
} from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { ChatEnvelope, ChatFrame, Hello } from '../../../protocol/frame.ts'
import type { HlcTimestamp, HybridClock } from '../../../protocol/hlc.ts'
import { CHAT_PROTOCOL, directConversationId } from '../../../protocol/ids.ts'
import { type EnvelopeCipher, envelopeOf } from '../crypto/envelope-cipher.ts'
import { backoff } from '../lib/backoff.ts'
import { KeyedLock } from '../lib/keyed-lock.ts'
import { circuitTo, DIAL_TIMEOUT_MS } from '../net/addrs.ts'
import { isBetter, type PathTracker } from '../net/paths.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileSync } from '../people/profile-sync.ts'
import type { ChatStore } from '../store/store.ts'
import type { Inbox } from './inbox.ts'
import type { KeyExchange } from './key-exchange.ts'
import { ChatLink, type LinkHandlers } from './link.ts'

/** Deliveries to a peer we cannot reach are tried again after 1 s, 2 s, 4 s… then every 30 s. */
const retryDelay = backoff({ firstMs: 1_000, maxMs: 30_000 })

/** What we send: a text (with mentions, or a reply's quote), a request or acceptance, or a change. */
export type Outgoing = Pick<Message, 'text'> &
  Partial<Pick<Message, 'kind' | 'mentions' | 'quote' | 'target'>>

export interface ChatComponents {
  node: Libp2p
  store: ChatStore
  cipher: EnvelopeCipher
  inbox: Pick<Inbox, 'fromLink'>
  keys: Pick<KeyExchange, 'requested' | 'received' | 'ensureSession'>
  /** Relay mailboxes: where messages go while their peer cannot be reached. */
  mail: {
    deposit(peer: string, messages: Message[]): Promise<void>
  }
  /** Read receipts: theirs, and ours for every new stream. */
  receipts: {
    received(peerId: string, upTo: HlcTimestamp): Promise<void>
    opened(link: ChatLink): void
  }
  contacts: Contacts
  clock: HybridClock
  events: Emitter<ParleyEvents>
  paths: PathTracker
  relays: string[]
  /** Our Hello to each peer, and what to do with theirs (status line, avatar). */
  profiles: Pick<ProfileSync, 'hello' | 'greeted'>
  /** Told of every new link, and of the presence and typing signals on links. */
  signals: {
    opened(link: ChatLink): void
    received(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void
  }
  log(line: string): void
}

export class ChatService implements LinkHandlers {
  private readonly self: string
  private readonly newId = monotonicFactory()
  /** The link we send on, per peer. */
  private readonly links = new Map<string, ChatLink>()
  /** Peers whose outbox is being flushed right now (one flush per peer at a time). */
  private readonly delivering = new Set<string>()
  /** Peers asked for while their flush was under way: flushed again after it. */
  private readonly again = new Set<string>()
  private readonly allLinks = new Set<ChatLink>()
  private readonly retries = new Map<string, { timer?: NodeJS.Timeout; attempt: number }>()
  /** The display name each peer last gave in its Hello, for a stranger's request. */
  private readonly names = new Map<string, string>()
  /** Message ids being sent: a retried send() waits for the first, then finds it stored. */
  private readonly sending = new KeyedLock()
  /** Until start(), what the network reports (a path, a relay regained) waits for start() to see to it all. */
  private started = false
  private stopped = false

  constructor(private readonly c: ChatComponents) {
    this.self = c.node.peerId.toString()
  }

  async start(): Promise<void> {
    const { node } = this.c
    await node.handle(CHAT_PROTOCOL, (stream, conn) => this.accept(stream, conn), {
      runOnLimitedConnection: true,
      maxInboundStreams: 8,
    })
    node.addEventListener('connection:open', (e) => this.onConnectionChange(e.detail))
    node.addEventListener('connection:close', (e) => this.onConnectionChange(e.detail))
    this.started = true
    // Whoever we have waiting messages for gets them as soon as we can reach them.
    for (const peer of await this.c.store.peersWithPending()) this.deliverSoon(peer)
    // Tell our contacts we are back: their outboxes for us drain once we connect.
    for (const { peerId } of this.c.contacts.list()) {
      if (this.c.contacts.isOpen(peerId)) this.connect(peerId).catch(() => {})
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const r of this.retries.values()) clearTimeout(r.timer)
    await Promise.all([...this.allLinks].map((l) => l.close()))
  }

  /**
   * Stores a text (a reply, a request or an acceptance) in the outbox, then sends it.
   * With `id`, a repeated call returns the message its first call stored.
   */
  async send(to: string, content: Outgoing, id?: string): Promise<Message> {
    this.checkOpen(to)
    if (id === undefined) return this.store(to, content, this.newId())
    return this.sending.run(id, async () => {
      const stored = await this.c.store.getMessage(id)
      const same =
        stored?.direction === 'out' && stored.peerId === to && stored.text === content.text
      if (same) return stored
      if (stored) throw new ApiError('bad-request', `message id ${id} is taken`)
      return await this.store(to, content, id)
    })
  }

  /**
   * Changes an earlier message of the conversation with `to`: edits or deletes our
   * own for everyone, or reacts to any. Applied here and sent like a message; resolves
   * with the message as it is now.
   */
  async change(target: Message, content: Outgoing & { kind: Change }): Promise<Message> {
    const to = target.peerId
    this.checkOpen(to)
    if (content.kind !== 'reaction' && target.direction !== 'out') {
      throw new ApiError('bad-request', 'only your own messages can be edited or deleted')
    }
    const change: Message = { ...this.draft(to, content, this.newId()), target: target.id }
    const applied = await this.c.store.addOutgoing(change)
    if (!applied?.ok) throw new ApiError('bad-request', applied?.reason ?? 'not a change')
    if (applied.change)
      this.c.events.emit('changed', { change: applied.change, message: applied.message })
    this.deliverSoon(to)
    return applied.message
  }

  private checkOpen(to: string): void {
    if (to === this.self) throw new ApiError('bad-request', 'cannot send to yourself')
    if (!this.c.contacts.isOpen(to)) throw notOpen(this.c.contacts.get(to)?.state)
  }

  /** A new message of ours to `to`, not yet stored. */
  private draft(to: string, content: Outgoing, id: string): Message {
    return {
      ...content,
      id,
      conversationId: directConversationId(this.self, to),
      peerId: to,
      sender: this.self,
      direction: 'out',
      hlc: this.c.clock.tick(),
      status: 'pending',
    }
  }

  /** Stores a new message in the outbox (the API and other windows are told), then sends it. */
  private async store(to: string, content: Outgoing, id: string): Promise<Message> {
    const message = this.draft(to, content, id)
    const stored = this.c.store.addOutgoing(message)
    // Sealed while it is stored: the seal's own write queues behind the message's, so
    // the ciphertext leaves only once the message is in the outbox on disk, and the
    // two may share one fsync.
    const link = this.links.get(to)
    const sent = link?.open ? link.send([envelopeOf(message)]) : undefined
    sent?.catch(() => {}) // seen to below, once the message is stored
    await stored
    this.c.events.emit('message', { ...message, path: null })
    if (sent) sent.catch(() => this.deliverSoon(to))
    else this.deliverSoon(to)
    return message
  }

  /**
   * Opens a connection to a peer: known addresses first, then through each relay.
   * A connection the peer opens to us meanwhile ends our dial at once: libp2p tries
   * a peer's addresses one by one, up to 6 s each, and every other dial to the peer
   * (the WebRTC upgrade's) would wait in ours behind a stale address. (Only theirs:
   * aborting on our own dial's connection would close it while it is set up.)
   */
  async connect(peerId: string): Promise<Connection> {
    const existing = this.c.paths.best(peerId)
    if (existing) return existing
    const { node } = this.c
    const connected = new AbortController()
    const onOpen = (event: CustomEvent<Connection>) => {
      const { remotePeer, direction } = event.detail
      if (direction === 'inbound' && remotePeer.toString() === peerId) connected.abort()
    }
    node.addEventListener('connection:open', onOpen)
    const errors: string[] = []
    const targets = [
      peerIdFromString(peerId),
      ...this.c.relays.map((r) => multiaddr(circuitTo(r, peerId))),
    ]
    try {
      for (const target of targets) {
        const signal = AbortSignal.any([connected.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)])
        try {
          return await node.dial(target, { signal })
        } catch (err) {
          errors.push((err as Error).message)
        }
        const opened = this.c.paths.best(peerId) ?? node.getConnections(peerIdFromString(peerId))[0]
        if (opened) return opened
      }
    } finally {
      node.removeEventListener('connection:open', onOpen)
    }
    throw new ApiError('unreachable', `cannot reach ${peerId}: ${errors.join('; ')}`)
  }

  // --- LinkHandlers: what arrives on any chat stream ---

  seal(link: ChatLink, envelopes: ChatEnvelope[]) {
    return this.c.cipher.seal(link.peerId, envelopes)
  }

  receive(link: ChatLink, ciphertexts: Uint8Array[]): Promise<void> {
    return this.c.inbox.fromLink(link, ciphertexts)
  }

  keys(link: ChatLink, frame: Extract<ChatFrame, { kind: 'key-request' | 'keys' }>): Promise<void> {
    if (frame.kind === 'key-request') return this.c.keys.requested(link)
    return this.c.keys.received(link, frame.bundle)
  }

  async read(link: ChatLink, upTo: HlcTimestamp): Promise<void> {
    await this.c.receipts.received(link.peerId, upTo)
  }

  /** The display name a peer last gave in its Hello (for a stranger's request: '' until it says). */
  nameOf(peer: string): string {
    return this.names.get(peer) ?? ''
  }

  async acknowledged(link: ChatLink, ids: string[]): Promise<void> {
    for (const m of await this.c.store.markDelivered(link.peerId, ids)) {
      this.c.events.emit('delivered', {
        path: link.path,
        id: m.id,
        conversationId: m.conversationId,
        peerId: m.peerId,
      })
    }
  }

  async greeted(link: ChatLink, hello: Hello): Promise<void> {
    this.names.set(link.peerId, hello.displayName)
    await this.c.contacts.renamed(link.peerId, hello.displayName)
    await this.c.profiles.greeted(link.peerId, hello)
  }

  signalled(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void {
    this.c.signals.received(link, frame)
  }

  /** The open links to `peerId`, or to everyone. */
  openLinks(peerId?: string): ChatLink[] {
    return [...this.allLinks].filter((l) => l.open && (peerId === undefined || l.peerId === peerId))
  }

  /** Greets again every peer we have a stream with (or only `peerId`): our profile changed. */
  announce(peerId?: string): void {
    for (const link of this.openLinks(peerId)) {
      const hello = this.c.profiles.hello(link.peerId)
      if (hello) link.write({ kind: 'hello', ...hello }).catch(() => {})
    }
  }

  closed(link: ChatLink): void {
    this.allLinks.delete(link)
    if (this.links.get(link.peerId) === link) {
      this.links.delete(link.peerId)
      this.deliverSoon(link.peerId)
    }
  }

  log(line: string): void {
    this.c.log(line)
  }

  // --- links ---

  private accept(stream: Stream, conn: Connection): void {
    this.adopt(new ChatLink(stream, conn, this.c.paths.pathOf(conn), this, this.helloOn(conn)))
  }

  private helloOn(conn: Connection): Hello | null {
    return this.c.profiles.hello(conn.remotePeer.toString())
  }

  private adopt(link: ChatLink): ChatLink {
    this.allLinks.add(link)
    this.c.signals.opened(link)
    this.c.receipts.opened(link)
    return link
  }

  private onConnectionChange(conn: Connection): void {
    this.pathChanged(conn.remotePeer.toString())
  }

  /** A connection to `peer` opened, closed or proved itself: move to its best path. */
  pathChanged(peer: string): void {
    if (!this.started) return
    this.c.paths.refresh(peer)
    const link = this.links.get(peer)
    const best = this.c.paths.best(peer)
    // Move to a better path as soon as one opens; the old link's unacknowledged
    // messages are re-sent on the new one and de-duplicated by the receiver.
    if (
      link &&
      best &&
      best !== link.connection &&
      isBetter(this.c.paths.pathOf(best), link.path)
    ) {
      this.links.delete(peer)
      void link.close()
    }
    if (best && !this.links.get(peer)?.open) this.deliverSoon(peer)
  }

  /**
   * Reachable again (a relay came back): retry every waiting delivery now, and tell
   * our contacts, as at start, so that theirs to us drain too.
   */
  reconnected(): void {
    if (!this.started) return
    for (const [peer, retry] of [...this.retries]) {
      clearTimeout(retry.timer)
      this.retries.delete(peer)
      this.deliverSoon(peer)
    }
    for (const { peerId } of this.c.contacts.list()) {
      if (this.c.contacts.isOpen(peerId)) this.connect(peerId).catch(() => {})
    }
  }

  /** Makes sure queued messages for `peer` go out, retrying with backoff while it is unreachable. */
  deliverSoon(peer: string): void {
    if (this.stopped) return
    // A flush under way may have read the outbox before this was asked: go again after it.
    if (this.delivering.has(peer)) {
      this.again.add(peer)
      return
    }
    this.delivering.add(peer)
    clearTimeout(this.retries.get(peer)?.timer)
    this.flush(peer)
      .then(() => {
        this.retries.delete(peer)
        if (this.again.delete(peer)) setImmediate(() => this.deliverSoon(peer))
      })
      .catch(() => {
        this.again.delete(peer)
        this.scheduleRetry(peer)
      })
      .finally(() => this.delivering.delete(peer))
  }

  private scheduleRetry(peer: string): void {
    if (this.stopped) return
    const retry = this.retries.get(peer) ?? { attempt: 0 }
    retry.timer = setTimeout(() => this.deliverSoon(peer), retryDelay(retry.attempt++))
    retry.timer.unref()
    this.retries.set(peer, retry)
  }

  /**
   * Opens (or reuses) the link to `peer` and sends everything in its outbox; while
   * the peer cannot be reached, what is not on a relay yet is left in its mailbox.
   */
  private async flush(peer: string): Promise<void> {
    // Kept for a removed or blocked contact, sent if they become one again.
    if (!this.c.contacts.isOpen(peer)) return
    const queued = await this.c.store.pendingFor(peer)
    if (queued.length === 0) {
      // A contact we are connected to gets a stream even with nothing to send: our
      // read point and presence go out on it. One side opens it: the other adopts it.
      const connected = this.c.paths.best(peer) !== undefined
      if (this.c.contacts.isAccepted(peer) && connected && this.self < peer) await this.linkTo(peer)
      return
    }
    let link: ChatLink
    try {
      link = await this.linkTo(peer)
    } catch (err) {
      await this.c.mail.deposit(
        peer,
        queued.filter((m) => m.status === 'pending'),
      )
      throw err
    }
    await this.c.keys.ensureSession(link)
    // Read again: messages queued while the link was opening are sent from here.
    const pending = await this.c.store.pendingFor(peer)
    await link.send(pending.map(envelopeOf))
  }

  /** The open link to `peer`, or a new one; only flush() calls it, once per peer at a time. */
  private async linkTo(peer: string): Promise<ChatLink> {
    const current = this.links.get(peer)
    if (current?.open) return current
    for (let attempt = 1; ; attempt++) {
      const conn = await this.connect(peer)
      const stream = await conn.newStream(CHAT_PROTOCOL, {
        runOnLimitedConnection: true,
        signal: AbortSignal.timeout(DIAL_TIMEOUT_MS),
      })
      // A better path may have opened (a WebRTC one proved itself) while this stream
      // was opening, and its switch found no link to move: take that path instead.
      const best = this.c.paths.best(peer)
      const path = this.c.paths.pathOf(conn)
      if (best && best !== conn && isBetter(this.c.paths.pathOf(best), path) && attempt < 3) {
        await stream.close().catch((err: Error) => stream.abort(err))
        continue
      }
      const link = this.adopt(new ChatLink(stream, conn, path, this, this.helloOn(conn)))
      this.links.set(peer, link)
      return link
    }
  }
}

function notOpen(state: Contact['state'] | undefined): ApiError {
  if (state === 'pending') return new ApiError('bad-request', 'accept their request first')
  if (state === 'blocked') return new ApiError('bad-request', 'you blocked this person')
  return new ApiError('not-found', 'not a contact: send a friend request first')
}
