// Per-peer token buckets: each peer may make `burst` requests at once, and earns
// them back at `perMinute`. Buckets live in memory only; a restart forgives everyone.

/** Beyond this many tracked peers, buckets that have filled up again are forgotten. */
const SWEEP_ABOVE = 10_000

export type Take = { ok: true } | { ok: false; retryInMs: number }

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private sweepAbove = SWEEP_ABOVE

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token from `key`'s bucket, or says how long until there is one. */
  take(key: string): Take {
    const now = this.now()
    const tokens = this.tokens(key, now)
    if (tokens < 1) {
      return { ok: false, retryInMs: Math.ceil(((1 - tokens) * 60_000) / this.perMinute) }
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    if (this.buckets.size > this.sweepAbove) this.sweep(now)
    return { ok: true }
  }

  private tokens(key: string, now: number): number {
    const bucket = this.buckets.get(key)
    if (!bucket) return this.burst
    return Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000)
  }

  // A full bucket is the same as none. Sweeping again only once the map has doubled
  // keeps this linear when many peers are active at once.
  private sweep(now: number): void {
    for (const key of this.buckets.keys()) {
      if (this.tokens(key, now) >= this.burst) this.buckets.delete(key)
    }
    this.sweepAbove = Math.max(SWEEP_ABOVE, this.buckets.size * 2)
  }
}
