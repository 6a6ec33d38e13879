// Profiles, invite codes and the life of a friend request, between real clients
// through a real relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Contact } from '../protocol/api.ts'
import { startClient, startRelay, type TestClient, tempDir } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs: Awaited<ReturnType<typeof tempDir>>[] = []
let alice: TestClient
let bob: TestClient
let relayAddr: string

beforeAll(async () => {
  for (const name of ['relay', 'alice', 'bob', 'relay2']) dirs.push(await tempDir(name))
  const [relayDir, aliceDir, bobDir] = dirs.map((d) => d.path) as [string, string, string]
  relayAddr = (await startRelay(relayDir)).addr
  alice = await startClient({ dataDir: aliceDir, relays: [relayAddr], listen: [] })
  bob = await startClient({ dataDir: bobDir, relays: [relayAddr], listen: [] })
})

/** Another client on the relay, named. */
async function extraClient(name: string): Promise<TestClient> {
  const dir = await tempDir(name)
  dirs.push(dir)
  const client = await startClient({ dataDir: dir.path, relays: [relayAddr], listen: [] })
  await client.api.setProfile({ displayName: name })
  return client
}

/**
 * Waits until `client` holds `peerId` in `state`, counting only contact events after
 * the first `since`; resolves with those events.
 */
async function untilContact(
  client: TestClient,
  peerId: string,
  state: Contact['state'],
  since = 0,
) {
  const matching = (cs: Contact[]) =>
    cs.slice(since).filter((c) => c.peerId === peerId && c.state === state)
  return matching(await client.events.until('contact', (cs) => matching(cs).length > 0))
}

