// Per-peer token buckets: each peer may make `burst` requests at once, and earns
// them back at `perMinute`. Buckets live in memory only; a restart forgives everyone,
// and so, where `maxTracked` bounds their memory, does being the peer heard from
// least recently among too many.

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
    private readonly maxTracked = Number.POSITIVE_INFINITY,
  ) {}

  /** Takes one token from `key`'s bucket, or says how long until there is one. */
  take(key: string): Take {
    const now = this.now()
    const tokens = this.tokens(key, now)
    if (tokens < 1) {
      // Heard from, so kept track of: a peer that keeps asking stays limited.
      const bucket = this.buckets.get(key)
      if (bucket) this.touch(key, bucket)
      return { ok: false, retryInMs: Math.ceil(((1 - tokens) * 60_000) / this.perMinute) }
    }
    this.touch(key, { tokens: tokens - 1, at: now })
    if (this.buckets.size > Math.min(this.sweepAbove, this.maxTracked)) this.sweep(now)
    return { ok: true }
  }

  /** Sets a bucket last: the map's order is least recently heard from first. */
  private touch(key: string, bucket: { tokens: number; at: number }): void {
    this.buckets.delete(key)
    this.buckets.set(key, bucket)
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
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxTracked) break
      this.buckets.delete(key)
    }
  }
}
