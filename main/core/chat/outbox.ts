// Sends our messages. Every message is in the outbox (LevelDB, on disk) before it
// goes out, and leaves it only when the peer acknowledges that it has stored it;
// until then it is re-sent whenever a (better) link to the peer opens, and left in a
// relay mailbox while the peer cannot be reached. Every envelope is end-to-end
// encrypted afresh on each attempt (envelope-cipher.ts): the outbox keeps the
// plaintext, sealed at rest with the rest of the profile. Parcels (group traffic,
// made once for several peers: outbox-queue.ts) go out with a peer's messages, in
// the order they were queued; they go to whoever they were queued for, contact or
// not (group members need not be contacts).
import { monotonicFactory } from 'ulid'
import {
  ApiError,
  type Change,
  type Contact,
  type Message,
  type ParleyEvents,
} from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import { type ChatEnvelope, decodeBatch } from '../../../protocol/frame.ts'
import type { HybridClock } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { envelopeOf } from '../crypto/envelope-cipher.ts'
import { backoff } from '../lib/backoff.ts'
import { KeyedLock } from '../lib/keyed-lock.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import type { KeyExchange } from './key-exchange.ts'
import type { ChatLink } from './link.ts'
import type { ChatLinks } from './links.ts'

/**
 * Deliveries to a peer we cannot reach are tried again after 1 s, 2 s, 4 s… then every
 * 30 s. Only a retry that was due moves the delay on: the flushes that sends and new
 * paths ask for meanwhile do not, so a peer that was away a moment is tried again a
 * moment later, however much was written to it meanwhile.
 */
const retryDelay = backoff({ firstMs: 1_000, maxMs: 30_000 })

/** What we send: a text (with mentions, or a reply's quote), a request or acceptance, or a change. */
export type Outgoing = Pick<Message, 'text'> &
  Partial<Pick<Message, 'kind' | 'mentions' | 'quote' | 'target'>>

export interface OutboxComponents {
  self: string
  store: Pick<ProfileStore, 'addOutgoing' | 'addOwnChange' | 'getMessage' | 'outbox'>
  links: Pick<ChatLinks, 'current' | 'linkTo' | 'connected' | 'reachContacts'>
  keys: Pick<KeyExchange, 'ensureSession'>
  /** Relay mailboxes: where messages go while their peer cannot be reached. */
  mail: {
    deposit(peer: string, envelopes: ChatEnvelope[]): Promise<void>
  }
  contacts: Pick<Contacts, 'list' | 'get' | 'isOpen' | 'isAccepted'>
  clock: HybridClock
  events: Emitter<ParleyEvents>
}

/** A peer's next delivery attempt. */
interface Retry {
  timer?: NodeJS.Timeout
  /** Retries that were due and failed: how far the delay has grown. */
  attempt: number
  /** Set when the timer fires, for the flush it starts. */
  due: boolean
}

export class Outbox {
  private readonly newId = monotonicFactory()
  /** Peers whose outbox is being flushed right now (one flush per peer at a time). */
  private readonly delivering = new Set<string>()
  /** Peers asked for while their flush was under way: flushed again after it. */
  private readonly again = new Set<string>()
  private readonly retries = new Map<string, Retry>()
  /** Message ids being sent: a retried send() waits for the first, then finds it stored. */
  private readonly sending = new KeyedLock()
  /** Until start(), a relay regained waits for start() to see to it all. */
  private started = false
  private stopped = false

  constructor(private readonly c: OutboxComponents) {}

  async start(): Promise<void> {
    this.started = true
    // Whoever we have waiting messages for gets them as soon as we can reach them.
    for (const peer of await this.c.store.outbox.peersWithPending()) this.deliverSoon(peer)
    this.c.links.reachContacts()
  }

  stop(): void {
    this.stopped = true
    for (const r of this.retries.values()) clearTimeout(r.timer)
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
    const change = { ...this.draft(to, content, this.newId()), target: target.id }
    const stored = await this.c.store.addOwnChange(change)
    if (!stored.ok) throw new ApiError('bad-request', stored.reason)
    for (const changed of stored.changed) this.c.events.emit('changed', changed)
    this.deliverSoon(to)
    return stored.message
  }

  /** The peer stored these messages of ours: they leave the outbox, and the UI is told. */
  async acknowledged(link: ChatLink, ids: string[]): Promise<void> {
    for (const m of await this.c.store.outbox.markDelivered(link.peerId, ids)) {
      this.c.events.emit('delivered', {
        path: link.path,
        id: m.id,
        conversationId: m.conversationId,
        peerId: m.peerId,
        ...(m.delivery ? { delivery: m.delivery } : {}),
      })
    }
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
    this.c.links.reachContacts()
  }

