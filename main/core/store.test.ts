// The store against a real LevelDB on disk, sealed as a profile's is.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../../protocol/api.ts'
import { directConversationId } from '../../protocol/ids.ts'
import { DataKey } from './data-key.ts'
import { type RawLevel, SealedLevel } from './sealed-level.ts'
import { ChatStore } from './store.ts'

const ME = '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB'
const PEER = '12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb'
const CONV = directConversationId(ME, PEER)

let dir: string
let raw: RawLevel
let store: ChatStore
const key = DataKey.generate()
const open = () => ChatStore.open(new SealedLevel(raw, key))

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-store-'))
  raw = new Level<Uint8Array, Uint8Array>(dir, {
    keyEncoding: 'view',
    valueEncoding: 'view',
  }) as RawLevel
  await raw.open()
  store = await open()
})

afterEach(async () => {
  await store.close()
  await raw.close()
  await rm(dir, { recursive: true, force: true })
})

function message(n: number, direction: 'in' | 'out'): Message {
  return {
    id: `01JH00000000000000000000${n.toString().padStart(2, '0')}`,
    conversationId: CONV,
    peerId: PEER,
    sender: direction === 'in' ? PEER : ME,
    direction,
    text: `message ${n}`,
    hlc: { wall: 1_000 + n, counter: 0 },
    status: direction === 'in' ? 'received' : 'pending',
  }
}

describe('ChatStore', () => {
  it('stores a message received twice at once only once', async () => {
    const m = message(1, 'in')
    const [a, b] = await Promise.all([store.addIncoming([m]), store.addIncoming([m, m])])
    expect([...(a ?? []), ...(b ?? [])]).toHaveLength(1)
    expect(store.getConversation(CONV)?.unread).toBe(1)
    expect(await store.addIncoming([m])).toEqual([])
  })

  it('marks a message delivered once when two acknowledgements overlap', async () => {
    const m = message(2, 'out')
    await store.addOutgoing(m)
    const [a, b] = await Promise.all([
      store.markDelivered(PEER, [m.id]),
      store.markDelivered(PEER, [m.id, m.id]),
    ])
    expect([...a, ...b]).toEqual([{ id: m.id, conversationId: CONV, peerId: PEER }])
    expect(await store.pendingFor(PEER)).toEqual([])
  })

  it('shows a sent message pending until acknowledged, also across reopening', async () => {
    const [early, late] = [message(4, 'out'), message(5, 'out')]
    await store.addOutgoing(early)
    await store.addOutgoing(late)
    await store.markDelivered(PEER, [early.id])
    const statuses = async () => (await store.history(CONV, 10)).map((m) => [m.id, m.status])
    expect(await statuses()).toEqual([
      [late.id, 'pending'],
      [early.id, 'delivered'],
    ])

    // Reopened, the acknowledgement is checked against the outbox on disk.
    await store.close()
    store = await open()
    expect(await statuses()).toEqual([
      [late.id, 'pending'],
      [early.id, 'delivered'],
    ])
    expect(await store.markDelivered(PEER, [early.id, late.id])).toEqual([
      { id: late.id, conversationId: CONV, peerId: PEER },
    ])
    expect((await statuses()).map(([, status]) => status)).toEqual(['delivered', 'delivered'])
    expect(await store.peersWithPending()).toEqual([])
  })

  it('reads messages as an earlier version stored them, status included', async () => {
    // Earlier versions rewrote a message with status 'delivered' when it left the outbox.
    const [delivered, pending] = [message(6, 'out'), message(7, 'out')]
    await store.addOutgoing(delivered)
    await store.addOutgoing(pending)
    await store.close()
    const db = new SealedLevel(raw, key)
    await db.open()
    await db.batch([
      { type: 'del', key: `!o!${PEER}!${delivered.id}` },
      {
        type: 'put',
        key: `!m!${delivered.id}`,
        value: JSON.stringify({ ...delivered, status: 'delivered' }),
      },
    ])
    await db.close()
    store = await open()
    expect((await store.history(CONV, 10)).map((m) => m.status)).toEqual(['pending', 'delivered'])
    expect((await store.pendingFor(PEER)).map((m) => m.id)).toEqual([pending.id])
  })

  it('deletes a conversation whole: a late acknowledgement finds nothing', async () => {
    await store.addIncoming([message(1, 'in')])
    await store.addOutgoing(message(2, 'out'))
    await store.deleteConversation(CONV)
    expect(await store.history(CONV, 10)).toEqual([])
    expect(store.getConversation(CONV)).toBeUndefined()
    expect(await store.markDelivered(PEER, [message(2, 'out').id])).toEqual([])
    expect(await store.peersWithPending()).toEqual([])
  })

  it('ignores acknowledgements from a peer the message was not sent to', async () => {
    const m = message(3, 'out')
    await store.addOutgoing(m)
    expect(await store.markDelivered(ME, [m.id])).toEqual([])
    expect((await store.pendingFor(PEER)).map((x) => x.id)).toEqual([m.id])
  })

  it('keeps the newest summary when one batch updates a conversation many times', async () => {
    await store.addIncoming([message(1, 'in'), message(2, 'in'), message(3, 'in')])
    await store.close()
    store = await open()
    expect(store.getConversation(CONV)).toMatchObject({
      unread: 3,
      lastMessage: { text: 'message 3', direction: 'in' },
    })
  })

  it('keeps contacts and settings across reopening', async () => {
    const contact = {
      peerId: PEER,
      displayName: 'Bob',
      state: 'accepted' as const,
      labels: ['work'],
      addedAt: 1,
    }
    await store.putContact(contact)
    await store.putSetting('relays', ['/ip4/127.0.0.1/tcp/1/p2p/x'])
    await store.close()
    store = await open()
    expect(store.listContacts()).toEqual([contact])
    expect(store.getContact(PEER)).toEqual(contact)
    expect(await store.getSetting('relays')).toEqual(['/ip4/127.0.0.1/tcp/1/p2p/x'])
  })

  it('pages history newest first by clock, and survives reopening', async () => {
    for (let n = 1; n <= 5; n++) await store.addIncoming([message(n, 'in')])
    const page = await store.history(CONV, 2)
    expect(page.map((m) => m.text)).toEqual(['message 5', 'message 4'])
    const next = await store.history(CONV, 2, page.at(-1)?.id)
    expect(next.map((m) => m.text)).toEqual(['message 3', 'message 2'])

    await store.close()
    store = await open()
    expect((await store.history(CONV, 10)).map((m) => m.text)).toHaveLength(5)
    expect(store.listConversations(10)).toEqual([
      expect.objectContaining({
        id: CONV,
        unread: 5,
        lastMessage: { text: 'message 5', direction: 'in' },
      }),
    ])
  })
})
