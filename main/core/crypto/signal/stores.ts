// libsignal's stores over one LevelDB sublevel (the profile's, whose values
// are sealed at rest). libsignal calls a store several times per operation
// (read the session, check and save the identity, consume a prekey, save the
// session); here those writes go into a Transaction and reach the disk in one
// batch only when the whole operation succeeded. A refused message thus changes
// nothing, and a crash cannot leave half an operation behind.
import {
  type Direction,
  IdentityChange,
  type IdentityKeyPair,
  IdentityKeyStore,
  KyberPreKeyRecord,
  KyberPreKeyStore,
  PreKeyRecord,
  PreKeyStore,
  type PrivateKey,
  type ProtocolAddress,
  PublicKey,
  SessionRecord,
  SessionStore,
  SignedPreKeyRecord,
  SignedPreKeyStore,
} from '@signalapp/libsignal-client'
import type { AbstractLevel, AbstractSublevel } from 'abstract-level'
import type { Op, WriteOptions } from '../../store/write-queue.ts'

/** The profile's sublevel for Signal state (`ChatStore.sublevel('signal')`), or any bytes-valued level. */
// biome-ignore lint/suspicious/noExplicitAny: any level format: a sealed sublevel, or classic-level in tests
export type SignalDb = AbstractLevel<any, string, Uint8Array>
type Sub = AbstractSublevel<SignalDb, unknown, string, Uint8Array<ArrayBuffer>>

/** The sublevel of a profile's database (or any level) where its Signal state lives. */
export function signalSublevel(db: {
  sublevel(name: string, options: { valueEncoding: 'view' }): unknown
}): SignalDb {
  // A sublevel's hooks are typed by its parent: as a level of its own it is a SignalDb all the same.
  return db.sublevel('signal', { valueEncoding: 'view' }) as SignalDb
}

/** A key a message refers to that this profile does not have (used already, or retired). */
export class MissingKeyError extends Error {
  override name = 'MissingKeyError'
}

/** The sublevels, by what they hold. Prekey ids are keyed in fixed-width hex, so they sort. */
export class SignalTables {
  /** This profile's identity key pair and key state (keys.ts). */
  readonly own
  /** Peers' identity keys, by peer id: trusted on first use. */
  readonly identities
  readonly sessions
  readonly preKeys
  readonly signedPreKeys
  /** One-time Kyber prekeys: deleted once used. */
  readonly kyberPreKeys
  /** Last-resort Kyber prekeys: used by anyone who got no one-time one, until rotated out. */
  readonly lastResortKyber
  /** What each last-resort Kyber prekey was used with, to refuse a replayed session opening. */
  readonly kyberUses
  /** When each one-time EC and Kyber prekey still unused was handed out, by id: it expires (keys.ts). */
  readonly handedOut
  /** Group sender keys, ours and members' (sender-keys.ts), by group, sender and distribution id. */
  readonly senderKeys
  /** Per group, our sender key and the members' keys held (sender-keys.ts). */
  readonly groupKeys

  /**
   * The latest sessions and identity keys, as committed: libsignal reads both for
   * every message, and a LevelDB read (unsealing included) costs as much as the
   * cryptography. Only committed values enter it, so a refused operation leaves no trace.
   */
  readonly cache = new ReadCache()

  constructor(
    readonly db: SignalDb,
    /** How transactions reach the disk: one writer for the whole profile, so they join its batches. */
    readonly write: Writer,
  ) {
    const sub = (name: string): Sub =>
      db.sublevel<string, Uint8Array<ArrayBuffer>>(name, { valueEncoding: 'view' })
    this.own = sub('own')
    this.identities = sub('identity')
    this.sessions = sub('session')
    this.preKeys = sub('prekey')
    this.signedPreKeys = sub('signed')
    this.kyberPreKeys = sub('kyber')
    this.lastResortKyber = sub('kyber-last')
    this.kyberUses = sub('kyber-used')
    this.handedOut = sub('handed')
    this.senderKeys = sub('sender-key')
    this.groupKeys = sub('group-key')
  }

  transaction(): Transaction {
    return new Transaction(this.write, this.cache, [this.sessions, this.identities])
  }
}

/** Writes a batch of operations on the profile's database (its write queue, shared with the chat store). */
export type Writer = (ops: Op[], options: WriteOptions) => Promise<void>

/** Most entries kept: a session record is a few KiB, so at most a few tens of MiB. */
const CACHE_ENTRIES = 4096

class ReadCache {
  private readonly entries = new Map<string, Uint8Array<ArrayBuffer> | undefined>()

  has(id: string): boolean {
    return this.entries.has(id)
  }

  get(id: string): Uint8Array<ArrayBuffer> | undefined {
    return this.entries.get(id)
  }

  delete(id: string): void {
    this.entries.delete(id)
  }

