// The chat streams to and from peers (link.ts), and what arrives on them, handed to
// the component it is for: sealed batches to the inbox, keys to the key exchange,
// acknowledgements to the outbox, read points to the receipts, hellos to the
// profiles, presence and typing to presence. Per peer, one link is the one we send
// on: on the best path there is, moved as soon as a better one proves itself.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import type { ChatEnvelope, ChatFrame, Hello } from '../../../protocol/frame.ts'
import type { HlcTimestamp } from '../../../protocol/hlc.ts'
import { CHAT_PROTOCOL } from '../../../protocol/ids.ts'
import type { EnvelopeCipher } from '../crypto/envelope-cipher.ts'
import type { GroupService } from '../groups/group-service.ts'
import { DIAL_TIMEOUT_MS } from '../net/addrs.ts'
import { isBetter, type PathTracker } from '../net/paths.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileSync } from '../people/profile-sync.ts'
import type { Dialer } from './dialer.ts'
import type { Inbox } from './inbox.ts'
import type { KeyExchange } from './key-exchange.ts'
import { ChatLink, type LinkHandlers } from './link.ts'

export interface LinksComponents {
  node: Libp2p
  paths: PathTracker
  dialer: Pick<Dialer, 'connect'>
  cipher: Pick<EnvelopeCipher, 'seal'>
  inbox: Pick<Inbox, 'fromLink'>
  keys: Pick<KeyExchange, 'requested' | 'received'>
  /** Our messages the peer acknowledged; and a peer whose sending link is gone or may be opened. */
  outbox: {
    acknowledged(link: ChatLink, ids: string[]): Promise<void>
    deliverSoon(peer: string): void
  }
  /** Read receipts: theirs, and ours for every new stream. */
  receipts: {
    received(peerId: string, upTo: HlcTimestamp, groupId?: string): Promise<void>
    opened(link: ChatLink): void
  }
  contacts: Pick<Contacts, 'list' | 'isOpen' | 'renamed'>
  /** Group members are named by their Hello, contacts or not. */
  groups: Pick<GroupService, 'named'>
  /** Our Hello to each peer, and what to do with theirs (status line, avatar). */
  profiles: Pick<ProfileSync, 'hello' | 'greeted'>
  /** Told of every new link, and of the presence and typing signals on links. */
  signals: {
    opened(link: ChatLink): void
    received(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void
  }
  log(line: string): void
}

export class ChatLinks implements LinkHandlers {
  /** The link we send on, per peer. */
  private readonly sending = new Map<string, ChatLink>()
  private readonly all = new Set<ChatLink>()
  /** The display name each peer last gave in its Hello, for a stranger's request. */
  private readonly names = new Map<string, string>()
  /** Until start(), what the network reports (a better path) waits for start() to see to it all. */
  private started = false

  constructor(private readonly c: LinksComponents) {}

  /**
   * Takes chat streams from now on. Called before the node listens: a peer that
   * dials us the moment we are back (its outbox was waiting) must find the protocol,
   * or its stream fails on a connection that stays open, and nothing tells it to try
   * again until its next retry.
   */
  async listen(): Promise<void> {
    await this.c.node.handle(CHAT_PROTOCOL, (stream, conn) => this.accept(stream, conn), {
      runOnLimitedConnection: true,
      maxInboundStreams: 8,
    })
  }

  start(): void {
    const { node } = this.c
    const changed = (e: CustomEvent<Connection>) => this.pathChanged(e.detail.remotePeer.toString())
    node.addEventListener('connection:open', changed)
    node.addEventListener('connection:close', changed)
    this.started = true
  }

  async stop(): Promise<void> {
    await Promise.all([...this.all].map((l) => l.close()))
  }

  /** Connects to every contact: we are back, and their outboxes for us drain once we are connected. */
  reachContacts(): void {
    for (const { peerId } of this.c.contacts.list()) {
      if (this.c.contacts.isOpen(peerId)) this.c.dialer.connect(peerId).catch(() => {})
    }
  }

  /** The link we send on to `peer`, if it is open. */
  current(peer: string): ChatLink | undefined {
    const link = this.sending.get(peer)
    return link?.open ? link : undefined
  }

  /** The open link to `peer`, or a new one on the best path; one caller per peer at a time (the outbox's flush). */
  async linkTo(peer: string): Promise<ChatLink> {
    const current = this.current(peer)
    if (current) return current
    for (let attempt = 1; ; attempt++) {
      const conn = await this.c.dialer.connect(peer)
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
      this.sending.set(peer, link)
      return link
    }
  }

  /** Whether a stream to `peer` is open now. */
  connected(peer: string): boolean {
    return this.c.paths.best(peer) !== undefined
  }

  /** The open links to `peerId`, or to everyone. */
  openLinks(peerId?: string): ChatLink[] {
    return [...this.all].filter((l) => l.open && (peerId === undefined || l.peerId === peerId))
  }

  /** Greets again every peer we have a stream with (or only `peerId`): our profile changed. */
  announce(peerId?: string): void {
    for (const link of this.openLinks(peerId)) {
      const hello = this.c.profiles.hello(link.peerId)
      if (hello) link.write({ kind: 'hello', ...hello }).catch(() => {})
    }
  }

  /** The display name a peer last gave in its Hello (for a stranger's request: '' until it says). */
  nameOf(peer: string): string {
    return this.names.get(peer) ?? ''
  }

  /** A connection to `peer` opened, closed or proved itself: move to its best path. */
  pathChanged(peer: string): void {
    if (!this.started) return
    this.c.paths.refresh(peer)
    const link = this.sending.get(peer)
    const best = this.c.paths.best(peer)
    // Move to a better path as soon as one opens; the old link's unacknowledged
    // messages are re-sent on the new one and de-duplicated by the receiver.
    if (
      link &&
      best &&
      best !== link.connection &&
      isBetter(this.c.paths.pathOf(best), link.path)
    ) {
      this.sending.delete(peer)
      void link.close()
    }
    if (best && !this.current(peer)) this.c.outbox.deliverSoon(peer)
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

  read(link: ChatLink, upTo: HlcTimestamp, groupId?: string): Promise<void> {
    return this.c.receipts.received(link.peerId, upTo, groupId)
  }

  acknowledged(link: ChatLink, ids: string[]): Promise<void> {
    return this.c.outbox.acknowledged(link, ids)
  }

  async greeted(link: ChatLink, hello: Hello): Promise<void> {
    this.names.set(link.peerId, hello.displayName)
    await this.c.contacts.renamed(link.peerId, hello.displayName)
    await this.c.groups.named(link.peerId, hello.displayName)
    await this.c.profiles.greeted(link.peerId, hello)
  }

  signalled(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void {
    this.c.signals.received(link, frame)
  }

  closed(link: ChatLink): void {
    this.all.delete(link)
    if (this.sending.get(link.peerId) === link) {
      this.sending.delete(link.peerId)
      this.c.outbox.deliverSoon(link.peerId)
    }
  }

  log(line: string): void {
    this.c.log(line)
  }

  private accept(stream: Stream, conn: Connection): void {
    this.adopt(new ChatLink(stream, conn, this.c.paths.pathOf(conn), this, this.helloOn(conn)))
  }

  private helloOn(conn: Connection): Hello | null {
    return this.c.profiles.hello(conn.remotePeer.toString())
  }

  private adopt(link: ChatLink): ChatLink {
    this.all.add(link)
    this.c.signals.opened(link)
    this.c.receipts.opened(link)
    return link
  }
}
