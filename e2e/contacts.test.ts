// Profiles, invite codes and contacts between two real clients through a real relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

afterAll(async () => {
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

describe('profiles and contacts', () => {
  it('starts without a display name, then keeps the one set', async () => {
    expect(await alice.api.profile({})).toEqual({ peerId: alice.peerId, displayName: null })
    expect(await alice.api.setProfile({ displayName: '  Alice  ' })).toEqual({
      peerId: alice.peerId,
      displayName: 'Alice',
    })
    await bob.api.setProfile({ displayName: 'Bob' })
  })

  it('adds a contact from an invite code and learns each other’s names', async () => {
    const { code } = await alice.api.invite({})
    const contact = await bob.api.addContact({ code })
    expect(contact).toMatchObject({ peerId: alice.peerId, displayName: 'Alice' })
    expect(await bob.api.contacts({})).toEqual([contact])

    // Bob reaches Alice through the relay named in her code; she learns his name from him.
    const m = await bob.api.send({ to: alice.peerId, text: 'hi from your invite' })
    await alice.events.until('message', (ms) => ms.some((x) => x.id === m.id))
    const [named] = await alice.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === bob.peerId),
    )
    expect(named).toMatchObject({ peerId: bob.peerId, displayName: 'Bob' })
    await bob.api.setProfile({ displayName: 'Robert' })
    await alice.events.until('contact', (cs) => cs.some((c) => c.displayName === 'Robert'))
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
    expect(settings).toEqual({ relays: [relay2.addr] })
    const reserved = async () => (await alice.api.network({})).relays[0]?.reserved === true
    if (!(await reserved())) {
      await alice.events.until('network', (n) => n.at(-1)?.relays[0]?.reserved === true)
    }
    await expect(alice.api.setRelays({ relays: ['/ip4/127.0.0.1/tcp/1'] })).rejects.toMatchObject({
      code: 'bad-request',
    })
    expect(await alice.api.settings({})).toEqual({ relays: [relay2.addr] })
  })
})
