// Presence and typing between two real clients: contacts see each other's status,
// typing that expires by itself and last-seen times; a stranger hears none of it.
import type { Libp2p } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import * as lp from 'it-length-prefixed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TYPING_EXPIRY_MS } from '../main/core/chat/presence.ts'
import { type ChatFrame, decodeFrame, encodeFrame } from '../protocol/frame.ts'
import { CHAT_PROTOCOL } from '../protocol/ids.ts'
import { namedFriends, type TestClient, tempDirs } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { rawNode } from './support/raw-node.ts'

const dirs = tempDirs()
let alice: TestClient
let bob: TestClient
let aliceAddr: string
let mallory: Libp2p

beforeAll(async () => {
  // Bob asked Alice to be a contact; she accepted.
  ;({ alice, bob, aliceAddr } = await namedFriends(dirs))
  mallory = await rawNode()
})

afterAll(async () => {
  await mallory?.stop()
  await stopAll()
  await dirs.removeAll()
})

describe('presence', () => {
  it('tells a contact my status, and invisible looks offline', async () => {
    // Alice took Bob as a contact after his stream opened; she still told him.
    await bob.events.until('presence', (p) =>
      p.some((x) => x.peerId === alice.peerId && x.status === 'online'),
    )
    await alice.api.setPresence({ status: 'busy' })
    await bob.events.until('presence', (p) => p.at(-1)?.status === 'busy')
    expect((await bob.api.presence({})).contacts).toContainEqual(
      expect.objectContaining({ peerId: alice.peerId, status: 'busy' }),
    )
    await alice.api.setPresence({ status: 'invisible' })
    await bob.events.until('presence', (p) => p.at(-1)?.status === 'offline')
    await alice.api.setPresence({ status: 'online' })
    await bob.events.until('presence', (p) => p.at(-1)?.status === 'online')
    expect((await alice.api.presence({})).status).toBe('online')
  })

  it('shows typing, which stops by itself when not refreshed', async () => {
    const start = Date.now()
    await bob.api.typing({ peerId: alice.peerId, active: true })
    await alice.events.until('typing', (t) => t.some((x) => x.peerId === bob.peerId && x.active))
    const [stopped] = await alice.events.until(
      'typing',
      (t) => t.at(-1)?.active === false,
      TYPING_EXPIRY_MS + 5_000,
    )
    expect(stopped?.peerId).toBe(bob.peerId)
    expect(Date.now() - start).toBeGreaterThanOrEqual(TYPING_EXPIRY_MS - 500)
  })

  it('tells a stranger nothing, and ignores what a stranger claims', async () => {
    const stream = await mallory.dialProtocol(multiaddr(aliceAddr), CHAT_PROTOCOL, {
      signal: AbortSignal.timeout(5_000),
    })
    const heard: ChatFrame['kind'][] = []
    const reading = (async () => {
      for await (const bytes of lp.decode(stream)) {
        const decoded = decodeFrame(bytes)
        if (decoded.ok) heard.push(decoded.frame.kind)
      }
    })().catch(() => {})
    await alice.api.setPresence({ status: 'away' })
    await bob.events.until('presence', (p) => p.at(-1)?.status === 'away')
    stream.send(lp.encode.single(encodeFrame({ kind: 'presence', status: 'online' })))
    stream.send(lp.encode.single(encodeFrame({ kind: 'typing', active: true })))
    // A bad frame after them: once Alice resets the stream, she has handled the two before.
    stream.send(lp.encode.single(new Uint8Array([0xff, 0xff, 0xff, 0x07])))
    await alice.proc.waitForLine(new RegExp(`reset stream from ${mallory.peerId}`), 5_000)
    await reading
    expect(heard).not.toContain('presence')
    const fromMallory = alice.events.all.filter(
      (e) =>
        (e.name === 'presence' || e.name === 'typing') &&
        e.data.peerId === mallory.peerId.toString(),
    )
    expect(fromMallory).toEqual([])
    await alice.api.setPresence({ status: 'online' })
  })

  it('records when a contact was last seen', async () => {
    const before = Date.now()
    expect(await bob.stop()).toBe(0)
    const [gone] = (
      await alice.events.until('presence', (p) => p.at(-1)?.status === 'offline')
    ).slice(-1)
    expect(gone).toMatchObject({ peerId: bob.peerId, status: 'offline' })
    expect(gone?.lastSeen).toBeGreaterThanOrEqual(before)
    const contact = (await alice.api.contacts({})).find((c) => c.peerId === bob.peerId)
    expect(contact?.lastSeen).toBe(gone?.lastSeen)
  })
})
