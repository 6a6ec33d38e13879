// Messages to someone offline: sealed end to end, left in the relay's mailbox, and
// collected when they come back; the sender sees 'stored', then 'delivered'. Real
// relay and client processes; the relay's mailbox holds at most 4 items per peer.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../protocol/api.ts'
import {
  befriend,
  type Relay,
  startClient,
  startRelay,
  type TestClient,
  tempDirs,
  texts,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { filesOf } from './support/profile-files.ts'

const dirs = tempDirs()
const MAILBOX_ITEMS = 4
let relay: Relay
let relayDir: string
const dataDirs: Record<string, string> = {}
const clients: Record<string, TestClient> = {}

/** Starts (or restarts) a client reachable only through the relay. */
async function start(name: string): Promise<TestClient> {
  dataDirs[name] ??= await dirs.make(name)
  const client = await startClient({
    dataDir: dataDirs[name],
    relays: [relay.addr],
    listen: [],
  })
  clients[name] = client
  return client
}

/** Sends `text` from `from` and waits until it is stored in a relay mailbox. */
async function sendStored(from: TestClient, to: TestClient, text: string): Promise<Message> {
  const m = await from.api.send({ to: to.peerId, text })
  await from.events.until('receipt', (rs) => rs.some((r) => r.status === 'stored' && r.id === m.id))
  return m
}

beforeAll(async () => {
  relayDir = await dirs.make('relay')
  relay = await startRelay(relayDir, ['--mailbox-items', String(MAILBOX_ITEMS)])
  const [alice, bob] = await Promise.all([start('alice'), start('bob')])
  await Promise.all([
    alice.api.setProfile({ displayName: 'Alice' }),
    bob.api.setProfile({ displayName: 'Bob' }),
  ])
  await befriend(alice, bob)
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

describe('a friend who is offline', () => {
  it('gets what was sent meanwhile from the relay mailbox, which cannot read it', async () => {
    const { alice, bob } = clients as Record<'alice' | 'bob', TestClient>
    await bob.stop()
    const secret = `only-for-bob-${Date.now()}-${Math.random().toString(36).slice(2)}`
    const sent = [
      await sendStored(alice, bob, `${secret} 1`),
      await sendStored(alice, bob, `${secret} 2`),
    ]
    const history = await alice.api.history({ conversationId: sent[0]?.conversationId as string })
    expect(texts(history).map((m) => m.status)).toEqual(['stored', 'stored'])

    // Nowhere on the relay's disk is the text (envelope-cipher.test.ts shows a letter
    // does not name its sender either).
    const mailbox = await filesOf(join(relayDir, 'mailbox'))
    expect(mailbox.length).toBeGreaterThan(0)
    expect(mailbox.includes(secret)).toBe(false)

    const back = await start('bob')
    const arrived = await back.events.until('message', (ms) =>
      sent.every((s) => ms.some((m) => m.id === s.id)),
    )
    expect(arrived.filter((m) => m.text.startsWith(secret)).map((m) => m.text)).toEqual([
      `${secret} 1`,
      `${secret} 2`,
    ])
    await back.proc.waitForLine(/^mailbox: collected 2 message\(s\) from /)
    // Alice sends them again once they meet; Bob drops the copies and acknowledges.
    await alice.events.until('delivered', (ds) => sent.every((s) => ds.some((d) => d.id === s.id)))
    const after = await back.api.history({ conversationId: sent[0]?.conversationId as string })
    // History is newest first.
    expect(texts(after).map((m) => m.text)).toEqual([`${secret} 2`, `${secret} 1`])
  })

  it('gets a friend request sent while they were offline, with keys from the relay', async () => {
    const alice = clients.alice as TestClient
    const carol = await start('carol')
    await carol.api.setProfile({ displayName: 'Carol' })
    const { code } = await carol.api.invite({})
    // Carol publishes her keys on the relay when she starts; then she leaves.
    await carol.proc.waitForLine(/^mailbox: published our keys on /)
    await carol.stop()
    await alice.api.addContact({ code, greeting: 'hi Carol, Alice here' })
    await alice.events.until('receipt', (rs) => rs.some((r) => r.status === 'stored'))
    const back = await start('carol')
    const requests = await back.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === alice.peerId && c.state === 'pending'),
    )
    expect(requests.find((c) => c.peerId === alice.peerId)).toMatchObject({
      greeting: 'hi Carol, Alice here',
    })
    // Her name comes with her first stream, once they are both online.
    await back.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === alice.peerId && c.displayName === 'Alice'),
    )
  })

  it('keeps what the full mailbox refuses in the outbox, and delivers it when they meet', async () => {
    const { alice, bob } = clients as Record<'alice' | 'bob', TestClient>
    await bob.stop()
    const stored: Message[] = []
    for (let i = 0; i < MAILBOX_ITEMS; i++) stored.push(await sendStored(alice, bob, `full ${i}`))
    const refused = await alice.api.send({ to: bob.peerId, text: 'one too many' })
    await alice.proc.waitForLine(/^mailbox: could not leave messages for .*over-quota/)
    const [last] = await alice.api.history({ conversationId: refused.conversationId, limit: 1 })
    expect(last).toMatchObject({ id: refused.id, status: 'pending' })

    const back = await start('bob')
    const all = [...stored, refused]
    await back.events.until('message', (ms) => all.every((s) => ms.some((m) => m.id === s.id)))
    await alice.events.until('delivered', (ds) => all.every((s) => ds.some((d) => d.id === s.id)))
    const history = await back.api.history({ conversationId: refused.conversationId, limit: 10 })
    expect(new Set(history.map((m) => m.id)).size).toBe(history.length)
  })
})
