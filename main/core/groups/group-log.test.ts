// The membership log (protocol/group-log.ts, protocol/group-merge.ts) between real
// profiles' keys: every entry signed with a libp2p Ed25519 key and checked with
// libp2p's verifier.
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type EntryDraft,
  encodeEntry,
  type GroupChange,
  type GroupEntry,
  type GroupSigner,
  readEntry,
  signEntry,
} from '../../../protocol/group-entry.ts'
import { GroupLog, type Receipt } from '../../../protocol/group-log.ts'
import {
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_HELD_BYTES,
  MAX_GROUP_HELD_ENTRIES,
  MAX_GROUP_LOG_BYTES,
  MAX_GROUP_LOG_ENTRIES,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_REFUSED,
} from '../../../protocol/limits.ts'
import { GroupEntry as WireEntry } from '../../../protocol/wire/group.ts'
import { groupSigner, verifyGroupEntry } from './group-signer.ts'

const NOW = 1_700_000_000_000
/** Eight people, A to H: each a libp2p key. */
const NAMES = 'ABCDEFGH'
const people: GroupSigner[] = []
const names = new Map<string, string>()

beforeAll(async () => {
  for (const name of NAMES) {
    const signer = groupSigner(await generateKeyPair('Ed25519'))
    people.push(signer)
    names.set(signer.peerId, name)
  }
})

function person(name: string): GroupSigner {
  return people[NAMES.indexOf(name)] as GroupSigner
}

const id = (name: string) => person(name).peerId
const peers = (who: string) => [...who].map(id)

/** A group `creator` makes with `members` (names), `admins` among them. */
function group(creator: string, members: string, admins = creator): Promise<GroupLog> {
  return GroupLog.create(
    {
      nonce: new Uint8Array(randomBytes(16)),
      kind: 'group',
      name: 'Friends',
      members: peers(members),
      admins: peers(admins),
      idleMs: 0,
    },
    person(creator),
    NOW,
  )
}

/** A member who has only `log`'s genesis. */
async function newcomer(log: GroupLog): Promise<GroupLog> {
  const opened = await GroupLog.open((log.entries()[0] as GroupEntry).signed, verifyGroupEntry)
  if (!opened.ok) throw new Error(opened.error.reason)
  return opened.log
}

/** Another member's copy of `log`, as sent to it (the genesis, then the rest). */
async function replicaOf(log: GroupLog): Promise<GroupLog> {
  const copy = await newcomer(log)
  await deliver(copy, log.entries())
  return copy
}

/** Sends `entries` to `log`, one after another. */
async function deliver(log: GroupLog, entries: readonly GroupEntry[]): Promise<Receipt[]> {
  const receipts: Receipt[] = []
  for (const entry of entries) receipts.push(await log.receive(entry.signed, verifyGroupEntry))
  return receipts
}

/** Each log gets what every other has. */
async function sync(...logs: GroupLog[]): Promise<void> {
  const all = logs.flatMap((log) => log.entries())
  for (const log of logs) await deliver(log, all)
}

async function act(log: GroupLog, who: string, change: GroupChange): Promise<GroupEntry> {
  const receipt = await log.append(change, person(who), NOW)
  if (receipt.status !== 'accepted') throw new Error(`${who}: ${JSON.stringify(receipt)}`)
  return receipt.entries[0] as GroupEntry
}

/** An entry `who` signs, following `parents` (the log's heads), whatever the log would say of it. */
function forge(
  log: GroupLog,
  who: string,
  change: GroupChange,
  { parents = log.heads(), at = NOW } = {},
): Promise<GroupEntry> {
  return signEntry({ groupId: log.id, parents, at, change }, person(who))
}

/** `draft` by `who`, with an empty signature: for a stored log only (restore checks no signature). */
function unsigned(draft: EntryDraft, who: string): GroupEntry {
  const read = readEntry({ entry: encodeEntry(draft, id(who)), signature: new Uint8Array(64) })
  if (!read.ok) throw new Error(read.error.reason)
  return read.entry
}

