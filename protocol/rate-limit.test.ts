import { describe, expect, it } from 'vitest'
import { TokenBuckets } from './rate-limit.ts'

describe('token buckets', () => {
  it('allow a burst, then one request per earned token, per peer', () => {
    let now = 0
    const buckets = new TokenBuckets(6, 3, () => now) // a token every 10 s
    for (let i = 0; i < 3; i++) expect(buckets.take('a')).toEqual({ ok: true })
    expect(buckets.take('a')).toEqual({ ok: false, retryInMs: 10_000 })
    expect(buckets.take('b')).toEqual({ ok: true }) // others are not affected
    now = 4_000
    expect(buckets.take('a')).toEqual({ ok: false, retryInMs: 6_000 })
    now = 10_000
    expect(buckets.take('a')).toEqual({ ok: true })
    expect(buckets.take('a').ok).toBe(false)
    now = 1_000_000 // refills up to the burst, no further
    for (let i = 0; i < 3; i++) expect(buckets.take('a').ok).toBe(true)
    expect(buckets.take('a').ok).toBe(false)
  })

  it('track at most maxTracked peers, forgetting the one heard from least recently', () => {
    const buckets = new TokenBuckets(1, 1, () => 0, 2)
    expect(buckets.take('a').ok).toBe(true)
    expect(buckets.take('b').ok).toBe(true)
    expect(buckets.take('a').ok).toBe(false) // a is heard from again: b is now the oldest
    expect(buckets.take('c').ok).toBe(true) // b is forgotten
    expect(buckets.take('a').ok).toBe(false)
    expect(buckets.take('b').ok).toBe(true)
  })
})
