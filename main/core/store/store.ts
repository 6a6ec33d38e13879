// Local history in LevelDB: messages, a per-conversation index ordered by the
// hybrid logical clock, the outbox of unacknowledged messages (a message we sent is
// pending exactly as long as it is there), conversations, and how far each side
// has read each conversation (read receipts). Every change goes through the
// profile's one write queue (write-queue.ts), shared with the Signal sessions, so
// concurrent changes coalesce into single batches and land in the order they were
// made. What the user or a peer is told is stored is fsynced first; what can be
// redone (a message leaving the outbox, a read point) is not. The database it is
// given is the profile's SealedLevel: values are sealed on their way to disk.
import type { Contact, Conversation, Message } from '../../../protocol/api.ts'
import { compareHlc, type HlcTimestamp, hlcSortKey } from '../../../protocol/hlc.ts'
import { KeyedLock } from '../lib/keyed-lock.ts'
import type { SealedLevel } from '../vault/sealed-level.ts'
import { type Op, type WriteOptions, WriteQueue } from './write-queue.ts'

/** The profile's database: values sealed on their way to disk (sealed-level.ts). */
export type Db = SealedLevel
export type { Op }

/** What ChatStore.addIncoming writes of a batch's new messages, and what with them. */
export interface Kept {
  /** The messages to store (the others are refused: neither stored nor acknowledged). */
  keep: Message[]
  /** Written in the same batch: the sender's contact, the Signal state that revealed them. */
  ops: Op[]
}

const PREVIEW_CHARS = 120
const MAX_UNACKED_CACHED = 10_000

/** What an acknowledgement tells: which of our messages reached the peer. */
export type Delivered = Pick<Message, 'id' | 'conversationId' | 'peerId'>

/** Whose read point: how far we have read a conversation, or how far the peer says it has. */
export type Reader = 'own' | 'peer'

export class ChatStore {
  readonly db: Db
  private readonly messages
  private readonly historyIndex
  private readonly outbox
  private readonly conversationsDb
  private readonly meta
  private readonly contactsDb
  private readonly settings
  private readonly readPoints
  private readonly conversations = new Map<string, Conversation>()
  private readonly contacts = new Map<string, Contact>()
  /** Every read point, by readKey(); few and small, so all in memory for history(). */
  private readonly reads = new Map<string, HlcTimestamp>()
  private readonly writes: WriteQueue
  /**
   * The conversation of each message sent since start-up that is still in the outbox,
   * by outbox key, so that its acknowledgement reads nothing back; at most
   * MAX_UNACKED_CACHED, the oldest forgotten first (they are then read from disk).
   */
  private readonly unacked = new Map<string, string>()
  /** Keys being checked and written right now: a second writer of one waits for the first. */
  private readonly claims = new KeyedLock()
  /** The latest reading of our own clock that is stored (latestClock()). */
  private clock: HlcTimestamp | undefined
  /** Told of every conversation whose record changed (new message, read), once stored. */
  onConversation: (conversation: Conversation) => void = () => {}

  private constructor(db: Db) {
    this.db = db
    this.messages = db.sublevel<string, Message>('m', { valueEncoding: 'json' })
    this.historyIndex = db.sublevel<string, string>('h', { valueEncoding: 'utf8' })
    this.outbox = db.sublevel<string, string>('o', { valueEncoding: 'utf8' })
    this.conversationsDb = db.sublevel<string, Conversation>('c', { valueEncoding: 'json' })
    this.meta = db.sublevel<string, Uint8Array>('meta', { valueEncoding: 'view' })
    this.contactsDb = db.sublevel<string, Contact>('p', { valueEncoding: 'json' })
    this.settings = db.sublevel<string, unknown>('s', { valueEncoding: 'json' })
    this.readPoints = db.sublevel<string, HlcTimestamp>('r', { valueEncoding: 'json' })
    this.writes = new WriteQueue(db)
  }