  set(id: string, value: Uint8Array<ArrayBuffer> | undefined): void {
    // Re-inserted at the end: the Map's order is least recently set first.
    this.entries.delete(id)
    this.entries.set(id, value)
    if (this.entries.size > CACHE_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string)
    }
  }
}

export function idKey(id: number): string {
  return id.toString(16).padStart(6, '0')
}

/**
 * Reads see the transaction's own writes; nothing is written before commit(). A
 * child (a savepoint) sees its parent's writes and adds its own to them only when
 * kept: a refused step inside a larger piece of work leaves no trace.
 */
export class Transaction {
  private readonly writes = new Map<Sub, Map<string, Uint8Array<ArrayBuffer> | undefined>>()

  constructor(
    private readonly write: Writer,
    private readonly cache: ReadCache,
    private readonly cached: Sub[],
    private readonly parent?: Transaction,
  ) {}

  async get(sub: Sub, key: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const pending = this.writes.get(sub)
    if (pending?.has(key)) return pending.get(key)
    if (this.parent) return this.parent.get(sub, key)
    if (!this.cached.includes(sub)) return plain(await sub.get(key))
    const id = sub.prefixKey(key, 'utf8')
    if (this.cache.has(id)) return this.cache.get(id)
    const value = plain(await sub.get(key))
    this.cache.set(id, value)
    return value
  }

  put(sub: Sub, key: string, value: Uint8Array<ArrayBuffer>): void {
    this.pending(sub).set(key, value)
  }

  del(sub: Sub, key: string): void {
    this.pending(sub).set(key, undefined)
  }

  /** A savepoint: its writes join this transaction's only if it is kept. */
  child(): Transaction {
    return new Transaction(this.write, this.cache, this.cached, this)
  }

  /** Adds a child's writes to its parent's. */
  keep(): void {
    if (!this.parent) throw new Error('only a savepoint is kept')
    for (const [sub, writes] of this.writes) {
      for (const [key, value] of writes) this.parent.pending(sub).set(key, value)
    }
    this.writes.clear()
  }

  /** The writes as batch operations, for a write that carries more than this transaction. */
  ops(): Op[] {
    return [...this.writes].flatMap(([sublevel, writes]) =>
      [...writes].map(
        ([key, value]): Op =>
          value === undefined
            ? { type: 'del', sublevel, key }
            : { type: 'put', sublevel, key, value },
      ),
    )
  }

  /** Writes everything, with `also` in the same batch; by default on disk before it resolves. */
  async commit(also: Op[] = [], options: WriteOptions = { sync: true }): Promise<void> {
    const ops = [...this.ops(), ...also]
    if (ops.length > 0) await this.write(ops, options)
    this.landed()
  }

  /** The writes are on disk (written by commit(), or by whoever wrote ops()): reads may cache them. */
  landed(): void {
    for (const sub of this.cached) {
      for (const [key, value] of this.writes.get(sub) ?? []) {
        this.cache.set(sub.prefixKey(key, 'utf8'), value)
      }
    }
    this.writes.clear()
  }

  /** Whether the writes reached the disk is unknown (a write that carried ops() failed): read them again. */
  forget(): void {
    for (const sub of this.cached) {
      for (const key of this.writes.get(sub)?.keys() ?? [])
        this.cache.delete(sub.prefixKey(key, 'utf8'))
    }
    this.writes.clear()
  }

  private pending(sub: Sub) {
    let pending = this.writes.get(sub)
    if (!pending) {
      pending = new Map()
      this.writes.set(sub, pending)
    }
    return pending
  }
}

/** classic-level hands out Buffers: the same bytes as a plain Uint8Array, for equality and libsignal. */
export function plain(bytes: Uint8Array | undefined): Uint8Array<ArrayBuffer> | undefined {
  return bytes && new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
}

export interface OwnIdentity {
  keyPair: IdentityKeyPair
  registrationId: number
}

/**
 * Peers' identity keys, trusted on first use. A different key for a known peer is
 * untrusted (libsignal then refuses) until the user accepts it (SignalSessions.trustIdentity).
 * `pinned` is the key a binding vouched for: a session-opening message must carry that one.
 */
export class Identities extends IdentityKeyStore {
  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
    private readonly own: OwnIdentity,
    private readonly pinned?: PublicKey,
  ) {
    super()
  }

  async getIdentityKey(): Promise<PrivateKey> {
    return this.own.keyPair.privateKey
  }

  async getLocalRegistrationId(): Promise<number> {
    return this.own.registrationId
  }

  async saveIdentity(address: ProtocolAddress, key: PublicKey): Promise<IdentityChange> {
    const previous = await this.getIdentity(address)
    // libsignal saves the identity with every message: write only what changes.
    if (previous?.equals(key)) return IdentityChange.NewOrUnchanged
    this.tx.put(this.tables.identities, address.name(), key.serialize())
    return previous ? IdentityChange.ReplacedExisting : IdentityChange.NewOrUnchanged
  }

  async isTrustedIdentity(
    address: ProtocolAddress,
    key: PublicKey,
    _direction: Direction,
  ): Promise<boolean> {
    if (this.pinned && !this.pinned.equals(key)) return false
    const known = await this.getIdentity(address)
    return known === null || known.equals(key)
  }

  async getIdentity(address: ProtocolAddress): Promise<PublicKey | null> {
    const bytes = await this.tx.get(this.tables.identities, address.name())
    return bytes ? PublicKey.deserialize(bytes) : null
  }
}

