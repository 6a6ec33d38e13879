// Group encryption with libsignal's sender keys. In each group, each member has a
// key of its own: a distribution id (random, new at every epoch), a chain that
// ratchets forward with every message, and a signing key. It gives the key to each
// other member as a SenderKeyDistributionMessage sent over their pairwise Signal
// session (sessions.ts), then encrypts each message or batch once for all members
// (groupEncrypt); they decrypt it with its sender's key (groupDecrypt), which
// checks the sender's signature and refuses what it decrypted before. A key given
// from its start reads every message sent under it; one given from now on (to a
// member added since it was made) reads none sent before.
//
// When a member is removed or leaves, every remaining member rotate()s: a new
// distribution id and chain, whose distribution message goes to the remaining
// members only, so that nothing sent after can be read with the keys the one who
// went holds. Keys also rotate weekly, and after ROTATE_AFTER_MESSAGES messages
// (libsignal refuses a jump of more than 25,000 along a chain); encrypt() says when.
//
// The records (ours and members', stores.ts: senderKeys) and each group's list of
// the keys it holds (groupKeys) change in a Transaction, as sessions do: a refused
// message or key writes nothing, and atomically() hands the changes to the
// caller's own batch, so that a message and the chain step that revealed it land
// together, or neither does (a message libsignal calls a duplicate is then one
// stored before). Keys are per group: a ciphertext replayed into another group
// finds no key there.
//
// Bounds (protocol/limits.ts). A member's key replaced by a newer one of theirs, or
// whose member went (rotate()'s `gone`), is kept KEEP_RETIRED_MS for messages still
// on their way (a relay mailbox keeps them 30 days, a member catching up fetches
// them from others later), then deleted. Past MAX_SENDER_KEYS_PER_MEMBER, or
// MAX_GROUP_SENDER_KEYS in a group, the oldest go first (retired ones before current
// ones): a message under a dropped key is a 'no-key'. Past MAX_SENDER_KEYS in the
// profile a new key is refused ('full'): dropping another group's keys would break
// that group out of sight.
//
// The caller's part: process() distribution messages only from members of the
// group (by the membership log, at the point the key was sent); give ours to
// members only, from its 'start' only to those who were members when it was made.
// After a 'no-key', keep the message and ask its sender for a resend (its key, if
// it still uses that distribution id, or the message again under its current key),
// and decrypt it again when a key comes. A 'duplicate' of a message not stored
// means no key for it is left (libsignal keeps 2,000 skipped keys per chain, and
// none from before the point a key was given from): ask for the message again.
import { randomUUID } from 'node:crypto'
import {
  ErrorCode,
  groupDecrypt,
  groupEncrypt,
  LibSignalErrorBase,
  ProtocolAddress,
  processSenderKeyDistributionMessage,
  SenderKeyDistributionMessage,
  SenderKeyMessage,
  SenderKeyRecord,
  SenderKeyStore,
} from '@signalapp/libsignal-client'
import { isGroupId } from '../../../../protocol/ids.ts'
import {
  MAX_GROUP_SENDER_KEYS,
  MAX_SENDER_KEY_DISTRIBUTION_BYTES,
  MAX_SENDER_KEYS,
  MAX_SENDER_KEYS_PER_MEMBER,
  MAX_SIGNAL_CIPHERTEXT_BYTES,
} from '../../../../protocol/limits.ts'
import { KeyedLock } from '../../lib/keyed-lock.ts'
import type { Op } from '../../store/write-queue.ts'
import { KEEP_RETIRED_MS, ROTATE_EVERY_MS } from './keys.ts'
import type { Result } from './sessions.ts'
import { type SignalDb, SignalTables, type Transaction, type Writer } from './stores.ts'

/** Messages sent under one key before it is due for rotation. */
export const ROTATE_AFTER_MESSAGES = 10_000

/** Sender keys are per profile: one device, as sessions.ts's chat channel. */
const DEVICE_ID = 1

