// Sends and receives chat messages. Every message is in the outbox (LevelDB)
// before it goes out, and leaves it only when the peer acknowledges that it has
// stored it; until then it is re-sent whenever a (better) link to the peer opens.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { monotonicFactory } from 'ulid'
import { ApiError, type Contact, type Message, type ParleyEvents } from '../../protocol/api.ts'
import type { Emitter } from '../../protocol/emitter.ts'
import type { ChatEnvelope, ChatFrame, ContentKind, Hello } from '../../protocol/frame.ts'
import type { HybridClock } from '../../protocol/hlc.ts'
import { CHAT_PROTOCOL, directConversationId } from '../../protocol/ids.ts'
import { MAX_ACK_IDS } from '../../protocol/limits.ts'
import { ChatLink, type LinkHandlers } from './chat-link.ts'
import type { Contacts } from './contacts.ts'
import { isBetter, type PathTracker } from './paths.ts'
import type { ProfileSync } from './profile-sync.ts'
import type { ChatStore } from './store.ts'

const DIAL_TIMEOUT_MS = 10_000
const RETRY_MIN_MS = 1_000
const RETRY_MAX_MS = 30_000

export interface ChatComponents {
  node: Libp2p
  store: ChatStore
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
  private readonly allLinks = new Set<ChatLink>()
  private readonly retries = new Map<string, { timer?: NodeJS.Timeout; delay: number }>()
  /** The display name each peer last gave in its Hello, for a stranger's request. */
  private readonly names = new Map<string, string>()
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

  /** Stores a text (or a request or acceptance) in the outbox, then sends it. */
  async send(to: string, text: string, kind: ContentKind = 'text'): Promise<Message> {
    if (to === this.self) throw new ApiError('bad-request', 'cannot send to yourself')
    if (!this.c.contacts.isOpen(to)) throw notOpen(this.c.contacts.get(to)?.state)
    const message: Message = {
      ...(kind === 'text' ? {} : { kind }),
      id: this.newId(),
      conversationId: directConversationId(this.self, to),
      peerId: to,
      sender: this.self,
      direction: 'out',
      text,
      hlc: this.c.clock.tick(),
      status: 'pending',
    }
    await this.c.store.addOutgoing(message)
    const link = this.links.get(to)
    if (link?.open) link.write(envelopeFrame(message)).catch(() => this.deliverSoon(to))
    else this.deliverSoon(to)
    return message
  }

