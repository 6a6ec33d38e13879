// Group sender keys between real profiles: each with its own sealed LevelDB on disk,
// its own libp2p key and Signal sessions, keys given over the pairwise sessions as
// the product gives them; no mocks.
import { randomBytes, randomUUID } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  groupEncrypt,
  ProtocolAddress,
  SenderKeyDistributionMessage,
  SenderKeyRecord,
  SenderKeyStore,
} from '@signalapp/libsignal-client'
import { afterEach, describe, expect, it } from 'vitest'
import {
  MAX_GROUP_SENDER_KEYS,
  MAX_SENDER_KEY_DISTRIBUTION_BYTES,
  MAX_SENDER_KEYS,
  MAX_SENDER_KEYS_PER_MEMBER,
} from '../../../../protocol/limits.ts'
import { put } from '../../store/profile-db.ts'
import { WriteQueue } from '../../store/write-queue.ts'
import { type TempLevel, tempLevel } from '../../testing/temp-level.ts'
import { DataKey } from '../../vault/data-key.ts'
import { SealedLevel } from '../../vault/sealed-level.ts'
import { KEEP_RETIRED_MS, ROTATE_EVERY_MS } from './keys.ts'
import { ROTATE_AFTER_MESSAGES, SenderKeys } from './sender-keys.ts'
import { type Result, SignalSessions } from './sessions.ts'
import { signalSublevel } from './stores.ts'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Member {
  name: string
  peerId: string
  key: PrivateKey
  level: TempLevel
  dataKey: DataKey
  sealed: SealedLevel
  queue: WriteQueue
  signal: SignalSessions
  keys: SenderKeys
  clock: { now: number }
}

/** A profile on its sealed LevelDB; `from` to open one again from its files. */
async function member(name: string, from?: Member): Promise<Member> {
  const key = from?.key ?? (await generateKeyPair('Ed25519'))
  const level = from?.level ?? (await tempLevel('sender-keys'))
  if (!from) cleanups.push(() => level.remove())
  const dataKey = from?.dataKey ?? DataKey.generate()
  const sealed = new SealedLevel(level.raw, dataKey)
  await sealed.open()
  const db = signalSublevel(sealed)
  // One writer, as in the client: a pairwise step and the key it brought land in one batch.
  // As ProfileDb does: typed as any level, the sealed one trips TypeScript's variance checks of its hooks.
  const queue = new WriteQueue(sealed as ConstructorParameters<typeof WriteQueue>[0])
  const write = queue.write.bind(queue)
  const peerId = peerIdFromPrivateKey(key).toString()
  const clock = from?.clock ?? { now: Date.now() }
  const now = () => clock.now
  const signal = await SignalSessions.open({ db, write, peerId, libp2pKey: key, now })
  const keys = await SenderKeys.open({ db, write, peerId, now })
  return { name, peerId, key, level, dataKey, sealed, queue, signal, keys, clock }
}

/** Closes the member's LevelDB, then opens it again. */
async function reopen(m: Member): Promise<Member> {
  await m.queue.drain()
  await m.sealed.close()
  await m.level.raw.close()
  await m.level.raw.open()
  return member(m.name, m)
}

const groupId = () => randomBytes(16).toString('hex')
const text = (s: string) => new TextEncoder().encode(s)
const read = (b: Uint8Array) => new TextDecoder().decode(b)

