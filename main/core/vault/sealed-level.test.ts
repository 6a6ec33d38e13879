import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import type { Level } from 'level'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type TempLevel, tempLevel } from '../testing/temp-level.ts'
import { DataKey, SEAL_OVERHEAD } from './data-key.ts'
import { type RawLevel, SealedLevel } from './sealed-level.ts'

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text)
const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined)

let level: TempLevel
let raw: RawLevel
let sealed: SealedLevel
const key = DataKey.generate()

beforeEach(async () => {
  level = await tempLevel('sealed')
  raw = level.raw
  sealed = new SealedLevel(raw, key)
  await sealed.open()
})

afterEach(() => level.remove())

describe('SealedLevel', () => {
  it('stores only sealed values, under the same keys, and reads them back', async () => {
    const messages = sealed.sublevel<string, { text: string }>('m', { valueEncoding: 'json' })
    await messages.put('01A', { text: 'meet me at noon' })
    expect(await messages.get('01A')).toEqual({ text: 'meet me at noon' })

    const stored = await raw.get(bytes('!m!01A'))
    expect(stored).toBeDefined()
    expect(text(stored)).not.toContain('noon')
    expect(stored?.length).toBe(JSON.stringify({ text: 'meet me at noon' }).length + SEAL_OVERHEAD)
    // The same plaintext twice seals differently (a fresh nonce each time).
    await messages.put('01B', { text: 'meet me at noon' })
    expect(Buffer.from((await raw.get(bytes('!m!01B'))) as Uint8Array)).not.toEqual(
      Buffer.from(stored as Uint8Array),
    )
  })

  it('refuses a value changed on disk', async () => {
    await sealed.put('setting', 'blue')
    const stored = (await raw.get(bytes('setting'))) as Uint8Array
    const tampered = Uint8Array.from(stored)
    const at = tampered.length - 20
    tampered[at] = (tampered[at] as number) ^ 1
    await raw.put(bytes('setting'), tampered)
    await expect(sealed.get('setting')).rejects.toThrow(/does not open/)
  })

  it('refuses a value moved to another key, even within a sublevel', async () => {
    const contacts = sealed.sublevel<string, string>('p', { valueEncoding: 'utf8' })
    await contacts.put('alice', 'Alice')
    await contacts.put('bob', 'Bob')
    await raw.put(bytes('!p!bob'), (await raw.get(bytes('!p!alice'))) as Uint8Array)
    await expect(contacts.get('bob')).rejects.toThrow(/does not open/)
    expect(await contacts.get('alice')).toBe('Alice')
  })

  it('refuses values sealed under another key', async () => {
    await sealed.put('k', 'v')
    const other = new SealedLevel(raw, DataKey.generate())
    await other.open()
    await expect(other.get('k')).rejects.toThrow(/does not open/)
    await other.close()
  })

  it('iterates ranges, in reverse, with limits, as keys or values, and in batches', async () => {
    const h = sealed.sublevel<string, string>('h', { valueEncoding: 'utf8' })
    await sealed.batch([
      ...['a', 'b', 'c', 'd'].map((k) => ({
        type: 'put' as const,
        sublevel: h,
        key: k,
        value: k.toUpperCase(),
      })),
      { type: 'put', key: 'outside', value: 'x' },
    ])
    expect(await h.iterator().all()).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
      ['d', 'D'],
    ])
    expect(await h.values({ gt: 'a', lt: 'd', reverse: true }).all()).toEqual(['C', 'B'])
    expect(await h.keys({ gte: 'b', limit: 2 }).all()).toEqual(['b', 'c'])
    expect(await h.getMany(['d', 'zz', 'a'])).toEqual(['D', undefined, 'A'])
    expect(await h.has('c')).toBe(true)
    const it = h.iterator()
    it.seek('c')
    expect(await it.next()).toEqual(['c', 'C'])
    expect(await it.nextv(5)).toEqual([['d', 'D']])
    await it.close()

    await h.batch([{ type: 'del', key: 'a' }])
    await h.clear({ gte: 'd' })
    expect(await h.keys().all()).toEqual(['b', 'c'])
    expect(await sealed.get('outside')).toBe('x')
  })

  it('carries libp2p’s datastore (the peer store) on a sublevel', async () => {
    const store = new LevelDatastore(
      sealed.sublevel<string, Uint8Array>('peers', { valueEncoding: 'view' }) as unknown as Level<
        string,
        Uint8Array
      >,
    )
    await store.open()
    await store.put(new Key('/peers/12D3KooWexample'), bytes('/ip4/127.0.0.1/tcp/4001'))
    expect(text(await store.get(new Key('/peers/12D3KooWexample')))).toBe('/ip4/127.0.0.1/tcp/4001')
    const found = []
    for await (const pair of store.query({ prefix: '/peers' })) found.push(pair.key.toString())
    expect(found).toEqual(['/peers/12D3KooWexample'])
    expect(text(await raw.get(bytes('!peers!/peers/12D3KooWexample')))).not.toContain('127.0.0.1')
    await store.close()
  })

  it('closes with the raw database, and leaves it open when closed itself', async () => {
    await sealed.close()
    expect(raw.status).toBe('open')
    const again = new SealedLevel(raw, key)
    await again.open()
    await raw.close()
    expect(again.status).toBe('closed')
  })
})
