// A LevelDB whose every value is sealed with the profile's data key. It is an
// abstract-level database over the raw one, so everything built on it (the
// ChatStore's sublevels, libp2p's peer store through datastore-level) reads and
// writes plaintext while only sealed values reach the disk. Keys stay as they
// are (LevelDB sorts and ranges over them); each value is bound to its full key,
// sublevel prefix included.
//
// The raw database is borrowed: it stays open when this one closes, so the
// profile stays locked against a second process while it is locked to the user.
import {
  AbstractIterator,
  type AbstractIteratorOptions,
  AbstractLevel,
  type AbstractOpenOptions,
} from 'abstract-level'
import type { Level } from 'level'
import type { DataKey } from './data-key.ts'

/** The profile's LevelDB as stored, keys and values as bytes; `level` in Node is classic-level, which compacts. */
export type RawLevel = Level<Uint8Array, Uint8Array> & {
  compactRange(start: Uint8Array, end: Uint8Array): Promise<void>
}

type Bytes = Uint8Array
type Entry = [Bytes, Bytes | undefined]
interface RangeOptions {
  gt?: Bytes
  gte?: Bytes
  lt?: Bytes
  lte?: Bytes
  reverse?: boolean
  limit?: number
  keys?: boolean
  values?: boolean
}
interface PrivateOp {
  type: 'put' | 'del'
  key: Bytes
  value?: Bytes
}

const RAW = { keyEncoding: 'view', valueEncoding: 'view' } as const

export class SealedLevel extends AbstractLevel<Bytes, string, string> {
  constructor(
    readonly raw: RawLevel,
    private readonly key: DataKey,
  ) {
    // Only 'view' underneath: abstract-level transcodes utf8, json and the rest to bytes.
    super(
      { encodings: { view: true }, has: true, seek: true, implicitSnapshots: true },
      { keyEncoding: 'utf8', valueEncoding: 'utf8' },
    )
  }

  async _open(_options: AbstractOpenOptions): Promise<void> {
    await this.raw.open({ passive: true })
    this.raw.attachResource(this)
  }

  async _close(): Promise<void> {
    this.raw.detachResource(this)
  }

  /**
   * Rewrites the files that hold `keys` so that their earlier values are gone from
   * disk, not only superseded: sealed, they are still readable with the data key.
   */
  async compactKeys(keys: string[]): Promise<void> {
    for (const key of keys) {
      const bytes = new TextEncoder().encode(key)
      await this.raw.compactRange(bytes, bytes)
    }
  }

  async _get(key: Bytes): Promise<Bytes | undefined> {
    const sealed = await this.raw.get(key, RAW)
    return sealed === undefined ? undefined : this.key.open(key, sealed)
  }

  async _getMany(keys: Bytes[]): Promise<(Bytes | undefined)[]> {
    const sealed = await this.raw.getMany(keys, RAW)
    return sealed.map((value, i) =>
      value === undefined ? undefined : this.key.open(keys[i] as Bytes, value),
    )
  }

  async _has(key: Bytes): Promise<boolean> {
    return this.raw.has(key, RAW)
  }

  async _hasMany(keys: Bytes[]): Promise<boolean[]> {
    return this.raw.hasMany(keys, RAW)
  }

  async _put(key: Bytes, value: Bytes, options: { sync?: boolean }): Promise<void> {
    await this.raw.put(key, this.key.seal(key, value), { ...RAW, ...syncOption(options) })
  }

  async _del(key: Bytes, options: { sync?: boolean }): Promise<void> {
    await this.raw.del(key, { keyEncoding: 'view', ...syncOption(options) })
  }

  async _batch(operations: PrivateOp[], options: { sync?: boolean }): Promise<void> {
    const sealed = operations.map((op) =>
      op.type === 'put'
        ? { type: 'put' as const, key: op.key, value: this.key.seal(op.key, op.value as Bytes) }
        : { type: 'del' as const, key: op.key },
    )
    await this.raw.batch(sealed, { ...RAW, ...syncOption(options) })
  }

  async _clear(options: RangeOptions): Promise<void> {
    await this.raw.clear({ ...range(options), keyEncoding: 'view' })
  }

  _iterator(options: AbstractIteratorOptions<Bytes, Bytes> & RangeOptions) {
    return new SealedIterator(this, options, this.raw, this.key)
  }
}

/**
 * classic-level fsyncs when `sync` is present but undefined (measured: a put takes
 * 185 µs instead of 27): pass it on only when a caller asked for it.
 */
function syncOption(options: { sync?: boolean }): { sync?: true } {
  return options.sync === true ? { sync: true } : {}
}

function range(options: RangeOptions): RangeOptions {
  const { gt, gte, lt, lte, reverse, limit } = options
  return Object.fromEntries(
    Object.entries({ gt, gte, lt, lte, reverse, limit }).filter(([, v]) => v !== undefined),
  )
}

/** Iterates the raw database in the same range, opening each value (its key is the context). */
class SealedIterator extends AbstractIterator<SealedLevel, Bytes, Bytes> {
  private readonly inner
  private readonly values: boolean

  constructor(
    db: SealedLevel,
    options: AbstractIteratorOptions<Bytes, Bytes> & RangeOptions,
    raw: RawLevel,
    private readonly key: DataKey,
  ) {
    super(db, options)
    this.values = options.values !== false
    // Keys are always read: a value opens only with its key.
    this.inner = raw.iterator({ ...range(options), ...RAW, keys: true, values: this.values })
  }

  private entry([key, value]: [Bytes, Bytes]): Entry {
    return [key, this.values ? this.key.open(key, value) : undefined]
  }

  async _next(): Promise<Entry | undefined> {
    const found = await this.inner.next()
    return found === undefined ? undefined : this.entry(found)
  }

  async _nextv(size: number): Promise<Entry[]> {
    return (await this.inner.nextv(size)).map((e) => this.entry(e))
  }

  async _all(): Promise<Entry[]> {
    return (await this.inner.all()).map((e) => this.entry(e))
  }

  _seek(target: Bytes): void {
    this.inner.seek(target, { keyEncoding: 'view' })
  }

  async _close(): Promise<void> {
    await this.inner.close()
  }
}
