// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter.
// Both sides of a conversation order messages by it, so they show the same order
// even when their clocks disagree.

export interface HlcTimestamp {
  wall: number
  counter: number
}

const MAX_COUNTER = 0xffff_ffff
/** Latest wall reading a clock may have: 12 hex digits in hlcSortKey (the year 10889). */
export const MAX_HLC_WALL = 2 ** 48 - 1

export class HybridClock {
  private last: HlcTimestamp = { wall: 0, counter: 0 }

  constructor(
    private readonly now: () => number = Date.now,
    /** A remote reading further ahead than this is not followed (a peer cannot push our clock). */
    private readonly maxDriftMs = 60_000,
  ) {}

  /**
   * Continues after a restart from our latest reading stored, but never from beyond
   * the drift limit ahead of the wall clock (a reading made while it was set wrong).
   */
  restore(ts: HlcTimestamp): void {
    const from = this.clamp(ts)
    if (compareHlc(from, this.last) > 0) this.last = from
  }

  /**
   * A remote reading as we take it: at most the drift limit ahead of our wall clock,
   * so that a peer can push neither our clock nor its messages' order further.
   */
  clamp(remote: HlcTimestamp): HlcTimestamp {
    const limit = this.now() + this.maxDriftMs
    return remote.wall <= limit ? { ...remote } : { wall: limit, counter: 0 }
  }

  /** The latest reading given out (what to store, so that a restart continues from it). */
  get latest(): HlcTimestamp {
    return { ...this.last }
  }

  /** A reading for a local event (sending a message). */
  tick(): HlcTimestamp {
    const wall = this.now()
    this.last =
      wall > this.last.wall ? { wall, counter: 0 } : bump(this.last.wall, this.last.counter)
    return { ...this.last }
  }

  /** Merges a remote reading (receiving a message), clamped, and returns the reading for that event. */
  receive(remote: HlcTimestamp): HlcTimestamp {
    const wall = this.now()
    const trusted = this.clamp(remote)
    const maxWall = Math.max(wall, this.last.wall, trusted.wall)
    if (maxWall === wall && wall > this.last.wall && wall > trusted.wall) {
      this.last = { wall, counter: 0 }
    } else if (maxWall === this.last.wall && maxWall === trusted.wall) {
      this.last = bump(maxWall, Math.max(this.last.counter, trusted.counter))
    } else if (maxWall === this.last.wall) {
      this.last = bump(maxWall, this.last.counter)
    } else {
      this.last = bump(maxWall, trusted.counter)
    }
    return { ...this.last }
  }
}

function bump(wall: number, counter: number): HlcTimestamp {
  // Counter overflow within one millisecond: borrow the next millisecond.
  return counter >= MAX_COUNTER ? { wall: wall + 1, counter: 0 } : { wall, counter: counter + 1 }
}

export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wall - b.wall || a.counter - b.counter
}

/** A fixed-width string that sorts like the clock reading (for database keys). */
export function hlcSortKey(ts: HlcTimestamp): string {
  return ts.wall.toString(16).padStart(12, '0') + ts.counter.toString(16).padStart(8, '0')
}