  /** Opens the store on `db` (closed again if the store cannot load). */
  static async open(db: Db): Promise<ChatStore> {
    try {
      await db.open()
      const store = new ChatStore(db)
      for await (const [id, conv] of store.conversationsDb.iterator()) {
        store.conversations.set(id, conv)
      }
      for await (const [id, contact] of store.contactsDb.iterator()) {
        // Contacts stored before friend requests existed were mutual already.
        store.contacts.set(id, {
          ...contact,
          state: contact.state ?? 'accepted',
          labels: contact.labels ?? [],
        })
      }
      for await (const [key, upTo] of store.readPoints.iterator()) store.reads.set(key, upTo)
      const clock = await store.meta.get(CLOCK_KEY)
      if (clock) store.clock = JSON.parse(new TextDecoder().decode(clock)) as HlcTimestamp
      return store
    } catch (err) {
      await db.close()
      throw err
    }
  }

  /** A sublevel for other components of the core (libp2p's peer store). */
  sublevel(name: string) {
    return this.db.sublevel<string, Uint8Array>(name, { valueEncoding: 'view' })
  }

  /** Writes `ops` (on any of the profile's sublevels) in the profile's write queue. */
  write(ops: Op[], options: WriteOptions): Promise<void> {
    return this.writes.write(ops, options)
  }

  /** Resolves once everything written so far is on disk. */
  sync(): Promise<void> {
    return this.writes.sync()
  }

  async getMeta(key: string): Promise<Uint8Array | undefined> {
    return this.meta.get(key)
  }

  async putMeta(key: string, value: Uint8Array): Promise<void> {
    await this.writes.write([this.op(this.meta, key, value)], DURABLE)
  }

  /** A small setting kept with the profile (display name, relays). */
  async getSetting<T>(key: string): Promise<T | undefined> {
    return (await this.settings.get(key)) as T | undefined
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.writes.write([this.op(this.settings, key, value)], DURABLE)
  }

  listContacts(): Contact[] {
    return [...this.contacts.values()]
  }

  getContact(peerId: string): Contact | undefined {
    return this.contacts.get(peerId)
  }

  async putContact(contact: Contact, options: WriteOptions = DURABLE): Promise<void> {
    await this.writes.write([this.contactOp(contact)], options)
  }

  /** A contact's new record, to be written with something else (what its sender sent). */
  contactOp(contact: Contact): Op {
    this.contacts.set(contact.peerId, contact)
    return this.op(this.contactsDb, contact.peerId, contact)
  }

  async deleteContact(peerId: string): Promise<void> {
    this.contacts.delete(peerId)
    await this.writes.write([this.del(this.contactsDb, peerId)], DURABLE)
  }

  /**
   * Deletes a conversation and every message in it (a declined request), our own
   * unacknowledged ones included, so that no late acknowledgement finds them.
   */
  async deleteConversation(conversationId: string): Promise<void> {
    const peerId = this.conversations.get(conversationId)?.peerId
    const keys = await this.historyIndex
      .keys({ gt: `${conversationId}!`, lt: `${conversationId}!~` })
      .all()
    const ids = keys.map((key) => key.slice(key.lastIndexOf('!') + 1))
    const queued = peerId === undefined ? [] : ids.map((id) => outboxKey(peerId, id))
    for (const key of queued) this.unacked.delete(key)
    this.conversations.delete(conversationId)
    const readKeys = READERS.map((by) => readKey(conversationId, by))
    for (const key of readKeys) this.reads.delete(key)
    await this.writes.write(
      [
        ...readKeys.map((key) => this.del(this.readPoints, key)),
        ...keys.map((key) => this.del(this.historyIndex, key)),
        ...ids.map((id) => this.del(this.messages, id)),
        ...queued.map((key) => this.del(this.outbox, key)),
        this.del(this.conversationsDb, conversationId),
      ],
      DURABLE,
    )
  }

  /** Stores our own new message and queues it in the outbox, atomically, on disk. */
  async addOutgoing(message: Message): Promise<void> {
    await this.writes.write(
      [
        ...this.messageOps(message),
        this.op(this.outbox, outboxKey(message.peerId, message.id), QUEUED),
        ...this.clockOps(message.hlc),
      ],
      DURABLE,
    )
    // Only once stored: an entry here means the message is in the outbox.
    this.unacked.set(outboxKey(message.peerId, message.id), message.conversationId)
    if (this.unacked.size > MAX_UNACKED_CACHED)
      this.unacked.delete(this.unacked.keys().next().value as string)
    this.changed([message])
  }

