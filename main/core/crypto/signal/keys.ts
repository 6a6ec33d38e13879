// This profile's Signal keys: the identity key pair (made once, kept for the life
// of the profile, bound to the libp2p peer id), the signed prekey and the
// last-resort Kyber prekey (rotated weekly, kept long after for sessions opened
// from an old bundle), and batches of one-time EC and Kyber prekeys (each handed
// to one peer, deleted once used or, unused, a few days after it was handed out,
// refilled when running low).

import { randomInt } from 'node:crypto'
import type { PrivateKey as Libp2pKey } from '@libp2p/interface'
import {
  IdentityKeyPair,
  KEMKeyPair,
  KyberPreKeyRecord,
  PreKeyRecord,
  PrivateKey,
  SignedPreKeyRecord,
} from '@signalapp/libsignal-client'
import PQueue from 'p-queue'
import {
  type IdentityBinding,
  MAX_PREKEY_ID,
  MAX_REGISTRATION_ID,
  type PreKeyBundle,
  type SignedPreKey,
} from '../../../../protocol/prekeys.ts'
import { signBinding } from './binding.ts'
import { idKey, type OwnIdentity, type SignalTables, type Transaction } from './stores.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** How often the signed and last-resort Kyber prekeys change. */
export const ROTATE_EVERY_MS = 7 * DAY_MS
/**
 * How long a replaced signed or last-resort prekey is kept: a session opening may
 * have been made from a bundle fetched before the rotation, then waited out the
 * relay mailbox's 30 days.
 */
export const KEEP_RETIRED_MS = 60 * DAY_MS
/**
 * How long a one-time prekey handed out stays usable: a peer opens its session at
 * once, and one who never does (or asked only to make us keep keys) costs nothing after.
 */
export const HANDED_OUT_TTL_MS = 3 * DAY_MS
/** One-time prekeys made at a time, and the stock below which more are made. */
export const ONE_TIME_BATCH = 100
export const REFILL_BELOW = 25

