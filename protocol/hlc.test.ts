import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareHlc, type HlcTimestamp, HybridClock, hlcSortKey } from './hlc.ts'

describe('hybrid logical clock', () => {
  it('is strictly monotonic even when the wall clock stands still or goes back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 200 }),
        (walls) => {
          let i = 0
          const clock = new HybridClock(() => walls[i++ % walls.length] as number)
          let prev: HlcTimestamp = { wall: -1, counter: 0 }
          for (let n = 0; n < walls.length; n++) {
            const next = clock.tick()
            expect(compareHlc(next, prev)).toBeGreaterThan(0)
            prev = next
          }
        },
      ),
    )
  })

  it('orders a received event after the remote send and after our own last event', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.nat({ max: 1000 }),
        (local, remoteWall, remoteCounter) => {
          const clock = new HybridClock(() => local, Number.MAX_SAFE_INTEGER)
          const before = clock.tick()
          const remote = { wall: remoteWall, counter: remoteCounter }
          const got = clock.receive(remote)
          expect(compareHlc(got, remote)).toBeGreaterThan(0)
          expect(compareHlc(got, before)).toBeGreaterThan(0)
        },
      ),
    )
  })

  it('does not let a peer push the clock beyond the drift limit', () => {
    const clock = new HybridClock(() => 1_000, 60_000)
    expect(clock.clamp({ wall: 10_000_000, counter: 7 })).toEqual({ wall: 61_000, counter: 0 })
    expect(clock.clamp({ wall: 2_000, counter: 7 })).toEqual({ wall: 2_000, counter: 7 })
    const got = clock.receive({ wall: 10_000_000, counter: 0 })
    expect(got.wall).toBe(61_000)
    expect(clock.tick().wall).toBe(61_000)
  })

  it('continues after a restore', () => {
    const clock = new HybridClock(() => 5)
    clock.restore({ wall: 100, counter: 3 })
    expect(clock.tick()).toEqual({ wall: 100, counter: 4 })
  })

  it('restores no further than the drift limit ahead', () => {
    const clock = new HybridClock(() => 5, 60_000)
    clock.restore({ wall: 2 ** 47, counter: 3 })
    expect(clock.tick()).toEqual({ wall: 60_005, counter: 1 })
  })

  it('has sort keys that sort like the readings', () => {
    const reading = fc.record({
      wall: fc.nat({ max: 2 ** 47 }),
      counter: fc.nat({ max: 0xffffffff }),
    })
    fc.assert(
      fc.property(reading, reading, (a, b) => {
        const byKey = hlcSortKey(a) < hlcSortKey(b) ? -1 : hlcSortKey(a) > hlcSortKey(b) ? 1 : 0
        expect(byKey).toBe(Math.sign(compareHlc(a, b)))
      }),
    )
  })
})
