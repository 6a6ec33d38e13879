// The messages: one record each, a per-conversation index ordered by the hybrid
// logical clock (history), and what changes them. A change (an edit, a deletion for
// everyone, a reaction) is stored like a message but never listed: it is applied to
// the message it names in the same write, or, if that message has not come yet,
// waits for it. Indexes of each message's edits and of the replies quoting it let a
// deletion erase its text wherever it is.
import type { Message, ParleyEvents } from '../../../protocol/api.ts'
import { compareHlc, type HlcTimestamp, hlcSortKey } from '../../../protocol/hlc.ts'
import { type Applied, applyChange, tombstone } from './changes.ts'
import type { Conversations } from './conversations.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

/** How many changes may wait for messages that have not come (a peer's, out of order). */
const MAX_WAITING_CHANGES = 10_000

/** A message a change altered, and how (as the UI is told). */
export type Changed = ParleyEvents['changed']

/** Changes not applied: logged; `unheld` ones were not stored either (so not to be acknowledged). */
export type RefusedChange = { change: Message; reason: string; unheld?: boolean }

/**
 * Writes that change messages; the records they rewrite to erase a text (to compact
 * afterwards); and the replies whose quote of a deleted message they erase.
 */
export interface Changing {
  ops: Op[]
  erased: string[]
  unquoted: Changed[]
}

export interface MessagesComponents {
  conversations: Pick<Conversations, 'changed'>
  /** Takes one of our messages out of the outbox: an edit of a deleted message is never sent. */
  unqueue(m: Message): Op
}

export class Messages {
  readonly records
  private readonly history
  /** Changes waiting for the message they change: `<target>!<change id>`. */
  private readonly waitingDb
  /** Every edit of a message, so that deleting it finds their texts: `<target>!<edit id>`. */
  private readonly edits
  /** Every reply to a message, so that deleting it finds the quotes of its text: `<target>!<reply id>`. */
  private readonly quotes
  /** The messages that changes wait for (all of the waiting sublevel's targets, in memory). */
  private readonly waiting = new Map<string, number>()

  private constructor(
    private readonly db: ProfileDb,
    private readonly c: MessagesComponents,
  ) {
    this.records = db.sublevel<Message>('m', 'json')
    this.history = db.sublevel<string>('h', 'utf8')
    this.waitingDb = db.sublevel<string>('w', 'utf8')
    this.edits = db.sublevel<string>('e', 'utf8')
    this.quotes = db.sublevel<string>('q', 'utf8')
  }

  static async load(db: ProfileDb, c: MessagesComponents): Promise<Messages> {
    const messages = new Messages(db, c)
    for await (const key of messages.waitingDb.keys()) messages.wait(targetOf(key), 1)
    return messages
  }

  get(id: string): Promise<Message | undefined> {
    return this.records.get(id)
  }

  getMany(ids: string[]): Promise<(Message | undefined)[]> {
    return this.records.getMany(ids)
  }

  /** A new message's writes: its record and its place in history (and in its quote's replies). */
  ops(m: Message): Op[] {
    return [
      put(this.records, m.id, m),
      // The key ends in the message id: the value stays empty (and costs no sealing).
      put(this.history, historyKey(m), ''),
      ...(m.quote ? [put(this.quotes, `${m.quote.id}!${m.id}`, '')] : []),
    ]
  }

  /** A record alone: a change, which is never listed. */
  recordOp(m: Message): Op {
    return put(this.records, m.id, m)
  }