function ok<T>(result: Result<T, { code: string; reason: string }>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.reason}`)
  return result
}

/** Pairwise sessions between every two of `members`, each opened and answered. */
async function connect(members: Member[]): Promise<void> {
  for (const [i, a] of members.entries()) {
    for (const b of members.slice(i + 1)) {
      ok(await a.signal.addBundle(b.peerId, await b.signal.bundle({ oneTime: true })))
      ok(
        await b.signal.decrypt(
          a.peerId,
          ok(await a.signal.encrypt(b.peerId, text('hi'))).ciphertext,
        ),
      )
      ok(
        await a.signal.decrypt(
          b.peerId,
          ok(await b.signal.encrypt(a.peerId, text('hi'))).ciphertext,
        ),
      )
    }
  }
}

/**
 * `from` gives `to` its key, as the product does: the distribution message sealed
 * in their pairwise session, and on arrival the session's step and the key it
 * brought written in one batch.
 */
async function give(from: Member, to: Member, group: string, distribution: Uint8Array) {
  const sealed = ok(await from.signal.encrypt(to.peerId, distribution as Uint8Array<ArrayBuffer>))
  return to.signal.atomically(from.peerId, async (sessions) => {
    const opened = ok(
      await sessions.decrypt(sealed.ciphertext, 'chat', (plaintext) => ({ ok: true, plaintext })),
    )
    return to.keys.atomically(group, async (keys) => {
      const taken = await keys.process(from.peerId, opened.plaintext)
      await to.queue.write([...sessions.ops(), ...keys.ops()], { sync: true })
      return taken
    })
  })
}

/** Each of `members` gives its current key for `group` to each other. */
async function share(members: Member[], group: string): Promise<void> {
  for (const from of members) {
    const { distribution } = await from.keys.distribution(group, 'start')
    for (const to of members) if (to !== from) ok(await give(from, to, group, distribution))
  }
}

async function send(from: Member, group: string, message: string): Promise<Uint8Array> {
  return (await from.keys.encrypt(group, text(message))).ciphertext
}

async function receive(to: Member, from: Member, group: string, ciphertext: Uint8Array) {
  return read(ok(await to.keys.decrypt(group, from.peerId, ciphertext)).plaintext)
}

async function trio(group: string): Promise<Member[]> {
  const members = await Promise.all(['alice', 'bob', 'carol'].map((name) => member(name)))
  await connect(members)
  await share(members, group)
  return members
}

/** A copy of `bytes` with bit `bit` flipped. */
function flipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice()
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7))
  return copy
}

type Key = Awaited<ReturnType<Strangers['key']>>

/** Senders that are no profile: libsignal keys in memory, for filling a profile's bounds. */
class Strangers extends SenderKeyStore {
  private readonly records = new Map<string, Uint8Array<ArrayBuffer>>()

  async saveSenderKey(sender: ProtocolAddress, id: string, record: SenderKeyRecord) {
    this.records.set(`${sender.name()}:${id}`, record.serialize())
  }

  async getSenderKey(sender: ProtocolAddress, id: string) {
    const bytes = this.records.get(`${sender.name()}:${id}`)
    return bytes ? SenderKeyRecord.deserialize(bytes) : null
  }

  /** A new key of `name`'s: its distribution message, and messages under it. */
  async key(name: string) {
    const sender = ProtocolAddress.new(name, 1)
    const id = randomUUID()
    const distribution = (await SenderKeyDistributionMessage.create(sender, id, this)).serialize()
    const send = async () => (await groupEncrypt(sender, id, this, text(name))).serialize()
    return { name, distribution, send }
  }
}

/** Gives `to` each of `keys` for `group`, in one batch. */
async function fill(to: Member, group: string, keys: (Key | Promise<Key>)[]): Promise<void> {
  const all = await Promise.all(keys)
  await to.keys.atomically(group, async (held) => {
    for (const key of all) ok(await held.process(key.name, key.distribution))
  })
}

describe('Sender keys', () => {
  it('members give their keys over pairwise sessions, and one ciphertext decrypts for each', async () => {
    const group = groupId()
    const members = await trio(group)
    for (const from of members) {
      const sent = await from.keys.encrypt(group, text(`from ${from.name}`))
      expect(sent.rotationDue).toBe(false)
      expect(sent.distributionId).toBe(
        (await from.keys.distribution(group, 'start')).distributionId,
      )
      for (const to of members) {
        if (to !== from)
          expect(await receive(to, from, group, sent.ciphertext)).toBe(`from ${from.name}`)
      }
    }
    const [alice, bob, carol] = members as [Member, Member, Member]
    expect(bob.keys.held).toBe(2)
    // Keys are per group and per sender: a ciphertext replayed into another group, or
    // passed off as another member's, finds no key.
    const ciphertext = await send(alice, group, 'for this group')
    expect(await bob.keys.decrypt(groupId(), alice.peerId, ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'no-key' },
    })
    expect(await bob.keys.decrypt(group, carol.peerId, ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'no-key' },
    })
    expect(await receive(bob, alice, group, ciphertext)).toBe('for this group')
  })

  it('after a removal, the others rotate and the removed member cannot read what follows', async () => {
    const group = groupId()
    const [alice, bob, carol] = (await trio(group)) as [Member, Member, Member]
    const before = await alice.keys.distribution(group, 'start')
    const early = await send(alice, group, 'before the removal')
    const late = await send(alice, group, 'sent before, delivered after')
    expect(await receive(carol, alice, group, early)).toBe('before the removal')

    // Carol is removed: alice and bob make new keys and give them to each other only.
    const rotated = await alice.keys.rotate(group, [carol.peerId])
    expect(rotated.epoch).toBe(before.epoch + 1)
    expect(rotated.distributionId).not.toBe(before.distributionId)
    ok(await give(alice, bob, group, rotated.distribution))
    ok(await give(bob, alice, group, (await bob.keys.rotate(group, [carol.peerId])).distribution))

    for (const [from, to] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const after = await from.keys.encrypt(group, text(`after, from ${from.name}`))
      expect(await receive(to, from, group, after.ciphertext)).toBe(`after, from ${from.name}`)
      // Carol's client, with every key she was given, finds none for it.
      expect(await carol.keys.decrypt(group, from.peerId, after.ciphertext)).toEqual({
        ok: false,
        error: {
          code: 'no-key',
          reason: `no key ${after.distributionId} from ${from.peerId} in group ${group}`,
          distributionId: after.distributionId,
        },
      })
    }
    // Alice's key before the rotation is gone from her profile; bob keeps his copy for late messages.
    expect(await receive(bob, alice, group, late)).toBe('sent before, delivered after')
    expect(carol.keys.held).toBe(2)
  })

  it('a message whose key has not come is a no-key, and decrypts once the key comes', async () => {
    const group = groupId()
    const [alice, bob] = await Promise.all([member('alice'), member('bob')])
    await connect([alice, bob])
    const sent = await alice.keys.encrypt(group, text('too early'))
    expect(await bob.keys.decrypt(group, alice.peerId, sent.ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'no-key', distributionId: sent.distributionId },
    })
    // Bob asks for a resend; alice gives her key from its start: it reads what she sent before.
    const { distribution, distributionId } = await alice.keys.distribution(group, 'start')
    expect(distributionId).toBe(sent.distributionId)
    ok(await give(alice, bob, group, distribution))
    expect(await receive(bob, alice, group, sent.ciphertext)).toBe('too early')
    // Given again (a resend that crossed the first), the key does not start over.
    ok(await give(alice, bob, group, distribution))
    expect(await bob.keys.decrypt(group, alice.peerId, sent.ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
    expect(bob.keys.held).toBe(1)

    // Dave, added now, gets the key from now on: he cannot read what was sent before he came.
    const dave = await member('dave')
    await connect([alice, dave])
    ok(await give(alice, dave, group, (await alice.keys.distribution(group, 'now')).distribution))
    const next = await send(alice, group, 'welcome dave')
    expect(await receive(dave, alice, group, next)).toBe('welcome dave')
    expect(await receive(bob, alice, group, next)).toBe('welcome dave')
    // libsignal calls a message from before a key's start a duplicate: the caller, who has
    // not stored it, knows better.
    expect(await dave.keys.decrypt(group, alice.peerId, sent.ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
  })

  it('refuses tampered ciphertexts and bad keys, and the next valid message still decrypts', async () => {
    const group = groupId()
    const [alice, bob] = (await trio(group)) as [Member, Member, Member]
    const ciphertext = await send(alice, group, 'untouched')
    const codes = new Set<string>()
    // Every bit flipped in turn: one in the distribution id names a key bob lacks;
    // anything else fails the signature, and the body and signature (the last 80 bytes) always.
    for (let bit = 0; bit < ciphertext.byteLength * 8; bit++) {
      const result = await bob.keys.decrypt(group, alice.peerId, flipped(ciphertext, bit))
      if (result.ok) throw new Error(`a tampered ciphertext decrypted: ${read(result.plaintext)}`)
      const { code } = result.error
      codes.add(code)
      if (bit >= (ciphertext.byteLength - 80) * 8) expect(code).toBe('invalid')
    }
    expect([...codes].sort()).toEqual(['invalid', 'no-key'])
    for (const bad of [new Uint8Array([1, 2, 3]), new Uint8Array(100_000)]) {
      expect(await bob.keys.decrypt(group, alice.peerId, bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      })
    }
    expect(await receive(bob, alice, group, ciphertext)).toBe('untouched')

    const { distribution } = await alice.keys.distribution(group, 'start')
    for (const bad of [
      distribution.subarray(1),
      new Uint8Array(MAX_SENDER_KEY_DISTRIBUTION_BYTES + 1),
    ]) {
      expect(await bob.keys.process(group, alice.peerId, bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      })
    }
    // Nobody gives us our own key: a message under it could pass for ours.
    expect(await alice.keys.process(group, alice.peerId, distribution)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    expect(await receive(bob, alice, group, await send(alice, group, 'next'))).toBe('next')
  })

  it('refuses a replay as a duplicate; a message and its chain step are stored in one batch', async () => {
    const group = groupId()
    const [alice, bob] = (await trio(group)) as [Member, Member, Member]
    const messages = bob.sealed.sublevel<string, Uint8Array>('messages', { valueEncoding: 'view' })
    const store = (ciphertext: Uint8Array, fail = false) =>
      bob.keys.atomically(group, async (keys) => {
        const opened = await keys.decrypt<{ plaintext: Uint8Array }, never>(
          alice.peerId,
          ciphertext,
          (plaintext) => ({ ok: true, plaintext }),
        )
        if (!opened.ok) return opened
        const ops = [...keys.ops(), put(messages, read(opened.plaintext), opened.plaintext)]
        if (fail) throw new Error('the disk is full')
        await bob.queue.write(ops, { sync: true })
        return opened
      })
    const first = await send(alice, group, 'm1')
    // The write fails: neither the message nor the chain step is there, and it decrypts again.
    await expect(store(first, true)).rejects.toThrow('the disk is full')
    expect(await messages.get('m1')).toBeUndefined()
    ok(await store(first))
    expect(await messages.get('m1')).toEqual(text('m1'))
    expect(await store(first)).toMatchObject({ ok: false, error: { code: 'duplicate' } })

    // A plaintext the caller refuses moves nothing either.
    const second = await send(alice, group, 'm2')
    const refused = await bob.keys.atomically(group, (keys) =>
      keys.decrypt(alice.peerId, second, () => ({ ok: false, error: 'not for us' })),
    )
    expect(refused).toEqual({ ok: false, error: 'not for us' })
    ok(await store(second))
    // Out of order, each once.
    const later = [await send(alice, group, 'm3'), await send(alice, group, 'm4')]
    ok(await store(later[1] as Uint8Array))
    ok(await store(later[0] as Uint8Array))
    for (const ciphertext of [first, second, ...later]) {
      expect(await store(ciphertext)).toMatchObject({ ok: false, error: { code: 'duplicate' } })
    }
    // Changing keys after handing their ops over would lose the change: refused.
    await expect(
      bob.keys.atomically(group, async (keys) => {
        keys.ops()
        await keys.encrypt(text('too late'))
      }),
    ).rejects.toThrow(/no more/)
  })

  it('keeps keys, chains and replay protection across closing and reopening the database', async () => {
    const group = groupId()
    let [alice, bob, carol] = (await trio(group)) as [Member, Member, Member]
    const first = await alice.keys.encrypt(group, text('before'))
    expect(await receive(bob, alice, group, first.ciphertext)).toBe('before')
    alice = await reopen(alice)
    bob = await reopen(bob)
    carol = await reopen(carol)
    expect(bob.keys.held).toBe(2)
    const next = await alice.keys.encrypt(group, text('after'))
    expect(next.distributionId).toBe(first.distributionId)
    expect(await receive(bob, alice, group, next.ciphertext)).toBe('after')
    expect(await receive(carol, alice, group, first.ciphertext)).toBe('before')
    expect(await receive(carol, alice, group, next.ciphertext)).toBe('after')
    expect(await bob.keys.decrypt(group, alice.peerId, first.ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
    expect(await receive(alice, bob, group, await send(bob, group, 'bob after'))).toBe('bob after')
  })

  it('says when a key is due for rotation: a week old, or after many messages', async () => {
    const group = groupId()
    const alice = await member('alice')
    expect((await alice.keys.encrypt(group, text('x'))).rotationDue).toBe(false)
    alice.clock.now += ROTATE_EVERY_MS
    expect((await alice.keys.encrypt(group, text('x'))).rotationDue).toBe(true)
    await alice.keys.rotate(group)
    const due = await alice.keys.atomically(group, async (keys) => {
      const due = []
      for (let i = 0; i < ROTATE_AFTER_MESSAGES; i++)
        due.push((await keys.encrypt(text('x'))).rotationDue)
      return due
    })
    expect(due.indexOf(true)).toBe(ROTATE_AFTER_MESSAGES - 1)
  })

  it('keeps a replaced key for late messages, then deletes it', async () => {
    const group = groupId()
    const [alice, bob, carol] = (await trio(group)) as [Member, Member, Member]
    const late = [await send(alice, group, 'late 1'), await send(alice, group, 'late 2')]
    ok(await give(alice, bob, group, (await alice.keys.rotate(group)).distribution))
    expect(bob.keys.held).toBe(3)
    expect(await receive(bob, alice, group, late[0] as Uint8Array)).toBe('late 1')

    // Carol leaves: bob retires her key along with his own.
    ok(await give(bob, alice, group, (await bob.keys.rotate(group, [carol.peerId])).distribution))
    expect(await receive(bob, carol, group, await send(carol, group, 'bye'))).toBe('bye')
    bob.clock.now += KEEP_RETIRED_MS + 1
    await bob.keys.rotate(group)
    expect(bob.keys.held).toBe(1)
    expect(await bob.keys.decrypt(group, alice.peerId, late[1] as Uint8Array)).toMatchObject({
      ok: false,
      error: { code: 'no-key' },
    })
    expect(await receive(bob, alice, group, await send(alice, group, 'current'))).toBe('current')
  })

  it(`keeps at most ${MAX_SENDER_KEYS_PER_MEMBER} keys per member, the oldest dropped first`, async () => {
    const group = groupId()
    const [alice, bob] = await Promise.all([member('alice'), member('bob')])
    const sent: Uint8Array[] = []
    for (let i = 0; i <= MAX_SENDER_KEYS_PER_MEMBER; i++) {
      const { distribution } = await alice.keys.rotate(group)
      ok(await bob.keys.process(group, alice.peerId, distribution))
      sent.push(await send(alice, group, `key ${i}`))
    }
    expect(bob.keys.held).toBe(MAX_SENDER_KEYS_PER_MEMBER)
    expect(await bob.keys.decrypt(group, alice.peerId, sent[0] as Uint8Array)).toMatchObject({
      ok: false,
      error: { code: 'no-key' },
    })
    for (const [i, ciphertext] of sent.entries()) {
      if (i > 0) expect(await receive(bob, alice, group, ciphertext)).toBe(`key ${i}`)
    }
  })

  it(`keeps at most ${MAX_GROUP_SENDER_KEYS} keys per group, retired ones dropped first`, async () => {
    const group = groupId()
    const bob = await member('bob')
    const strangers = new Strangers()
    const first = await strangers.key('first')
    const retired = await strangers.key('twice')
    const keys = [first, retired, await strangers.key('twice')]
    for (let i = keys.length; i < MAX_GROUP_SENDER_KEYS; i++) {
      keys.push(await strangers.key(`s${i}`))
    }
    await fill(bob, group, keys)
    expect(bob.keys.held).toBe(MAX_GROUP_SENDER_KEYS)
    const decrypt = async (key: Key) => {
      const result = await bob.keys.decrypt(group, key.name, await key.send())
      return result.ok ? 'ok' : result.error.code
    }

    // The group is full: the retired key goes first, then the oldest.
    ok(await bob.keys.process(group, 'extra1', (await strangers.key('extra1')).distribution))
    expect([await decrypt(retired), await decrypt(first)]).toEqual(['no-key', 'ok'])
    ok(await bob.keys.process(group, 'extra2', (await strangers.key('extra2')).distribution))
    expect([await decrypt(first), await decrypt(keys[2] as Key)]).toEqual(['no-key', 'ok'])
    expect(bob.keys.held).toBe(MAX_GROUP_SENDER_KEYS)
  })

  it(`holds at most ${MAX_SENDER_KEYS} members' keys in a profile, then refuses new ones`, async () => {
    let bob = await member('bob')
    const strangers = new Strangers()
    const groups = Array.from({ length: MAX_SENDER_KEYS / MAX_GROUP_SENDER_KEYS }, groupId)
    for (const [g, group] of groups.entries()) {
      // The last group one short, for two groups that race for the last place.
      const count = MAX_GROUP_SENDER_KEYS - (g === groups.length - 1 ? 1 : 0)
      await fill(
        bob,
        group,
        Array.from({ length: count }, (_, i) => strangers.key(`g${g}s${i}`)),
      )
    }
    expect(bob.keys.held).toBe(MAX_SENDER_KEYS - 1)
    const [a, b] = [await strangers.key('a'), await strangers.key('b')]
    const raced = await Promise.all([
      bob.keys.process(groupId(), a.name, a.distribution),
      bob.keys.process(groupId(), b.name, b.distribution),
    ])
    expect(raced.map((r) => r.ok).sort()).toEqual([false, true])
    expect(raced.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'full' } })
    expect(bob.keys.held).toBe(MAX_SENDER_KEYS)

    bob = await reopen(bob)
    expect(bob.keys.held).toBe(MAX_SENDER_KEYS)
    // A full group makes room by itself (its oldest key goes); a new one cannot.
    const group = groupId()
    const refused = await strangers.key('c')
    expect(await bob.keys.process(group, refused.name, refused.distribution)).toMatchObject({
      ok: false,
      error: { code: 'full' },
    })
    const ciphertext = await refused.send()
    expect(await bob.keys.decrypt(group, refused.name, ciphertext)).toMatchObject({
      ok: false,
      error: { code: 'no-key' },
    })
    // Leaving a group makes room.
    await bob.keys.forget(groups[0] as string)
    expect(bob.keys.held).toBe(MAX_SENDER_KEYS - MAX_GROUP_SENDER_KEYS)
    ok(await bob.keys.process(group, refused.name, refused.distribution))
    expect(read(ok(await bob.keys.decrypt(group, refused.name, ciphertext)).plaintext)).toBe('c')
  })
})
