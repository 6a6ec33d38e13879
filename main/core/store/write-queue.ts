// The one writer of the profile's database. Concurrent writes coalesce into one
// LevelDB batch at a time and land in the order they were made. A write that an
// acknowledgement will vouch for (a message stored, a session advanced before its
// ciphertext leaves) asks for `sync`: its batch is fsynced, and one fsync covers
// every write queued with it and before it (group commit: while one batch is being
// synced, the next fills up).
import type { AbstractBatchOperation, AbstractBatchOptions, AbstractLevel } from 'abstract-level'

// biome-ignore lint/suspicious/noExplicitAny: a root database of any encoding (the sealed one, or classic-level in tests)
type AnyLevel = AbstractLevel<any, any, any>
/** A write: a put or del, usually into a sublevel of the database (`sublevel`). */
export type Op = AbstractBatchOperation<AnyLevel, string, unknown>

export interface WriteOptions {
  /** On disk (fsynced) before the write resolves; by default, handed to the OS. */
  sync?: boolean
}

/** A key nothing else uses: deleting it is the smallest write there is, for a sync with nothing to write. */
const SYNC_MARK = '\u0000sync'

export class WriteQueue {
  private queue: { ops: Op[]; sync: boolean; done: PromiseWithResolvers<void> }[] = []
  private flushing: Promise<void> | undefined
  /** Whether a batch landed without an fsync since the last one that had it. */
  private unsynced = false

  constructor(private readonly db: AnyLevel) {}

  write(ops: Op[], options: WriteOptions = {}): Promise<void> {
    // Nothing to write may still be something to vouch for (a duplicate of a write not yet synced).
    if (ops.length === 0) return options.sync ? this.sync() : Promise.resolve()
    const done = Promise.withResolvers<void>()
    this.queue.push({ ops, sync: options.sync === true, done })
    this.flushing ??= this.flush()
    return done.promise
  }

  /** Resolves once everything written before the call is on disk. */
  sync(): Promise<void> {
    if (!this.unsynced && this.queue.length === 0 && !this.flushing) return Promise.resolve()
    return this.write([{ type: 'del', key: SYNC_MARK }], { sync: true })
  }

  async drain(): Promise<void> {
    await this.flushing
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0)
      const sync = batch.some((b) => b.sync)
      try {
        // classic-level's own option; absent, not false, when not asked for (see sealed-level.ts).
        const options = (sync ? { sync } : {}) as AbstractBatchOptions<string, unknown>
        await this.db.batch(lastWrites(batch.flatMap((b) => b.ops)), options)
        this.unsynced = !sync
        for (const b of batch) b.done.resolve()
      } catch (err) {
        for (const b of batch) b.done.reject(err)
      }
    }
    this.flushing = undefined
  }
}

/**
 * Within one batch only the last write of a key counts (a burst of messages rewrites
 * their conversation's summary each time): the others are dropped before they are
 * sealed and written.
 */
function lastWrites(ops: Op[]): Op[] {
  const seen = new Set<string>()
  const kept: Op[] = []
  for (const op of ops.toReversed()) {
    const { sublevel } = op as { sublevel?: { prefix: string } }
    const id = `${sublevel?.prefix ?? ''}\u0000${String(op.key)}`
    if (seen.has(id)) continue
    seen.add(id)
    kept.push(op)
  }
  return kept.reverse()
}