  /** Newest first, strictly older than the message `before` when given. */
  async page(conversationId: string, limit: number, before?: string): Promise<Message[]> {
    let lt = `${conversationId}!~`
    if (before !== undefined) {
      const anchor = await this.records.get(before)
      if (!anchor || anchor.conversationId !== conversationId) return []
      lt = historyKey(anchor)
    }
    const keys = await this.history
      .keys({ gt: `${conversationId}!`, lt, reverse: true, limit })
      .all()
    const found = await this.records.getMany(keys.map(idOf))
    return found.filter((m): m is Message => m !== undefined)
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
      const keys = await this.history.keys({ gt, lt, reverse: true, limit: 64 }).all()
      const found = await this.records.getMany(keys.map(idOf))
      const theirs = found.find((m) => m?.direction === 'in')
      if (theirs) return theirs.hlc
      const last = keys.at(-1)
      if (keys.length < 64 || last === undefined) return undefined
      lt = last
    }
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
      const keys = await this.history.keys({ gt, lte, limit: 256 }).all()
      const found = await this.records.getMany(keys.map(idOf))
      for (const m of found) if (m?.direction === 'out') ids.push(m.id)
      const last = keys.at(-1)
      if (keys.length < 256 || last === undefined) return ids
      gt = last
    }
  }

  /** The ids of every message listed in a conversation, and the writes that delete them. */
  async deleteConversation(conversationId: string): Promise<{ ids: string[]; ops: Op[] }> {
    const keys = await this.history
      .keys({ gt: `${conversationId}!`, lt: `${conversationId}!~` })
      .all()
    const ids = keys.map(idOf)
    const ops = [
      ...keys.map((key) => del(this.history, key)),
      ...ids.map((id) => del(this.records, id)),
    ]
    return { ids, ops }
  }

  /**
   * Deletes a message for me alone: its record keeps only that it existed (so that a
   * copy sent again is known), it leaves the history, and its text is erased
   * wherever else it is. Returns the message that is now its conversation's newest.
   */
  async deleteForMe(m: Message): Promise<Changing & { previous: Message | undefined }> {
    const erasing = await this.erase(m)
    const [newest] = await this.history
      .keys({ gt: `${m.conversationId}!`, lt: historyKey(m), reverse: true, limit: 1 })
      .all()
    const previous = newest ? await this.records.get(idOf(newest)) : undefined
    return {
      ...erasing,
      ops: [
        put(this.records, m.id, tombstone(m)),
        del(this.history, historyKey(m)),
        ...erasing.ops,
      ],
      previous,
    }
  }

  /** Our own change to `target` (a stored message), applied; or why it cannot be. */
  async changeOwn(
    target: Message,
    change: Message,
  ): Promise<{ applied: Applied } & Partial<Changing>> {
    const applied = applyChange(target, change)
    if (!applied.ok) return { applied }
    const changing = await this.changeOps(target, [{ change, applied }])
    return { applied, ...changing, ops: [this.recordOp(change), ...changing.ops] }
  }

  /**
   * What a batch's changes (and the changes that waited for its new messages) write:
   * each applied in clock order to its message, stored to wait for it if it has not
   * come yet, or refused (a stranger's edit of our message, say: logged, stored so
   * that it is not taken again, and acknowledged).
   */
  async takeChanges(
    shown: Message[],
    changes: Message[],
  ): Promise<Omit<Changing, 'unquoted'> & { changed: Changed[]; refused: RefusedChange[] }> {
    const current = new Map(shown.map((m) => [m.id, m]))
    const before = new Map<string, Message>()
    const ops: Op[] = []
    const erased: string[] = []
    const changed: Changed[] = []
    const refused: RefusedChange[] = []
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
      const keys = await this.waitingDb.keys(childrenOf(m.id)).all()
      const found = await this.records.getMany(keys.map(idOf))
      const waited = found.filter((c): c is Message => c !== undefined).sort(byHlc)
      before.set(m.id, m)
      for (const c of waited) apply(current.get(m.id) as Message, c)
      ops.push(...keys.map((key) => del(this.waitingDb, key)))
      this.wait(m.id, -keys.length)
    }
    const missing = changes.map((c) => c.target as string).filter((t) => !current.has(t))
    for (const m of await this.records.getMany([...new Set(missing)])) {
      if (!m) continue
      before.set(m.id, m)
      current.set(m.id, m)
    }
    for (const change of changes.toSorted(byHlc)) {
      const target = change.target as string
      const now = current.get(target)
      if (now) {
        ops.push(this.recordOp(change))
        apply(now, change)
        continue
      }
      if (this.waitingCount() >= MAX_WAITING_CHANGES) {
        refused.push({
          change,
          reason: `${MAX_WAITING_CHANGES} changes wait already`,
          unheld: true,
        })
        continue
      }
      ops.push(this.recordOp(change), put(this.waitingDb, `${target}!${change.id}`, ''))
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
      changed.push(...written.unquoted)
    }
    return { ops, erased, changed, refused }
  }

  /**
   * The writes of `changes` (in the order applied) to `target`, as it was before them:
   * its new record, an index of its edits, and, once deleted for everyone, its texts
   * erased (erase()) and its preview gone too. A message that is new in the same
   * write has its own record written by ops(): this overwrites it with the changed one.
   */
  private async changeOps(
    target: Message,
    changes: { change: Message; applied: Applied }[],
  ): Promise<Changing> {
    const last = changes.at(-1)?.applied
    if (!last?.ok) return { ops: [], erased: [], unquoted: [] }
    const after = last.message
    const ops: Op[] = [put(this.records, after.id, after)]
    const erased: string[] = []
    const unquoted: Changed[] = []
    for (const { change } of changes) {
      if (change.kind !== 'edit') continue
      // An edit of a deleted message (in this write, or since) keeps no text either.
      if (after.deleted) {
        ops.push(put(this.records, change.id, { ...change, text: '' }))
        erased.push(change.id)
      } else ops.push(put(this.edits, `${target.id}!${change.id}`, ''))
    }
    if (after.deleted && !target.deleted) {
      const erasing = await this.erase(target)
      ops.push(...erasing.ops)
      erased.push(...erasing.erased)
      unquoted.push(...erasing.unquoted)
    }
    ops.push(...this.c.conversations.changed(after))
    return { ops, erased, unquoted }
  }

  /**
   * A deleted message's text erased wherever else it is: its edits keep no text (their
   * records stay, so that a re-sent one is known) and replies keep no quote of it.
   * `erased` names every record rewritten, the message's own included: their earlier
   * versions are then compacted away (ProfileDb.compact).
   */
  private async erase(target: Message): Promise<Changing> {
    const range = childrenOf(target.id)
    const [editKeys, quoteKeys] = await Promise.all([
      this.edits.keys(range).all(),
      this.quotes.keys(range).all(),
    ])
    const [edits, replies] = await Promise.all([
      this.records.getMany(editKeys.map(idOf)),
      this.records.getMany(quoteKeys.map(idOf)),
    ])
    const ops: Op[] = []
    const erased = [target.id]
    const unquoted: Changed[] = []
    for (const e of edits) {
      if (!e) continue
      ops.push(put(this.records, e.id, { ...e, text: '' }))
      // Our own edits not yet sent are not sent at all.
      if (e.direction === 'out') ops.push(this.c.unqueue(e))
      erased.push(e.id)
    }
    for (const r of replies) {
      if (!r?.quote) continue
      const reply = { ...r, quote: { ...r.quote, snippet: '' } }
      ops.push(put(this.records, r.id, reply))
      erased.push(r.id)
      unquoted.push({ change: 'quote-deleted', message: reply })
    }
    ops.push(...editKeys.map((key) => del(this.edits, key)))
    ops.push(...quoteKeys.map((key) => del(this.quotes, key)))
    return { ops, erased, unquoted }
  }

  /** Drops the earlier versions of these records from the disk: their texts were erased. */
  compact(erased: string[]): Promise<void> {
    return erased.length === 0 ? Promise.resolve() : this.db.compact(this.records, erased)
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
}

function historyKey(m: Message): string {
  return `${m.conversationId}!${hlcSortKey(m.hlc)}!${m.id}`
}

function byHlc(a: Message, b: Message): number {
  return compareHlc(a.hlc, b.hlc)
}

/** The keys `<id>!…` of an index. */
function childrenOf(id: string) {
  return { gt: `${id}!`, lt: `${id}!~` }
}

/** The last part of a `<...>!<id>` key. */
function idOf(key: string): string {
  return key.slice(key.lastIndexOf('!') + 1)
}

function targetOf(key: string): string {
  return key.slice(0, key.indexOf('!'))
}