export type SenderKeyErrorCode =
  /** No key from this sender for this message (not come yet, or dropped): keep it, ask for a resend. */
  | 'no-key'
  /** A message decrypted before: a replay, or a copy. */
  | 'duplicate'
  /** Malformed, tampered with, or not signed by the sender's key. */
  | 'invalid'
  /** A new key refused: the profile holds MAX_SENDER_KEYS members' keys already. */
  | 'full'

export interface SenderKeyError {
  code: SenderKeyErrorCode
  reason: string
  /** With `no-key`: the distribution id of the key the message needs. */
  distributionId?: string
}

export type SenderKeyResult<T> = Result<T, SenderKeyError>

/** Our key in a group: what to give the members. */
export interface OwnSenderKey {
  distributionId: string
  /** 1 for the group's first key, one more at each rotation. */
  epoch: number
  /** The SenderKeyDistributionMessage, serialised: for each member, over our pairwise session. */
  distribution: Uint8Array<ArrayBuffer>
}

export interface GroupCiphertext {
  /** One ciphertext for every member (a SenderKeyMessage, serialised). */
  ciphertext: Uint8Array<ArrayBuffer>
  distributionId: string
  /** Whether to rotate() now: the key is a week old, or has sent ROTATE_AFTER_MESSAGES. */
  rotationDue: boolean
}

/**
 * One group's keys inside a piece of work that SenderKeys.atomically() runs alone
 * and writes as one batch with whatever the work stores.
 */
export interface GroupKeys {
  /**
   * Decrypts what `sender` sent the group. The chain step joins the work's write
   * only if `accept` takes the plaintext: a refusal leaves no trace.
   */
  decrypt<T, E>(
    sender: string,
    ciphertext: Uint8Array,
    accept: (plaintext: Uint8Array<ArrayBuffer>) => Result<T, E>,
  ): Promise<Result<T, SenderKeyError | E>>
  /** Takes `sender`'s key, from its distribution message (the caller checked it is a member). */
  process(
    sender: string,
    distribution: Uint8Array,
  ): Promise<SenderKeyResult<{ distributionId: string }>>
  /**
   * Encrypts under our key (made if the group has none yet). The chain step is
   * written with the work's batch: send the ciphertext only once that is on disk.
   */
  encrypt(plaintext: Uint8Array<ArrayBuffer>): Promise<GroupCiphertext>
  /**
   * What the work changed, handed over to be written in the work's own batch
   * (before the work resolves). The last call: the keys change no more after it.
   * Without it, the changes are written after the work.
   */
  ops(): Op[]
}

export interface SenderKeysOptions {
  /** The profile's sublevel for Signal state (stores.ts's signalSublevel), as given to SignalSessions. */
  db: SignalDb
  /** The profile's peer id: the name our own key is kept under. */
  peerId: string
  /** The profile's write queue, the one SignalSessions writes with: the two join one batch. */
  write: Writer
  /** For tests of rotation and retention. */
  now?: () => number
}

/** A group's keys as stored: ours, and the members' held, in the order they came. */
interface GroupKeyState {
  own?: {
    distributionId: string
    epoch: number
    madeAt: number
    /** Its distribution message as first made (base64): the chain from its first message on. */
    start: string
  }
  held: HeldKey[]
}

type OwnKey = NonNullable<GroupKeyState['own']>

interface HeldKey {
  sender: string
  distributionId: string
  /** When a newer key of its sender came, or its sender went: it is deleted KEEP_RETIRED_MS after. */
  retiredAt?: number
}

