// The groups a profile is in, as stored: each group's membership log (its signed
// entries in the order they joined, so that GroupLog.restore replays them), our own
// sequence number there, the highest each member's messages reached, the original
// ciphertexts of what members sent (kept for members who missed them), and group
// traffic that waits to be used (a message whose sender key has not come, anything
// for a group whose log has not come). Counts are bounded by the caller (the group
// service: MAX_GROUPS); what waits is bounded here (MAX_GROUP_WAITING and _BYTES, the
// oldest dropped first).
import {
  decodeSignedEntry,
  encodeSignedEntry,
  type GroupEntry,
  readEntry,
} from '../../../protocol/group-entry.ts'
import { MAX_GROUP_WAITING, MAX_GROUP_WAITING_BYTES } from '../../../protocol/limits.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

export interface GroupRecord {
  id: string
  /** Our last sequence number in the group (0 before our first message). */
  seq: number
  /** Each member's messages taken, every one up to this sequence number (those after a gap are not counted). */
  received: Record<string, number>
  /** Those who were members when our current sender key was made: they may have it from its start. */
  keyFor?: string[]
  /** How many entries of its log are stored. */
  entries: number
  /** We left it or were removed: it takes nothing more. */
  gone?: true
  /** The latest clock reading (ms) of its messages and changes: a discussion ends its idle time after. */
  active?: number
  /** A discussion that ended for us (discussion-end.ts): gone for good. */
  ended?: true
  /** A discussion's history stays on this device when it ends. */
  keep?: true
}

/** A stored group: its record and its log's entries, in the order they joined. */
export interface StoredGroup {
  record: GroupRecord
  entries: GroupEntry[]
}

/** Group traffic waiting to be used: the encoded envelope it came in. */
export interface Waiting {
  key: string
  bytes: Uint8Array
}

export class GroupRecords {
  /** What waits, by key (group id, sender, envelope id), with its size, oldest first. */
  private readonly waitingSizes = new Map<string, number>()
  private waitingBytes = 0
  /** How many items wait from each sender: past the bounds, the sender with most loses one. */
  private readonly waitingFrom = new Map<string, number>()

  private readonly records
  private readonly log
  private readonly ciphertexts
  private readonly waiting
  private readonly names
  private readonly photos

  private constructor(private readonly db: ProfileDb) {
    this.records = db.sublevel<GroupRecord>('g', 'json')
    this.log = db.bytes('gl')
    this.ciphertexts = db.bytes('gc')
    this.waiting = db.bytes('gw')
    this.names = db.sublevel<string>('gn', 'utf8')
    this.photos = db.sublevel<string>('gp', 'utf8')
  }

  static async load(db: ProfileDb): Promise<GroupRecords> {
    const records = new GroupRecords(db)
    for await (const [key, bytes] of records.waiting.iterator()) records.keep(key, bytes)
    return records
  }

  /** Every group stored, with its log. */
  async all(): Promise<StoredGroup[]> {
    const groups: StoredGroup[] = []
    for await (const record of this.records.values()) {
      const entries: GroupEntry[] = []
      for await (const bytes of this.log.values({ gt: `${record.id}!`, lt: `${record.id}!~` })) {
        const signed = decodeSignedEntry(bytes)
        const read = signed.ok ? readEntry(signed.signed) : signed
        if (!read.ok) throw new Error(`a stored entry of group ${record.id}: ${read.error.reason}`)
        entries.push(read.entry)
      }
      groups.push({ record, entries })
    }
    return groups
  }

  /** What the people we share a group with call themselves, by peer id. */
  async allNames(): Promise<Map<string, string>> {
    return new Map(await this.names.iterator().all())
  }

  nameOp(peerId: string, name: string): Op {
    return put(this.names, peerId, name)
  }

  /** Each group's photo we hold (checked when it came), as a `data:` URL, by group id. */
  async allPhotos(): Promise<Map<string, string>> {
    return new Map(await this.photos.iterator().all())
  }

  photoOp(groupId: string, url: string): Op {
    return put(this.photos, groupId, url)
  }

  recordOp(record: GroupRecord): Op {
    return put(this.records, record.id, record)
  }

