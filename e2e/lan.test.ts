// Two clients with no relay and no address exchange find each other over mDNS and
// chat. They run in a network namespace of their own, so multicast stays on its loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loopbackLan, type Namespace, namespacesUnavailable } from './support/netns.ts'
import { startClient, tempDir } from './support/parley.ts'
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
