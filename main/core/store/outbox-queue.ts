// The outbox: our messages not yet acknowledged by their peer, one entry each, by
// peer. A message we sent is pending exactly as long as it is here ('stored' while
// the entry says it is on a relay); leaving the outbox is what makes it delivered,
// so the message's own record is written once and never rewritten for its status.
// Besides our messages, the outbox carries parcels: envelopes made once and sent as
// they are to each of several peers (group traffic: a message sealed once for every
// member, membership entries, sender keys), each peer's copy an entry of its own.
import type { Message, MessageStatus } from '../../../protocol/api.ts'
import type { Messages } from './messages.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

/** What an acknowledgement tells: which of our messages reached the peer (and, for a group's, how many have it now). */
export type Delivered = Pick<Message, 'id' | 'conversationId' | 'peerId' | 'delivery'>

const MAX_UNACKED_CACHED = 10_000

/** A parcel waiting for a peer: its encoded envelope (opaque here), and whether it is on a relay. */
export interface Parcel {
  id: string
  bytes: Uint8Array
  stored: boolean
}

/** Entry values: waiting to be sent, or left in a relay mailbox. */
const QUEUED = ''
const STORED = 's'

export class OutboxQueue {
  private readonly entries
  private readonly parcels
  /** Each parcel's copies still waiting, by parcel id then peer: the parcel goes with its last. */
  private readonly copies
  /**
   * The conversation of each message sent since start-up that is still in the outbox,
   * by entry key, so that its acknowledgement reads nothing back; at most
   * MAX_UNACKED_CACHED, the oldest forgotten first (they are then read from disk).
   */
  private readonly unacked = new Map<string, string>()
  /**
   * Copies still waiting of each parcel queued since start-up, counted as they go
   * (a parcel queued before is counted on disk): a member's acknowledgement then
   * reads no range to tell how many have it, nor to see it was the last.
   */
  private readonly waitingCopies = new Map<string, number>()
  /**
   * The conversation and member count of each group message whose parcel was queued
   * since start-up (at most MAX_UNACKED_CACHED, the oldest forgotten first): a
   * member's acknowledgement then reads neither the message nor its copy's entry.
   */
  private readonly parcelMessages = new Map<string, { conversationId: string; of: number }>()

  constructor(
    private readonly db: ProfileDb,
    private readonly messages: Pick<Messages, 'getMany'>,
  ) {
    this.entries = db.sublevel<string>('o', 'utf8')
    this.parcels = db.bytes('op')
    this.copies = db.sublevel<string>('oc', 'utf8')
  }

  /**
   * Queues a parcel (an encoded envelope, under its own id) for each of `peers`:
   * written with what makes it. A group message's parcel (under the message's id)
   * says which `message` it carries.
   */
  queueParcelOps(
    peers: Iterable<string>,
    id: string,
    bytes: Uint8Array,
    message?: { conversationId: string; of: number },
  ): Op[] {
    const ops = [put(this.parcels, id, bytes)]
    const to = new Set(peers)
    for (const peer of to) {
      ops.push(put(this.entries, entryKey(peer, id), QUEUED), put(this.copies, `${id}!${peer}`, ''))
    }
    // An id queued again (not done today) is counted on disk: its copies may overlap.
    if (this.waitingCopies.has(id)) this.waitingCopies.delete(id)
    else this.waitingCopies.set(id, to.size)
    if (message) {
      this.parcelMessages.set(id, message)
      if (this.parcelMessages.size > MAX_UNACKED_CACHED) {
        this.parcelMessages.delete(this.parcelMessages.keys().next().value as string)
      }
    }
    return ops
  }

  /** Parcels waiting for `peerId`, oldest first. */
  async parcelsFor(peerId: string): Promise<Parcel[]> {
    const queued = await this.entries.iterator({ gt: `${peerId}!`, lt: `${peerId}!~` }).all()
    const ids = queued.map(([k]) => k.slice(peerId.length + 1))
    const found = await this.parcels.getMany(ids)
    return found.flatMap((bytes, i) =>
      bytes === undefined
        ? []
        : [{ id: ids[i] as string, bytes, stored: queued[i]?.[1] === STORED }],
    )
  }

