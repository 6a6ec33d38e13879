// How far each side has read each conversation (read receipts): ours, and the
// peer's as their receipts say. Few and small, so all in memory for history().
// Not synced: a read point lost to a power cut is sent or received again.
import { compareHlc, type HlcTimestamp } from '../../../protocol/hlc.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

/** Whose read point: how far we have read a conversation, or how far the peer says it has. */
export type Reader = 'own' | 'peer'

const READERS: readonly Reader[] = ['own', 'peer']

export class ReadPoints {
  private constructor(
    private readonly db: ProfileDb,
    private readonly records: ReturnType<typeof sublevelOf>,
    private readonly reads: Map<string, HlcTimestamp>,
  ) {}

  static async load(db: ProfileDb): Promise<ReadPoints> {
    const records = sublevelOf(db)
    const reads = new Map<string, HlcTimestamp>()
    for await (const [key, upTo] of records.iterator()) reads.set(key, upTo)
    return new ReadPoints(db, records, reads)
  }

  get(conversationId: string, by: Reader): HlcTimestamp | undefined {
    return this.reads.get(readKey(conversationId, by))
  }

  /**
   * Moves a read point forward, never back: false when `upTo` is not beyond it, else
   * where it was before (undefined: nothing was read).
   */
  async advance(
    conversationId: string,
    by: Reader,
    upTo: HlcTimestamp,
  ): Promise<false | { from: HlcTimestamp | undefined }> {
    const key = readKey(conversationId, by)
    const known = this.reads.get(key)
    if (known && compareHlc(upTo, known) <= 0) return false
    // Set before the write: a concurrent, older receipt then sees this one.
    this.reads.set(key, upTo)
    await this.db.write([put(this.records, key, upTo)])
    return { from: known }
  }

  /** Forgets a conversation's read points (with its messages). */
  deleteOps(conversationId: string): Op[] {
    return READERS.map((by) => {
      const key = readKey(conversationId, by)
      this.reads.delete(key)
      return del(this.records, key)
    })
  }
}

function sublevelOf(db: ProfileDb) {
  return db.sublevel<HlcTimestamp>('r', 'json')
}

function readKey(conversationId: string, by: Reader): string {
  return `${conversationId}!${by}`
}
