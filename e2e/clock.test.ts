// Peers cannot move our clock: a contact's and a stranger's far-future clock
// readings are clamped where they come in, to the drift limit ahead of our wall
// clock, so neither our own messages' readings nor the order of conversations can be
// pushed further, before or after a restart (the clock restores from our readings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareHlc } from '../protocol/hlc.ts'
import type { TestClient } from './support/parley.ts'
import { befriend, startClient, tcpAddr, tempDirs, texts } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { RawPeer } from './support/raw-peer.ts'

/** The clock's drift limit (HybridClock's default). */
const DRIFT_MS = 60_000
const YEAR_MS = 365 * 24 * 60 * 60 * 1000

const dirs = tempDirs()
let bob: TestClient
let carol: TestClient
let bobDir: string
const peers: RawPeer[] = []

beforeAll(async () => {
  bobDir = await dirs.make('bob')
  ;[bob, carol] = await Promise.all([
    startClient({ dataDir: bobDir }),
    startClient({ dataDir: await dirs.make('carol') }),
  ])
  await carol.api.dial({ addr: await tcpAddr(bob) })
  await befriend(carol, bob)
})

afterAll(async () => {
  await Promise.all(peers.map((p) => p.stop()))
  await stopAll()
  await dirs.removeAll()
})

/** No later than the drift limit ahead of now. */
const withinDrift = (wall: number) => expect(wall).toBeLessThanOrEqual(Date.now() + DRIFT_MS)

describe('far-future clock readings', () => {
  it('from a contact and from a stranger move neither our clock nor the conversations', async () => {
    const addr = await tcpAddr(bob)
    // Mallory: a contact (Bob accepts her request). Eve: a stranger.
    const mallory = await RawPeer.start(await dirs.make('mallory'))
    const eve = await RawPeer.start(await dirs.make('eve'))
    peers.push(mallory, eve)
    const toMallory = await mallory.chat(addr, bob.peerId)
    await toMallory.openSession()
    await toMallory.sendAcked([
      mallory.envelope(bob.peerId, '01JH0000000000000000000001', { kind: 'request', text: 'hi' }),
    ])
    await bob.events.until('contact', (cs) => cs.some((c) => c.peerId === mallory.peerId))
    await bob.api.acceptContact({ peerId: mallory.peerId })

    const ahead = { wall: Date.now() + 10 * YEAR_MS, counter: 7 }
    const late = mallory.envelope(bob.peerId, '01JH0000000000000000000002', {
      kind: 'text',
      text: 'from the future',
    })
    await toMallory.sendAcked([{ ...late, hlc: ahead }])
    const toEve = await eve.chat(addr, bob.peerId)
    await toEve.openSession()
    const request = eve.envelope(bob.peerId, '01JH0000000000000000000003', {
      kind: 'request',
      text: 'me too',
    })
    await toEve.sendAcked([{ ...request, hlc: { wall: 2 ** 47, counter: 0 } }])

    const [stored] = texts(await bob.api.history({ conversationId: late.conversationId }))
    expect(stored?.text).toBe('from the future')
    withinDrift(stored?.hlc.wall ?? Number.POSITIVE_INFINITY)
    const [held] = await bob.api.history({ conversationId: request.conversationId })
    withinDrift(held?.hlc.wall ?? Number.POSITIVE_INFINITY)
    for (const c of await bob.api.conversations({})) withinDrift(c.lastActivity)

    // Our own next reading follows theirs no further than the drift limit.
    const sent = await bob.api.send({ to: carol.peerId, text: 'what time is it?' })
    withinDrift(sent.hlc.wall)
    await carol.events.until('message', (ms) => ms.some((m) => m.id === sent.id))

    // Nor after a restart: the clock comes back from our own readings, within the limit.
    await bob.stop()
    bob = await startClient({ dataDir: bobDir })
    const after = await bob.api.send({ to: carol.peerId, text: 'and now?' })
    withinDrift(after.hlc.wall)
    expect(compareHlc(after.hlc, sent.hlc)).toBeGreaterThan(0)
    for (const c of await bob.api.conversations({})) withinDrift(c.lastActivity)
  })
})