  /** Queues `m`: written with the message itself. */
  queueOp(m: Message): Op {
    return put(this.entries, entryKey(m.peerId, m.id), QUEUED)
  }

  /** `m` is queued on disk: its acknowledgement will need no read. */
  queued(m: Message): void {
    this.unacked.set(entryKey(m.peerId, m.id), m.conversationId)
    if (this.unacked.size > MAX_UNACKED_CACHED)
      this.unacked.delete(this.unacked.keys().next().value as string)
  }

  /** Takes `m` out of the outbox unsent. */
  unqueueOp(m: Pick<Message, 'id' | 'peerId'>): Op {
    this.unacked.delete(entryKey(m.peerId, m.id))
    return del(this.entries, entryKey(m.peerId, m.id))
  }

  /** Marks our messages to `peerId` delivered; ids that are not in its outbox are ignored. */
  async markDelivered(peerId: string, ids: string[]): Promise<Delivered[]> {
    const keys = [...new Set(ids.map((id) => entryKey(peerId, id)))]
    return this.db.claims.run(keys, () => this.deliver(peerId, keys))
  }

  private async deliver(peerId: string, keys: string[]): Promise<Delivered[]> {
    const idOf = (key: string) => key.slice(peerId.length + 1)
    const cached = keys.filter((key) => this.unacked.has(key))
    const delivered: Delivered[] = cached.map((key) => ({
      id: idOf(key),
      conversationId: this.unacked.get(key) as string,
      peerId,
    }))
    const others = keys.filter((key) => !this.unacked.has(key))
    const queued = await this.entries.getMany(others)
    const onDisk = others.filter((_, i) => queued[i] !== undefined)
    // Group messages queued since start-up are known; the rest are read.
    const counted: Pick<Message, 'id' | 'conversationId' | 'delivery'>[] = []
    const unknown: string[] = []
    for (const key of onDisk) {
      const known = this.parcelMessages.get(idOf(key))
      if (known) counted.push({ id: idOf(key), ...known, delivery: { delivered: 0, of: known.of } })
      else unknown.push(key)
    }
    for (const m of await this.messages.getMany(unknown.map(idOf))) {
      if (m?.delivery) counted.push(m)
      else if (m) delivered.push({ id: m.id, conversationId: m.conversationId, peerId })
    }
    const acked = [...cached, ...onDisk]
    for (const key of cached) this.unacked.delete(key)
    // A known group message's copy is queued with its entry: no need to look.
    const copies = onDisk
      .filter((key) => this.parcelMessages.has(idOf(key)))
      .map((key) => `${idOf(key)}!${peerId}`)
    const copyKeys = unknown.map((key) => `${idOf(key)}!${peerId}`)
    for (const [i, found] of (await this.copies.getMany(copyKeys)).entries()) {
      if (found !== undefined) copies.push(copyKeys[i] as string)
    }
    // Not synced: a deletion lost to a power cut only sends the message again (a duplicate the peer drops).
    if (acked.length > 0) {
      await this.db.write([
        ...acked.map((key) => del(this.entries, key)),
        ...copies.map((key) => del(this.copies, key)),
      ])
    }
    for (const key of copies) {
      const id = key.slice(0, key.indexOf('!'))
      const left = this.waitingCopies.get(id)
      if (left !== undefined) this.waitingCopies.set(id, left - 1)
      await this.dropIfDone(id)
    }
    for (const { id, conversationId, ...m } of counted) {
      delivered.push({ id, conversationId, peerId, delivery: await this.deliveryOf({ id, ...m }) })
    }
    return delivered
  }

  /** Our group messages with how many members have them: those whose copies left the outbox. */
  private async withDelivery(messages: Message[]): Promise<Message[]> {
    return Promise.all(
      messages.map(async (m) => {
        const delivery = await this.deliveryOf(m)
        return {
          ...m,
          delivery,
          status: delivery.delivered === delivery.of ? 'delivered' : m.status,
        }
      }),
    )
  }

