// Receipts between real clients through a real relay: Bob reads and Alice sees it;
// with read receipts off she learns nothing; one made while she is offline reaches
// her when they meet again; typing indicators are never stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../protocol/api.ts'
import { compareHlc } from '../protocol/hlc.ts'
import {
  befriend,
  startClient,
  startRelay,
  type TestClient,
  tempDirs,
  texts,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()
let relayAddr: string
let aliceDir: string
let alice: TestClient
let bob: TestClient
let conversationId: string
/** Alice's message after the first receipt (the second test counts on it). */
let see: Message

/** Reachable only through the relay, as friends behind NATs are. */
const startOnRelay = (dataDir: string) => startClient({ dataDir, relays: [relayAddr], listen: [] })

beforeAll(async () => {
  relayAddr = (await startRelay(await dirs.make('relay'))).addr
  aliceDir = await dirs.make('alice')
  ;[alice, bob] = await Promise.all([startOnRelay(aliceDir), startOnRelay(await dirs.make('bob'))])
  await alice.api.setProfile({ displayName: 'Alice' })
  await bob.api.setProfile({ displayName: 'Bob' })
  await befriend(bob, alice)
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** Alice writes to Bob and waits until he has it and she knows. */
async function aliceSends(text: string): Promise<Message> {
  const m = await alice.api.send({ to: bob.peerId, text })
  conversationId = m.conversationId
  await bob.events.until('message', (ms) => ms.some((x) => x.id === m.id))
  await alice.events.until('delivered', (ds) => ds.some((d) => d.id === m.id))
  return m
}

/** Alice's texts to Bob, oldest first, with their status as her history tells it. */
async function aliceSees(): Promise<[string, Message['status']][]> {
  const page = texts(await alice.api.history({ conversationId, limit: 100 }))
  return page.reverse().map((m) => [m.text, m.status])
}

/** Resolves once Alice is told that Bob read up to `m` at least. */
const aliceToldRead = (m: Message, timeoutMs?: number) =>
  alice.events.until(
    'receipt',
    (rs) => rs.some((r) => r.status === 'read' && compareHlc(r.upTo, m.hlc) >= 0),
    timeoutMs,
  )

/**
 * Bob tells Alice he is typing, and she hears it: frames on a stream arrive in order,
 * so whatever Bob sent her before (a read receipt) has been handled by then.
 */
async function bobPings(): Promise<void> {
  const before = alice.events.of('typing').length
  await bob.api.typing({ peerId: alice.peerId, active: true })
  await alice.events.until('typing', (ts) => ts.slice(before).some((t) => t.active))
}

describe('receipts', () => {
  it("shows Alice 'read' once Bob has read her messages, and tells her", async () => {
    const first = await aliceSends('are you there?')
    const second = await aliceSends('it is about Thursday')
    expect(await aliceSees()).toEqual([
      ['are you there?', 'delivered'],
      ['it is about Thursday', 'delivered'],
    ])
    expect(alice.events.of('receipt')).toEqual([])

    await bob.api.markRead({ conversationId })
    const [receipt] = await aliceToldRead(second)
    // Bob has read up to her newest message: its own clock reading.
    // ...and names the messages it made read, so the UI derives nothing itself.
    expect(receipt).toEqual({
      status: 'read',
      conversationId,
      peerId: bob.peerId,
      upTo: second.hlc,
      ids: expect.any(Array),
    })
    // Every message of hers before it, oldest first: her friend request and both texts.
    const hers = (await alice.api.history({ conversationId, limit: 100 })).filter(
      (m) => m.direction === 'out',
    )
    const ids = receipt?.status === 'read' ? receipt.ids : []
    expect(ids).toEqual(hers.reverse().map((m) => m.id))
    expect(ids.slice(-2)).toEqual([first.id, second.id])
    expect(compareHlc(first.hlc, second.hlc)).toBeLessThan(0)
    expect(await aliceSees()).toEqual([
      ['are you there?', 'read'],
      ['it is about Thursday', 'read'],
    ])
    // Bob's copies are simply received; and a newer message is not read yet.
    const bobs = texts(await bob.api.history({ conversationId }))
    expect(bobs.map((m) => m.status)).toEqual(['received', 'received'])
    see = await aliceSends('see you')
    expect((await aliceSees()).at(-1)).toEqual(['see you', 'delivered'])
  })

  it('tells Alice nothing while Bob has read receipts off', async () => {
    expect(await bob.api.settings({})).toMatchObject({ readReceipts: true })
    const notABoolean = { enabled: 'no' } as unknown as { enabled: boolean }
    await expect(bob.api.setReadReceipts(notABoolean)).rejects.toMatchObject({
      code: 'bad-request',
    })
    expect(await bob.api.setReadReceipts({ enabled: false })).toMatchObject({
      readReceipts: false,
    })
    const quiet = await aliceSends('did you read this?')
    const told = alice.events.of('receipt').length
    await bob.api.markRead({ conversationId })
    await bobPings()
    expect(alice.events.of('receipt')).toHaveLength(told)
    expect((await aliceSees()).slice(-2)).toEqual([
      ['see you', 'delivered'],
      ['did you read this?', 'delivered'],
    ])

    // Turned on again, reading tells her, up to the newest.
    await bob.api.setReadReceipts({ enabled: true })
    await bob.api.markRead({ conversationId })
    const receipts = await aliceToldRead(quiet)
    // Only what was not read before: the two sent since the first receipt.
    expect(receipts.at(-1)).toMatchObject({ ids: [see.id, quiet.id] })
    expect((await aliceSees()).map(([, status]) => status)).toEqual(Array(4).fill('read'))
  })

  it('never stores typing indicators', async () => {
    const history = await bob.api.history({ conversationId })
    const conversations = await bob.api.conversations({})
    const messages = bob.events.of('message').length
    await alice.api.typing({ peerId: bob.peerId, active: true })
    await bob.events.until('typing', (ts) => ts.some((t) => t.peerId === alice.peerId && t.active))
    await alice.api.typing({ peerId: bob.peerId, active: false })
    await bob.events.until('typing', (ts) => ts.at(-1)?.active === false)
    expect(await bob.api.history({ conversationId })).toEqual(history)
    expect(await bob.api.conversations({})).toEqual(conversations)
    expect(bob.events.of('message')).toHaveLength(messages)
    expect(await alice.api.history({ conversationId })).toHaveLength(history.length)
  })

  it('gives Alice a receipt Bob made while she was offline when they meet again', async () => {
    const last = await aliceSends('call me when you are back')
    const gone = bob.events.of('path').length
    expect(await alice.stop()).toBe(0)
    // Bob reads with no stream to Alice: nothing can be sent now.
    await bob.events.until('path', (ps) =>
      ps.slice(gone).some((p) => p.peerId === alice.peerId && p.path === null),
    )
    await bob.api.markRead({ conversationId })

    // Her new process records events from its start: the receipt comes after it, with
    // the stream their meeting opens, though neither sends anything.
    alice = await startOnRelay(aliceDir)
    await aliceToldRead(last, 30_000)
    expect((await aliceSees()).at(-1)).toEqual(['call me when you are back', 'read'])
    // Kept: still read after her next start.
    expect(await alice.stop()).toBe(0)
    alice = await startOnRelay(aliceDir)
    expect((await aliceSees()).map(([, status]) => status)).toEqual(Array(5).fill('read'))
  })
})
