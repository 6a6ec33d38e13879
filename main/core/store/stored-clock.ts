// The latest reading of our own clock that is stored (written with our messages and
// with those we receive), so that the clock never runs backwards across restarts.
// Never a peer's reading: those may be far ahead of ours (HybridClock.receive
// clamps them).
import { compareHlc, type HlcTimestamp } from '../../../protocol/hlc.ts'
import { type Op, type ProfileDb, put } from './profile-db.ts'

const CLOCK_KEY = 'clock'

export class StoredClock {
  private constructor(
    private readonly meta: ReturnType<ProfileDb['bytes']>,
    private reading: HlcTimestamp | undefined,
  ) {}

  static async load(db: ProfileDb): Promise<StoredClock> {
    const meta = db.bytes('meta')
    const stored = await meta.get(CLOCK_KEY)
    const reading = stored && (JSON.parse(new TextDecoder().decode(stored)) as HlcTimestamp)
    return new StoredClock(meta, reading)
  }

  latest(): HlcTimestamp | undefined {
    return this.reading
  }

  /** Stores `reading` with a write, if it is the latest. */
  ops(reading: HlcTimestamp): Op[] {
    if (this.reading && compareHlc(reading, this.reading) <= 0) return []
    this.reading = { wall: reading.wall, counter: reading.counter }
    return [put(this.meta, CLOCK_KEY, new TextEncoder().encode(JSON.stringify(this.reading)))]
  }
}