/** `count` changes by A from `log`'s heads on, each following the one before: signed, taken by no log. */
async function chain(
  log: GroupLog,
  count: number,
  change: (i: number) => GroupChange,
): Promise<GroupEntry[]> {
  const entries: GroupEntry[] = []
  for (let i = 0; i < count; i++) {
    const parents = entries.length === 0 ? log.heads() : [(entries.at(-1) as GroupEntry).hash]
    entries.push(await forge(log, 'A', change(i), { parents }))
  }
  return entries
}

/** Members and roles, by name: 'A*' an admin, 'B' a member. */
function roster(log: GroupLog): string {
  return log.state.members
    .map((m) => `${names.get(m.peerId) ?? '?'}${m.role === 'admin' ? '*' : ''}`)
    .join(' ')
}

const size = (entry: GroupEntry) =>
  entry.signed.entry.byteLength + entry.signed.signature.byteLength

/** An announcement of MAX_GROUP_ANNOUNCEMENT characters, three UTF-8 bytes each: the largest text change. */
const longText = (i: number) =>
  `${'界'.repeat(MAX_GROUP_ANNOUNCEMENT - 6)}${String(i).padStart(6, '0')}`

describe('the membership log', () => {
  it('follows a history of changes, and every member computes the same', async () => {
    const log = await group('A', 'ABC')
    expect(log.id).toMatch(/^[0-9a-f]{32}$/)
    expect(roster(log)).toBe('A* B C')
    await act(log, 'A', { type: 'add', peers: peers('DE') })
    await act(log, 'A', { type: 'promote', peers: peers('B') })
    await act(log, 'B', { type: 'rename', text: 'Old friends' })
    await act(log, 'B', { type: 'describe', text: 'Since school\nand after' })
    await act(log, 'A', { type: 'announce', text: 'Dinner on Friday' })
    await act(log, 'A', { type: 'photo', digest: 'ab'.repeat(32) })
    await act(log, 'B', { type: 'remove', peers: peers('C') })
    await act(log, 'D', { type: 'leave' })
    await act(log, 'A', { type: 'demote', peers: peers('B') })
    expect(roster(log)).toBe('A* B E')
    expect(log.state).toMatchObject({
      name: 'Old friends',
      description: 'Since school\nand after',
      announcement: 'Dinner on Friday',
      photo: 'ab'.repeat(32),
      creator: id('A'),
      kind: 'group',
    })
    expect(log.heads()).toHaveLength(1)
    expect(log.voided().size).toBe(0)
    const copy = await replicaOf(log)
    expect(copy.state).toEqual(log.state)
    expect(GroupLog.restore([...log.entries()]).state).toEqual(log.state)
  })

  it('makes its most senior member admin when the last admin leaves', async () => {
    const log = await group('A', 'ABCD')
    await act(log, 'A', { type: 'remove', peers: peers('B') })
    await act(log, 'A', { type: 'leave' })
    expect(roster(log)).toBe('C* D')
    await act(log, 'C', { type: 'leave' })
    await act(log, 'D', { type: 'leave' })
    expect(log.state.members).toEqual([])
    // An ended group takes nothing more, even from its creator.
    expect(
      await log.receive((await forge(log, 'A', { type: 'leave' })).signed, verifyGroupEntry),
    ).toEqual({ status: 'refused', reason: `${id('A')} was not a member` })
  })

  it('refuses forged changes: a non-member, a non-admin, a removed member, a bad signature, a tampered field, a replay into another group', async () => {
    const log = await group('A', 'ABC', 'AB')
    const other = await group('A', 'ABC', 'AB')
    await act(log, 'A', { type: 'remove', peers: peers('B') })
    const refusal = async (entry: GroupEntry, target = log) =>
      target.receive(entry.signed, verifyGroupEntry)
    expect(await refusal(await forge(log, 'D', { type: 'add', peers: peers('E') }))).toEqual({
      status: 'refused',
      reason: `${id('D')} was not a member`,
    })
    expect(await refusal(await forge(log, 'C', { type: 'add', peers: peers('E') }))).toEqual({
      status: 'refused',
      reason: `${id('C')} was not an admin`,
    })
    // B saw its own removal: whatever it writes after is refused, even a leave.
    expect(await refusal(await forge(log, 'B', { type: 'leave' }))).toMatchObject({
      reason: `${id('B')} was not a member`,
    })
    const add = await forge(log, 'A', { type: 'add', peers: peers('D') })
    const badSignature = add.signed.signature.slice()
    badSignature[0] = (badSignature[0] as number) ^ 1
    const unsigned = { ...add.signed, signature: badSignature }
    expect(await log.receive(unsigned, verifyGroupEntry)).toEqual({
      status: 'refused',
      reason: `not signed by its author ${id('A')}`,
    })
    // The same entry, naming A instead of D, or a millisecond later, under A's signature of the original.
    const wire = WireEntry.decode(add.signed.entry)
    const tampered = WireEntry.encode({ ...wire, add: { peers: [wire.author.slice()] } })
    const later = WireEntry.encode({ ...wire, at: wire.at + 1n })
    for (const entry of [tampered, later]) {
      expect(await log.receive({ ...add.signed, entry }, verifyGroupEntry)).toEqual({
        status: 'refused',
        reason: `not signed by its author ${id('A')}`,
      })
    }
    // A's real, signed change, sent to a group of the same people it was not made for.
    expect(await refusal(add, other)).toEqual({
      status: 'refused',
      reason: `an entry of another group (${log.id})`,
    })
    expect(await refusal(other.entries()[0] as GroupEntry)).toEqual({
      status: 'refused',
      reason: `an entry of another group (${other.id})`,
    })
    // None of it changed anything; the real change (whose hash the bad signature
    // shared, so it was not remembered as refused) still goes in, once.
    expect(roster(log)).toBe('A* C')
    expect(await refusal(add)).toMatchObject({ status: 'accepted' })
    expect(await refusal(add)).toEqual({ status: 'duplicate' })
    expect(roster(log)).toBe('A* C D')
  })

  it('refuses changes that make no sense where they were made, and what follows them', async () => {
    const log = await group('A', 'ABC', 'AB')
    const cases: [GroupChange, string][] = [
      [{ type: 'add', peers: peers('BD') }, 'it adds someone already in'],
      [{ type: 'remove', peers: peers('D') }, 'it removes someone not in'],
      [{ type: 'remove', peers: peers('A') }, 'an admin leaves rather than removes itself'],
      [
        { type: 'promote', peers: peers('B') },
        'it promotes someone who is not a member, or an admin already',
      ],
      [{ type: 'demote', peers: peers('C') }, 'it demotes someone not an admin'],
      [{ type: 'rename', text: '' }, 'a group needs a name'],
      [{ type: 'expiry', idleMs: 3_600_000 }, 'only a discussion group expires'],
    ]
    for (const [change, reason] of cases) {
      const entry = await forge(log, 'A', change)
      expect(await log.receive(entry.signed, verifyGroupEntry)).toEqual({
        status: 'refused',
        reason,
      })
      // What follows a refused entry is refused with it.
      const next = await forge(log, 'C', { type: 'leave' }, { parents: [entry.hash] })
      expect(await log.receive(next.signed, verifyGroupEntry)).toEqual({
        status: 'refused',
        reason: 'it follows a refused entry',
      })
    }
    expect(log.size).toBe(1)
  })

  it(`holds ${MAX_GROUP_MEMBERS} members at most, even when adds are concurrent`, async () => {
    const extra: string[] = []
    for (let i = 0; i < MAX_GROUP_MEMBERS + 2; i++) {
      extra.push(groupSigner(await generateKeyPair('Ed25519')).peerId)
    }
    const log = await group('A', 'AB', 'AB')
    await act(log, 'A', { type: 'add', peers: extra.slice(0, MAX_GROUP_MEMBERS - 4) })
    const other = await replicaOf(log)
    const tooMany = await forge(log, 'A', {
      type: 'add',
      peers: extra.slice(MAX_GROUP_MEMBERS - 4),
    })
    expect(await log.receive(tooMany.signed, verifyGroupEntry)).toEqual({
      status: 'refused',
      reason: `a group has at most ${MAX_GROUP_MEMBERS} members`,
    })
    // Each side fills the group up; together they would be over.
    const mine = extra.slice(MAX_GROUP_MEMBERS - 4, MAX_GROUP_MEMBERS - 2)
    const theirs = extra.slice(MAX_GROUP_MEMBERS - 2, MAX_GROUP_MEMBERS)
    await act(log, 'A', { type: 'add', peers: mine })
    await act(other, 'B', { type: 'add', peers: theirs })
    await sync(log, other)
    const members = log.state.members.map((m) => m.peerId)
    expect(members).toHaveLength(MAX_GROUP_MEMBERS)
    // The add later in replay order is the one cut short: of its two people, none fits.
    expect([mine, theirs].filter((added) => added.every((p) => members.includes(p)))).toHaveLength(
      1,
    )
    expect(other.state).toEqual(log.state)
  })

  // Newest first: the log keeps the newest it was sent, and drops the oldest it held.
  it.each([
    {
      bound: `${MAX_GROUP_HELD_ENTRIES} entries`,
      change: (i: number): GroupChange => ({ type: 'rename', text: `Name ${i}` }),
      kept: () => MAX_GROUP_HELD_ENTRIES,
    },
    {
      bound: `${MAX_GROUP_HELD_BYTES} bytes`,
      change: (i: number): GroupChange => ({ type: 'announce', text: longText(i) }),
      kept: (entrySize: number) => Math.floor(MAX_GROUP_HELD_BYTES / entrySize),
    },
  ])('holds entries until the ones they follow come, $bound at most', async ({ change, kept }) => {
    const log = await group('A', 'AB')
    const held = kept(size((await chain(log, 1, change))[0] as GroupEntry))
    const entries = await chain(log, held + 20, change)
    const [first, second] = entries as [GroupEntry, GroupEntry]
    const receipts = await deliver(log, entries.slice(1).reverse())
    expect(receipts.at(-1)).toEqual({ status: 'held', missing: [first.hash] })
    expect(receipts.at(-2)).toEqual({ status: 'held', missing: [second.hash] })
    expect(receipts.every((r) => r.status === 'held')).toBe(true)
    expect(log.missing()).toEqual([first.hash])
    const receipt = await log.receive(first.signed, verifyGroupEntry)
    expect(receipt).toEqual({ status: 'accepted', entries: entries.slice(0, held + 1) })
    // What was dropped comes again.
    await deliver(log, entries)
    expect(log.size).toBe(entries.length + 1)
    expect(log.heads()).toEqual([(entries.at(-1) as GroupEntry).hash])
    expect(log.missing()).toEqual([])
  })

  it(`remembers the last ${MAX_GROUP_REFUSED} refused entries, to refuse what follows them`, async () => {
    const log = await group('A', 'AB')
    const refused: GroupEntry[] = []
    for (let i = 0; i <= MAX_GROUP_REFUSED; i++) {
      // D is no member: each of these is refused, and each has a hash of its own.
      const entry = await forge(log, 'D', { type: 'leave' }, { at: NOW + i })
      expect((await log.receive(entry.signed, verifyGroupEntry)).status).toBe('refused')
      refused.push(entry)
    }
    const following = (entry: GroupEntry) =>
      forge(log, 'A', { type: 'rename', text: 'After' }, { parents: [entry.hash] })
    const [oldest, kept] = [refused[0] as GroupEntry, refused[1] as GroupEntry]
    expect(await log.receive((await following(kept)).signed, verifyGroupEntry)).toEqual({
      status: 'refused',
      reason: 'it follows a refused entry',
    })
    // The oldest is forgotten: what follows it waits for it, and is refused once it comes again.
    const orphan = await following(oldest)
    expect(await log.receive(orphan.signed, verifyGroupEntry)).toEqual({
      status: 'held',
      missing: [oldest.hash],
    })
    expect(await log.receive(oldest.signed, verifyGroupEntry)).toMatchObject({
      status: 'refused',
    })
    expect(log.missing()).toEqual([])
    expect(await log.receive(orphan.signed, verifyGroupEntry)).toEqual({
      status: 'refused',
      reason: 'it follows a refused entry',
    })
    expect(log.size).toBe(1)
  })

  it(`takes no more than ${MAX_GROUP_LOG_ENTRIES} entries`, async () => {
    const log = await group('A', 'AB')
    // Stored entries are not checked again: the quick way to an almost full log.
    const stored = [...log.entries()]
    while (stored.length < MAX_GROUP_LOG_ENTRIES - 1) {
      const parents = [(stored.at(-1) as GroupEntry).hash]
      const change: GroupChange = { type: 'rename', text: `Name ${stored.length}` }
      stored.push(unsigned({ groupId: log.id, parents, at: NOW, change }, 'A'))
    }
    const almost = GroupLog.restore(stored)
    const [last, over] = await chain(almost, 2, (i) => ({ type: 'rename', text: `Last ${i}` }))
    expect(await deliver(almost, [last as GroupEntry, over as GroupEntry])).toEqual([
      { status: 'accepted', entries: [last] },
      { status: 'refused', reason: expect.stringMatching(/^the log is full/) },
    ])
    expect(almost.size).toBe(MAX_GROUP_LOG_ENTRIES)
  })

  it(`takes no more than ${MAX_GROUP_LOG_BYTES} bytes of entries`, async () => {
    const log = await group('A', 'AB')
    const announce = (i: number): GroupChange => ({ type: 'announce', text: longText(i) })
    const each = size((await chain(log, 1, announce))[0] as GroupEntry)
    const room = MAX_GROUP_LOG_BYTES - size(log.entries()[0] as GroupEntry)
    const fit = Math.floor(room / each)
    const entries = await chain(log, fit + 1, announce)
    const receipts = await deliver(log, entries)
    expect(receipts.slice(0, fit).every((r) => r.status === 'accepted')).toBe(true)
    expect(receipts[fit]).toEqual({
      status: 'refused',
      reason: expect.stringMatching(/^the log is full/),
    })
    expect(log.size).toBe(fit + 1)
    expect(log.size).toBeLessThan(MAX_GROUP_LOG_ENTRIES)
  })
})

