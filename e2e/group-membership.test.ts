// Thirty random changes to a group's membership log while its members talk: four
// clients (each a contact of every other) and a relay. Two admins rename the group,
// describe it, announce, promote and demote, some changes made by both at the same
// moment (concurrent entries, which the merge rules settle), and one member is
// removed, while the others send. At the end every member still in computes the
// same group, has every message sent, in the same order, and a message from each
// reaches every other: no one is left without a key. GROUP_SEED=N replays a run.
import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, type Group } from '../protocol/api.ts'
import { prng } from './chaos/supervisor.ts'
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

const seed = process.env.GROUP_SEED ? Number(process.env.GROUP_SEED) : randomInt(2 ** 31)
const CHANGES = 30
/** The change after which Dave is removed. */
const REMOVAL_AT = 20
const CONVERGE_MS = 30_000

type Name = 'alice' | 'bob' | 'carol' | 'dave'
type Kind = 'rename' | 'describe' | 'announce' | 'promote' | 'demote'
const KINDS: Kind[] = ['rename', 'describe', 'announce', 'promote', 'demote']

const dirs = tempDirs()
let relay: Relay
const clients = {} as Record<Name, TestClient>

beforeAll(async () => {
  relay = await startRelay(await dirs.make('relay'))
  const names: Name[] = ['alice', 'bob', 'carol', 'dave']
  await Promise.all(
    names.map(async (name) => {
      clients[name] = await startClient({ dataDir: await dirs.make(name), relays: [relay.addr] })
    }),
  )
  // Everyone a contact of everyone: any admin may add or name any of them.
  for (const [i, answerer] of names.entries()) {
    for (const asker of names.slice(i + 1)) {
      await clients[asker].api.dial({ addr: await tcpAddr(clients[answerer]) })
      await befriend(clients[asker], clients[answerer])
    }
  }
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** One planned change: who makes it (both admins at once, sometimes), what, and on whom. */
interface Step {
  actors: ('alice' | 'bob')[]
  kind: Kind
  /** Picks the member it is about, among those it may be about. */
  pick: number
  /** Which of the talkers sends a message meanwhile. */
  talker: 'alice' | 'bob' | 'carol'
}

/** Drawn before anything runs, so that a seed names the same run everywhere. */
function plan(): Step[] {
  const rnd = prng(seed)
  const of = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T
  return Array.from({ length: CHANGES }, () => ({
    actors: rnd() < 0.3 ? ['alice', 'bob'] : [of(['alice', 'bob'] as const)],
    kind: of(KINDS),
    pick: rnd(),
    talker: of(['alice', 'bob', 'carol'] as const),
  }))
}

/** Makes `kind` as `actor` sees the group now; a change its view does not allow becomes a rename. */
async function change(actor: TestClient, kind: Kind, pick: number, n: number): Promise<string> {
  const { id: groupId, members } = await actor.api.group({ groupId: group.id })
  // Alice made the group: she stays, an admin. Nobody changes their own role here.
  const others = members.filter((m) => m.peerId !== actor.peerId && m.peerId !== alice().peerId)
  const choose = (role: 'admin' | 'member') => {
    const them = others.filter((m) => m.role === role)
    return them[Math.floor(pick * them.length)]?.peerId
  }
  const promoted = kind === 'promote' ? choose('member') : undefined
  const demoted = kind === 'demote' ? choose('admin') : undefined
  try {
    if (promoted) await actor.api.promoteGroupMembers({ groupId, members: [promoted] })
    else if (demoted) await actor.api.demoteGroupMembers({ groupId, members: [demoted] })
    else if (kind === 'describe') await actor.api.describeGroup({ groupId, description: `d${n}` })
    else if (kind === 'announce') await actor.api.announceGroup({ groupId, announcement: `a${n}` })
    else await actor.api.renameGroup({ groupId, name: `Crag ${n}` })
    return promoted || demoted ? kind : kind === 'promote' || kind === 'demote' ? 'rename' : kind
  } catch (err) {
    // No admin any more, as far as its log says (the other admin demoted it): refused.
    if (err instanceof ApiError && err.code === 'bad-request') return 'refused'
    throw err
  }
}

let group: Group
const alice = () => clients.alice

/** What every member must agree on. */
function agreed(g: Group) {
  const { name, description, announcement, members } = g
  return { name, description, announcement, members }
}

describe('group membership', () => {
  it(`settles 30 random changes during traffic the same way for every member (seed ${seed})`, async () => {
    const { bob, carol, dave } = clients
    const steps = plan()
    process.stdout.write(`group membership seed ${seed} (replay: GROUP_SEED=${seed})\n`)
    group = await alice().api.createGroup({
      name: 'Crag',
      members: [bob.peerId, carol.peerId, dave.peerId],
    })
    for (const c of [bob, carol, dave]) {
      await c.events.until('group', (gs) => gs.some((g) => g.id === group.id))
    }
    await alice().api.promoteGroupMembers({ groupId: group.id, members: [bob.peerId] })
    await bob.events.until('group', (gs) =>
      gs.some((g) => g.members.some((m) => m.peerId === bob.peerId && m.role === 'admin')),
    )

    const made: Record<string, number> = {}
    const sent: string[] = []
    for (const [n, step] of steps.entries()) {
      if (n === REMOVAL_AT) {
        await alice().api.removeGroupMembers({ groupId: group.id, members: [dave.peerId] })
        made.remove = 1
      }
      const [message, ...outcomes] = await Promise.all([
        clients[step.talker].api.sendGroup({ groupId: group.id, text: `${step.talker} ${n}` }),
        ...step.actors.map((a) => change(clients[a], step.kind, step.pick, n)),
      ])
      sent.push(message.id)
      for (const o of outcomes) made[o] = (made[o] ?? 0) + 1
    }
    process.stdout.write(`changes made: ${JSON.stringify(made)}\n`)

    // Every member still in ends with the same group as the others.
    const members = [alice(), bob, carol]
    const deadline = performance.now() + CONVERGE_MS
    for (;;) {
      // Counted before reading: a change told while the views are read wakes the wait.
      const told = members.map((c) => c.events.of('group').length)
      const views = await Promise.all(members.map((c) => c.api.group({ groupId: group.id })))
      if (
        views.every((v) => JSON.stringify(agreed(v)) === JSON.stringify(agreed(views[0] as Group)))
      )
        break
      const left = deadline - performance.now()
      if (left <= 0) expect(views.map(agreed)).toEqual(views.map(() => agreed(views[0] as Group)))
      await Promise.race(
        members.map((c, i) =>
          c.events.until('group', (gs) => gs.length > (told[i] as number), left),
        ),
      )
    }
    const final = await alice().api.group({ groupId: group.id })
    expect(final.members.map((m) => m.peerId)).toEqual([alice().peerId, bob.peerId, carol.peerId])
    expect(await dave.api.group({ groupId: group.id })).toMatchObject({ gone: true })

    // A message from each reaches the others: every sender key got where it had to.
    const last = await Promise.all(
      members.map((c) => c.api.sendGroup({ groupId: group.id, text: `last from ${c.peerId}` })),
    )
    const ids = [...sent, ...last.map((m) => m.id)]
    await Promise.all(
      members.map((c) =>
        c.events.until('message', (ms) => last.every((l) => ms.some((m) => m.id === l.id))),
      ),
    )
    // Each member's entries went out before its last message, on the same ordered
    // links: with those in, every entry is, and the group is the same everywhere still.
    const settled = await Promise.all(members.map((c) => c.api.group({ groupId: group.id })))
    for (const v of settled) expect(agreed(v)).toEqual(agreed(final))
    const histories = await Promise.all(
      members.map(async (c) =>
        (await c.api.history({ conversationId: group.conversationId, limit: 200 }))
          .filter((m) => m.kind !== 'group')
          .map((m) => m.id),
      ),
    )
    for (const h of histories) expect(h).toEqual(histories[0])
    expect(histories[0]?.toSorted()).toEqual(ids.toSorted())
    // Dave has nothing of what was said after he was removed.
    const daves = await dave.api.history({ conversationId: group.conversationId, limit: 200 })
    expect(daves.some((m) => last.some((l) => l.id === m.id))).toBe(false)
  })
})
