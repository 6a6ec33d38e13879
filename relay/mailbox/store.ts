// The mailbox's items, in the relay's LevelDB, so that they outlive restarts:
//   item!<recipient>!<id>   the envelope, as deposited
//   expiry!<id>!<recipient> nothing: ids begin with their time, so this index lists items oldest first
//   box!<recipient>         the mailbox's item count and bytes, and when its owner last fetched
// A mailbox opens when its owner first fetches, so that nobody can make the relay
// store mail for peer ids that never come to collect it. Quotas bound each mailbox
// (items and bytes) and all of them together; items older than the TTL are never
// handed out, and are deleted by a sweep. Changes run one at a time, so quotas hold.
//
// Sealed sender: an item records its recipient and size, never its depositor. The
// relay still sees the depositing connection (its peer id and address) when the
// deposit happens. To hide that too, a sender can deposit over a connection made
// with a throwaway peer id (then per-sender rate limits only bind per connection),
// or through another relay; mail could also be padded to fixed sizes to hide lengths.
import { Level } from 'level'
import { decodeTime, encodeTime, monotonicFactory } from 'ulid'
import {
  MAX_PAGE_BYTES,
  MAX_PAGE_ITEMS,
  type MailboxResponse,
  type MailItem,
  refusal,
} from '../../protocol/mailbox.ts'
import { decodeBundle } from '../../protocol/prekeys.ts'
import { ConfigError } from '../config.ts'

export interface MailboxLimits {
  /** How long an item is kept, in ms. */
  ttlMs: number
  /** Items and envelope bytes one mailbox may hold. */
  maxItems: number
  maxBytes: number
  /** Envelope bytes all mailboxes together may hold. */
  maxTotalBytes: number
}

interface Box {
  count: number
  bytes: number
  /** When its owner last fetched, in ms. */
  seen: number
}

/** A fetch refreshes a mailbox's `seen` at most this often, rather than writing on every fetch. */
const SEEN_EVERY_MS = 60 * 60 * 1000
/** Deletions per batch when sweeping. */
const SWEEP_BATCH = 1000

export class Mailbox {
  private readonly items
  private readonly expiry
  private readonly boxesDb
  private readonly keysDb
  /** Every mailbox, read at start: one small record per peer that ever fetched here. */
  private readonly boxes = new Map<string, Box>()
  private readonly total = { items: 0, bytes: 0 }
  private readonly nextId = monotonicFactory()
  private changing: Promise<unknown> = Promise.resolve()
  private sweeper: NodeJS.Timeout | undefined
  /** Told how many items each sweep deleted (for metrics). */
  onExpired: (count: number) => void = () => {}

  private constructor(
    private readonly db: Level<string, Uint8Array>,
    private readonly limits: MailboxLimits,
    private readonly now: () => number,
  ) {
    this.items = db.sublevel<string, Uint8Array<ArrayBuffer>>('item', { valueEncoding: 'view' })
    this.expiry = db.sublevel<string, string>('expiry', { valueEncoding: 'utf8' })
    this.boxesDb = db.sublevel<string, Box>('box', { valueEncoding: 'json' })
    this.keysDb = db.sublevel<string, Uint8Array<ArrayBuffer>>('keys', { valueEncoding: 'view' })
  }