  /**
   * A parcel just queued for `peers` (a group message): sent at once on the link to
   * each that is open and has sent all that was queued before, as store() sends a
   * message; to the others as their flush does.
   */
  sendParcel(peers: string[], parcel: ChatEnvelope): void {
    for (const peer of peers) {
      const idle = !this.delivering.has(peer) && !this.retries.has(peer)
      const sent = idle ? this.c.links.current(peer)?.send([parcel]) : undefined
      if (sent) sent.catch(() => this.deliverSoon(peer))
      else this.deliverSoon(peer)
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
    const retry = this.retries.get(peer)
    clearTimeout(retry?.timer)
    const due = retry?.due === true
    this.flush(peer)
      .then(() => {
        this.retries.delete(peer)
        if (this.again.delete(peer)) setImmediate(() => this.deliverSoon(peer))
      })
      .catch(() => {
        this.again.delete(peer)
        this.scheduleRetry(peer, due)
      })
      .finally(() => this.delivering.delete(peer))
  }

  private checkOpen(to: string): void {
    if (to === this.c.self) throw new ApiError('bad-request', 'cannot send to yourself')
    if (!this.c.contacts.isOpen(to)) throw notOpen(this.c.contacts.get(to)?.state)
  }

  /** A new message of ours to `to`, not yet stored. */
  private draft(to: string, content: Outgoing, id: string): Message {
    return {
      ...content,
      id,
      conversationId: directConversationId(this.c.self, to),
      peerId: to,
      sender: this.c.self,
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
    const sent = this.c.links.current(to)?.send([envelopeOf(message)])
    sent?.catch(() => {}) // seen to below, once the message is stored
    await stored
    this.c.events.emit('message', { ...message, path: null })
    if (sent) sent.catch(() => this.deliverSoon(to))
    else this.deliverSoon(to)
    return message
  }

  /** Tries `peer` again later: later still when the flush that failed was a retry that was due. */
  private scheduleRetry(peer: string, wasDue: boolean): void {
    if (this.stopped) return
    const retry = this.retries.get(peer) ?? { attempt: 0, due: false }
    if (wasDue) retry.attempt++
    retry.due = false
    retry.timer = setTimeout(() => {
      retry.due = true
      this.deliverSoon(peer)
    }, retryDelay(retry.attempt))
    retry.timer.unref()
    this.retries.set(peer, retry)
  }

  /**
   * Opens (or reuses) the link to `peer` and sends everything in its outbox; while
   * the peer cannot be reached, what is not on a relay yet is left in its mailbox.
   */
  private async flush(peer: string): Promise<void> {
    // Messages are kept for a removed or blocked contact, sent if they become one again.
    const open = this.c.contacts.isOpen(peer)
    const queued = await this.queued(peer, open)
    if (queued.length === 0) {
      if (!open) return
      // A contact we are connected to gets a stream even with nothing to send: our
      // read point and presence go out on it. One side opens it: the other adopts it.
      if (this.c.contacts.isAccepted(peer) && this.c.links.connected(peer) && this.c.self < peer) {
        await this.c.links.linkTo(peer)
      }
      return
    }
    // A link open already: nothing to wait for, so what was read is what there is (a
    // message queued from here on finds this flush under way, and asks for another).
    const current = this.c.links.current(peer)
    let link: ChatLink
    try {
      link = current ?? (await this.c.links.linkTo(peer))
    } catch (err) {
      const unstored = queued.filter((q) => !q.stored).map((q) => q.envelope)
      await this.c.mail.deposit(peer, unstored)
      throw err
    }
    await this.c.keys.ensureSession(link)
    // Read again after opening one: messages queued meanwhile are sent from here.
    const pending = current ? queued : await this.queued(peer, open)
    await link.send(pending.map((q) => q.envelope))
  }

  /** What waits for `peer`, in the order it was queued: our messages (to a contact only) and parcels. */
  private async queued(
    peer: string,
    open: boolean,
  ): Promise<{ id: string; envelope: ChatEnvelope; stored: boolean }[]> {
    const { outbox } = this.c.store
    const parcels = await outbox.parcelsFor(peer)
    // A group message's parcel has the message's id: it goes as the parcel.
    const inParcels = new Set(parcels.map((p) => p.id))
    const messages = open ? await outbox.pendingFor(peer) : []
    const items = messages
      .filter((m) => !inParcels.has(m.id))
      .map((m) => ({ id: m.id, envelope: envelopeOf(m), stored: m.status === 'stored' }))
    for (const parcel of parcels) {
      const decoded = decodeBatch(parcel.bytes)
      const envelope = decoded.ok ? decoded.envelopes[0] : undefined
      // Made by this core: one that does not read back is a bug, not a peer's doing.
      if (!envelope) throw new Error(`parcel ${parcel.id} does not decode`)
      items.push({ id: parcel.id, envelope, stored: parcel.stored })
    }
    return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }
}

function notOpen(state: Contact['state'] | undefined): ApiError {
  if (state === 'pending') return new ApiError('bad-request', 'accept their request first')
  if (state === 'blocked') return new ApiError('bad-request', 'you blocked this person')
  return new ApiError('not-found', 'not a contact: send a friend request first')
}