/** Members' keys the profile holds (on disk), and those that work under way may add. */
interface Tally {
  held: number
  reserved: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class SenderKeys {
  /** One piece of work at a time on each group's keys, in the order asked. */
  private readonly turns = new KeyedLock()

  private constructor(
    private readonly tables: SignalTables,
    private readonly self: ProtocolAddress,
    private readonly now: () => number,
    private readonly tally: Tally,
  ) {}

  static async open(options: SenderKeysOptions): Promise<SenderKeys> {
    // Tables of its own over the same sublevel: it reads none of the tables SignalSessions caches.
    const tables = new SignalTables(options.db, options.write)
    let held = 0
    for await (const bytes of tables.groupKeys.values()) held += decodeState(bytes).held.length
    const self = ProtocolAddress.new(options.peerId, DEVICE_ID)
    return new SenderKeys(tables, self, options.now ?? Date.now, { held, reserved: 0 })
  }

  /** Members' keys held, in every group. */
  get held(): number {
    return this.tally.held
  }

  /**
   * Our current key in `groupId` (made on first use), to give a member: from its
   * 'start' (every message sent under it can be read: for those who were members
   * when it was made, who asked for it again), or from 'now' on (for a member just
   * added, who is not to read what was sent before).
   */
  distribution(groupId: string, from: 'start' | 'now'): Promise<OwnSenderKey> {
    return this.run(groupId, (work) => work.distribution(from))
  }

  /**
   * A new key for `groupId`, for the members that remain (after a removal or a
   * leave, or when encrypt() says it is due): what we send next cannot be read
   * with the one before, which is deleted. The keys of those `gone` are retired.
   */
  rotate(groupId: string, gone: Iterable<string> = []): Promise<OwnSenderKey> {
    return this.run(groupId, (work) => work.rotate(gone))
  }

  /** One ciphertext of `plaintext` for every member; our chain step is on disk before it resolves. */
  encrypt(groupId: string, plaintext: Uint8Array<ArrayBuffer>): Promise<GroupCiphertext> {
    return this.run(groupId, (work) => work.encrypt(plaintext))
  }

  /** Takes `sender`'s key for `groupId` from its distribution message, and writes it. */
  process(
    groupId: string,
    sender: string,
    distribution: Uint8Array,
  ): Promise<SenderKeyResult<{ distributionId: string }>> {
    return this.run(groupId, (work) => work.process(sender, distribution))
  }

  /** Decrypts what `sender` sent `groupId`, and writes the chain step (tests, and callers that store nothing). */
  decrypt(
    groupId: string,
    sender: string,
    ciphertext: Uint8Array,
  ): Promise<SenderKeyResult<{ plaintext: Uint8Array<ArrayBuffer> }>> {
    return this.run(groupId, (work) =>
      work.decrypt(sender, ciphertext, (plaintext) => ({ ok: true, plaintext })),
    )
  }

  /**
   * Runs `work` on `groupId`'s keys after the work before it. What it changes is
   * written in the batch the work writes with ops() (a message and the chain step
   * that revealed it land together, or neither does), or after the work if it
   * wrote none. A work that throws before its batch is written changes nothing.
   */
  atomically<T>(groupId: string, work: (keys: GroupKeys) => Promise<T>): Promise<T> {
    return this.run(groupId, (keys) =>
      work({
        decrypt: (sender, ciphertext, accept) => keys.decrypt(sender, ciphertext, accept),
        process: (sender, distribution) => keys.process(sender, distribution),
        encrypt: (plaintext) => keys.encrypt(plaintext),
        ops: () => keys.ops(),
      }),
    )
  }

  /** Deletes every key of `groupId`, ours included: we left it, or it ended. */
  forget(groupId: string): Promise<void> {
    return this.run(groupId, (work) => work.forget())
  }

  private run<T>(groupId: string, work: (keys: GroupWork) => Promise<T>): Promise<T> {
    if (!isGroupId(groupId)) return Promise.reject(new Error(`not a group id: ${groupId}`))
    return this.turns.run(groupId, async () => {
      const tx = this.tables.transaction()
      const keys = new GroupWork(tx, this.tables, groupId, this.self, this.now, this.tally)
      try {
        const result = await work(keys)
        if (keys.handed) tx.landed()
        else await tx.commit(keys.flush())
        keys.landed()
        return result
      } catch (err) {
        tx.forget()
        // A batch that carried ops() may have landed all the same: the count reads the disk.
        if (keys.handed) await keys.recount()
        keys.dropped()
        throw err
      }
    })
  }
}

/** One piece of work on a group's keys, in a transaction. */
class GroupWork {
  handed = false
  private state: GroupKeyState | undefined
  /** How many members' keys the group held when the work began. */
  private loaded = 0
  private changed = false
  /** Members' keys this work added (less those it deleted), and the room it holds for them. */
  private delta = 0
  private reserved = 0

  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
    private readonly groupId: string,
    private readonly self: ProtocolAddress,
    private readonly now: () => number,
    private readonly tally: Tally,
  ) {}

