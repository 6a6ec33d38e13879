// Everything a profile keeps, in LevelDB, in parts that each own their records:
// settings, the contacts, the conversations, the read points, the messages and the
// outbox. Their writes share one write queue (profile-db.ts), with the Signal
// sessions', so concurrent changes coalesce into single batches and land in the
// order they were made. What spans parts is here, as one write: a message stored
// with its conversation's summary, our clock's reading and (ours) its outbox entry;
// received messages with what the sender's contact and the Signal session say.
// What the user or a peer is told is stored is fsynced first; what can be redone (a
// message leaving the outbox, a read point) is not.
import type { Message } from '../../../protocol/api.ts'
import { compareHlc, type HlcTimestamp } from '../../../protocol/hlc.ts'
import { groupIdOf } from '../../../protocol/ids.ts'
import { isChange, tombstone } from './changes.ts'
import { ContactRecords } from './contact-records.ts'
import { Conversations } from './conversations.ts'
import { GroupRecords } from './group-records.ts'
import { type Changed, Messages, type RefusedChange } from './messages.ts'
import { OutboxQueue } from './outbox-queue.ts'
import { type Db, DURABLE, type Op, ProfileDb, type WriteOptions } from './profile-db.ts'
import { ReadPoints } from './read-points.ts'
import { Settings } from './settings.ts'
import { StoredClock } from './stored-clock.ts'

export type { Db, Op, WriteOptions }

/** What ProfileStore.addIncoming writes of a batch's new messages, and what with them. */
export interface Kept {
  /** The messages to store (the others are refused: neither stored nor acknowledged). */
  keep: Message[]
  /** Written in the same batch: the sender's contact, the Signal state that revealed them. */
  ops: Op[]
}

/** What addIncoming tells besides what `decide` said. */
export interface Incoming {
  changed: Changed[]
  refusedChanges: RefusedChange[]
}

export class ProfileStore {
  private constructor(
    readonly db: ProfileDb,
    readonly settings: Settings,
    readonly clock: StoredClock,
    readonly contacts: ContactRecords,
    readonly conversations: Conversations,
    readonly reads: ReadPoints,
    readonly messages: Messages,
    readonly outbox: OutboxQueue,
    readonly groups: GroupRecords,
  ) {}

  /** Opens the store on `db` (closed again if the store cannot load). */
  static async open(raw: Db): Promise<ProfileStore> {
    try {
      await raw.open()
      const db = new ProfileDb(raw)
      const conversations = await Conversations.load(db)
      // Each needs the other: a deleted message's unsent edits leave the outbox.
      const messages = await Messages.load(db, {
        conversations,
        unqueue: (m) => outbox.unqueueOp(m),
      })
      const outbox = new OutboxQueue(db, messages)
      return new ProfileStore(
        db,
        new Settings(db),
        await StoredClock.load(db),
        await ContactRecords.load(db),
        conversations,
        await ReadPoints.load(db),
        messages,
        outbox,
        await GroupRecords.load(db),
      )
    } catch (err) {
      await raw.close()
      throw err
    }
  }

  /**
   * Stores our own new message and queues it in the outbox, atomically, on disk.
   * `sending` replaces its outbox entry (a group message goes as parcels, with the state that sealed it).
   */
  async addOutgoing(message: Message, sending?: Op[]): Promise<void> {
    const ops = [...this.messages.ops(message), this.conversations.added(message)]
    await this.queue(message, ops, sending)
    this.conversations.tell([message.conversationId])
  }

  /**
   * Stores our own change (edit, deletion, reaction) and queues it in the outbox,
   * applied to its message in the same write; or refuses it, writing nothing.
   * Resolves with the message as it is now and every message changed.
   */
  async addOwnChange(
    change: Message & { target: string },
    sending?: () => Promise<Op[]>,
  ): Promise<{ ok: true; message: Message; changed: Changed[] } | { ok: false; reason: string }> {
    return this.db.claims.run(change.target, async () => {
      const found = await this.messages.get(change.target)
      if (!found) return { ok: false, reason: `no message ${change.target}` }
      const {
        applied,
        ops = [],
        erased = [],
        unquoted = [],
      } = await this.messages.changeOwn(found, change)
      if (!applied.ok) return applied
      await this.queue(change, ops, sending && (await sending()))
      await this.messages.compact(erased)
      if (applied.change) this.conversations.tell([found.conversationId])
      const own = applied.change ? [{ change: applied.change, message: applied.message }] : []
      return { ok: true, message: applied.message, changed: [...own, ...unquoted] }
    })
  }

  /** Writes `ops` with `message` queued in the outbox (or sent by `sending`), on disk. */
  private async queue(message: Message, ops: Op[], sending?: Op[]): Promise<void> {
    const entry = sending ?? [this.outbox.queueOp(message)]
    await this.db.write([...ops, ...entry, ...this.clock.ops(message.hlc)], DURABLE)
    // Only once stored: the outbox then knows the message is in it.
    if (!sending) this.outbox.queued(message)
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
    return this.db.claims.run([...ids, ...targets], async () => {
      const existing = await this.messages.getMany(ids)
      const fresh = ids
        .filter((_, i) => existing[i] === undefined)
        .map((id) => byId.get(id) as Message)
      const decided = decide(fresh)
      const { keep, ops } = decided
      const shown = keep.filter((m) => !isChange(m))
      const taken = await this.messages.takeChanges(shown, keep.filter(isChange))
      await this.db.write(
        [
          ...shown.flatMap((m) => [...this.messages.ops(m), this.conversations.added(m)]),
          ...taken.ops,
          ...ops,
          ...this.clock.ops(reading),
        ],
        options,
      )
      await this.messages.compact(taken.erased)
      this.conversations.tell(
        [...shown, ...taken.changed.map((c) => c.message)].map(conversationOf),
      )
      return { ...decided, changed: taken.changed, refusedChanges: taken.refused }
    })
  }

