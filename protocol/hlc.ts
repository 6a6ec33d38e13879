// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter.
// Both sides of a conversation order messages by it, so they show the same order
// even when their clocks disagree.

export interface HlcTimestamp {
  wall: number
  counter: number
}

const MAX_COUNTER = 0xffff_ffff

export class HybridClock {
  private last: HlcTimestamp = { wall: 0, counter: 0 }

  constructor(
    private readonly now: () => number = Date.now,
    /** A remote reading further ahead than this is not followed (a peer cannot push our clock). */
    private readonly maxDriftMs = 60_000,
  ) {}

  /** Continues after a restart from the latest reading stored. */
  restore(ts: HlcTimestamp): void {
    if (compareHlc(ts, this.last) > 0) this.last = { ...ts }
  }

  /** A reading for a local event (sending a message). */
  tick(): HlcTimestamp {
    const wall = this.now()
    this.last =
      wall > this.last.wall ? { wall, counter: 0 } : bump(this.last.wall, this.last.counter)
    return { ...this.last }
  }

  /** Merges a remote reading (receiving a message) and returns the reading for that event. */
  receive(remote: HlcTimestamp): HlcTimestamp {
    const wall = this.now()
    const trusted = remote.wall <= wall + this.maxDriftMs ? remote : this.last
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
