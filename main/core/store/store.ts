// Local history in LevelDB: messages, a per-conversation index ordered by the
// hybrid logical clock, the outbox of unacknowledged messages (a message we sent is
// pending exactly as long as it is there), conversations, and how far each side
// has read each conversation (read receipts). Every change goes through the
// profile's one write queue (write-queue.ts), shared with the Signal sessions, so
// concurrent changes coalesce into single batches and land in the order they were
// made. What the user or a peer is told is stored is fsynced first; what can be
// redone (a message leaving the outbox, a read point) is not. The database it is
// given is the profile's SealedLevel: values are sealed on their way to disk.
import type { Contact, Conversation, Message, Notice } from '../../../protocol/api.ts'
import { compareHlc, type HlcTimestamp, hlcSortKey } from '../../../protocol/hlc.ts'
import { KeyedLock } from '../lib/keyed-lock.ts'
import type { SealedLevel } from '../vault/sealed-level.ts'
import { type Applied, applyChange, isChange, tombstone } from './changes.ts'
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

/** How many changes may wait for messages that have not come (a peer's, out of order). */
const MAX_WAITING_CHANGES = 10_000

/** A message a change altered, and how. */
export interface Changed {
  change: 'edited' | 'deleted' | 'reacted'
  message: Message
}

/** Writes that erase texts, and the message records they rewrite (to compact afterwards). */
interface Erasing {
  ops: Op[]
  erased: string[]
}