  async distribution(from: 'start' | 'now'): Promise<OwnSenderKey> {
    const { distributionId, epoch, start } = await this.own()
    const distribution =
      from === 'start'
        ? new Uint8Array(Buffer.from(start, 'base64'))
        : (await this.distributionNow(distributionId)).serialize()
    return { distributionId, epoch, distribution }
  }

  async rotate(gone: Iterable<string>): Promise<OwnSenderKey> {
    const state = await this.load()
    const before = state.own
    if (before) this.tx.del(this.tables.senderKeys, this.ownKey(before.distributionId))
    await this.makeKey(state, (before?.epoch ?? 0) + 1)
    const now = this.now()
    const leaving = new Set(gone)
    const held = state.held.map((k) => (leaving.has(k.sender) ? { retiredAt: now, ...k } : k))
    this.keep(this.expire(held))
    return this.distribution('start')
  }

  async encrypt(plaintext: Uint8Array<ArrayBuffer>): Promise<GroupCiphertext> {
    this.unhanded()
    const { distributionId, madeAt } = await this.own()
    const message = await groupEncrypt(this.self, distributionId, this.store(this.tx), plaintext)
    const ciphertext = message.serialize()
    const sent = SenderKeyMessage.deserialize(ciphertext).iteration() + 1
    const rotationDue = this.now() - madeAt >= ROTATE_EVERY_MS || sent >= ROTATE_AFTER_MESSAGES
    return { ciphertext, distributionId, rotationDue }
  }

  async process(
    sender: string,
    bytes: Uint8Array,
  ): Promise<SenderKeyResult<{ distributionId: string }>> {
    this.unhanded()
    if (sender === this.self.name()) return refuse('invalid', 'our own key comes from no one else')
    if (bytes.byteLength > MAX_SENDER_KEY_DISTRIBUTION_BYTES) {
      return refuse('invalid', `a distribution message of ${bytes.byteLength} bytes`)
    }
    let message: SenderKeyDistributionMessage
    try {
      message = SenderKeyDistributionMessage.deserialize(bytes as Uint8Array<ArrayBuffer>)
    } catch (err) {
      return refuse('invalid', `bad distribution message: ${(err as Error).message}`)
    }
    const distributionId = message.distributionId()
    const step = this.tx.child()
    try {
      await processSenderKeyDistributionMessage(address(sender), message, this.store(step))
    } catch (err) {
      const refusal = refusalOf(err)
      if (refusal) return refusal
      throw err
    }
    // The key it brings is its sender's current one: theirs before it are retired.
    const now = this.now()
    const state = await this.load()
    const held = state.held
      .filter((k) => k.sender !== sender || k.distributionId !== distributionId)
      .map((k) => (k.sender === sender ? { retiredAt: now, ...k } : k))
    held.push({ sender, distributionId })
    const kept = bounded(this.expire(held), sender)
    if (!this.room(kept.length - state.held.length)) {
      return refuse('full', `this profile holds ${MAX_SENDER_KEYS} members' sender keys already`)
    }
    step.keep()
    this.keep(kept)
    return { ok: true, distributionId }
  }