  static async open(
    location: string,
    limits: MailboxLimits,
    now: () => number = Date.now,
  ): Promise<Mailbox> {
    const db = new Level<string, Uint8Array>(location, { valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      const e = err as Error
      const reason = (e.cause as Error | undefined)?.message ?? e.message
      throw new ConfigError(`cannot open the mailbox in ${location}: ${reason}`)
    }
    const mailbox = new Mailbox(db, limits, now)
    for await (const [peer, box] of mailbox.boxesDb.iterator()) {
      mailbox.boxes.set(peer, box)
      mailbox.total.items += box.count
      mailbox.total.bytes += box.bytes
    }
    await mailbox.sweep()
    // A sweep every quarter of the TTL, and at least every minute: an item outlives its
    // TTL on disk by a quarter of it at most (fetches never hand out expired items).
    const every = Math.min(60_000, Math.max(100, limits.ttlMs / 4))
    mailbox.sweeper = setInterval(() => {
      mailbox
        .sweep()
        .catch((err: Error) => console.error(`parley-relay: mailbox sweep: ${err.message}`))
    }, every).unref()
    return mailbox
  }

  /** Items and bytes held, and mailboxes open. */
  get size() {
    return { ...this.total, mailboxes: this.boxes.size }
  }

  deposit(recipient: string, envelope: Uint8Array): Promise<MailboxResponse> {
    return this.exclusive(async () => {
      const box = this.boxes.get(recipient)
      if (!box) {
        return refusal(
          'unknown-recipient',
          `${recipient} has no mailbox on this relay (it opens on their first fetch here)`,
        )
      }
      const size = envelope.byteLength
      if (box.count >= this.limits.maxItems) {
        return refusal('over-quota', `the mailbox of ${recipient} is full: ${box.count} items`)
      }
      if (box.bytes + size > this.limits.maxBytes) {
        return refusal(
          'over-quota',
          `the mailbox of ${recipient} is full: ${box.bytes} of ${this.limits.maxBytes} bytes used`,
        )
      }
      if (this.total.bytes + size > this.limits.maxTotalBytes) {
        return refusal('over-quota', `this relay's mailbox storage is full`)
      }
      const id = this.nextId(this.now())
      const next = { ...box, count: box.count + 1, bytes: box.bytes + size }
      await this.db
        .batch()
        .put(`${recipient}!${id}`, envelope, { sublevel: this.items })
        .put(`${id}!${recipient}`, '', { sublevel: this.expiry })
        .put(recipient, next, { sublevel: this.boxesDb })
        .write()
      this.boxes.set(recipient, next)
      this.total.items++
      this.total.bytes += size
      return { status: 'ok', reason: '', id }
    })
  }

  /** A page of `owner`'s mail after `after`, oldest first; opens the owner's mailbox. */
  async fetch(owner: string, after?: string, limit = MAX_PAGE_ITEMS): Promise<MailboxResponse> {
    await this.visit(owner)
    const items: MailItem[] = []
    let bytes = 0
    let more = false
    const live = this.liveFrom()
    for await (const [key, envelope] of this.items.iterator({
      gt: `${owner}!${after ?? ''}`,
      lt: `${owner}"`, // '"' follows '!': the end of this owner's keys
    })) {
      const id = key.slice(owner.length + 1)
      if (id < live) continue
      if (items.length === limit || bytes + envelope.byteLength > MAX_PAGE_BYTES) {
        more = true
        break
      }
      items.push({ id, envelope, storedAt: decodeTime(id) })
      bytes += envelope.byteLength
    }
    return { status: 'ok', reason: '', items, more }
  }

  /** Deletes those of `ids` that are in `owner`'s mailbox. */
  ack(owner: string, ids: string[]): Promise<MailboxResponse> {
    return this.exclusive(async () => {
      const deleted = await this.remove([...new Set(ids)].map((id) => ({ owner, id })))
      return { status: 'ok', reason: '', deleted }
    })
  }

  /**
   * Keeps `owner`'s prekey bundle (one per peer, replacing the last) next to its
   * mailbox, which this opens. The bundle must be bound to `owner`: nobody can
   * publish keys for another peer.
   */
  async publishKeys(owner: string, bundle: Uint8Array<ArrayBuffer>): Promise<MailboxResponse> {
    const decoded = decodeBundle(bundle)
    if (!decoded.ok) return refusal('invalid', `bad bundle: ${decoded.error.reason}`)
    if (decoded.bundle.binding.peerId !== owner) {
      return refusal('invalid', 'the bundle is bound to another peer id')
    }
    await this.visit(owner)
    await this.exclusive(() => this.keysDb.put(owner, bundle))
    return { status: 'ok', reason: '' }
  }

  async fetchKeys(peer: string): Promise<MailboxResponse> {
    const bundle = await this.keysDb.get(peer)
    if (bundle === undefined) return refusal('unknown-recipient', `${peer} published no keys here`)
    return { status: 'ok', reason: '', bundle }
  }

  /** Deletes the items past their TTL, and the empty mailboxes not fetched from within it. */
  sweep(): Promise<number> {
    return this.exclusive(async () => {
      let swept = 0
      for (;;) {
        const due: { owner: string; id: string }[] = []
        for await (const key of this.expiry.keys({ lt: this.liveFrom(), limit: SWEEP_BATCH })) {
          const [id, owner] = key.split('!') as [string, string]
          due.push({ owner, id })
        }
        swept += await this.remove(due)
        if (due.length < SWEEP_BATCH) break
      }
      const batch = this.db.batch()
      for (const [owner, box] of this.boxes) {
        if (box.count > 0 || box.seen >= this.now() - this.limits.ttlMs) continue
        batch.del(owner, { sublevel: this.boxesDb })
        batch.del(owner, { sublevel: this.keysDb })
        this.boxes.delete(owner)
      }
      await batch.write()
      if (swept > 0) this.onExpired(swept)
      return swept
    })
  }

  /** Closes the database once the change under way (if any) is written. */
  async close(): Promise<void> {
    clearInterval(this.sweeper)
    await this.changing
    await this.db.close()
  }

  /** The lowest id still alive: ids begin with their time, so older ones sort before it. */
  private liveFrom(): string {
    return encodeTime(Math.max(0, this.now() - this.limits.ttlMs))
  }

  /** Opens `owner`'s mailbox if it has none, or notes that they came by. */
  private async visit(owner: string): Promise<void> {
    const box = this.boxes.get(owner)
    // Often enough that a mailbox in use is never taken for abandoned.
    const every = Math.min(SEEN_EVERY_MS, this.limits.ttlMs / 4)
    if (box && box.seen >= this.now() - every) return
    await this.exclusive(async () => {
      const current = this.boxes.get(owner) ?? { count: 0, bytes: 0, seen: 0 }
      const next = { ...current, seen: this.now() }
      await this.boxesDb.put(owner, next)
      this.boxes.set(owner, next)
    })
  }

  /** Deletes items (those that exist), with their index entries and their boxes' counts. */
  private async remove(items: { owner: string; id: string }[]): Promise<number> {
    const keys = items.map(({ owner, id }) => `${owner}!${id}`)
    const envelopes = await this.items.getMany(keys)
    const batch = this.db.batch()
    const changed = new Map<string, Box>()
    let removed = 0
    let bytes = 0
    items.forEach(({ owner, id }, i) => {
      const envelope = envelopes[i]
      const box = changed.get(owner) ?? this.boxes.get(owner)
      if (envelope === undefined || !box) return
      batch.del(keys[i] as string, { sublevel: this.items })
      batch.del(`${id}!${owner}`, { sublevel: this.expiry })
      changed.set(owner, { ...box, count: box.count - 1, bytes: box.bytes - envelope.byteLength })
      removed++
      bytes += envelope.byteLength
    })
    for (const [owner, box] of changed) batch.put(owner, box, { sublevel: this.boxesDb })
    await batch.write()
    for (const [owner, box] of changed) this.boxes.set(owner, box)
    this.total.items -= removed
    this.total.bytes -= bytes
    return removed
  }

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changing.then(change)
    this.changing = run.catch(() => {})
    return run
  }
}