  /** The writes that store a notice the core makes, to go with other writes (a group's change). */
  noticeOps(notice: Message): Op[] {
    return [...this.messages.ops(notice), this.conversations.added(notice)]
  }

  /** Stores a notice the core makes in a conversation (a changed safety number), on disk. */
  async addNotice(notice: Message): Promise<void> {
    await this.addIncoming([notice], notice.hlc, (fresh) => ({ keep: fresh, ops: [] }), DURABLE)
  }

  /**
   * Deletes a message for me alone (messages.ts): it leaves the history and, ours,
   * the outbox. Resolves with every message changed (that one 'removed', replies
   * quoting it), none if there is no such message to delete.
   */
  async deleteForMe(id: string): Promise<Changed[]> {
    return this.db.claims.run(id, async () => {
      const found = await this.messages.get(id)
      if (!found || isChange(found)) return []
      const { ops, erased, unquoted, previous } = await this.messages.deleteForMe(found)
      if (found.direction === 'out') ops.push(this.outbox.unqueueOp(found))
      ops.push(...this.conversations.removed(found, previous))
      await this.db.write(ops, DURABLE)
      await this.messages.compact(erased)
      this.conversations.tell([found.conversationId])
      return [{ change: 'removed', message: tombstone(found) }, ...unquoted]
    })
  }

  /**
   * Deletes a conversation and every message in it (a declined request), our own
   * unacknowledged ones included, so that no late acknowledgement finds them.
   */
  async deleteConversation(conversationId: string): Promise<void> {
    const peerId = this.conversations.get(conversationId)?.peerId
    const { ids, ops } = await this.messages.deleteConversation(conversationId)
    const unqueued =
      peerId === undefined ? [] : ids.map((id) => this.outbox.unqueueOp({ id, peerId }))
    await this.db.write(
      [
        ...this.reads.deleteOps(conversationId),
        ...ops,
        ...unqueued,
        ...this.conversations.deleteOps(conversationId),
      ],
      DURABLE,
    )
  }

  /** The message stored under `id`, with its status, if any. */
  async getMessage(id: string): Promise<Message | undefined> {
    const found = await this.messages.get(id)
    return found && (await this.outbox.withStatus([found]))[0]
  }

  /** Newest first, strictly older than the message `before` when given, with their status. */
  async history(conversationId: string, limit: number, before?: string): Promise<Message[]> {
    const page = await this.messages.page(conversationId, limit, before)
    const messages = await this.outbox.withStatus(page)
    if (groupIdOf(conversationId) !== undefined)
      return this.withGroupReads(conversationId, messages)
    // Read implies delivered: ours up to the peer's read point are 'read', wherever else they are.
    const upTo = this.reads.get(conversationId, 'peer')
    if (!upTo) return messages
    return messages.map((m) =>
      m.direction === 'out' && compareHlc(m.hlc, upTo) <= 0 ? { ...m, status: 'read' } : m,
    )
  }

  /** Who has read our group message `m` (as their read points say), and whom it waits for still. */
  async groupMessageInfo(m: Message): Promise<{ readBy: string[]; waitingFor: string[] }> {
    const readBy = [...this.reads.ofMembers(m.conversationId)]
      .filter(([, upTo]) => compareHlc(m.hlc, upTo) <= 0)
      .map(([peer]) => peer)
    return { readBy, waitingFor: await this.outbox.waitingPeers(m.id) }
  }

  /** How many members have read each of our group messages `ids` now (as history() counts them). */
  async groupReads(conversationId: string, ids: string[]): Promise<number[]> {
    const found = await this.messages.getMany(ids)
    const messages = found.filter((m): m is Message => m !== undefined)
    const counted = new Map(
      this.withGroupReads(conversationId, messages).map((m) => [m.id, m.delivery?.read ?? 0]),
    )
    return ids.map((id) => counted.get(id) ?? 0)
  }

  /**
   * Our group messages with how many members have read them (those who said so,
   * up to how many it went to): 'read' once every one has.
   */
  private withGroupReads(conversationId: string, messages: Message[]): Message[] {
    const points = [...this.reads.ofMembers(conversationId).values()]
    if (points.length === 0) return messages
    return messages.map((m) => {
      if (m.direction !== 'out' || !m.delivery) return m
      const count = points.filter((upTo) => compareHlc(m.hlc, upTo) <= 0).length
      if (count === 0) return m
      const delivery = { ...m.delivery, read: Math.min(count, m.delivery.of) }
      return delivery.read < delivery.of ? { ...m, delivery } : { ...m, delivery, status: 'read' }
    })
  }

  close(): Promise<void> {
    return this.db.close()
  }
}

function conversationOf(m: Message): string {
  return m.conversationId
}