  /** The log's entries from the `from`th on (those that joined since the record counted `from`). */
  entryOps(groupId: string, from: number, entries: readonly GroupEntry[]): Op[] {
    return entries.map((entry, i) =>
      put(this.log, `${groupId}!${indexKey(from + i)}`, encodeSignedEntry(entry.signed)),
    )
  }

  /** Forgets what members sent in a group (the copies kept, what waits): its history goes. */
  async forgetOps(groupId: string): Promise<Op[]> {
    const range = { gt: `${groupId}!`, lt: `${groupId}!~` }
    const kept = await this.ciphertexts.keys(range).all()
    const waiting = await this.waiting.keys(range).all()
    return [
      ...kept.map((key) => del(this.ciphertexts, key)),
      ...waiting.map((key) => this.unwaitOp(key)),
    ]
  }

  /** Keeps a member's message as it came (its sender-key ciphertext): what proves it was taken. */
  ciphertextOp(groupId: string, sender: string, seq: number, ciphertext: Uint8Array): Op {
    return put(this.ciphertexts, ciphertextKey(groupId, sender, seq), ciphertext)
  }

  /** Whether the message `seq` of `sender` in the group was taken before. */
  async taken(groupId: string, sender: string, seq: number): Promise<boolean> {
    return (await this.ciphertext(groupId, sender, seq)) !== undefined
  }

  /** The message `seq` of `sender` in the group as it came, if it did. */
  ciphertext(groupId: string, sender: string, seq: number): Promise<Uint8Array | undefined> {
    return this.ciphertexts.get(ciphertextKey(groupId, sender, seq))
  }

  /**
   * Keeps group traffic until it can be used. Past the bounds, the oldest item of
   * the sender with most waiting goes: one who floods (a stranger can send group
   * traffic for a group we do not know) pushes out only its own.
   */
  waitOps(groupId: string, sender: string, envelopeId: string, bytes: Uint8Array): Op[] {
    const key = `${groupId}!${sender}!${envelopeId}`
    if (this.waitingSizes.has(key)) return []
    const ops = [put(this.waiting, key, bytes)]
    this.keep(key, bytes)
    while (
      this.waitingSizes.size > MAX_GROUP_WAITING ||
      this.waitingBytes > MAX_GROUP_WAITING_BYTES
    ) {
      const [most] = [...this.waitingFrom].reduce((a, b) => (b[1] > a[1] ? b : a))
      const oldest = [...this.waitingSizes.keys()].find((k) => senderOf(k) === most) as string
      ops.push(this.unwaitOp(oldest))
    }
    return ops
  }

  private keep(key: string, bytes: Uint8Array): void {
    this.waitingSizes.set(key, bytes.byteLength)
    this.waitingBytes += bytes.byteLength
    this.waitingFrom.set(senderOf(key), (this.waitingFrom.get(senderOf(key)) ?? 0) + 1)
  }

  /** The groups something waits for. */
  waitingGroups(): string[] {
    return [...new Set([...this.waitingSizes.keys()].map((key) => key.slice(0, key.indexOf('!'))))]
  }

  /** What waits for the group, oldest first. */
  async waitingFor(groupId: string): Promise<Waiting[]> {
    const found = await this.waiting.iterator({ gt: `${groupId}!`, lt: `${groupId}!~` }).all()
    return found.map(([key, bytes]) => ({ key, bytes }))
  }

  unwaitOp(key: string): Op {
    if (this.waitingSizes.has(key)) {
      const from = senderOf(key)
      const left = (this.waitingFrom.get(from) ?? 1) - 1
      if (left > 0) this.waitingFrom.set(from, left)
      else this.waitingFrom.delete(from)
    }
    this.waitingBytes -= this.waitingSizes.get(key) ?? 0
    this.waitingSizes.delete(key)
    return del(this.waiting, key)
  }

  write(ops: Op[], options?: { sync: boolean }): Promise<void> {
    return this.db.write(ops, options)
  }
}

/** The sender of a waiting item, from its key. */
function senderOf(key: string): string {
  return key.split('!')[1] ?? ''
}

function indexKey(i: number): string {
  return i.toString().padStart(8, '0')
}

function ciphertextKey(groupId: string, sender: string, seq: number): string {
  return `${groupId}!${sender}!${seq.toString().padStart(10, '0')}`
}
