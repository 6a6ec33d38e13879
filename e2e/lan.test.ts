// Two clients with no relay and no address exchange find each other over mDNS and
// chat. They run in a network namespace of their own, so multicast stays on its loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loopbackLan, type Namespace, namespacesUnavailable } from './support/netns.ts'
import { befriend, startClient, tempDir } from './support/parley.ts'
import { stopAll } from './support/process.ts'

let lan: Namespace | undefined
const dirs: Awaited<ReturnType<typeof tempDir>>[] = []

beforeAll(async () => {
  const why = await namespacesUnavailable()
  if (why) throw new Error(`(c) cannot run: ${why}`)
  lan = await loopbackLan()
})

afterAll(async () => {
  await stopAll()
  await lan?.remove()
  await Promise.all(dirs.map((d) => d.remove()))
})

describe('LAN without a server', () => {
  it('(c) finds the peer over mDNS and chats both ways on a LAN path', async () => {
    for (const name of ['alice', 'bob']) dirs.push(await tempDir(name))
    const netns = lan?.name as string
    const bob = await startClient({ dataDir: dirs[1]?.path as string, mdns: true, netns })
    const alice = await startClient({ dataDir: dirs[0]?.path as string, mdns: true, netns })

    // Only the peer id: the address comes from mDNS.
    await befriend(alice, bob)
    const hello = await alice.api.send({ to: bob.peerId, text: 'anyone on the LAN?' })
    await bob.events.until('message', (m) => m.some((x) => x.id === hello.id))
    await alice.events.until('delivered', (d) => d.some((x) => x.id === hello.id))
    const reply = await bob.api.send({ to: alice.peerId, text: 'right here' })
    await alice.events.until('message', (m) => m.some((x) => x.id === reply.id))

    expect((await alice.api.network({})).peers).toContainEqual(
      expect.objectContaining({ peerId: bob.peerId, path: 'lan' }),
    )
  })
})

describe('nearby on the LAN', () => {
  it('lists LAN neighbours by the names they give, and adds one with no relay or invite', async () => {
    for (const name of ['carol', 'dave']) dirs.push(await tempDir(name))
    const netns = lan?.name as string
    const [carolDir, daveDir] = dirs.slice(-2).map((d) => d.path) as [string, string]
    const carol = await startClient({ dataDir: carolDir, mdns: true, netns })
    const dave = await startClient({ dataDir: daveDir, mdns: true, netns })
    await carol.api.setProfile({ displayName: 'Carol' })
    await dave.api.setProfile({ displayName: 'Dave' })

    const seen = await dave.events.until('nearby', (lists) =>
      (lists.at(-1) ?? []).some((p) => p.peerId === carol.peerId),
    )
    expect(seen.at(-1)).toContainEqual(
      expect.objectContaining({ peerId: carol.peerId, displayName: 'Carol' }),
    )
    expect(await dave.api.nearby({})).toContainEqual(
      expect.objectContaining({ displayName: 'Carol' }),
    )

    const contact = await dave.api.addNearby({ peerId: carol.peerId })
    expect(contact).toMatchObject({ peerId: carol.peerId, displayName: 'Carol' })
    const m = await dave.api.send({ to: carol.peerId, text: 'hello neighbour' })
    const [ack] = await dave.events.until('delivered', (d) => d.some((x) => x.id === m.id))
    expect(ack?.path).toBe('lan')
    await expect(dave.api.addNearby({ peerId: dave.peerId })).rejects.toMatchObject({
      code: 'not-found',
    })
  })
})