describe('concurrent changes', () => {
  /** Two copies of a new group, whose changes the other has not seen. */
  async function split(members: string, admins: string) {
    const log = await group('A', members, admins)
    return [await replicaOf(log), await replicaOf(log)] as const
  }

  it('of two admins removing each other: the senior one stays, in either order', async () => {
    const [a, b] = await split('ABC', 'AB')
    await act(a, 'A', { type: 'remove', peers: peers('B') })
    const counter = await act(b, 'B', { type: 'remove', peers: peers('A') })
    const c = await replicaOf(b)
    await sync(a, b)
    await deliver(c, a.entries())
    for (const log of [a, b, c]) {
      expect(roster(log)).toBe('A* C')
      expect(log.voided().get(counter.hash)).toContain('concurrently took')
    }
  })

  it('of a removed admin acting as if it had not seen its removal: void', async () => {
    const [a, b] = await split('ABC', 'AB')
    await act(a, 'A', { type: 'remove', peers: peers('B') })
    // B names only what it had before its removal: the log accepts it, the merge voids it.
    const acts = [
      await act(b, 'B', { type: 'add', peers: peers('D') }),
      await act(b, 'B', { type: 'promote', peers: peers('C') }),
      await act(b, 'B', { type: 'rename', text: 'Mine now' }),
    ]
    await sync(a, b)
    for (const log of [a, b]) {
      expect(roster(log)).toBe('A* C')
      expect(log.state.name).toBe('Friends')
      expect(acts.map((e) => log.voided().get(e.hash))).toEqual(
        acts.map(() => expect.stringContaining('concurrently took')),
      )
    }
  })

  it('of what a removed admin promoted someone to do: void with the promotion', async () => {
    const [a, b] = await split('ABC', 'AB')
    await act(a, 'A', { type: 'remove', peers: peers('B') })
    const promotion = await act(b, 'B', { type: 'promote', peers: peers('C') })
    // C saw its promotion, not B's removal: as far as C knew, it was an admin.
    const c = await replicaOf(b)
    const acts = [
      await act(c, 'C', { type: 'add', peers: peers('D') }),
      await act(c, 'C', { type: 'rename', text: 'Taken over' }),
    ]
    await sync(a, b, c)
    for (const log of [a, b, c]) {
      expect(roster(log)).toBe('A* C')
      expect(log.state.name).toBe('Friends')
      expect(log.voided().get(promotion.hash)).toContain('concurrently took')
      for (const entry of acts) {
        expect(log.voided().get(entry.hash)).toBe(
          `${id('C')} was not an admin where it made this change`,
        )
      }
    }
  })

  it('of a removed admin and a more senior member it promoted removing the remover: the removal stands', async () => {
    // Seniority A, B, C, D; admins A, C and D.
    const [c, d] = await split('ABCD', 'ACD')
    await act(c, 'C', { type: 'remove', peers: peers('D') })
    await act(d, 'D', { type: 'promote', peers: peers('B') })
    // B, senior to C but made an admin behind C's back, removes C.
    const b = await replicaOf(d)
    const counter = await act(b, 'B', { type: 'remove', peers: peers('C') })
    await sync(b, c, d)
    for (const log of [b, c, d]) {
      expect(roster(log)).toBe('A* B C*')
      expect(log.voided().get(counter.hash)).toBe(
        `${id('B')} was not an admin where it made this change`,
      )
    }
  })

  it('of a junior admin removing a senior one: the senior one goes, but what it did meanwhile stands', async () => {
    const [a, b] = await split('ABC', 'AB')
    await act(a, 'A', { type: 'rename', text: 'Renamed by A' })
    await act(b, 'B', { type: 'remove', peers: peers('A') })
    await sync(a, b)
    for (const log of [a, b]) {
      expect(roster(log)).toBe('B* C')
      expect(log.state.name).toBe('Renamed by A')
      expect(log.voided().size).toBe(0)
    }
  })

  it.each([
    { undo: 'remove', redo: 'add', roster: 'A* B*' },
    { undo: 'demote', redo: 'promote', roster: 'A* B* C' },
  ] as const)('of a $undo and a concurrent $redo of one person: the $undo wins', async (t) => {
    const [a, b] = await split('ABC', 'ABC')
    await act(a, 'A', { type: t.undo, peers: peers('C') })
    await act(a, 'A', { type: t.redo, peers: peers('C') })
    await act(b, 'B', { type: t.undo, peers: peers('C') })
    await sync(a, b)
    expect(roster(a)).toBe(t.roster)
    expect(b.state).toEqual(a.state)
  })

  it('of two renames: the later in replay order stands, for both members', async () => {
    const [a, b] = await split('AB', 'AB')
    const one = await act(a, 'A', { type: 'rename', text: 'One' })
    const two = await act(b, 'B', { type: 'rename', text: 'Two' })
    await sync(a, b)
    // Both follow the genesis alone: same depth, so the greater hash is the later.
    expect(a.state.name).toBe(one.hash > two.hash ? 'One' : 'Two')
    expect(b.state).toEqual(a.state)
    expect(a.heads()).toEqual(b.heads())
    expect(a.heads()).toHaveLength(2)
    // The next change follows both, and the log is one line again.
    await act(a, 'A', { type: 'announce', text: 'Merged' })
    await sync(a, b)
    expect(b.heads()).toHaveLength(1)
  })
})

