// How far each side has read each conversation (read receipts): ours, and the
// peer's as their receipts say, or in a group each member's. Few and small (a
// group's are bounded by its members), so all in memory for history().
// Not synced: a read point lost to a power cut is sent or received again.
import { compareHlc, type HlcTimestamp } from '../../../protocol/hlc.ts'
import { del, type Op, type ProfileDb, put } from './profile-db.ts'

/**
 * Whose read point: how far we have read a conversation, how far the peer says it
 * has, or (a group's) how far a member says it has.
 */
export type Reader = 'own' | 'peer' | { member: string }

export class ReadPoints {
  /** Members' read points, by conversation then member. */
  private readonly members = new Map<string, Map<string, HlcTimestamp>>()

  private constructor(
    private readonly db: ProfileDb,
    private readonly records: ReturnType<typeof sublevelOf>,
    private readonly reads: Map<string, HlcTimestamp>,
  ) {
    for (const [key, upTo] of reads) this.remember(key, upTo)
  }

  static async load(db: ProfileDb): Promise<ReadPoints> {
    const records = sublevelOf(db)
    const reads = new Map<string, HlcTimestamp>()
    for await (const [key, upTo] of records.iterator()) reads.set(key, upTo)
    return new ReadPoints(db, records, reads)
  }

  get(conversationId: string, by: Reader): HlcTimestamp | undefined {
    return this.reads.get(readKey(conversationId, by))
  }

  /** How far each member has read a group's conversation, as they said. */
  ofMembers(conversationId: string): ReadonlyMap<string, HlcTimestamp> {
    return this.members.get(conversationId) ?? new Map()
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
    this.remember(key, upTo)
    await this.db.write([put(this.records, key, upTo)])
    return { from: known }
  }

  /** Forgets a conversation's read points (with its messages). */
  deleteOps(conversationId: string): Op[] {
    const members = [...this.ofMembers(conversationId).keys()].map((member) => ({ member }))
    this.members.delete(conversationId)
    return (['own', 'peer', ...members] as Reader[]).map((by) => {
      const key = readKey(conversationId, by)
      this.reads.delete(key)
      return del(this.records, key)
    })
  }

  /** Keeps a member's read point where ofMembers() finds it. */
  private remember(key: string, upTo: HlcTimestamp): void {
    const at = key.indexOf(MEMBER)
    if (at === -1) return
    const conversationId = key.slice(0, at)
    const members = this.members.get(conversationId) ?? new Map<string, HlcTimestamp>()
    members.set(key.slice(at + MEMBER.length), upTo)
    this.members.set(conversationId, members)
  }
}

/** What comes between a conversation's id and a member's in the member's key. */
const MEMBER = '!m!'

function sublevelOf(db: ProfileDb) {
  return db.sublevel<HlcTimestamp>('r', 'json')
}

function readKey(conversationId: string, by: Reader): string {
  return typeof by === 'string'
    ? `${conversationId}!${by}`
    : `${conversationId}${MEMBER}${by.member}`
}
