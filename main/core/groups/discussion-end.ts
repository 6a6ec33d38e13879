// When a temporary discussion group ends for us: its time after its last message
// ran out, we are no longer in it, or everyone else has left. Each member decides
// for itself, from what it holds: the clock readings of messages (bounded by the
// drift limit where they are taken) and of log entries (never later than now).
import type { GroupState } from '../../../protocol/group-merge.ts'
import type { GroupRecord } from '../store/group-records.ts'

/** setTimeout's longest wait: an end further off is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** When a discussion ends if nothing more is said; undefined for a group, or one that ended. */
export function endsAt(state: GroupState, record: GroupRecord): number | undefined {
  if (state.kind !== 'discussion' || record.ended) return undefined
  return (record.active ?? 0) + state.idleMs
}

/** Whether a discussion is over for `self` now (a group never is). */
export function isOver(state: GroupState, record: GroupRecord, self: string, now: number): boolean {
  if (state.kind !== 'discussion' || record.ended) return false
  const inIt = state.members.some((m) => m.peerId === self)
  return !inIt || state.members.length < 2 || (endsAt(state, record) ?? Infinity) <= now
}

/** Calls `due` when the earliest end armed comes (one timer for every discussion). */
export class EndTimer {
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly due: () => Promise<void>) {}

  /** Waits for `next` (ms since the epoch) instead of what it waited for; none: waits for nothing. */
  arm(next: number | undefined): void {
    clearTimeout(this.timer)
    if (this.stopped || next === undefined) return
    const wait = Math.min(Math.max(0, next - Date.now()), MAX_TIMER_MS)
    this.timer = setTimeout(() => void this.due(), wait)
    this.timer.unref()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }
}