afterAll(async () => {
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

describe('profiles and contacts', () => {
  it('starts without a display name, then keeps the one set', async () => {
    expect(await alice.api.profile({})).toMatchObject({ peerId: alice.peerId, displayName: null })
    expect(await alice.api.setProfile({ displayName: '  Alice  ' })).toMatchObject({
      peerId: alice.peerId,
      displayName: 'Alice',
    })
    await bob.api.setProfile({ displayName: 'Bob' })
  })

  it('sends a friend request; until it is accepted, what its sender writes is held', async () => {
    const { code } = await alice.api.invite({})
    const greeting = 'Hi, it is Bob from the book club'
    const contact = await bob.api.addContact({ code, greeting })
    expect(contact).toMatchObject({
      peerId: alice.peerId,
      displayName: 'Alice',
      state: 'requested',
    })
    expect(await bob.api.contacts({})).toEqual([contact])

    // Bob reaches Alice through the relay named in her code; she sees who asks, and why.
    const [request] = await untilContact(alice, bob.peerId, 'pending')
    expect(request).toMatchObject({ displayName: 'Bob', greeting })
    const m = await bob.api.send({ to: alice.peerId, text: 'are you coming on Thursday?' })
    await bob.events.until('delivered', (d) => d.some((x) => x.id === m.id))
    // Held: stored with the request, but no conversation, message or presence.
    expect(await alice.api.conversations({})).toEqual([])
    expect(alice.events.of('message')).toEqual([])
    expect((await alice.api.presence({})).contacts).toEqual([])
    const held = await alice.api.history({ conversationId: m.conversationId })
    expect(held.map((x) => [x.kind, x.text])).toEqual([
      [undefined, 'are you coming on Thursday?'],
      ['request', greeting],
    ])
    await expect(alice.api.send({ to: bob.peerId, text: 'x' })).rejects.toMatchObject({
      message: expect.stringMatching(/accept their request first/),
    })

    await alice.api.acceptContact({ peerId: bob.peerId })
    await untilContact(bob, alice.peerId, 'accepted')
    const [conversation] = await alice.api.conversations({})
    expect(conversation).toMatchObject({ peerId: bob.peerId, unread: 2 })
    const reply = await alice.api.send({ to: bob.peerId, text: 'yes, see you there' })
    await bob.events.until('message', (ms) => ms.some((x) => x.id === reply.id))
    await bob.events.until('presence', (p) => p.some((x) => x.peerId === alice.peerId))
    // Both sides tell the story in the same order.
    const seen = (h: { kind?: string; text: string }[]) => h.map((x) => x.kind ?? x.text)
    const aliceSide = await alice.api.history({ conversationId: m.conversationId })
    expect(seen(aliceSide)).toEqual([
      'yes, see you there',
      'accept',
      'are you coming on Thursday?',
      'request',
    ])
    expect(seen(await bob.api.history({ conversationId: m.conversationId }))).toEqual(
      seen(aliceSide),
    )
    await bob.api.setProfile({ displayName: 'Robert' })
    await alice.events.until('contact', (cs) => cs.some((c) => c.displayName === 'Robert'))
  })

  it('keeps my own nickname and labels for a contact', async () => {
    const updated = await alice.api.updateContact({
      peerId: bob.peerId,
      nickname: '  Bobby  ',
      labels: ['book club', 'friends', 'book club'],
    })
    expect(updated).toMatchObject({ nickname: 'Bobby', labels: ['book club', 'friends'] })
    const cleared = await alice.api.updateContact({ peerId: bob.peerId, nickname: null })
    expect(cleared.nickname).toBeUndefined()
    expect(cleared.labels).toEqual(['book club', 'friends'])
    await expect(
      alice.api.updateContact({ peerId: bob.peerId, labels: ['x'.repeat(33)] }),
    ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/at most 32/) })
  })

  it('declines a request: it and what it held are gone, and the sender is not told', async () => {
    const carol = await extraClient('carol')
    await carol.api.addContact({ code: (await alice.api.invite({})).code, greeting: 'hello?' })
    await untilContact(alice, carol.peerId, 'pending')
    const m = await carol.api.send({ to: alice.peerId, text: 'buy cheap watches' })
    await carol.events.until('delivered', (d) => d.some((x) => x.id === m.id))

    await alice.api.declineContact({ peerId: carol.peerId })
    await alice.events.until('contactRemoved', (r) => r.some((x) => x.peerId === carol.peerId))
    expect((await alice.api.contacts({})).map((c) => c.peerId)).not.toContain(carol.peerId)
    expect(await alice.api.history({ conversationId: m.conversationId })).toEqual([])
    expect((await carol.api.contacts({}))[0]?.state).toBe('requested')
    await expect(alice.api.declineContact({ peerId: carol.peerId })).rejects.toMatchObject({
      code: 'not-found',
    })
  })

  it('blocks a peer: its connections are dropped at once and refused after', async () => {
    const dave = await extraClient('dave')
    await dave.api.addContact({ code: (await alice.api.invite({})).code })
    await untilContact(alice, dave.peerId, 'pending')
    const blocked = await alice.api.blockContact({ peerId: dave.peerId })
    expect(blocked.state).toBe('blocked')
    await dave.events.until('path', (p) =>
      p.some((x) => x.peerId === alice.peerId && x.path === null),
    )

    // Dave tries again to deliver what he writes: Alice refuses him before any stream opens.
    const m = await dave.api.send({ to: alice.peerId, text: 'let me in' })
    await alice.proc.waitForLine(
      new RegExp(`refused a connection with blocked peer ${dave.peerId}`),
    )
    expect(await alice.api.history({ conversationId: m.conversationId })).toHaveLength(1)
    expect((await dave.api.history({ conversationId: m.conversationId }))[0]?.status).toBe(
      'pending',
    )
    await expect(alice.api.send({ to: dave.peerId, text: 'x' })).rejects.toMatchObject({
      message: expect.stringMatching(/blocked/),
    })
    // Unblocked, someone never accepted is a stranger again.
    await alice.api.unblockContact({ peerId: dave.peerId })
    expect((await alice.api.contacts({})).map((c) => c.peerId)).not.toContain(dave.peerId)
  })

  it('makes friends when two people ask each other at once', async () => {
    const erin = await extraClient('erin')
    const [aliceCode, erinCode] = await Promise.all([alice.api.invite({}), erin.api.invite({})])
    await Promise.all([
      alice.api.addContact({ code: erinCode.code }),
      erin.api.addContact({ code: aliceCode.code }),
    ])
    await untilContact(alice, erin.peerId, 'accepted')
    await untilContact(erin, alice.peerId, 'accepted')
  })

  it('removes a contact: anything they write after is a request again', async () => {
    await alice.api.removeContact({ peerId: bob.peerId })
    await alice.events.until('contactRemoved', (r) => r.some((x) => x.peerId === bob.peerId))
    expect((await alice.api.conversations({})).map((c) => c.peerId)).not.toContain(bob.peerId)
    const since = alice.events.of('contact').length
    const m = await bob.api.send({ to: alice.peerId, text: 'still friends?' })
    const [again] = await untilContact(alice, bob.peerId, 'pending', since)
    expect(again?.labels).toEqual([])
    // History was kept: accepting again shows all of it.
    await alice.api.acceptContact({ peerId: bob.peerId })
    const history = await alice.api.history({ conversationId: m.conversationId })
    expect(history.map((x) => x.text)).toContain('yes, see you there')
  })

  it('refuses bad friend requests with a clear reason', async () => {
    const { code } = await bob.api.invite({})
    await expect(alice.api.addContact({ code, greeting: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/at most 200/),
    })
    await expect(alice.api.acceptContact({ peerId: 'not-a-peer' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await expect(
      alice.api.acceptContact({ peerId: '12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb' }),
    ).rejects.toMatchObject({ code: 'not-found' })
  })

  it('refuses bad invite codes with a clear reason and changes nothing', async () => {
    const { code } = await alice.api.invite({})
    const before = await bob.api.contacts({})
    await expect(bob.api.addContact({ code: code.slice(0, -5) })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/incomplete or mistyped/),
    })
    await expect(bob.api.addContact({ code: 'https://example.invalid' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    const own = (await bob.api.invite({})).code
    await expect(bob.api.addContact({ code: own })).rejects.toMatchObject({
      message: expect.stringMatching(/your own/),
    })
    expect(await bob.api.contacts({})).toEqual(before)
  })

  it('moves to a new relay list and takes a reservation there', async () => {
    const relay2 = await startRelay(dirs[3]?.path as string)
    const settings = await alice.api.setRelays({ relays: [relay2.addr] })
    expect(settings).toEqual({ relays: [relay2.addr], readReceipts: true })
    const reserved = async () => (await alice.api.network({})).relays[0]?.reserved === true
    if (!(await reserved())) {
      await alice.events.until('network', (n) => n.at(-1)?.relays[0]?.reserved === true)
    }
    await expect(alice.api.setRelays({ relays: ['/ip4/127.0.0.1/tcp/1'] })).rejects.toMatchObject({
      code: 'bad-request',
    })
    expect(await alice.api.settings({})).toEqual({ relays: [relay2.addr], readReceipts: true })
  })
})