export class Sessions extends SessionStore {
  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
  ) {
    super()
  }

  async saveSession(address: ProtocolAddress, record: SessionRecord): Promise<void> {
    this.tx.put(this.tables.sessions, sessionKey(address), record.serialize())
  }

  async getSession(address: ProtocolAddress): Promise<SessionRecord | null> {
    const bytes = await this.tx.get(this.tables.sessions, sessionKey(address))
    return bytes ? SessionRecord.deserialize(bytes) : null
  }

  async getExistingSessions(addresses: ProtocolAddress[]): Promise<SessionRecord[]> {
    return Promise.all(
      addresses.map(async (address) => {
        const record = await this.getSession(address)
        if (!record) throw new MissingKeyError(`no session with ${address.name()}`)
        return record
      }),
    )
  }
}

/** A session's key: the peer id, with the device id after it for any device but the first. */
function sessionKey(address: ProtocolAddress): string {
  const device = address.deviceId()
  return device === 1 ? address.name() : `${address.name()}/${device}`
}

/** One-time, signed and Kyber prekeys: libsignal's three prekey stores, together. */
export class PreKeys {
  readonly oneTime: OneTimePreKeys
  readonly signed: SignedPreKeys
  readonly kyber: KyberPreKeys

  constructor(tx: Transaction, tables: SignalTables) {
    this.oneTime = new OneTimePreKeys(tx, tables)
    this.signed = new SignedPreKeys(tx, tables)
    this.kyber = new KyberPreKeys(tx, tables)
  }
}

async function required(tx: Transaction, table: Sub, what: string, id: number) {
  const bytes = await tx.get(table, idKey(id))
  if (!bytes) throw new MissingKeyError(`no ${what} ${id}: used already, or retired`)
  return bytes
}

class OneTimePreKeys extends PreKeyStore {
  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
  ) {
    super()
  }

  async savePreKey(id: number, record: PreKeyRecord) {
    this.tx.put(this.tables.preKeys, idKey(id), record.serialize())
  }

  async getPreKey(id: number) {
    return PreKeyRecord.deserialize(await required(this.tx, this.tables.preKeys, 'prekey', id))
  }

  async removePreKey(id: number) {
    this.tx.del(this.tables.preKeys, idKey(id))
    this.tx.del(this.tables.handedOut, idKey(id))
  }
}

class SignedPreKeys extends SignedPreKeyStore {
  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
  ) {
    super()
  }

  async saveSignedPreKey(id: number, record: SignedPreKeyRecord) {
    this.tx.put(this.tables.signedPreKeys, idKey(id), record.serialize())
  }

  async getSignedPreKey(id: number) {
    const bytes = await required(this.tx, this.tables.signedPreKeys, 'signed prekey', id)
    return SignedPreKeyRecord.deserialize(bytes)
  }
}

class KyberPreKeys extends KyberPreKeyStore {
  constructor(
    private readonly tx: Transaction,
    private readonly tables: SignalTables,
  ) {
    super()
  }

  async saveKyberPreKey(id: number, record: KyberPreKeyRecord) {
    this.tx.put(this.tables.kyberPreKeys, idKey(id), record.serialize())
  }

  async getKyberPreKey(id: number) {
    const { tx, tables } = this
    const oneTime = await tx.get(tables.kyberPreKeys, idKey(id))
    const bytes = oneTime ?? (await required(tx, tables.lastResortKyber, 'Kyber prekey', id))
    return KyberPreKeyRecord.deserialize(bytes)
  }

  // A one-time key goes; a last-resort key stays, but the same session opening
  // (signed prekey and base key) may not use it twice.
  async markKyberPreKeyUsed(id: number, signedPreKeyId: number, baseKey: PublicKey) {
    const { tx, tables } = this
    if (await tx.get(tables.kyberPreKeys, idKey(id))) {
      tx.del(tables.kyberPreKeys, idKey(id))
      tx.del(tables.handedOut, idKey(id))
      return
    }
    const base = Buffer.from(baseKey.serialize()).toString('hex')
    const use = `${idKey(id)}:${idKey(signedPreKeyId)}:${base}`
    if (await tx.get(tables.kyberUses, use)) {
      throw new MissingKeyError(`Kyber prekey ${id} was already used to open this session`)
    }
    tx.put(tables.kyberUses, use, new Uint8Array())
  }
}
