// The directory's rules and records, in the relay's LevelDB: each handle's signed
// record, and the handle each peer holds. A peer holds at most one handle here:
// claiming another moves it, freeing the old one in the same batch, so hoarding
// handles takes a key and a connection for each. Only the peer a record names may claim it,
// only the holder may release, and every claim must carry a higher seq than the
// holder's last. Changes run one at a time, so two claims on a handle cannot both win.
import { Level } from 'level'
import {
  type DirectoryResponse,
  openRecord,
  readRecord,
  refusal,
  type SignedRecord,
} from '../../protocol/directory.ts'
import { normaliseHandle } from '../../protocol/handle.ts'
import { SignedRecord as WireSignedRecord } from '../../protocol/wire/directory.ts'
import { ConfigError } from '../config.ts'

type Db = Level<string, Uint8Array>

export class Directory {
  private readonly byHandle
  private readonly byPeer
  private changing: Promise<unknown> = Promise.resolve()
  private held = 0

  private constructor(private readonly db: Db) {
    this.byHandle = db.sublevel<string, Uint8Array>('handle', { valueEncoding: 'view' })
    this.byPeer = db.sublevel<string, string>('peer', { valueEncoding: 'utf8' })
  }

  static async open(location: string): Promise<Directory> {
    const db: Db = new Level(location, { valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      // Most likely another relay on the same data directory; level puts the why in `cause`.
      const e = err as Error
      const reason = (e.cause as Error | undefined)?.message ?? e.message
      throw new ConfigError(`cannot open the directory in ${location}: ${reason}`)
    }
    const directory = new Directory(db)
    for await (const _ of directory.byPeer.keys()) directory.held++
    return directory
  }

  /** Handles held right now. */
  get size(): number {
    return this.held
  }

  async lookup(text: string): Promise<DirectoryResponse> {
    const handle = normaliseHandle(text)
    if (!handle.ok) return refusal('invalid', handle.reason)
    const record = await this.get(handle.handle)
    if (!record) return refusal('not-found', `no one holds @${handle.handle} on this relay`)
    return { status: 'ok', reason: '', record: record.signed }
  }

  /** Claims or updates the record's handle for `from`, the peer on the connection. */
  async claim(signed: SignedRecord, from: string): Promise<DirectoryResponse> {
    const opened = await openRecord(signed)
    if (!opened.ok) return refusal(opened.error.code, opened.error.reason)
    const { handle, peerId, seq } = opened.record
    if (peerId !== from) {
      return refusal(
        'forbidden',
        `the record is for ${peerId}, not ${from}: only its owner may claim`,
      )
    }
    return this.exclusive(async () => {
      const holder = await this.get(handle)
      if (holder && holder.peerId !== from) return refusal('taken', `@${handle} is taken`)
      const heldHandle = await this.byPeer.get(from)
      const current = heldHandle === undefined ? undefined : await this.get(heldHandle)
      if (current && seq <= current.seq) {
        return refusal(
          'stale',
          `seq ${seq} is not above ${current.seq}, that of @${current.handle}`,
        )
      }
      const batch = this.db.batch()
      if (current && current.handle !== handle)
        batch.del(current.handle, { sublevel: this.byHandle })
      batch.put(handle, WireSignedRecord.encode(signed), { sublevel: this.byHandle })
      batch.put(from, handle, { sublevel: this.byPeer })
      await batch.write()
      if (!current) this.held++
      return { status: 'ok', reason: '' }
    })
  }

  async release(text: string, from: string): Promise<DirectoryResponse> {
    const handle = normaliseHandle(text)
    if (!handle.ok) return refusal('invalid', handle.reason)
    return this.exclusive(async () => {
      const holder = await this.get(handle.handle)
      if (!holder) return refusal('not-found', `no one holds @${handle.handle} on this relay`)
      if (holder.peerId !== from) {
        return refusal(
          'forbidden',
          `@${handle.handle} is not yours: only its holder may release it`,
        )
      }
      await this.db
        .batch()
        .del(handle.handle, { sublevel: this.byHandle })
        .del(from, { sublevel: this.byPeer })
        .write()
      this.held--
      return { status: 'ok', reason: '' }
    })
  }

  /** Closes the database once the change under way (if any) is written. */
  async close(): Promise<void> {
    await this.changing
    await this.db.close()
  }

  /** The stored record for a normalised handle; it was verified before it was stored. */
  private async get(handle: string) {
    const bytes = await this.byHandle.get(handle)
    if (bytes === undefined) return undefined
    const signed = WireSignedRecord.decode(bytes)
    const read = readRecord(signed)
    if (!read.ok) throw new Error(`stored record for @${handle} is damaged: ${read.error.reason}`)
    return { ...read.record, signed }
  }

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changing.then(change)
    this.changing = run.catch(() => {})
    return run
  }
}