  /**
   * Stores received messages. Those new among `batch` (the rest are duplicates,
   * stored already, or being stored: their first writer is waited for) go to
   * `decide`, which picks the ones to keep and what to write with them; it all lands
   * in one write, with `reading` (our clock's reading on receiving them). Resolves
   * with what `decide` said.
   */
  async addIncoming<D extends Kept>(
    batch: Message[],
    reading: HlcTimestamp,
    decide: (fresh: Message[]) => D,
    options: WriteOptions,
  ): Promise<D> {
    const byId = new Map(batch.map((m) => [m.id, m]))
    const ids = [...byId.keys()]
    const release = await this.claims.take(ids)
    try {
      const existing = await this.messages.getMany(ids)
      const fresh = ids
        .filter((_, i) => existing[i] === undefined)
        .map((id) => byId.get(id) as Message)
      const decided = decide(fresh)
      const { keep, ops } = decided
      await this.writes.write(
        [...keep.flatMap((m) => this.messageOps(m)), ...ops, ...this.clockOps(reading)],
        options,
      )
      this.changed(keep)
      return decided
    } finally {
      release()
    }
  }

  /** Stores a notice the core makes in a conversation (a changed safety number), on disk. */
  async addNotice(notice: Message): Promise<void> {
    await this.addIncoming([notice], notice.hlc, (fresh) => ({ keep: fresh, ops: [] }), DURABLE)
  }

  /**
   * Marks our messages to `peerId` delivered; ids that are not in its outbox are ignored.
   * Leaving the outbox is what makes a message delivered (see withStatus): the sealed
   * message is not rewritten, nor read back when it was sent since start-up.
   */
  async markDelivered(peerId: string, ids: string[]): Promise<Delivered[]> {
    const keys = [...new Set(ids.map((id) => outboxKey(peerId, id)))]
    const release = await this.claims.take(keys)
    const idOf = (key: string) => key.slice(peerId.length + 1)
    try {
      const cached = keys.filter((key) => this.unacked.has(key))
      const delivered = cached.map((key) => ({
        id: idOf(key),
        conversationId: this.unacked.get(key) as string,
        peerId,
      }))
      const others = keys.filter((key) => !this.unacked.has(key))
      const queued = await this.outbox.getMany(others)
      const onDisk = others.filter((_, i) => queued[i] !== undefined)
      for (const m of await this.messages.getMany(onDisk.map(idOf))) {
        if (m) delivered.push({ id: m.id, conversationId: m.conversationId, peerId })
      }
      const acked = [...cached, ...onDisk]
      for (const key of cached) this.unacked.delete(key)
      // Not synced: a deletion lost to a power cut only sends the message again (a duplicate the peer drops).
      if (acked.length > 0) await this.writes.write(acked.map((key) => this.del(this.outbox, key)))
      return delivered
    } finally {
      release()
    }
  }

  /**
   * Marks our messages to `peerId` as left in a relay mailbox; they stay in the
   * outbox (and are re-sent directly when we meet) until the peer acknowledges.
   */
  async markStored(peerId: string, ids: string[]): Promise<Delivered[]> {
    const keys = [...new Set(ids.map((id) => outboxKey(peerId, id)))]
    const release = await this.claims.take(keys)
    try {
      const queued = await this.outbox.getMany(keys)
      const stored = keys.filter((_, i) => queued[i] === QUEUED)
      if (stored.length > 0) {
        await this.writes.write(stored.map((key) => this.op(this.outbox, key, STORED)))
      }
      const found = await this.messages.getMany(stored.map((k) => k.slice(peerId.length + 1)))
      return found
        .filter((m): m is Message => m !== undefined)
        .map((m) => ({ id: m.id, conversationId: m.conversationId, peerId }))
    } finally {
      release()
    }
  }