describe('the merge', () => {
  /** What a member's device does: one of the members it sees writes a change, or it hears another's log. */
  type Step =
    | { kind: 'change'; replica: number; author: number; pick: number }
    | { kind: 'sync'; from: number; to: number }
  const REPLICAS = 3
  const replica = fc.nat(REPLICAS - 1)
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('change' as const),
        replica,
        author: fc.nat(),
        pick: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('sync' as const), from: replica, to: replica }),
    },
  )

  /** Every change `author` may make in `log` as it stands. */
  function validChanges(log: GroupLog, author: string): GroupChange[] {
    const { members } = log.state
    const role = members.find((m) => m.peerId === author)?.role
    const changes: GroupChange[] = [{ type: 'leave' }]
    if (role !== 'admin') return changes
    for (const { peerId } of people) {
      const member = members.find((m) => m.peerId === peerId)
      if (!member) changes.push({ type: 'add', peers: [peerId] })
      else if (peerId !== author) changes.push({ type: 'remove', peers: [peerId] })
      if (member?.role === 'member') changes.push({ type: 'promote', peers: [peerId] })
      if (member?.role === 'admin') changes.push({ type: 'demote', peers: [peerId] })
    }
    changes.push({ type: 'rename', text: `Name ${changes.length}` })
    return changes
  }

  /** A history written on three devices that hear each other now and then: concurrent branches. */
  async function history(steps: Step[]): Promise<GroupLog[]> {
    const origin = await group('A', 'ABCD', 'AB')
    const replicas = [origin, await replicaOf(origin), await replicaOf(origin)]
    for (const s of steps) {
      if (s.kind === 'sync') {
        await deliver(replicas[s.to] as GroupLog, (replicas[s.from] as GroupLog).entries())
        continue
      }
      const log = replicas[s.replica] as GroupLog
      const { members } = log.state
      const author = members[s.author % Math.max(members.length, 1)]
      if (!author) continue
      const changes = validChanges(log, author.peerId)
      const change = changes[s.pick % changes.length] as GroupChange
      await act(log, names.get(author.peerId) as string, change)
    }
    return replicas
  }

  it('gives every member the same state, whatever order the entries come in, and however often', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 10, maxLength: 40 }),
        fc.gen(),
        async (steps, g) => {
          const replicas = await history(steps)
          const all = new Map<string, GroupEntry>()
          for (const log of replicas) for (const entry of log.entries()) all.set(entry.hash, entry)
          const entries = [...all.values()]
          // Three new members, each sent everything from the genesis on in an order of
          // its own (an entry often before those it follows), some entries twice.
          const newcomers: GroupLog[] = []
          for (let i = 0; i < 3; i++) {
            const member = await newcomer(replicas[0] as GroupLog)
            const sends = [...entries, ...entries.filter(() => g(fc.boolean))]
            for (let j = sends.length - 1; j > 0; j--) {
              const k = g(fc.nat, j)
              ;[sends[j], sends[k]] = [sends[k] as GroupEntry, sends[j] as GroupEntry]
            }
            for (const receipt of await deliver(member, sends)) {
              expect(receipt.status).not.toBe('refused')
            }
            newcomers.push(member)
          }
          await sync(...replicas)
          const [first, ...others] = newcomers as [GroupLog, ...GroupLog[]]
          expect(first.size).toBe(all.size)
          expect(first.missing()).toEqual([])
          for (const log of [...others, ...replicas, GroupLog.restore([...first.entries()])]) {
            expect(log.state).toEqual(first.state)
            expect(log.heads()).toEqual(first.heads())
            expect(log.voided()).toEqual(first.voided())
          }
          const { members } = first.state
          expect(members.length === 0 || members.some((m) => m.role === 'admin')).toBe(true)
        },
      ),
      { numRuns: 100 },
    )
  })
})
