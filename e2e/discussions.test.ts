// Temporary discussion groups between real client processes: Alice starts one from
// her chat with Bob, adding Carol (Bob's stranger), with no name; everyone in it may
// add people (Bob adds Dave, whom the others know by the name he gives), and its
// end moves with every message. It ends for a member when
// everyone else has left, and when its time after the last message runs out (the
// clock moved on with libfaketime: found at the next start, or while it runs): its
// history then leaves the profile, unless that member kept it; an ended discussion
// takes nothing more.
import { existsSync } from 'node:fs'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Group } from '../protocol/api.ts'
import { DISCUSSION_IDLE_MS, MIN_DISCUSSION_IDLE_MS } from '../protocol/limits.ts'
import {
  befriend,
  type Relay,
  startClient,
  startRelay,
  type TestClient,
  tcpAddr,
  tempDirs,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { unsealedValues } from './support/profile-files.ts'

/** Debian's faketime package (e2e/support/system-deps.sh installs it). */
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'

type Name = 'alice' | 'bob' | 'carol' | 'dave'
const dirs = tempDirs()
/** Members who are not each other's contacts reach each other through it. */
let relay: Relay
const dataDirs: Partial<Record<Name, string>> = {}
const clients = {} as Record<Name, TestClient>

/** Starts (or restarts) a client; `later` moves its clock on by that much. */
async function start(name: Name, later?: string): Promise<TestClient> {
  dataDirs[name] ??= await dirs.make(name)
  const env = later
    ? { LD_PRELOAD: FAKETIME_LIB, FAKETIME: later, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
    : undefined
  clients[name] = await startClient({
    dataDir: dataDirs[name],
    relays: [relay.addr],
    ...(env ? { env } : {}),
  })
  return clients[name]
}

/** Connects everyone to Alice again (after a restart, on new ports). */
async function reconnect(): Promise<void> {
  const addr = await tcpAddr(clients.alice)
  await Promise.all([clients.bob.api.dial({ addr }), clients.carol.api.dial({ addr })])
}

/** Alice starts a discussion with Bob and Carol; resolves once they have it. */
async function discussion(idleMs?: number): Promise<Group> {
  const { alice, bob, carol } = clients
  const started = await alice.api.startDiscussion({
    members: [bob.peerId, carol.peerId],
    ...(idleMs ? { idleMs } : {}),
  })
  for (const c of [bob, carol]) {
    await c.events.until('group', (gs) => gs.some((g) => g.id === started.id))
  }
  return started
}

/** Sends `text` to the discussion and waits until every other member has it. */
async function say(from: TestClient, group: Group, text: string) {
  const sent = await from.api.sendGroup({ groupId: group.id, text })
  const now = await from.api.group({ groupId: group.id })
  for (const c of Object.values(clients)) {
    if (c === from || !now.members.some((m) => m.peerId === c.peerId)) continue
    await c.events.until('message', (ms) => ms.some((m) => m.id === sent.id))
  }
  return sent
}

/** The texts of a conversation as a client has them, oldest first. */
async function textsOf(client: TestClient, group: Group): Promise<string[]> {
  const page = await client.api.history({ conversationId: group.conversationId, limit: 50 })
  return page.toReversed().flatMap((m) => (m.kind === undefined ? [m.text] : []))
}

/** A picture file's bytes, as the API takes them (base64). */
async function picture(): Promise<string> {
  const create = { width: 64, height: 64, channels: 3 as const, background: '#3a7' }
  return (await sharp({ create }).png().toBuffer()).toString('base64')
}

function ended(client: TestClient, group: Group): Promise<unknown> {
  return client.events.until('group', (gs) => gs.some((g) => g.id === group.id && g.ended))
}

async function listed(client: TestClient, group: Group): Promise<boolean> {
  const conversations = await client.api.conversations({})
  return conversations.some((c) => c.id === group.conversationId)
}

beforeAll(async () => {
  if (!existsSync(FAKETIME_LIB)) throw new Error(`${FAKETIME_LIB} is missing: apt install faketime`)
  relay = await startRelay(await dirs.make('relay'))
  const [alice, bob, carol, dave] = await Promise.all([
    start('alice'),
    start('bob'),
    start('carol'),
    start('dave'),
  ])
  await reconnect()
  await befriend(bob, alice)
  await befriend(carol, alice)
  await dave.api.dial({ addr: await tcpAddr(bob) })
  await befriend(dave, bob)
  await dave.api.setProfile({ displayName: 'Dave' })
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

describe('discussions', () => {
  it('start with no name, let everyone add people, and last a week after their last message', async () => {
    const { alice, bob, carol } = clients
    const group = await discussion()
    expect(group).toMatchObject({
      kind: 'discussion',
      name: '',
      idleMs: DISCUSSION_IDLE_MS,
      ended: false,
      keep: false,
    })
    // Everyone may add people: each is an admin of it, and so is whom they add; one
    // added gets its photo from whoever adds them.
    expect(group.members.map((m) => m.role)).toEqual(['admin', 'admin', 'admin'])
    const { photo } = await alice.api.setGroupPhoto({ groupId: group.id, image: await picture() })
    expect(photo).toMatch(/^data:image\/webp;base64,/)
    await bob.events.until('group', (gs) => gs.some((g) => g.id === group.id && g.photo === photo))
    const { dave } = clients
    await bob.api.addGroupMembers({ groupId: group.id, members: [dave.peerId] })
    for (const c of [alice, carol, dave]) {
      await c.events.until('group', (gs) =>
        gs.some(
          (g) => g.id === group.id && g.members.length === 4 && g.members[3]?.role === 'admin',
        ),
      )
    }
    await dave.events.until('group', (gs) => gs.some((g) => g.id === group.id && g.photo === photo))
    const sent = await say(dave, group, 'shall we meet on Friday?')
    // Dave is no contact of Alice's or Carol's: they know him by the name he gave.
    for (const c of [alice, carol]) {
      await c.events.until('group', (gs) =>
        gs.some((g) => g.id === group.id && g.members.some((m) => m.name === 'Dave')),
      )
    }
    // His typing there reaches them too, as typing in that group.
    await dave.api.typing({ groupId: group.id, active: true })
    for (const c of [alice, carol]) {
      await c.events.until('typing', (ts) =>
        ts.some((x) => x.groupId === group.id && x.peerId === dave.peerId && x.active),
      )
    }
    for (const c of [alice, bob, carol, dave]) {
      const now = await c.api.group({ groupId: group.id })
      expect(now.endsAt).toBe(sent.hlc.wall + DISCUSSION_IDLE_MS)
      expect(await textsOf(c, group)).toEqual(['shall we meet on Friday?'])
    }
    const left = await dave.api.leaveGroup({ groupId: group.id })
    expect(left).toMatchObject({ ended: true, gone: true })
  })

  it('ends when everyone else has left: its history leaves the profile, unless kept', async () => {
    const { alice, bob, carol } = clients
    const group = await discussion()
    const secret = `the door code is ${Math.random().toString(36).slice(2)}`
    await say(alice, group, secret)
    const kept = await carol.api.keepGroupHistory({ groupId: group.id, keep: true })
    expect(kept.keep).toBe(true)

    const bobEnded = ended(bob, group)
    await bob.api.leaveGroup({ groupId: group.id })
    await bobEnded
    expect(await textsOf(bob, group)).toEqual([])
    expect(await listed(bob, group)).toBe(false)

    const carolEnded = ended(carol, group)
    await carol.api.leaveGroup({ groupId: group.id })
    await carolEnded
    expect(await textsOf(carol, group)).toEqual([secret])

    // Alice, alone in it now, sees it end.
    await ended(alice, group)
    expect(await alice.api.group({ groupId: group.id })).toMatchObject({ ended: true, gone: true })
    expect(await textsOf(alice, group)).toEqual([])
    expect(await listed(alice, group)).toBe(false)
    await expect(alice.api.sendGroup({ groupId: group.id, text: 'anyone?' })).rejects.toThrow(
      /no longer in this group/,
    )
    await expect(alice.api.keepGroupHistory({ groupId: group.id, keep: true })).rejects.toThrow(
      /history is gone/,
    )

    // Gone from the profile, not only from the list: Bob's too; Carol's is kept.
    for (const name of ['alice', 'bob'] as const) await clients[name].stop()
    for (const name of ['alice', 'bob'] as const) {
      const values = await unsealedValues(dataDirs[name] as string, null)
      expect(values.includes(secret), `${name}'s profile holds the text`).toBe(false)
    }
    await Promise.all([start('alice'), start('bob')])
    await reconnect()
    expect(await textsOf(carol, group)).toEqual([secret])
  })

  it('ends when its time after the last message runs out, at the next start or while running', async () => {
    const group = await discussion(MIN_DISCUSSION_IDLE_MS)
    const secret = `the parcel is at ${Math.random().toString(36).slice(2)}`
    await say(clients.alice, group, secret)
    await clients.carol.api.keepGroupHistory({ groupId: group.id, keep: true })
    const bobBefore = await clients.bob.api.group({ groupId: group.id })

    // Alice and Carol come back an hour and five minutes later, by their clocks.
    for (const name of ['alice', 'carol'] as const) await clients[name].stop()
    const [alice, carol] = [await start('alice', '+65m'), await start('carol', '+65m')]
    await reconnect()
    expect(await alice.api.group({ groupId: group.id })).toMatchObject({
      ended: true,
      keep: false,
      endsAt: null,
    })
    expect(await textsOf(alice, group)).toEqual([])
    expect(await carol.api.group({ groupId: group.id })).toMatchObject({ ended: true, keep: true })
    expect(await textsOf(carol, group)).toEqual([secret])

    // Bob's clock has not got there: his goes on, but the others take nothing more.
    expect(bobBefore.ended).toBe(false)
    const late = await clients.bob.api.sendGroup({ groupId: group.id, text: 'still there?' })
    await clients.bob.events.until('delivered', (ds) =>
      ds.some((d) => d.id === late.id && d.delivery?.delivered === 2),
    )
    expect(await textsOf(alice, group)).toEqual([])
    expect(await textsOf(carol, group)).toEqual([secret])

    await alice.stop()
    const values = await unsealedValues(dataDirs.alice as string, null)
    expect(values.includes(secret)).toBe(false)

    // Bob's runs out while his client runs: he comes back 10 s before its end.
    const { endsAt } = await clients.bob.api.group({ groupId: group.id })
    await clients.bob.stop()
    const ahead = Math.floor(((endsAt as number) - Date.now() - 10_000) / 1000)
    const bob = await start('bob', `+${ahead}`)
    expect(await bob.api.group({ groupId: group.id })).toMatchObject({ ended: false })
    expect(await textsOf(bob, group)).toEqual([secret, 'still there?'])
    await ended(bob, group)
    expect(await textsOf(bob, group)).toEqual([])
  })
})