  async decrypt<T, E>(
    sender: string,
    bytes: Uint8Array,
    accept: (plaintext: Uint8Array<ArrayBuffer>) => Result<T, E>,
  ): Promise<Result<T, SenderKeyError | E>> {
    this.unhanded()
    if (sender === this.self.name()) return refuse('invalid', 'we keep no key to read what we sent')
    if (bytes.byteLength > MAX_SIGNAL_CIPHERTEXT_BYTES) {
      return refuse('invalid', `a group message of ${bytes.byteLength} bytes`)
    }
    const step = this.tx.child()
    const store = this.store(step)
    let plaintext: Uint8Array<ArrayBuffer>
    try {
      plaintext = await groupDecrypt(address(sender), store, bytes as Uint8Array<ArrayBuffer>)
    } catch (err) {
      if (store.missing) {
        const reason = `no key ${store.missing} from ${sender} in group ${this.groupId}`
        return { ok: false, error: { code: 'no-key', reason, distributionId: store.missing } }
      }
      const refusal = refusalOf(err)
      if (refusal) return refusal
      throw err
    }
    const accepted = accept(plaintext)
    if (accepted.ok) step.keep()
    return accepted
  }

  async forget(): Promise<void> {
    const state = await this.load()
    if (state.own) this.tx.del(this.tables.senderKeys, this.ownKey(state.own.distributionId))
    delete state.own
    this.keep([])
  }

  ops(): Op[] {
    const ops = this.tx.ops()
    const state = this.flush()
    this.handed = true
    return [...ops, ...state]
  }

  /** The group's list of keys, as changed, for the batch that writes the rest. */
  flush(): Op[] {
    const { state, changed } = this
    if (!state || !changed) return []
    const { groupKeys } = this.tables
    const empty = !state.own && state.held.length === 0
    return [
      empty
        ? { type: 'del', sublevel: groupKeys, key: this.groupId }
        : { type: 'put', sublevel: groupKeys, key: this.groupId, value: encodeState(state) },
    ]
  }

  /** The work's writes are on disk: the profile's count takes them in. */
  landed(): void {
    this.tally.held += this.delta
    this.dropped()
  }

  /** Whether the work's batch landed is unknown: counts the group's keys as on disk. */
  async recount(): Promise<void> {
    if (this.delta === 0) return
    const bytes = await this.tables.groupKeys.get(this.groupId)
    this.tally.held += (bytes ? decodeState(bytes).held.length : 0) - this.loaded
  }

  /** The work failed: what it added is not there. */
  dropped(): void {
    this.tally.reserved -= this.reserved
    this.reserved = 0
    this.delta = 0
  }

  private unhanded(): void {
    if (this.handed) throw new Error('the keys change no more once their ops() are handed over')
  }

  private async load(): Promise<GroupKeyState> {
    if (!this.state) {
      const bytes = await this.tx.get(this.tables.groupKeys, this.groupId)
      this.state = bytes ? decodeState(bytes) : { held: [] }
      this.loaded = this.state.held.length
    }
    return this.state
  }

  private async own(): Promise<OwnKey> {
    const state = await this.load()
    return state.own ?? (await this.makeKey(state, 1))
  }

  private async makeKey(state: GroupKeyState, epoch: number): Promise<OwnKey> {
    const distributionId = randomUUID()
    // Creating its first distribution message makes the key.
    const start = (await this.distributionNow(distributionId)).serialize()
    state.own = {
      distributionId,
      epoch,
      madeAt: this.now(),
      start: Buffer.from(start).toString('base64'),
    }
    this.changed = true
    return state.own
  }

  private distributionNow(distributionId: string): Promise<SenderKeyDistributionMessage> {
    return SenderKeyDistributionMessage.create(this.self, distributionId, this.store(this.tx))
  }