  /** Opens a connection to a peer: known addresses first, then through each relay. */
  async connect(peerId: string): Promise<Connection> {
    const existing = this.c.paths.best(peerId)
    if (existing) return existing
    const errors: string[] = []
    const targets = [
      peerIdFromString(peerId),
      ...this.c.relays.map((r) => multiaddr(`${r}/p2p-circuit/p2p/${peerId}`)),
    ]
    for (const target of targets) {
      try {
        return await this.c.node.dial(target, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
      } catch (err) {
        errors.push((err as Error).message)
      }
    }
    throw new ApiError('unreachable', `cannot reach ${peerId}: ${errors.join('; ')}`)
  }

  // --- LinkHandlers: what arrives on any chat stream ---

  refuse(link: ChatLink, env: ChatEnvelope): string | undefined {
    if (env.sender !== link.peerId) return `sender ${env.sender} is not the connected peer`
    if (env.conversationId !== directConversationId(env.sender, this.self)) {
      return `conversation ${env.conversationId} is not ours`
    }
    return undefined
  }

  async receive(link: ChatLink, envelopes: ChatEnvelope[]): Promise<void> {
    // The gater refuses blocked peers' connections; this covers one blocked while open.
    if (this.c.contacts.isBlocked(link.peerId)) return link.reset('blocked', 'peer is blocked')
    const messages = envelopes.map((env): Message => {
      this.c.clock.receive(env.hlc)
      return {
        ...(env.kind === 'text' ? {} : { kind: env.kind }),
        id: env.id,
        conversationId: env.conversationId,
        peerId: env.sender,
        sender: env.sender,
        direction: 'in',
        text: env.text,
        hlc: env.hlc,
        status: 'received',
      }
    })
    const fresh = await this.c.store.addIncoming(messages)
    const name = this.names.get(link.peerId) ?? ''
    for (const m of fresh) await this.c.contacts.received(m.sender, m.kind ?? 'text', m.text, name)
    // Duplicates are acknowledged again: the first acknowledgement may have been lost.
    const ids = envelopes.map((e) => e.id)
    for (let i = 0; i < ids.length; i += MAX_ACK_IDS) {
      link.write({ kind: 'ack', ids: ids.slice(i, i + MAX_ACK_IDS) }).catch(() => {})
    }
    // A stranger's messages are held: they reach the user only once the request is accepted.
    if (!this.c.contacts.isOpen(link.peerId)) return
    for (const m of fresh) this.c.events.emit('message', { ...m, path: link.path })
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
    return link
  }

  private onConnectionChange(conn: Connection): void {
    this.pathChanged(conn.remotePeer.toString())
  }

  /** A connection to `peer` opened, closed or proved itself: move to its best path. */
  pathChanged(peer: string): void {
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
  private deliverSoon(peer: string): void {
    if (this.stopped || this.delivering.has(peer)) return
    this.delivering.add(peer)
    clearTimeout(this.retries.get(peer)?.timer)
    this.flush(peer)
      .then(() => this.retries.delete(peer))
      .catch(() => this.scheduleRetry(peer))
      .finally(() => this.delivering.delete(peer))
  }

  private scheduleRetry(peer: string): void {
    if (this.stopped) return
    const retry = this.retries.get(peer) ?? { delay: RETRY_MIN_MS / 2 }
    retry.delay = Math.min(retry.delay * 2, RETRY_MAX_MS)
    retry.timer = setTimeout(() => this.deliverSoon(peer), retry.delay)
    retry.timer.unref()
    this.retries.set(peer, retry)
  }

  /** Opens (or reuses) the link to `peer` and sends everything in its outbox. */
  private async flush(peer: string): Promise<void> {
    // Kept for a removed or blocked contact, sent if they become one again.
    if (!this.c.contacts.isOpen(peer)) return
    if ((await this.c.store.pendingFor(peer)).length === 0) return
    const link = await this.linkTo(peer)
    // Read again: messages queued while the link was opening are sent from here.
    const pending = await this.c.store.pendingFor(peer)
    await Promise.all(pending.map((m) => link.write(envelopeFrame(m))))
  }

  /** The open link to `peer`, or a new one; only flush() calls it, once per peer at a time. */
  private async linkTo(peer: string): Promise<ChatLink> {
    const current = this.links.get(peer)
    if (current?.open) return current
    const conn = await this.connect(peer)
    const stream = await conn.newStream(CHAT_PROTOCOL, {
      runOnLimitedConnection: true,
      signal: AbortSignal.timeout(DIAL_TIMEOUT_MS),
    })
    const link = this.adopt(
      new ChatLink(stream, conn, this.c.paths.pathOf(conn), this, this.helloOn(conn)),
    )
    this.links.set(peer, link)
    return link
  }
}

function envelopeFrame(m: Message) {
  return {
    kind: 'envelope' as const,
    envelope: {
      id: m.id,
      conversationId: m.conversationId,
      sender: m.sender,
      hlc: m.hlc,
      kind: m.kind ?? ('text' as const),
      text: m.text,
    },
  }
}

function notOpen(state: Contact['state'] | undefined): ApiError {
  if (state === 'pending') return new ApiError('bad-request', 'accept their request first')
  if (state === 'blocked') return new ApiError('bad-request', 'you blocked this person')
  return new ApiError('not-found', 'not a contact: send a friend request first')
}