/** What addIncoming tells besides what `decide` said. */
export interface Incoming {
  changed: Changed[]
  /** Changes not applied: logged; `unheld` ones were not stored either (so not to be acknowledged). */
  refusedChanges: { change: Message; reason: string; unheld?: boolean }[]
}

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
  /** Changes waiting for the message they change: `<target>!<change id>`. */
  private readonly waitingDb
  /** Every edit of a message, so that deleting it for everyone finds their texts: `<target>!<edit id>`. */
  private readonly editsIndex
  /** Every reply to a message, so that deleting it finds the quotes of its text: `<target>!<reply id>`. */
  private readonly quotesIndex
  /** The messages that changes wait for (all of the waiting sublevel's targets, in memory). */
  private readonly waiting = new Map<string, number>()
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
    this.waitingDb = db.sublevel<string, string>('w', { valueEncoding: 'utf8' })
    this.editsIndex = db.sublevel<string, string>('e', { valueEncoding: 'utf8' })
    this.quotesIndex = db.sublevel<string, string>('q', { valueEncoding: 'utf8' })
    this.writes = new WriteQueue(db)
  }

  /** Opens the store on `db` (closed again if the store cannot load). */
  static async open(db: Db): Promise<ChatStore> {
    try {
      await db.open()
      const store = new ChatStore(db)
      for await (const [id, conv] of store.conversationsDb.iterator()) {
        // Stored before conversations had kinds: every one was direct.
        store.conversations.set(id, { ...conv, kind: 'direct', members: [conv.peerId] })
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
      for await (const key of store.waitingDb.keys()) store.wait(targetOf(key), 1)
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

  /**
   * Stores our own new message and queues it in the outbox, atomically, on disk. A
   * change (edit, deletion, reaction) is applied to its message in the same write,
   * or refused with nothing written.
   */
  async addOutgoing(message: Message): Promise<Applied | undefined> {
    const target = message.target
    if (!isChange(message) || target === undefined) {
      await this.queue(message, this.messageOps(message))
      this.changed([message])
      return undefined
    }
    const release = await this.claims.take([target])
    try {
      const found = await this.messages.get(target)
      if (!found) return { ok: false, reason: `no message ${target}` }
      const applied = applyChange(found, message)
      if (!applied.ok) return applied
      const { ops, erased } = await this.changeOps(found, [{ change: message, applied }])
      await this.queue(message, [this.op(this.messages, message.id, message), ...ops])
      await this.db.compactKeys(erased.map((id) => this.messages.prefixKey(id, 'utf8', false)))
      if (applied.change) this.changed([applied.message])
      return applied
    } finally {
      release()
    }
  }

  /** Writes `ops` with `message` queued in the outbox, on disk. */
  private async queue(message: Message, ops: Op[]): Promise<void> {
    await this.writes.write(
      [
        ...ops,
        this.op(this.outbox, outboxKey(message.peerId, message.id), QUEUED),
        ...this.clockOps(message.hlc),
      ],
      DURABLE,
    )
    // Only once stored: an entry here means the message is in the outbox.
    this.unacked.set(outboxKey(message.peerId, message.id), message.conversationId)
    if (this.unacked.size > MAX_UNACKED_CACHED)
      this.unacked.delete(this.unacked.keys().next().value as string)
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
  ): Promise<D & Incoming> {
    const byId = new Map(batch.map((m) => [m.id, m]))
    const ids = [...byId.keys()]
    // The messages changed are claimed too: a change applies to what another writer stored.
    const targets = batch.flatMap((m) => (isChange(m) && m.target ? [m.target] : []))
    const release = await this.claims.take([...ids, ...targets])
    try {
      const existing = await this.messages.getMany(ids)
      const fresh = ids
        .filter((_, i) => existing[i] === undefined)
        .map((id) => byId.get(id) as Message)
      const decided = decide(fresh)
      const { keep, ops } = decided
      const shown = keep.filter((m) => !isChange(m))
      const taken = await this.takeChanges(shown, keep.filter(isChange))
      await this.writes.write(
        [
          ...shown.flatMap((m) => this.messageOps(m)),
          ...taken.ops,
          ...ops,
          ...this.clockOps(reading),
        ],
        options,
      )
      await this.db.compactKeys(
        taken.erased.map((id) => this.messages.prefixKey(id, 'utf8', false)),
      )
      this.changed([...shown, ...taken.changed.map((c) => c.message)])
      return { ...decided, changed: taken.changed, refusedChanges: taken.refused }
    } finally {
      release()
    }
  }

  /**
   * What a batch's changes (and the changes that waited for its new messages) write:
   * each applied in clock order to its message, stored to wait for it if it has not
   * come yet, or refused (a stranger's edit of our message, say: logged, stored so
   * that it is not taken again, and acknowledged).
   */
  private async takeChanges(shown: Message[], changes: Message[]) {
    const current = new Map(shown.map((m) => [m.id, m]))
    const before = new Map<string, Message>()
    const ops: Op[] = []
    const erased: string[] = []
    const changed: Changed[] = []
    const refused: Incoming['refusedChanges'] = []
    const applying = new Map<string, { change: Message; applied: Applied }[]>()
    const apply = (target: Message, change: Message) => {
      const applied = applyChange(target, change)
      if (!applied.ok) return refused.push({ change, reason: applied.reason })
      current.set(target.id, applied.message)
      const list = applying.get(target.id) ?? []
      list.push({ change, applied })
      applying.set(target.id, list)
    }
    // Changes that came before these messages apply now, oldest first.
    for (const m of shown) {
      if (!this.waiting.has(m.id)) continue
      const keys = await this.waitingDb.keys({ gt: `${m.id}!`, lt: `${m.id}!~` }).all()
      const found = await this.messages.getMany(keys.map(changeIdOf))
      const waited = found.filter((c): c is Message => c !== undefined).sort(byHlc)
      before.set(m.id, m)
      for (const c of waited) apply(current.get(m.id) as Message, c)
      ops.push(...keys.map((key) => this.del(this.waitingDb, key)))
      this.wait(m.id, -keys.length)
    }
    const missing = changes.map((c) => c.target as string).filter((t) => !current.has(t))
    const stored = await this.messages.getMany([...new Set(missing)])
    for (const m of stored) {
      if (!m) continue
      before.set(m.id, m)
      current.set(m.id, m)
    }
    for (const change of changes.toSorted(byHlc)) {
      const target = change.target as string
      ops.push(this.op(this.messages, change.id, change))
      const now = current.get(target)
      if (now) {
        apply(now, change)
        continue
      }
      if (this.waitingCount() >= MAX_WAITING_CHANGES) {
        ops.pop()
        refused.push({
          change,
          reason: `${MAX_WAITING_CHANGES} changes wait already`,
          unheld: true,
        })
        continue
      }
      ops.push(this.op(this.waitingDb, `${target}!${change.id}`, ''))
      this.wait(target, 1)
    }
    for (const [id, list] of applying) {
      const original = before.get(id) ?? (current.get(id) as Message)
      const written = await this.changeOps(original, list)
      ops.push(...written.ops)
      erased.push(...written.erased)
      const last = list.findLast((a) => a.applied.ok && a.applied.change)
      if (last?.applied.ok && last.applied.change) {
        changed.push({ change: last.applied.change, message: current.get(id) as Message })
      }
    }
    return { ops, erased, changed, refused }
  }

  /**
   * The writes of `changes` (in the order applied) to `target`, as it was before them:
   * its new record, an index of its edits, and, once deleted for everyone, its texts
   * erased (erase()) and its preview gone too. A message that is new in the same
   * write has its own record written by messageOps: this overwrites it with the
   * changed one.
   */
  private async changeOps(
    target: Message,
    changes: { change: Message; applied: Applied }[],
  ): Promise<Erasing> {
    const last = changes.at(-1)?.applied
    if (!last?.ok) return { ops: [], erased: [] }
    const after = last.message
    const ops: Op[] = [this.op(this.messages, after.id, after)]
    const erased: string[] = []
    for (const { change } of changes) {
      if (change.kind !== 'edit') continue
      // An edit of a deleted message (in this write, or since) keeps no text either.
      if (after.deleted) {
        ops.push(this.op(this.messages, change.id, { ...change, text: '' }))
        erased.push(change.id)
      } else ops.push(this.op(this.editsIndex, `${target.id}!${change.id}`, ''))
    }
    if (after.deleted && !target.deleted) {
      const erasing = await this.erase(target)
      ops.push(...erasing.ops)
      erased.push(...erasing.erased)
    }
    const conv = this.conversations.get(after.conversationId)
    if (conv?.lastMessage?.id === after.id) {
      const updated = { ...conv, lastMessage: lastMessageOf(after) }
      this.conversations.set(conv.id, updated)
      ops.push(this.op(this.conversationsDb, conv.id, updated))
    }
    return { ops, erased }
  }

  /**
   * A deleted message's text erased wherever else it is: its edits keep no text (their
   * records stay, so that a re-sent one is known) and replies keep no quote of it.
   * `erased` names every record rewritten, the message's own included: their earlier
   * versions are then compacted away (SealedLevel.compactKeys).
   */
  private async erase(target: Message): Promise<Erasing> {
    const range = { gt: `${target.id}!`, lt: `${target.id}!~` }
    const [editKeys, quoteKeys] = await Promise.all([
      this.editsIndex.keys(range).all(),
      this.quotesIndex.keys(range).all(),
    ])
    const [edits, replies] = await Promise.all([
      this.messages.getMany(editKeys.map(changeIdOf)),
      this.messages.getMany(quoteKeys.map(changeIdOf)),
    ])
    const ops: Op[] = []
    const erased = [target.id]
    for (const e of edits) {
      if (!e) continue
      ops.push(this.op(this.messages, e.id, { ...e, text: '' }))
      // Our own edits not yet sent are not sent at all.
      if (e.direction === 'out') ops.push(this.del(this.outbox, outboxKey(e.peerId, e.id)))
      erased.push(e.id)
    }
    for (const r of replies) {
      if (!r?.quote) continue
      ops.push(this.op(this.messages, r.id, { ...r, quote: { ...r.quote, snippet: '' } }))
      erased.push(r.id)
    }
    ops.push(...editKeys.map((key) => this.del(this.editsIndex, key)))
    ops.push(...quoteKeys.map((key) => this.del(this.quotesIndex, key)))
    return { ops, erased }
  }

  /**
   * Deletes a message for me alone: its record keeps only that it existed (so that a
   * copy sent again is known), it leaves the history and the outbox, and its edits
   * keep no text. False if there is no such message.
   */
  async deleteForMe(id: string): Promise<Message | undefined> {
    const release = await this.claims.take([id])
    try {
      const found = await this.messages.get(id)
      if (!found || isChange(found)) return undefined
      const gone = tombstone(found)
      const erasing = await this.erase(found)
      const ops = [
        this.op(this.messages, id, gone),
        this.del(this.historyIndex, historyKey(found)),
        ...erasing.ops,
      ]
      if (found.direction === 'out') {
        this.unacked.delete(outboxKey(found.peerId, id))
        ops.push(this.del(this.outbox, outboxKey(found.peerId, id)))
      }
      const conv = this.conversations.get(found.conversationId)
      if (conv?.lastMessage?.id === id) {
        const [newest] = await this.historyIndex
          .keys({ gt: `${conv.id}!`, lt: historyKey(found), reverse: true, limit: 1 })
          .all()
        const previous = newest ? await this.messages.get(changeIdOf(newest)) : undefined
        const updated = { ...conv, lastMessage: previous ? lastMessageOf(previous) : null }
        this.conversations.set(conv.id, updated)
        ops.push(this.op(this.conversationsDb, conv.id, updated))
      }
      await this.writes.write(ops, DURABLE)
      await this.db.compactKeys(
        erasing.erased.map((k) => this.messages.prefixKey(k, 'utf8', false)),
      )
      this.changed([found])
      return gone
    } finally {
      release()
    }
  }

  private wait(target: string, count: number): void {
    const now = (this.waiting.get(target) ?? 0) + count
    if (now > 0) this.waiting.set(target, now)
    else this.waiting.delete(target)
  }

  private waitingCount(): number {
    let n = 0
    for (const count of this.waiting.values()) n += count
    return n
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

  /**
   * Moves a read point forward, never back: false when `upTo` is not beyond it, else
   * where it was before (undefined: nothing was read).
   */
  async advanceRead(
    conversationId: string,
    by: Reader,
    upTo: HlcTimestamp,
  ): Promise<false | { from: HlcTimestamp | undefined }> {
    const key = readKey(conversationId, by)
    const known = this.reads.get(key)
    if (known && compareHlc(upTo, known) <= 0) return false
    // Set before the write: a concurrent, older receipt then sees this one.
    this.reads.set(key, upTo)
    await this.writes.write([this.op(this.readPoints, key, upTo)])
    return { from: known }
  }

  /** The ids of our messages in a conversation after `from` and up to `upTo`, oldest first. */
  async outgoingBetween(
    conversationId: string,
    from: HlcTimestamp | undefined,
    upTo: HlcTimestamp,
  ): Promise<string[]> {
    const ids: string[] = []
    // '~' sorts after every id: the bounds take in every message at their clock reading.
    let gt = from ? `${conversationId}!${hlcSortKey(from)}!~` : `${conversationId}!`
    const lte = `${conversationId}!${hlcSortKey(upTo)}!~`
    for (;;) {
      const keys = await this.historyIndex.keys({ gt, lte, limit: 256 }).all()
      const found = await this.messages.getMany(keys.map(changeIdOf))
      for (const m of found) if (m?.direction === 'out') ids.push(m.id)
      const last = keys.at(-1)
      if (keys.length < 256 || last === undefined) return ids
      gt = last
    }
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
      kind: 'direct',
      members: [m.peerId],
      peerId: m.peerId,
      lastActivity: Math.max(prev?.lastActivity ?? 0, m.hlc.wall),
      lastMessage: prev && prev.lastActivity > m.hlc.wall ? prev.lastMessage : lastMessageOf(m),
      unread: (prev?.unread ?? 0) + (m.direction === 'in' ? 1 : 0),
    }
    this.conversations.set(conv.id, conv)
    return [
      this.op(this.messages, m.id, m),
      // The key ends in the message id: the value stays empty (and costs no sealing).
      this.op(this.historyIndex, historyKey(m), ''),
      this.op(this.conversationsDb, conv.id, conv),
      ...(m.quote ? [this.op(this.quotesIndex, `${m.quote.id}!${m.id}`, '')] : []),
    ]
  }

  private op<V>(sublevel: { prefix: string }, key: string, value: V): Op {
    return { type: 'put', sublevel, key, value } as unknown as Op
  }

  private del(sublevel: { prefix: string }, key: string): Op {
    return { type: 'del', sublevel, key } as unknown as Op
  }
}

/** A conversation's preview of its newest message. */
function lastMessageOf(m: Message): NonNullable<Conversation['lastMessage']> {
  return {
    id: m.id,
    text: preview(m),
    direction: m.direction,
    ...(m.kind && !isChange(m) ? { kind: m.kind as Notice } : {}),
    ...(m.deleted ? { deleted: true as const } : {}),
  }
}

function preview(m: Message): string {
  return m.text.slice(0, PREVIEW_CHARS)
}

function byHlc(a: Message, b: Message): number {
  return compareHlc(a.hlc, b.hlc)
}

/** The last part of a `<...>!<id>` key. */
function changeIdOf(key: string): string {
  return key.slice(key.lastIndexOf('!') + 1)
}

function targetOf(key: string): string {
  return key.slice(0, key.indexOf('!'))
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