  /** Whether the profile has room for `added` more members' keys (or fewer); it is held for this work if so. */
  private room(added: number): boolean {
    const wanted = Math.max(0, this.delta + added)
    if (wanted > this.reserved) {
      const others = this.tally.reserved - this.reserved
      if (this.tally.held + others + wanted > MAX_SENDER_KEYS) return false
      this.tally.reserved += wanted - this.reserved
      this.reserved = wanted
    }
    return true
  }

  /** Makes `kept` the group's members' keys, deleting the records of the others. */
  private keep(kept: HeldKey[]): void {
    const state = this.state as GroupKeyState
    const staying = new Set(kept.map((k) => this.recordKey(k.sender, k.distributionId)))
    for (const { sender, distributionId } of state.held) {
      const key = this.recordKey(sender, distributionId)
      if (!staying.has(key)) this.tx.del(this.tables.senderKeys, key)
    }
    this.delta += kept.length - state.held.length
    state.held = kept
    this.changed = true
  }

  /** `held` without the keys retired KEEP_RETIRED_MS ago. */
  private expire(held: HeldKey[]): HeldKey[] {
    const before = this.now() - KEEP_RETIRED_MS
    return held.filter((key) => key.retiredAt === undefined || key.retiredAt > before)
  }

  private store(tx: Transaction): GroupSenderKeyStore {
    return new GroupSenderKeyStore(tx, this.tables, (sender, id) => this.recordKey(sender, id))
  }

  private recordKey(sender: string, distributionId: string): string {
    return `${this.groupId}:${sender}:${distributionId}`
  }

  private ownKey(distributionId: string): string {
    return this.recordKey(this.self.name(), distributionId)
  }
}

/** `held`, `sender`'s last key at its end, within the bounds per member and per group. */
function bounded(held: HeldKey[], sender: string): HeldKey[] {
  const kept = [...held]
  const drop = (key: HeldKey | undefined) => kept.splice(kept.indexOf(key as HeldKey), 1)
  while (kept.filter((k) => k.sender === sender).length > MAX_SENDER_KEYS_PER_MEMBER) {
    drop(kept.find((k) => k.sender === sender))
  }
  while (kept.length > MAX_GROUP_SENDER_KEYS) {
    drop(kept.find((k) => k.retiredAt !== undefined) ?? kept[0])
  }
  return kept
}

/** libsignal's SenderKeyStore over one group's records, in a transaction. */
class GroupSenderKeyStore extends SenderKeyStore {
  /** The distribution id libsignal asked for and the group does not hold, if any. */
  missing: string | undefined

  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
    private readonly key: (sender: string, distributionId: string) => string,
  ) {
    super()
  }

  async saveSenderKey(sender: ProtocolAddress, distributionId: string, record: SenderKeyRecord) {
    this.tx.put(this.tables.senderKeys, this.key(sender.name(), distributionId), record.serialize())
  }

  async getSenderKey(sender: ProtocolAddress, distributionId: string) {
    const bytes = await this.tx.get(this.tables.senderKeys, this.key(sender.name(), distributionId))
    if (!bytes) this.missing = distributionId
    return bytes ? SenderKeyRecord.deserialize(bytes) : null
  }
}

function address(peer: string): ProtocolAddress {
  return ProtocolAddress.new(peer, DEVICE_ID)
}

function refuse(code: SenderKeyErrorCode, reason: string): { ok: false; error: SenderKeyError } {
  return { ok: false, error: { code, reason } }
}

/** libsignal's refusals as typed results; anything else is thrown. */
function refusalOf(err: unknown): { ok: false; error: SenderKeyError } | undefined {
  if (!(err instanceof LibSignalErrorBase)) return undefined
  if (err.code === ErrorCode.DuplicatedMessage) {
    return refuse('duplicate', 'this message was decrypted before (a replay, or a copy)')
  }
  return refuse('invalid', err.message)
}

function encodeState(state: GroupKeyState): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(state))
}

function decodeState(bytes: Uint8Array): GroupKeyState {
  return JSON.parse(decoder.decode(bytes)) as GroupKeyState
}
