import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Message, ParleyEvents } from '../../../protocol/api.ts'
import { Emitter } from '../../../protocol/emitter.ts'
import { hlcSortKey } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { MAX_GROUP_WAITING } from '../../../protocol/limits.ts'
import { ReadReceipts } from '../chat/read-receipts.ts'
import { Contacts } from '../people/contacts.ts'
import { type TempLevel, tempLevel } from '../testing/temp-level.ts'
import { DataKey } from '../vault/data-key.ts'
import { SealedLevel } from '../vault/sealed-level.ts'
import { ProfileStore } from './profile-store.ts'

const ME = '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB'
const PEER = '12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb'
const CONV = directConversationId(ME, PEER)

let level: TempLevel
let store: ProfileStore
const key = DataKey.generate()
const open = () => ProfileStore.open(new SealedLevel(level.raw, key))

beforeEach(async () => {
  level = await tempLevel('store')
  store = await open()
})

afterEach(async () => {
  await store.close()
  await level.remove()
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

/** Stores messages as received, keeping every new one; resolves with those that were new. */
async function receive(...batch: Message[]): Promise<Message[]> {
  const keepAll = (fresh: Message[]) => ({ keep: fresh, ops: [] })
  return (await store.addIncoming(batch, { wall: 0, counter: 0 }, keepAll, {})).keep
}

describe('ProfileStore', () => {
  it('reads what the previous version wrote: messages, and conversations without a kind', async () => {
    const m = message(1, 'in')
    const before = {
      id: CONV,
      peerId: PEER,
      lastActivity: m.hlc.wall,
      lastMessage: { text: m.text, direction: 'in' as const },
      unread: 1,
    }
    const db = store.db.db
    await db.batch([
      { type: 'put', key: `!m!${m.id}`, value: JSON.stringify(m) },
      { type: 'put', key: `!h!${CONV}!${hlcSortKey(m.hlc)}!${m.id}`, value: '' },
      { type: 'put', key: `!c!${CONV}`, value: JSON.stringify(before) },
    ])
    await store.close()
    store = await open()
    expect(store.conversations.get(CONV)).toEqual({ ...before, kind: 'direct', members: [PEER] })
    expect(await store.history(CONV, 10)).toEqual([m])
  })

  it('stores a message received twice at once only once', async () => {
    const m = message(1, 'in')
    const [a, b] = await Promise.all([receive(m), receive(m, m)])
    expect([...(a ?? []), ...(b ?? [])]).toHaveLength(1)
    expect(store.conversations.get(CONV)?.unread).toBe(1)
    expect(await receive(m)).toEqual([])
  })

  it('marks a message delivered once when two acknowledgements overlap', async () => {
    const m = message(2, 'out')
    await store.addOutgoing(m)
    const [a, b] = await Promise.all([
      store.outbox.markDelivered(PEER, [m.id]),
      store.outbox.markDelivered(PEER, [m.id, m.id]),
    ])
    expect([...a, ...b]).toEqual([{ id: m.id, conversationId: CONV, peerId: PEER }])
    expect(await store.outbox.pendingFor(PEER)).toEqual([])
  })

  it('shows a sent message pending until acknowledged, also across reopening', async () => {
    const [early, late] = [message(4, 'out'), message(5, 'out')]
    await store.addOutgoing(early)
    await store.addOutgoing(late)
    await store.outbox.markDelivered(PEER, [early.id])
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
    expect(await store.outbox.markDelivered(PEER, [early.id, late.id])).toEqual([
      { id: late.id, conversationId: CONV, peerId: PEER },
    ])
    expect((await statuses()).map(([, status]) => status)).toEqual(['delivered', 'delivered'])
    expect(await store.outbox.peersWithPending()).toEqual([])
  })

  it('reads messages as an earlier version stored them, status included', async () => {
    // Earlier versions rewrote a message with status 'delivered' when it left the outbox.
    const [delivered, pending] = [message(6, 'out'), message(7, 'out')]
    await store.addOutgoing(delivered)
    await store.addOutgoing(pending)
    await store.close()
    const db = new SealedLevel(level.raw, key)
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
    expect((await store.outbox.pendingFor(PEER)).map((m) => m.id)).toEqual([pending.id])
  })

  it('deletes a conversation whole: a late acknowledgement finds nothing', async () => {
    await receive(message(1, 'in'))
    await store.addOutgoing(message(2, 'out'))
    await store.deleteConversation(CONV)
    expect(await store.history(CONV, 10)).toEqual([])
    expect(store.conversations.get(CONV)).toBeUndefined()
    expect(await store.outbox.markDelivered(PEER, [message(2, 'out').id])).toEqual([])
    expect(await store.outbox.peersWithPending()).toEqual([])
  })

  it('ignores acknowledgements from a peer the message was not sent to', async () => {
    const m = message(3, 'out')
    await store.addOutgoing(m)
    expect(await store.outbox.markDelivered(ME, [m.id])).toEqual([])
    expect((await store.outbox.pendingFor(PEER)).map((x) => x.id)).toEqual([m.id])
  })

  it('keeps the newest summary when one batch updates a conversation many times', async () => {
    await receive(message(1, 'in'), message(2, 'in'), message(3, 'in'))
    await store.close()
    store = await open()
    expect(store.conversations.get(CONV)).toMatchObject({
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
    await store.contacts.put(contact)
    await store.settings.put('relays', ['/ip4/127.0.0.1/tcp/1/p2p/x'])
    await store.close()
    store = await open()
    expect(store.contacts.list()).toEqual([contact])
    expect(store.contacts.get(PEER)).toEqual(contact)
    expect(await store.settings.get('relays')).toEqual(['/ip4/127.0.0.1/tcp/1/p2p/x'])
  })

  it('pages history newest first by clock, and survives reopening', async () => {
    for (let n = 1; n <= 5; n++) await receive(message(n, 'in'))
    const page = await store.history(CONV, 2)
    expect(page.map((m) => m.text)).toEqual(['message 5', 'message 4'])
    const next = await store.history(CONV, 2, page.at(-1)?.id)
    expect(next.map((m) => m.text)).toEqual(['message 3', 'message 2'])

    await store.close()
    store = await open()
    expect((await store.history(CONV, 10)).map((m) => m.text)).toHaveLength(5)
    expect(store.conversations.list(10)).toEqual([
      expect.objectContaining({
        id: CONV,
        unread: 5,
        lastMessage: {
          id: message(5, 'in').id,
          text: 'message 5',
          direction: 'in',
          sender: PEER,
        },
      }),
    ])
  })
})

describe('read receipts', () => {
  /** The service over this store, with no chat streams open; what it emits is collected. */
  function receipts(enabled = true) {
    const events = new Emitter<ParleyEvents>()
    const refused = () => Promise.reject(new Error('not in this test'))
    const contacts = new Contacts({
      self: ME,
      store,
      events,
      send: refused,
      hangUp: refused,
      resend: () => {},
    })
    const told: ParleyEvents['receipt'][] = []
    events.on('receipt', (r) => told.push(r))
    const service = new ReadReceipts({
      self: ME,
      store,
      contacts,
      // Direct conversations only here (groups: e2e/groups.test.ts).
      groups: { members: () => [], sharedWith: () => [] },
      events,
      links: () => [],
      enabled: () => enabled,
    })
    return { service, told }
  }
  const befriend = (state: 'accepted' | 'pending' = 'accepted') =>
    store.contacts.put({ peerId: PEER, displayName: 'Bob', state, labels: [], addedAt: 1 })
  const statuses = async () => (await store.history(CONV, 100)).map((m) => m.status).reverse()

  it("shows ours read up to the peer's read point, in the outbox or not, across reopening", async () => {
    const [m1, m2, m3, m4, m5] = [
      message(1, 'out'),
      message(2, 'in'),
      message(3, 'out'),
      message(4, 'out'),
      message(5, 'out'),
    ]
    for (const m of [m1, m3, m4, m5]) await store.addOutgoing(m)
    await receive(m2)
    await store.outbox.markDelivered(PEER, [m1.id, m3.id])
    // m4 is still in the outbox (its acknowledgement is late): read implies delivered.
    expect(await store.reads.advance(CONV, 'peer', m4.hlc)).toEqual({ from: undefined })
    const expected = ['read', 'received', 'read', 'read', 'pending']
    expect(await statuses()).toEqual(expected)
    // Ours that it made read: the same messages the history shows read, and only the new ones later.
    expect(await store.messages.outgoingBetween(CONV, undefined, m4.hlc)).toEqual([
      m1.id,
      m3.id,
      m4.id,
    ])
    expect(await store.messages.outgoingBetween(CONV, m3.hlc, m5.hlc)).toEqual([m4.id, m5.id])
    // Never back: an older read point (a repeated frame, a stale stream) changes nothing.
    expect(await store.reads.advance(CONV, 'peer', m3.hlc)).toBe(false)
    expect(await store.reads.advance(CONV, 'peer', m4.hlc)).toBe(false)
    expect(store.reads.get(CONV, 'peer')).toEqual(m4.hlc)

    await store.close()
    store = await open()
    expect(store.reads.get(CONV, 'peer')).toEqual(m4.hlc)
    expect(store.reads.get(CONV, 'own')).toBeUndefined()
    expect(await statuses()).toEqual(expected)

    await store.deleteConversation(CONV)
    expect(store.reads.get(CONV, 'peer')).toBeUndefined()
  })

  it("tells a contact's read point once, and ignores a stranger's", async () => {
    const { service, told } = receipts()
    await store.addOutgoing(message(1, 'out'))
    await befriend('pending')
    await service.received(PEER, message(1, 'out').hlc)
    expect(store.reads.get(CONV, 'peer')).toBeUndefined()

    await befriend()
    const upTo = message(1, 'out').hlc
    await Promise.all([service.received(PEER, upTo), service.received(PEER, upTo)])
    const ids = [message(1, 'out').id]
    expect(told).toEqual([{ status: 'read', conversationId: CONV, peerId: PEER, upTo, ids }])
    expect(await statuses()).toEqual(['read'])
  })

  it('reads up to their newest message, past many of ours after it', async () => {
    const { service } = receipts()
    await befriend()
    await receive(message(1, 'in'), message(2, 'in'))
    // More of ours after theirs than one page of the search.
    for (let n = 10; n < 90; n++) await store.addOutgoing(message(n, 'out'))
    await service.read(CONV)
    expect(store.reads.get(CONV, 'own')).toEqual(message(2, 'in').hlc)
    expect(await store.messages.newestIncoming(CONV, message(3, 'in').hlc)).toBeUndefined()

    await receive(message(95, 'in'))
    await service.read(CONV)
    expect(store.reads.get(CONV, 'own')).toEqual(message(95, 'in').hlc)
  })

  it('moves our read point only for a contact, and only with read receipts on', async () => {
    await receive(message(1, 'in'))
    await befriend('pending')
    await receipts().service.read(CONV)
    expect(store.reads.get(CONV, 'own')).toBeUndefined()
    await befriend()
    await receipts(false).service.read(CONV)
    expect(store.reads.get(CONV, 'own')).toBeUndefined()
    await receipts().service.read(CONV)
    expect(store.reads.get(CONV, 'own')).toEqual(message(1, 'in').hlc)
  })
})

describe('group records and parcels', () => {
  const GROUP = 'ab'.repeat(16)
  const OTHER = '12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK'

  it('sends a parcel to each peer it is queued for, apart from their messages, until each acknowledges it', async () => {
    const id = '01JH0000000000000000000099'
    const bytes = new Uint8Array([1, 2, 3])
    await store.db.write(store.outbox.queueParcelOps([PEER, OTHER], id, bytes))
    await store.addOutgoing(message(1, 'out'))
    expect(await store.outbox.parcelsFor(PEER)).toEqual([{ id, bytes, stored: false }])
    expect((await store.outbox.pendingFor(PEER)).map((m) => m.id)).toEqual([message(1, 'out').id])
    await store.outbox.markStored(PEER, [id])
    expect(await store.outbox.parcelsFor(PEER)).toEqual([{ id, bytes, stored: true }])
    await store.outbox.markDelivered(PEER, [id])
    expect(await store.outbox.parcelsFor(PEER)).toEqual([])
    expect(await store.outbox.parcelsFor(OTHER)).toEqual([{ id, bytes, stored: false }])
    expect((await store.outbox.peersWithPending()).toSorted()).toEqual([OTHER, PEER].toSorted())
    // Once the last peer has it, the parcel itself goes.
    await store.outbox.markDelivered(OTHER, [id])
    expect(await store.outbox.parcelsFor(OTHER)).toEqual([])
    expect(await store.db.bytes('op').get(id)).toBeUndefined()
  })

  it('keeps a group conversation as one across reopening', async () => {
    const conv = `group:${GROUP}`
    await store.db.write([store.conversations.group(conv, 'Climbing', [PEER, OTHER])])
    await receive({ ...message(1, 'in'), conversationId: conv, peerId: conv })
    await store.close()
    store = await open()
    expect(store.conversations.get(conv)).toMatchObject({
      kind: 'group',
      name: 'Climbing',
      members: [PEER, OTHER],
      peerId: conv,
      unread: 1,
    })
  })

  it('keeps what waits for a group within its bounds, the oldest dropped first, across reopening', async () => {
    const item = new Uint8Array(16)
    for (let i = 0; i <= MAX_GROUP_WAITING; i++) {
      const id = `01JH00000000000000${i.toString().padStart(8, '0')}`
      await store.groups.write(store.groups.waitOps(GROUP, PEER, id, item))
    }
    const waiting = await store.groups.waitingFor(GROUP)
    expect(waiting).toHaveLength(MAX_GROUP_WAITING)
    expect(waiting[0]?.key).toBe(`${GROUP}!${PEER}!01JH0000000000000000000001`)
    await store.close()
    store = await open()
    await store.groups.write(store.groups.waitOps(GROUP, PEER, '01JH0000000000000099999999', item))
    expect(await store.groups.waitingFor(GROUP)).toHaveLength(MAX_GROUP_WAITING)
    expect(store.groups.waitOps(GROUP, PEER, '01JH0000000000000099999999', item)).toEqual([])
  })

  it('keeps what a member sent waiting while someone else floods the group with more', async () => {
    const item = new Uint8Array(16)
    const id = (i: number) => `01JH00000000000000${i.toString().padStart(8, '0')}`
    await store.groups.write(store.groups.waitOps(GROUP, OTHER, id(0), item))
    for (let i = 1; i <= 2 * MAX_GROUP_WAITING; i++) {
      await store.groups.write(store.groups.waitOps(GROUP, PEER, id(i), item))
    }
    const waiting = (await store.groups.waitingFor(GROUP)).map((w) => w.key)
    expect(waiting).toHaveLength(MAX_GROUP_WAITING)
    expect(waiting).toContain(`${GROUP}!${OTHER}!${id(0)}`)
    // The flood lost its own oldest: what is left of it is its newest.
    expect(waiting).toContain(`${GROUP}!${PEER}!${id(2 * MAX_GROUP_WAITING)}`)
    expect(waiting).not.toContain(`${GROUP}!${PEER}!${id(1)}`)
  })
})
