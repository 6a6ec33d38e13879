import { describe, expect, it } from 'vitest'
import { KeyedLock } from './keyed-lock.ts'

describe('keyed lock', () => {
  it('makes a second taker of a key wait until the first is done, then lets it in', async () => {
    const lock = new KeyedLock()
    const order: string[] = []
    const releaseFirst = await lock.take(['m1'])
    const second = lock.take(['m2', 'm1']).then((release) => {
      order.push('second')
      release()
    })
    // Keys nobody holds are free at once, even while another taker waits.
    const other = await lock.take(['m3'])
    order.push('other')
    other()
    await Promise.resolve()
    expect(order).toEqual(['other'])
    order.push('first done')
    releaseFirst()
    await second
    expect(order).toEqual(['other', 'first done', 'second'])
    // All released: everything is free again.
    ;(await lock.take(['m1', 'm2', 'm3']))()
  })

  it('runs work on one key in turn, lets go when it fails, and runs other keys at once', async () => {
    const lock = new KeyedLock()
    const order: string[] = []
    const gate = Promise.withResolvers<void>()
    const first = lock.run('peer', async () => {
      await gate.promise
      order.push('first')
      throw new Error('failed')
    })
    const second = lock.run('peer', async () => {
      order.push('second')
      return 2
    })
    await lock.run('other', async () => {
      order.push('other')
    })
    gate.resolve()
    await expect(first).rejects.toThrow('failed')
    await expect(second).resolves.toBe(2)
    expect(order).toEqual(['other', 'first', 'second'])
  })
})
