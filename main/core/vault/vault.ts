// A profile's data at rest: its LevelDB, opened raw (which also takes LevelDB's
// lock, so a second process cannot open the profile even while it is locked),
// and its keyring. It hands out the data key for the right passphrase and moves
// the data to new keys, crash-safely:
//
//   1. keyring.json is replaced (atomically) by one whose key is the new data key
//      and whose `resealing.from` says what the values are sealed under now;
//   2. every value is resealed under the new key in ONE LevelDB batch, written
//      with sync, together with a marker sealed under the new key: LevelDB
//      applies a batch whole or not at all, so the values are never split
//      between two keys;
//   3. keyring.json is replaced by the final one, without `resealing`.
//
// A crash before 1 leaves the old keyring; after it, unlocking with the new
// passphrase finds `resealing`, checks the marker to see whether 2 landed, and
// finishes (redoing 2 if it did not, then 3). So after a crash at any moment
// exactly one passphrase, old or new, opens the profile, with all its data.
import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import { DataKey } from './data-key.ts'
import { type KeyringFile, readKeyring, WrappingKey, writeKeyring } from './keyring.ts'
import type { RawLevel } from './sealed-level.ts'
import { pauseForTest } from './test-pause.ts'

const encoder = new TextEncoder()
// A root key: every sublevel key starts with '!', so this cannot collide with one.
const MARKER = encoder.encode('sealed')
const MARKER_TEXT = encoder.encode('every value in this LevelDB is sealed with this data key')

/** A passphrase change failed part-way (a disk error, say). */
export class ResealFailed extends Error {
  constructor(
    /** Which passphrase opens the profile now. */
    readonly passphrase: 'old' | 'new',
    /**
     * The key the values are under, if the client may run on it at once; null
     * while the key file says a reseal is unfinished: only unlocking finishes it.
     */
    readonly runOn: DataKey | null,
    cause: unknown,
  ) {
    super((cause as Error).message, { cause })
    this.name = 'ResealFailed'
  }
}

export class Vault {
  private constructor(
    readonly dir: string,
    readonly db: RawLevel,
    private keyring: KeyringFile | null,
  ) {}

  static async open(dir: string): Promise<Vault> {
    // Only this user may list the profile's files.
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const db = new Level<Uint8Array, Uint8Array>(dir, {
      keyEncoding: 'view',
      valueEncoding: 'view',
    }) as RawLevel
    await db.open()
    try {
      return new Vault(dir, db, await readKeyring(dir))
    } catch (err) {
      await db.close()
      throw err
    }
  }

  /** No keyring yet: a new profile, or one from before keyrings (its values are plaintext). */
  get isNew(): boolean {
    return this.keyring === null
  }

  get protected(): boolean {
    return this.keyring?.protected ?? false
  }

  /** Seals a new or legacy profile under a new data key, wrapped for `passphrase` (or none). */
  async create(passphrase: string | null): Promise<DataKey> {
    if (this.keyring) throw new Error('this profile already has a keyring')
    const wrapping = await WrappingKey.create(passphrase)
    try {
      return await this.reseal(wrapping, 'plaintext')
    } finally {
      wrapping.wipe()
    }
  }

  /** The data key, if `passphrase` (null: none) is right; finishes an interrupted reseal. */
  async unlock(passphrase: string | null): Promise<DataKey> {
    const keyring = this.existing()
    const wrapping = await WrappingKey.forKeyring(keyring, passphrase)
    try {
      const key = wrapping.unwrap('key', keyring.key)
      try {
        await this.settle(keyring, wrapping, key)
        return key
      } catch (err) {
        key.wipe()
        throw err
      }
    } finally {
      wrapping.wipe()
    }
  }

  /**
   * Checks `current`, derives the key for `next`, calls `quiesce` (nothing may write
   * from then on), and moves every value to a new data key wrapped for `next`.
   */
  async change(
    current: string | null,
    next: string | null,
    quiesce: () => Promise<void>,
  ): Promise<DataKey> {
    const old = await this.unlock(current)
    let wrapping: WrappingKey | undefined
    try {
      wrapping = await WrappingKey.create(next)
      await quiesce()
      return await this.reseal(wrapping, old)
    } finally {
      wrapping?.wipe()
      old.wipe()
    }
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  private existing(): KeyringFile {
    if (!this.keyring) throw new Error('this profile has no keyring yet')
    return this.keyring
  }

  /** Steps 1–3 above; returns the new data key. */
  private async reseal(wrapping: WrappingKey, from: DataKey | 'plaintext'): Promise<DataKey> {
    const key = DataKey.generate()
    let keyringReplaced = false
    let resealed = false
    try {
      this.keyring = await writeKeyring(this.dir, wrapping, key, from)
      keyringReplaced = true
      await pauseForTest('resealing')
      await resealValues(this.db, from, key)
      resealed = true
      await pauseForTest('resealed')
      this.keyring = await writeKeyring(this.dir, wrapping, key)
      return key
    } catch (err) {
      if (from === 'plaintext') {
        key.wipe()
        throw err
      }
      if (resealed) throw new ResealFailed('new', key, err)
      key.wipe()
      if (keyringReplaced) throw new ResealFailed('new', null, err)
      throw new ResealFailed('old', DataKey.fromBytes(from.exportBytes()), err)
    }
  }

  /** Finishes a reseal that a crash interrupted, else checks the key belongs to this data. */
  private async settle(keyring: KeyringFile, wrapping: WrappingKey, key: DataKey): Promise<void> {
    const landed = await markerOpens(this.db, key)
    if (!keyring.resealing) {
      if (landed) return
      throw new Error(
        'the data of this profile does not open with the key in keyring.json: was the file replaced?',
      )
    }
    if (!landed) {
      const resealing = keyring.resealing
      const from =
        resealing.from === 'plaintext' ? 'plaintext' : wrapping.unwrap('from', resealing.key)
      try {
        await resealValues(this.db, from, key)
      } finally {
        if (from !== 'plaintext') from.wipe()
      }
    }
    this.keyring = await writeKeyring(this.dir, wrapping, key)
  }
}

async function markerOpens(db: RawLevel, key: DataKey): Promise<boolean> {
  const sealed = await db.get(MARKER)
  if (sealed === undefined) return false
  try {
    key.open(MARKER, sealed)
    return true
  } catch {
    return false
  }
}

/**
 * Step 2: every value from `from` to `to`, and the marker, in one synced batch.
 * The whole profile passes through memory once; fine for a chat history.
 */
async function resealValues(db: RawLevel, from: DataKey | 'plaintext', to: DataKey): Promise<void> {
  const ops: { type: 'put'; key: Uint8Array; value: Uint8Array }[] = []
  for await (const [key, value] of db.iterator()) {
    if (Buffer.from(key).equals(MARKER)) continue
    const plain = from === 'plaintext' ? value : from.open(key, value)
    ops.push({ type: 'put', key, value: to.seal(key, plain) })
  }
  ops.push({ type: 'put', key: MARKER, value: to.seal(MARKER, MARKER_TEXT) })
  await db.batch(ops, { sync: true })
  await compactAll(db)
}

/** Rewrites LevelDB's files so the values as they were before (plaintext, or under the old key) are dropped from them. */
async function compactAll(db: RawLevel): Promise<void> {
  const [first] = await db.keys({ limit: 1 }).all()
  const [last] = await db.keys({ limit: 1, reverse: true }).all()
  if (first && last) await db.compactRange(first, last)
}
