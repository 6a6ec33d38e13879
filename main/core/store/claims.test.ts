import { describe, expect, it } from 'vitest'
import { Claims } from './claims.ts'

describe('claims', () => {
  it('make a second writer of a key wait until the first is done, then let it in', async () => {
    const claims = new Claims()
    const order: string[] = []
    const releaseFirst = await claims.take(['m1'])
    const second = claims.take(['m2', 'm1']).then((release) => {
      order.push('second')
      release()
    })
    // Keys nobody holds are free at once, even while another writer waits.
    const other = await claims.take(['m3'])
    order.push('other')
    other()
    await Promise.resolve()
    expect(order).toEqual(['other'])
    order.push('first done')
    releaseFirst()
    await second
    expect(order).toEqual(['other', 'first done', 'second'])
    // All released: everything is free again.
    ;(await claims.take(['m1', 'm2', 'm3']))()
  })
})