interface KeyState {
  registrationId: number
  /** Every prekey, of whatever kind, takes the next id: ids never repeat. */
  nextId: number
  signedPreKeyId: number
  lastResortKyberId: number
  rotatedAt: number
  /** The highest one-time EC and Kyber prekey ids handed out: each goes to one peer only. */
  handedOut: number
  handedOutKyber: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class KeyRing {
  /** One change of the keys at a time: each reads the state the one before saved. */
  private readonly changes = new PQueue({ concurrency: 1 })

  private constructor(
    private readonly tables: SignalTables,
    readonly own: OwnIdentity,
    readonly binding: IdentityBinding,
    private state: KeyState,
    private readonly now: () => number,
  ) {}

  /** Loads the profile's keys, making the identity on first use, and rotates what is due. */
  static async open(
    tables: SignalTables,
    peerId: string,
    libp2pKey: Libp2pKey,
    now: () => number,
  ): Promise<KeyRing> {
    let pair = await tables.own.get('identity')
    let state = await tables.own.get('state')
    if (!pair || !state) {
      pair = IdentityKeyPair.generate().serialize()
      state = encodeState({
        registrationId: randomInt(1, MAX_REGISTRATION_ID + 1),
        nextId: 1,
        signedPreKeyId: 0,
        lastResortKyberId: 0,
        rotatedAt: 0,
        handedOut: 0,
        handedOutKyber: 0,
      })
      await tables.write(
        [
          { type: 'put', sublevel: tables.own, key: 'identity', value: pair },
          { type: 'put', sublevel: tables.own, key: 'state', value: state },
        ],
        { sync: true },
      )
    }
    const keyPair = IdentityKeyPair.deserialize(pair)
    const decoded = JSON.parse(decoder.decode(state)) as KeyState
    const own = { keyPair, registrationId: decoded.registrationId }
    const binding = await signBinding(peerId, libp2pKey, keyPair)
    const ring = new KeyRing(tables, own, binding, decoded, now)
    // A new ring needs its prekeys at once; an older one's upkeep waits for its
    // owner's call (the network's start, when peers can ask for a bundle), which
    // keeps it off a profile's opening.
    if (decoded.signedPreKeyId === 0) await ring.rotate()
    return ring
  }

  /**
   * Replaces the signed and last-resort Kyber prekeys once they are a week old,
   * deletes those retired long enough ago, and refills the one-time prekeys.
   * Bundles published on relays must be published again when it returns true.
   */
  rotate(): Promise<boolean> {
    return this.exclusive(async (tx, state) => {
      const now = this.now()
      const due = state.signedPreKeyId === 0 || now - state.rotatedAt >= ROTATE_EVERY_MS
      if (due) {
        state.signedPreKeyId = this.makeSignedPreKey(tx, state, now)
        state.lastResortKyberId = this.makeKyberPreKey(tx, state, now, this.tables.lastResortKyber)
        state.rotatedAt = now
      }
      await this.retire(tx, state, now - ROTATE_EVERY_MS - KEEP_RETIRED_MS)
      await this.expire(tx, now - HANDED_OUT_TTL_MS)
      await this.refill(tx, state, now)
      return due
    })
  }

  /**
   * A bundle for peers to open sessions with. With `oneTime`, it carries a one-time
   * EC and a one-time Kyber prekey that no other bundle gets (for a bundle handed to
   * one peer); without, only the signed and last-resort keys (for a bundle many may
   * fetch from a relay).
   */
  bundle({ oneTime }: { oneTime: boolean }): Promise<PreKeyBundle> {
    return this.exclusive(async (tx, state) => {
      const { tables } = this
      const signed = SignedPreKeyRecord.deserialize(
        await required(tx, tables.signedPreKeys, state.signedPreKeyId),
      )
      let kyber = KyberPreKeyRecord.deserialize(
        await required(tx, tables.lastResortKyber, state.lastResortKyberId),
      )
      let preKey: PreKeyBundle['preKey']
      if (oneTime) {
        const ec = PreKeyRecord.deserialize(
          await required(tx, tables.preKeys, await firstAfter(tables.preKeys, state.handedOut)),
        )
        kyber = KyberPreKeyRecord.deserialize(
          await required(
            tx,
            tables.kyberPreKeys,
            await firstAfter(tables.kyberPreKeys, state.handedOutKyber),
          ),
        )
        state.handedOut = ec.id()
        state.handedOutKyber = kyber.id()
        const now = this.now()
        for (const id of [ec.id(), kyber.id()]) tx.put(tables.handedOut, idKey(id), encodeTime(now))
        preKey = { id: ec.id(), publicKey: ec.publicKey().serialize() }
        await this.expire(tx, now - HANDED_OUT_TTL_MS)
        // Refilled after: the stock never falls below REFILL_BELOW - 1.
        await this.refill(tx, state, now)
      }
      return {
        binding: this.binding,
        registrationId: this.own.registrationId,
        signedPreKey: publicPart(signed),
        kyberPreKey: publicPart(kyber),
        ...(preKey ? { preKey } : {}),
      }
    })
  }

  private makeSignedPreKey(tx: Transaction, state: KeyState, now: number): number {
    const id = nextId(state)
    const key = PrivateKey.generate()
    const signature = this.own.keyPair.privateKey.sign(key.getPublicKey().serialize())
    const record = SignedPreKeyRecord.new(id, now, key.getPublicKey(), key, signature)
    tx.put(this.tables.signedPreKeys, idKey(id), record.serialize())
    return id
  }

  private makeKyberPreKey(
    tx: Transaction,
    state: KeyState,
    now: number,
    table: SignalTables['kyberPreKeys'],
  ): number {
    const id = nextId(state)
    const pair = KEMKeyPair.generate()
    const signature = this.own.keyPair.privateKey.sign(pair.getPublicKey().serialize())
    tx.put(table, idKey(id), KyberPreKeyRecord.new(id, now, pair, signature).serialize())
    return id
  }

  /** Deletes signed and last-resort Kyber prekeys made before `before`, but never the current ones. */
  private async retire(tx: Transaction, state: KeyState, before: number): Promise<void> {
    const { signedPreKeys, lastResortKyber, kyberUses } = this.tables
    for await (const [key, bytes] of signedPreKeys.iterator()) {
      const record = SignedPreKeyRecord.deserialize(bytes)
      if (record.id() !== state.signedPreKeyId && record.timestamp() < before) {
        tx.del(signedPreKeys, key)
      }
    }
    for await (const [key, bytes] of lastResortKyber.iterator()) {
      const record = KyberPreKeyRecord.deserialize(bytes)
      if (record.id() === state.lastResortKyberId || record.timestamp() >= before) continue
      tx.del(lastResortKyber, key)
      for await (const use of kyberUses.keys({ gt: `${key}:`, lt: `${key};` })) {
        tx.del(kyberUses, use)
      }
    }
  }

  /** Deletes the one-time prekeys handed out before `before` and never used. */
  private async expire(tx: Transaction, before: number): Promise<void> {
    const { handedOut, preKeys, kyberPreKeys } = this.tables
    for await (const [key, at] of handedOut.iterator()) {
      if (decodeTime(at) >= before) continue
      tx.del(handedOut, key)
      // An id is of one kind or the other (ids never repeat): deleting both is deleting it.
      tx.del(preKeys, key)
      tx.del(kyberPreKeys, key)
    }
  }

  /** Makes a batch of one-time EC and Kyber prekeys where fewer than REFILL_BELOW are left to hand out. */
  private async refill(tx: Transaction, state: KeyState, now: number): Promise<void> {
    const { preKeys, kyberPreKeys } = this.tables
    if ((await countAfter(preKeys, state.handedOut)) < REFILL_BELOW) {
      for (let i = 0; i < ONE_TIME_BATCH; i++) {
        const id = nextId(state)
        const key = PrivateKey.generate()
        tx.put(preKeys, idKey(id), PreKeyRecord.new(id, key.getPublicKey(), key).serialize())
      }
    }
    if ((await countAfter(kyberPreKeys, state.handedOutKyber)) < REFILL_BELOW) {
      for (let i = 0; i < ONE_TIME_BATCH; i++) this.makeKyberPreKey(tx, state, now, kyberPreKeys)
    }
  }

  /** Runs one change of the keys at a time, in a transaction, with the state saved along. */
  private exclusive<T>(change: (tx: Transaction, state: KeyState) => Promise<T>): Promise<T> {
    return this.changes.add(async () => {
      const tx = this.tables.transaction()
      const state = { ...this.state }
      const result = await change(tx, state)
      tx.put(this.tables.own, 'state', encodeState(state))
      await tx.commit()
      this.state = state
      return result
    })
  }
}

function nextId(state: KeyState): number {
  // 100 a week would take three thousand years to run out.
  if (state.nextId > MAX_PREKEY_ID) throw new Error('this profile has used up its prekey ids')
  return state.nextId++
}

function publicPart(record: SignedPreKeyRecord | KyberPreKeyRecord): SignedPreKey {
  return {
    id: record.id(),
    publicKey: record.publicKey().serialize(),
    signature: record.signature(),
  }
}

function encodeTime(ms: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setFloat64(0, ms)
  return bytes
}

function decodeTime(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(0)
}

function encodeState(state: KeyState): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(state))
}

async function required(tx: Transaction, table: SignalTables['preKeys'], id: number | undefined) {
  const bytes = id === undefined ? undefined : await tx.get(table, idKey(id))
  if (!bytes) throw new Error(`the profile's prekey ${id} is missing`)
  return bytes
}

/** Ids of prekeys in `table` after `id`, oldest first, as stored (not counting the transaction). */
async function* idsAfter(table: SignalTables['preKeys'], id: number) {
  for await (const key of table.keys({ gt: idKey(id) })) yield Number.parseInt(key, 16)
}

async function firstAfter(table: SignalTables['preKeys'], id: number) {
  for await (const next of idsAfter(table, id)) return next
  return undefined
}

async function countAfter(table: SignalTables['preKeys'], id: number): Promise<number> {
  let n = 0
  for await (const _ of idsAfter(table, id)) n++
  return n
}