  /** Unacknowledged messages to `peerId`, oldest first: 'pending', or 'stored' on a relay. */
  async pendingFor(peerId: string): Promise<Message[]> {
    const queued = await this.outbox.iterator({ gt: `${peerId}!`, lt: `${peerId}!~` }).all()
    const found = await this.messages.getMany(queued.map(([k]) => k.slice(peerId.length + 1)))
    return found.flatMap((m, i) =>
      m === undefined ? [] : [queued[i]?.[1] === STORED ? { ...m, status: 'stored' as const } : m],
    )
  }

  /** The message stored under `id`, with its status, if any. */
  async getMessage(id: string): Promise<Message | undefined> {
    const found = await this.messages.get(id)
    return found && (await this.withStatus([found]))[0]
  }

  /** Peers that have messages waiting in the outbox. */
  async peersWithPending(): Promise<string[]> {
    const peers = new Set<string>()
    for await (const key of this.outbox.keys()) peers.add(key.slice(0, key.indexOf('!')))
    return [...peers]
  }

  listConversations(limit: number): Conversation[] {
    return [...this.conversations.values()]
      .sort((a, b) => b.lastActivity - a.lastActivity)
      .slice(0, limit)
  }

  getConversation(id: string): Conversation | undefined {
    return this.conversations.get(id)
  }

  async markRead(conversationId: string): Promise<void> {
    const conv = this.conversations.get(conversationId)
    if (!conv || conv.unread === 0) return
    const updated = { ...conv, unread: 0 }
    this.conversations.set(conversationId, updated)
    await this.writes.write([this.op(this.conversationsDb, conversationId, updated)])
    this.onConversation(updated)
  }

  /** Newest first, strictly older than the message `before` when given. */
  async history(conversationId: string, limit: number, before?: string): Promise<Message[]> {
    let lt = `${conversationId}!~`
    if (before !== undefined) {
      const anchor = await this.messages.get(before)
      if (!anchor || anchor.conversationId !== conversationId) return []
      lt = historyKey(anchor)
    }
    const keys = await this.historyIndex
      .keys({ gt: `${conversationId}!`, lt, reverse: true, limit })
      .all()
    const found = await this.messages.getMany(keys.map((k) => k.slice(k.lastIndexOf('!') + 1)))
    const messages = await this.withStatus(found.filter((m): m is Message => m !== undefined))
    return this.withRead(conversationId, messages)
  }

  /** How far a conversation has been read, by us or (as their receipts say) by the peer. */
  readPoint(conversationId: string, by: Reader): HlcTimestamp | undefined {
    return this.reads.get(readKey(conversationId, by))
  }

  /** Moves a read point forward, never back; false when `upTo` is not beyond it. */
  async advanceRead(conversationId: string, by: Reader, upTo: HlcTimestamp): Promise<boolean> {
    const key = readKey(conversationId, by)
    const known = this.reads.get(key)
    if (known && compareHlc(upTo, known) <= 0) return false
    // Set before the write: a concurrent, older receipt then sees this one.
    this.reads.set(key, upTo)
    await this.writes.write([this.op(this.readPoints, key, upTo)])
    return true
  }

  /** The clock reading of the newest message the peer sent in a conversation, if after `after`. */
  async newestIncoming(
    conversationId: string,
    after?: HlcTimestamp,
  ): Promise<HlcTimestamp | undefined> {
    const gt = `${conversationId}!${after ? hlcSortKey(after) : ''}`
    let lt = `${conversationId}!~`
    // Newest first, a page at a time: our own messages may have followed theirs.
    for (;;) {
      const keys = await this.historyIndex.keys({ gt, lt, reverse: true, limit: 64 }).all()
      const found = await this.messages.getMany(keys.map((k) => k.slice(k.lastIndexOf('!') + 1)))
      const theirs = found.find((m) => m?.direction === 'in')
      if (theirs) return theirs.hlc
      const last = keys.at(-1)
      if (keys.length < 64 || last === undefined) return undefined
      lt = last
    }
  }

