// Two clients that have no listeners of their own can only meet through the relay
// process: they chat over the circuit, beyond the library's default 128 KiB limit.
import { afterAll, describe, expect, it } from 'vitest'
import type { Message } from '../protocol/api.ts'
import { befriend, startClient, startRelay, tempDir } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs: Awaited<ReturnType<typeof tempDir>>[] = []

afterAll(async () => {
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

describe('relayed chat', () => {
  it('(b) goes through the relay, is reported as relayed, and carries more than 128 KiB', async () => {
    for (const name of ['relay', 'alice', 'bob']) dirs.push(await tempDir(name))
    const [relayDir, aliceDir, bobDir] = dirs.map((d) => d.path) as [string, string, string]
    const relay = await startRelay(relayDir)
    const bob = await startClient({ dataDir: bobDir, relays: [relay.addr], listen: [] })
    const alice = await startClient({ dataDir: aliceDir, relays: [relay.addr], listen: [] })

    // No address of bob's own exists: only his reservation on the relay.
    const reserved = async () => (await bob.api.network({})).relays.every((r) => r.reserved)
    if (!(await reserved()))
      await bob.events.until('network', (n) => n.at(-1)?.relays[0]?.reserved === true)
    expect((await bob.api.identity({})).addresses.every((a) => a.includes('/p2p-circuit'))).toBe(
      true,
    )

    await befriend(alice, bob)
    const chunk = 'x'.repeat(60 * 1024)
    const sent: Message[] = []
    for (let i = 0; i < 4; i++)
      sent.push(await alice.api.send({ to: bob.peerId, text: `${i}${chunk}` }))
    const replies: Message[] = []
    for (let i = 0; i < 4; i++)
      replies.push(await bob.api.send({ to: alice.peerId, text: `${i}${chunk}` }))
    const ids = (list: { id: string }[]) => new Set(list.map((m) => m.id))

    await bob.events.until('message', (m) => sent.every((s) => ids(m).has(s.id)), 30_000)
    await alice.events.until('delivered', (d) => sent.every((s) => ids(d).has(s.id)), 30_000)
    await alice.events.until('message', (m) => replies.every((s) => ids(m).has(s.id)), 30_000)
    await bob.events.until('delivered', (d) => replies.every((s) => ids(d).has(s.id)), 30_000)

    const bytes = (await bob.api.history({ conversationId: sent[0]?.conversationId as string }))
      .map((m) => m.text.length)
      .reduce((a, b) => a + b, 0)
    expect(bytes).toBeGreaterThan(2 * 128 * 1024)
    for (const c of [alice, bob]) {
      const other = c === alice ? bob.peerId : alice.peerId
      expect((await c.api.network({})).peers).toContainEqual(
        expect.objectContaining({ peerId: other, path: 'relayed' }),
      )
    }
  })
})

describe('path upgrade', () => {
  it('moves off the relay to a direct connection when the peer has a reachable address', async () => {
    for (const name of ['relay', 'alice', 'bob']) dirs.push(await tempDir(name))
    const [relayDir, aliceDir, bobDir] = dirs.slice(-3).map((d) => d.path) as [
      string,
      string,
      string,
    ]
    const relay = await startRelay(relayDir)
    // Both listen on loopback as well as on the relay; the invite names only the relay.
    const alice = await startClient({ dataDir: aliceDir, relays: [relay.addr] })
    const bob = await startClient({ dataDir: bobDir, relays: [relay.addr] })
    const reserved = async () => (await alice.api.network({})).relays.every((r) => r.reserved)
    if (!(await reserved()))
      await alice.events.until('network', (n) => n.at(-1)?.relays[0]?.reserved === true)
    await befriend(bob, alice)

    const paths = await bob.events.until('path', (p) => p.some((x) => x.path === 'direct'))
    expect(paths.filter((p) => p.peerId === alice.peerId).map((p) => p.path)).toContain('direct')
    const m = await bob.api.send({ to: alice.peerId, text: 'no relay needed' })
    const acks = await bob.events.until('delivered', (d) => d.some((x) => x.id === m.id))
    expect(acks.find((x) => x.id === m.id)?.path).toBe('direct')
  })
})
