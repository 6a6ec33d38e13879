// Strangers flooding a client, each way they could make it spend: messages held in
// a request, requests, requests for keys, bytes read ahead of storage. Every cost
// stays under its cap, what is refused is never acknowledged (its sender keeps it),
// notifications stay few, and a contact is served all along.
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Contact, Message } from '../protocol/api.ts'
import type { ChatEnvelope } from '../protocol/frame.ts'
import {
  MAX_HELD_BYTES,
  MAX_HELD_MESSAGES,
  MAX_PENDING_REQUESTS,
  MAX_TEXT_BYTES,
} from '../protocol/limits.ts'
import { decodeBundle } from '../protocol/prekeys.ts'
import { within } from './chaos/cluster.ts'
import {
  befriend,
  startClient,
  type TestClient,
  tcpAddr,
  tempDirs,
  texts,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { type RawChat, RawPeer } from './support/raw-peer.ts'

const dirs = tempDirs()
let bob: TestClient
let alice: TestClient
let bobAddr: string
const peers: RawPeer[] = []
let n = 0

const nextId = () => `01JH${(n++).toString().padStart(22, '0')}`

beforeAll(async () => {
  ;[bob, alice] = await Promise.all([
    startClient({ dataDir: await dirs.make('bob') }),
    startClient({ dataDir: await dirs.make('alice') }),
  ])
  bobAddr = await tcpAddr(bob)
  await alice.api.dial({ addr: bobAddr })
  await befriend(alice, bob)
})

afterAll(async () => {
  await Promise.all(peers.map((p) => p.stop()))
  await stopAll()
  await dirs.removeAll()
})

async function stranger(): Promise<RawPeer> {
  const peer = await RawPeer.start(await dirs.make('stranger'))
  peers.push(peer)
  return peer
}

/** Alice's message reaches Bob while the flood goes on: contacts are still served. */
async function aliceIsServed(what: string): Promise<void> {
  const m = await alice.api.send({ to: bob.peerId, text: `still served ${what}` })
  await alice.events.until('delivered', (ds) => ds.some((d) => d.id === m.id))
}

/**
 * Sends envelopes, one sealed batch each, then `marker` (an envelope Bob acknowledges
 * whatever the caps: a copy of one stored, or an acceptance from a stranger, dropped),
 * and resolves once Bob acknowledged the marker: he has taken in all before it, in
 * order. Resolves with the ids he acknowledged.
 */
async function sendEach(
  chat: RawChat,
  envelopes: ChatEnvelope[],
  marker: ChatEnvelope,
): Promise<Set<string>> {
  const acked = new Set<string>()
  const ackedTimes = new Map<string, number>()
  const done = Promise.withResolvers<void>()
  const wanted = envelopes.some((e) => e.id === marker.id) ? 2 : 1
  chat.onEach = async (frame) => {
    if (frame.kind !== 'ack') return
    for (const id of frame.ids) {
      acked.add(id)
      ackedTimes.set(id, (ackedTimes.get(id) ?? 0) + 1)
    }
    if ((ackedTimes.get(marker.id) ?? 0) >= wanted) done.resolve()
  }
  for (const env of [...envelopes, marker]) chat.sendBytes(await chat.sealed([env]))
  await within(done.promise, 30_000, 'the marker to be acknowledged')
  return acked
}

async function contactOf(peerId: string): Promise<Contact | undefined> {
  return (await bob.api.contacts({})).find((c) => c.peerId === peerId)
}

describe('a flood from strangers', () => {
  it(`holds at most ${MAX_HELD_MESSAGES} messages of one request, and acknowledges no more`, async () => {
    const mallory = await stranger()
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    const envelopes = Array.from({ length: MAX_HELD_MESSAGES * 3 }, (_, i) =>
      mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: `held ${i}` }),
    )
    // A copy of the first: stored already, so acknowledged again whatever the caps say.
    const acked = await sendEach(chat, envelopes, envelopes[0] as ChatEnvelope)
    expect((await contactOf(mallory.peerId))?.held?.messages).toBe(MAX_HELD_MESSAGES)
    const held = await bob.api.history({ conversationId: envelopes[0]?.conversationId as string })
    expect(held).toHaveLength(MAX_HELD_MESSAGES)
    expect(acked.size).toBe(MAX_HELD_MESSAGES)
    // The first ones are kept, in order; the others wait on the sender's side.
    expect(held.map((m) => m.text).toReversed()).toEqual(
      envelopes.slice(0, MAX_HELD_MESSAGES).map((e) => e.text),
    )
    await aliceIsServed('after a held-message flood')
  })

  it('delivers what a held request could not hold once the request is accepted', async () => {
    const dave = await startClient({ dataDir: await dirs.make('dave') })
    await dave.api.dial({ addr: bobAddr })
    const { code } = await bob.api.invite({})
    await dave.api.addContact({ code })
    const sent: Message[] = []
    for (let i = 0; i < MAX_HELD_MESSAGES + 10; i++) {
      sent.push(await dave.api.send({ to: bob.peerId, text: `before you answer ${i}` }))
    }
    await bob.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === dave.peerId && c.held?.messages === MAX_HELD_MESSAGES),
    )
    await bob.api.acceptContact({ peerId: dave.peerId })
    // Dave learns he was accepted and sends again what Bob refused: everything arrives, once.
    await dave.events.until('delivered', (ds) => sent.every((m) => ds.some((d) => d.id === m.id)))
    const history = texts(
      await bob.api.history({ conversationId: sent[0]?.conversationId as string, limit: 100 }),
    )
    expect(history.map((m) => m.text).toReversed()).toEqual(sent.map((m) => m.text))
  })

  it(`holds at most ${MAX_HELD_BYTES} bytes of one request`, async () => {
    const mallory = await stranger()
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    const big = 'x'.repeat(MAX_TEXT_BYTES - 1024)
    const envelopes = Array.from({ length: 8 }, () =>
      mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: big }),
    )
    const acked = await sendEach(chat, envelopes, envelopes[0] as ChatEnvelope)
    const contact = await contactOf(mallory.peerId)
    expect(contact?.held?.bytes).toBeLessThanOrEqual(MAX_HELD_BYTES)
    expect(acked.size).toBe(Math.floor(MAX_HELD_BYTES / big.length))
    expect(contact?.held?.messages).toBe(acked.size)
  })

  it('answers a peer few requests for keys, and hands out few one-time prekeys', async () => {
    const mallory = await stranger()
    let bundles = 0
    let oneTime = 0
    for (let stream = 0; stream < 5; stream++) {
      const chat = await mallory.chat(bobAddr, bob.peerId)
      chat.onEach = async (frame) => {
        if (frame.kind !== 'keys') return
        bundles++
        const decoded = decodeBundle(frame.bundle)
        if (decoded.ok && decoded.bundle.preKey) oneTime++
      }
      for (let i = 0; i < 10; i++) chat.sendFrame({ kind: 'key-request' })
      // Frames are answered in order: an acknowledged message after them marks the end.
      if (stream === 0) await chat.openSession().catch(() => {})
      const marker = mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: 'marker' })
      await chat.sendAcked([marker]).catch(() => {})
      chat.stream.abort(new Error('next'))
    }
    // The old limit was four per stream: twenty here.
    expect(bundles).toBeLessThanOrEqual(4)
    expect(oneTime).toBeLessThanOrEqual(bundles)
    await aliceIsServed('after a flood of key requests')
  })

  it('reads ahead of storage only so many bytes, whatever a peer pushes', async () => {
    // A contact of a client of its own (so that what it sends is stored and acknowledged).
    const carol = await startClient({ dataDir: await dirs.make('carol') })
    const mallory = await stranger()
    const chat = await mallory.chat(await tcpAddr(carol), carol.peerId)
    await chat.openSession()
    const request = mallory.envelope(carol.peerId, nextId(), { kind: 'request', text: 'hi' })
    await chat.sendAcked([request])
    await carol.events.until('contact', (cs) => cs.some((c) => c.peerId === mallory.peerId))
    await carol.api.acceptContact({ peerId: mallory.peerId })
    // 96 MiB of sealed full-size messages, sealed first, then all pushed at once: the
    // stream takes them into Mallory's buffer, and they leave as Carol grants room.
    const text = 'y'.repeat(MAX_TEXT_BYTES - 1024)
    const sizes = new Map<string, number>()
    const frames: Uint8Array[] = []
    for (let i = 0; i < 1536; i++) {
      const env = mallory.envelope(carol.peerId, nextId(), { kind: 'text', text })
      const frame = await chat.sealed([env])
      sizes.set(env.id, frame.byteLength)
      frames.push(frame)
    }
    const total = frames.reduce((n, f) => n + f.byteLength, 0)
    let acked = 0
    let readAhead = 0
    const all = Promise.withResolvers<void>()
    chat.onEach = async (frame) => {
      if (frame.kind !== 'ack') return
      for (const id of frame.ids) {
        acked += sizes.get(id) ?? 0
        sizes.delete(id)
      }
      // What left Mallory and Carol has not stored yet: in sockets, in the stream, read ahead.
      readAhead = Math.max(readAhead, total - chat.stream.writeBufferLength - acked)
      if (sizes.size === 0) all.resolve()
    }
    for (const frame of frames) chat.push(frame)
    await within(all.promise, 120_000, 'Carol to store the flood')
    // Unbounded, Carol's stream would take in everything as fast as loopback carries it.
    expect(readAhead).toBeLessThan(16 * 1024 * 1024)
    await aliceIsServed('after a flood of bytes to someone else')
  })

  it(`keeps at most ${MAX_PENDING_REQUESTS} requests waiting, and notifies of few`, {
    timeout: 120_000,
  }, async () => {
    const waiting = (await bob.api.contacts({})).filter((c) => c.state === 'pending').length
    const attentionBefore = bob.events.of('attention').length
    const refused: string[] = []
    // One after another, a new peer id at most every 250 ms: libp2p refuses a host's
    // sixth connection within a second (its inbound threshold), which a flood would hit
    // first. Spaced from the last dial, not on a schedule: a slow turn (a loaded
    // machine) must not make the next ones catch up in a burst.
    const total = MAX_PENDING_REQUESTS - waiting + 10
    let lastDial = Number.NEGATIVE_INFINITY
    for (let i = 0; i < total; i++) {
      const peer = await stranger()
      await delay(Math.max(0, lastDial + 250 - performance.now()))
      lastDial = performance.now()
      const chat = await peer.chat(bobAddr, bob.peerId)
      await chat.openSession()
      const request = peer.envelope(bob.peerId, nextId(), { kind: 'request', text: 'hi' })
      // Held in the request if it was taken, dropped if not: acknowledged either way.
      const marker = peer.envelope(bob.peerId, nextId(), { kind: 'accept', text: '' })
      const acked = await sendEach(chat, [request], marker)
      if (!acked.has(request.id)) refused.push(peer.peerId)
      await peer.stop()
    }
    const pending = (await bob.api.contacts({})).filter((c) => c.state === 'pending')
    expect(pending).toHaveLength(MAX_PENDING_REQUESTS)
    expect(refused).toHaveLength(total - (MAX_PENDING_REQUESTS - waiting))
    // Three at once, then one every five minutes: a flood notifies of a few.
    expect(bob.events.of('attention').length - attentionBefore).toBeLessThanOrEqual(3)
    await aliceIsServed('after a flood of requests')
  })
})