  /**
   * An outgoing message is stored once, as 'pending'; it is 'stored' while its outbox
   * entry says it is on a relay, and delivered once it has left the outbox. Messages
   * stored by earlier versions say 'delivered' themselves.
   */
  private async withStatus(messages: Message[]): Promise<Message[]> {
    const sent = messages.filter((m) => m.status === 'pending')
    const queued = await this.outbox.getMany(sent.map((m) => outboxKey(m.peerId, m.id)))
    const status = new Map(
      sent.map(
        (m, i) =>
          [
            m,
            queued[i] === undefined ? 'delivered' : queued[i] === STORED ? 'stored' : 'pending',
          ] as const,
      ),
    )
    return messages.map((m) => {
      const now = status.get(m)
      return now === undefined || now === 'pending' ? m : { ...m, status: now }
    })
  }

  /** Read implies delivered: ours up to the peer's read point are 'read', wherever else they are. */
  private withRead(conversationId: string, messages: Message[]): Message[] {
    const upTo = this.readPoint(conversationId, 'peer')
    if (!upTo) return messages
    return messages.map((m) =>
      m.direction === 'out' && compareHlc(m.hlc, upTo) <= 0 ? { ...m, status: 'read' } : m,
    )
  }

  /**
   * The latest reading of our own clock that is stored (with our messages and those
   * we received), so the clock never runs backwards across restarts. Never a peer's
   * reading: those may be far ahead of ours (HybridClock.receive clamps them).
   */
  latestClock(): HlcTimestamp | undefined {
    return this.clock
  }

  async close(): Promise<void> {
    await this.writes.drain()
    await this.db.close()
  }

  private changed(messages: Message[]): void {
    for (const id of new Set(messages.map((m) => m.conversationId))) {
      const conv = this.conversations.get(id)
      if (conv) this.onConversation(conv)
    }
  }

  /** Stores our clock's `reading` with a write, if it is the latest. */
  private clockOps(reading: HlcTimestamp): Op[] {
    if (this.clock && compareHlc(reading, this.clock) <= 0) return []
    this.clock = { wall: reading.wall, counter: reading.counter }
    return [this.op(this.meta, CLOCK_KEY, new TextEncoder().encode(JSON.stringify(this.clock)))]
  }

  private messageOps(m: Message): Op[] {
    const prev = this.conversations.get(m.conversationId)
    const conv: Conversation = {
      id: m.conversationId,
      peerId: m.peerId,
      lastActivity: Math.max(prev?.lastActivity ?? 0, m.hlc.wall),
      lastMessage:
        prev && prev.lastActivity > m.hlc.wall
          ? prev.lastMessage
          : {
              text: m.text.slice(0, PREVIEW_CHARS),
              direction: m.direction,
              ...(m.kind ? { kind: m.kind } : {}),
            },
      unread: (prev?.unread ?? 0) + (m.direction === 'in' ? 1 : 0),
    }
    this.conversations.set(conv.id, conv)
    return [
      this.op(this.messages, m.id, m),
      // The key ends in the message id: the value stays empty (and costs no sealing).
      this.op(this.historyIndex, historyKey(m), ''),
      this.op(this.conversationsDb, conv.id, conv),
    ]
  }

  private op<V>(sublevel: { prefix: string }, key: string, value: V): Op {
    return { type: 'put', sublevel, key, value } as unknown as Op
  }

  private del(sublevel: { prefix: string }, key: string): Op {
    return { type: 'del', sublevel, key } as unknown as Op
  }
}

function historyKey(m: Message): string {
  return `${m.conversationId}!${hlcSortKey(m.hlc)}!${m.id}`
}

/** What a user's action or a peer's acknowledgement vouches for: on disk before it resolves. */
const DURABLE: WriteOptions = { sync: true }

/** The meta key of our clock's latest stored reading. */
const CLOCK_KEY = 'clock'

/** Outbox values: waiting to be sent, or left in a relay mailbox. */
const QUEUED = ''
const STORED = 's'

const READERS: readonly Reader[] = ['own', 'peer']

function readKey(conversationId: string, by: Reader): string {
  return `${conversationId}!${by}`
}

function outboxKey(peerId: string, id: string): string {
  return `${peerId}!${id}`
}
