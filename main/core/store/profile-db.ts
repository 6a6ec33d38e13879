// The profile's database as the store's parts share it: one write queue (so their
// writes coalesce into single batches and land in the order they were made), one
// set of claims on keys being checked and written, and the helpers that make the
// writes. The database is the profile's SealedLevel: values are sealed on their way
// to disk.
import { KeyedLock } from '../lib/keyed-lock.ts'
import type { SealedLevel } from '../vault/sealed-level.ts'
import { type Op, type WriteOptions, WriteQueue } from './write-queue.ts'

export type { Op, WriteOptions }
export type Db = SealedLevel

/** What a user's action or a peer's acknowledgement vouches for: on disk before it resolves. */
export const DURABLE: WriteOptions = { sync: true }

/** A sublevel of the profile's database, as its parts use them. */
export interface Sublevel {
  prefix: string
  prefixKey(key: string, keyFormat: 'utf8', local: boolean): string
}

export class ProfileDb {
  private readonly writes: WriteQueue
  /** Keys being checked and written right now: a second writer of one waits for the first. */
  readonly claims = new KeyedLock()

  constructor(readonly db: Db) {
    this.writes = new WriteQueue(db)
  }

  sublevel<V>(name: string, valueEncoding: 'json' | 'utf8') {
    return this.db.sublevel<string, V>(name, { valueEncoding })
  }

  /** A sublevel of raw bytes, for other components of the core (libp2p's peer store, Signal's state). */
  bytes(name: string) {
    return this.db.sublevel<string, Uint8Array>(name, { valueEncoding: 'view' })
  }

  /** Writes `ops` (on any of the profile's sublevels) in the profile's write queue. */
  write(ops: Op[], options?: WriteOptions): Promise<void> {
    return this.writes.write(ops, options)
  }

  /** Resolves once everything written so far is on disk. */
  sync(): Promise<void> {
    return this.writes.sync()
  }

  /** Drops the earlier versions of `keys` in `sublevel` from the disk (SealedLevel.compactKeys). */
  compact(sublevel: Sublevel, keys: string[]): Promise<void> {
    return this.db.compactKeys(keys.map((key) => sublevel.prefixKey(key, 'utf8', false)))
  }

  async close(): Promise<void> {
    await this.writes.drain()
    await this.db.close()
  }
}

export function put<V>(sublevel: { prefix: string }, key: string, value: V): Op {
  return { type: 'put', sublevel, key, value } as unknown as Op
}

export function del(sublevel: { prefix: string }, key: string): Op {
  return { type: 'del', sublevel, key } as unknown as Op
}