  /** How many of the members a group message went to have it now. */
  private async deliveryOf(m: Pick<Message, 'id' | 'delivery'>) {
    const of = m.delivery?.of ?? 0
    return { delivered: of - (await this.copiesWaiting(m.id)), of }
  }

  /** Deletes a parcel once no peer waits for it any more. */
  private dropIfDone(id: string): Promise<void> {
    return this.db.claims.run(`parcel!${id}`, async () => {
      if ((await this.copiesWaiting(id, 1)) > 0) return
      await this.db.write([del(this.parcels, id)])
      this.waitingCopies.delete(id)
    })
  }

  /** The peers a parcel's copies still wait for. */
  async waitingPeers(id: string): Promise<string[]> {
    const keys = await this.copies.keys({ gt: `${id}!`, lt: `${id}!~` }).all()
    return keys.map((key) => key.slice(id.length + 1))
  }

  /** How many copies of a parcel still wait (counting on disk at most `limit`). */
  private async copiesWaiting(id: string, limit?: number): Promise<number> {
    const counted = this.waitingCopies.get(id)
    if (counted !== undefined) return counted
    const range = { gt: `${id}!`, lt: `${id}!~`, ...(limit ? { limit } : {}) }
    return (await this.copies.keys(range).all()).length
  }

  /**
   * Marks our messages to `peerId` as left in a relay mailbox; they stay in the
   * outbox (and are re-sent directly when we meet) until the peer acknowledges.
   */
  async markStored(peerId: string, ids: string[]): Promise<Delivered[]> {
    const keys = [...new Set(ids.map((id) => entryKey(peerId, id)))]
    return this.db.claims.run(keys, async () => {
      const queued = await this.entries.getMany(keys)
      const stored = keys.filter((_, i) => queued[i] === QUEUED)
      if (stored.length > 0)
        await this.db.write(stored.map((key) => put(this.entries, key, STORED)))
      const found = await this.messages.getMany(stored.map((k) => k.slice(peerId.length + 1)))
      return found
        .filter((m): m is Message => m !== undefined)
        .map((m) => ({ id: m.id, conversationId: m.conversationId, peerId }))
    })
  }

  /** Unacknowledged messages to `peerId`, oldest first: 'pending', or 'stored' on a relay. */
  async pendingFor(peerId: string): Promise<Message[]> {
    const queued = await this.entries.iterator({ gt: `${peerId}!`, lt: `${peerId}!~` }).all()
    const found = await this.messages.getMany(queued.map(([k]) => k.slice(peerId.length + 1)))
    return found.flatMap((m, i) =>
      m === undefined ? [] : [queued[i]?.[1] === STORED ? { ...m, status: 'stored' as const } : m],
    )
  }

  /** Peers that have messages waiting in the outbox. */
  async peersWithPending(): Promise<string[]> {
    const peers = new Set<string>()
    for await (const key of this.entries.keys()) peers.add(key.slice(0, key.indexOf('!')))
    return [...peers]
  }

  /**
   * Our messages with their status: 'pending' as stored, 'stored' while the entry says
   * it is on a relay, delivered once it has left the outbox. Messages stored by
   * earlier versions say 'delivered' themselves.
   */
  async withStatus(messages: Message[]): Promise<Message[]> {
    const counted = new Map(
      (await this.withDelivery(messages.filter((m) => m.delivery))).map((m) => [m.id, m]),
    )
    if (counted.size > 0) messages = messages.map((m) => counted.get(m.id) ?? m)
    const sent = messages.filter((m) => m.status === 'pending' && !m.delivery)
    const queued = await this.entries.getMany(sent.map((m) => entryKey(m.peerId, m.id)))
    const status = new Map(
      sent.map((m, i): [Message, MessageStatus] => {
        const entry = queued[i]
        return [m, entry === undefined ? 'delivered' : entry === STORED ? 'stored' : 'pending']
      }),
    )
    return messages.map((m) => {
      const now = status.get(m)
      return now === undefined || now === 'pending' ? m : { ...m, status: now }
    })
  }
}

function entryKey(peerId: string, id: string): string {
  return `${peerId}!${id}`
}
