import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ApiError,
  type Contact,
  type Message,
  type ParleyEvents,
  type SafetyNumber,
} from '../../../protocol/api.ts'
import { Emitter } from '../../../protocol/emitter.ts'
import { HybridClock } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { Contacts } from '../people/contacts.ts'
import { ProfileStore } from '../store/profile-store.ts'
import { tempLevel } from '../testing/temp-level.ts'
import { DataKey } from '../vault/data-key.ts'
import { SealedLevel } from '../vault/sealed-level.ts'
import { Safety } from './safety.ts'
import type { SignalResult } from './signal/sessions.ts'
import { SignalSessions } from './signal/sessions.ts'
import { signalSublevel } from './signal/stores.ts'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Profile {
  peerId: string
  key: PrivateKey
  store: ProfileStore
  signal: SignalSessions
  contacts: Contacts
  clock: HybridClock
  safety: Safety
  emitter: Emitter<ParleyEvents>
  /** Every 'message' and 'contact' event, in order. */
  events: { message: ParleyEvents['message'][]; contact: Contact[] }
}

/** A profile as the client core builds one; `key` to reinstall with the same libp2p key. */
async function profile(key?: PrivateKey): Promise<Profile> {
  const privateKey = key ?? (await generateKeyPair('Ed25519'))
  const level = await tempLevel('safety')
  cleanups.push(() => level.remove())
  const store = await ProfileStore.open(new SealedLevel(level.raw, DataKey.generate()))
  cleanups.push(() => store.close())
  const peerId = peerIdFromPrivateKey(privateKey).toString()
  const signal = await SignalSessions.open({
    db: signalSublevel(store.db.db),
    peerId,
    libp2pKey: privateKey,
  })
  const emitter = new Emitter<ParleyEvents>()
  const events: Profile['events'] = { message: [], contact: [] }
  emitter.on('message', (m) => events.message.push(m))
  emitter.on('contact', (c) => events.contact.push(c))
  const contacts = new Contacts({
    self: peerId,
    store,
    events: emitter,
    // Contacts are made below as accepted ones: nothing is sent, nobody hung up on.
    send: () => Promise.reject(new Error('no network here')),
    hangUp: () => Promise.reject(new Error('no network here')),
    resend: () => {},
  })
  const clock = new HybridClock()
  const safety = new Safety({ self: peerId, store, contacts, signal, clock, events: emitter })
  return { peerId, key: privateKey, store, signal, contacts, clock, safety, emitter, events }
}

function ok<T>(result: SignalResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.reason}`)
  return result
}

async function exchange(from: Profile, to: Profile, text: string): Promise<void> {
  const { ciphertext } = ok(await from.signal.encrypt(to.peerId, new TextEncoder().encode(text)))
  ok(await to.signal.decrypt(from.peerId, ciphertext))
}

/** Accepted contacts of each other, with a session both ways (so each knows the other's key). */
async function friends(a: Profile, b: Profile): Promise<void> {
  for (const [me, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await me.store.contacts.put({
      peerId: other.peerId,
      displayName: other.peerId.slice(-4),
      state: 'accepted',
      labels: [],
      addedAt: Date.now(),
      acceptedAt: Date.now(),
    })
  }
  ok(await a.signal.addBundle(b.peerId, await b.signal.bundle({ oneTime: true })))
  await exchange(a, b, 'hello')
  await exchange(b, a, 'hello yourself')
}

/** The ApiError a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`)
  return err
}

describe('Safety numbers', () => {
  it('are the same 60 digits on both sides, and each side accepts the other’s code', async () => {
    const alice = await profile()
    const bob = await profile()
    await friends(alice, bob)

    const atAlice = await alice.safety.safetyNumber(bob.peerId)
    const atBob = await bob.safety.safetyNumber(alice.peerId)
    expect(atAlice.digits).toMatch(/^\d{60}$/)
    expect(atBob.digits).toBe(atAlice.digits)
    expect(atAlice).toMatchObject({ verified: false })
    // Each side's code lists its own key first: the codes differ, yet match each other.
    expect(atBob.scannable).not.toBe(atAlice.scannable)
    expect(Buffer.from(atAlice.scannable, 'base64').toString('base64')).toBe(atAlice.scannable)

    const verified = await alice.safety.verify(bob.peerId, true, { scanned: atBob.scannable })
    expect(verified).toMatchObject({ peerId: bob.peerId, verified: true, state: 'accepted' })
    expect(alice.events.contact.at(-1)).toEqual(verified)
    expect(await alice.safety.safetyNumber(bob.peerId)).toEqual({ ...atAlice, verified: true })
    // Compared by eye: the digits shown are still the number.
    await bob.safety.verify(alice.peerId, true, { digits: atBob.digits })
    expect(bob.contacts.get(alice.peerId)?.verified).toBe(true)

    expect(await alice.safety.verify(bob.peerId, false)).not.toHaveProperty('verified')
    expect((await alice.safety.safetyNumber(bob.peerId)).verified).toBe(false)
  })

  it('differ between contacts, and a wrong code is refused, changing nothing', async () => {
    const alice = await profile()
    const bob = await profile()
    const carol = await profile()
    await friends(alice, bob)
    await friends(alice, carol)
    await friends(bob, carol)
    const withBob = await alice.safety.safetyNumber(bob.peerId)
    const withCarol = await alice.safety.safetyNumber(carol.peerId)
    expect(withCarol.digits).not.toBe(withBob.digits)
    expect((await bob.safety.safetyNumber(carol.peerId)).digits).not.toBe(withBob.digits)

    const contactEvents = alice.events.contact.length
    const wrong: [{ digits?: string; scanned?: string }, RegExp][] = [
      // Carol's code for Alice, offered as Bob's.
      [
        { scanned: (await carol.safety.safetyNumber(alice.peerId)).scannable },
        /^the codes differ: theirs is made from other identity keys/,
      ],
      // Bob's code for Carol: right person, other conversation.
      [
        { scanned: (await bob.safety.safetyNumber(carol.peerId)).scannable },
        /^the codes differ: theirs is made from other identity keys/,
      ],
      [{ scanned: withBob.scannable }, /^the codes differ: this is your own code/],
      [
        { scanned: Buffer.from('not a fingerprint').toString('base64') },
        /^the codes differ: theirs is not a safety code/,
      ],
      [{ digits: withCarol.digits }, /^the safety number changed while you compared it/],
    ]
    for (const [compared, reason] of wrong) {
      const err = await refusal(alice.safety.verify(bob.peerId, true, compared))
      expect(err.code).toBe('bad-request')
      expect(err.message).toMatch(reason)
    }
    expect(alice.contacts.get(bob.peerId)?.verified).toBeUndefined()
    expect(alice.events.contact).toHaveLength(contactEvents)
  })

  it('is not known before a session, so nothing can be verified yet', async () => {
    const alice = await profile()
    const bob = await profile()
    await alice.store.contacts.put({
      peerId: bob.peerId,
      displayName: 'Bob',
      state: 'requested',
      labels: [],
      addedAt: Date.now(),
    })
    const missing = await refusal(alice.safety.safetyNumber(bob.peerId))
    expect(missing.code).toBe('not-found')
    expect(missing.message).toMatch(/no identity key of .* is known yet.*exchange a message first/)
    expect((await refusal(alice.safety.verify(bob.peerId, true))).code).toBe('not-found')
    // Clearing needs no key; someone who is not a contact cannot be verified at all.
    expect(await alice.safety.verify(bob.peerId, false)).toMatchObject({ peerId: bob.peerId })
    expect((await refusal(alice.safety.verify((await profile()).peerId, false))).code).toBe(
      'not-found',
    )
  })

  it('a new identity key leaves a notice in clock order and clears the verification', async () => {
    const alice = await profile()
    let bob = await profile()
    await friends(alice, bob)
    const before = await alice.safety.safetyNumber(bob.peerId)
    const oldCode = (await bob.safety.safetyNumber(alice.peerId)).scannable
    await alice.safety.verify(bob.peerId, true, { scanned: oldCode })
    const conversationId = directConversationId(alice.peerId, bob.peerId)
    const text = (hlc: Message['hlc'], id: string): Message => ({
      id,
      conversationId,
      peerId: bob.peerId,
      sender: bob.peerId,
      direction: 'in',
      text: `message ${id}`,
      hlc,
      status: 'received',
    })
    // A message from Bob a moment ago, as the chat service stores one.
    await alice.store.addNotice(
      text(alice.clock.receive({ wall: Date.now(), counter: 0 }), '01JH0000000000000000000001'),
    )

    // Bob reinstalls: the same libp2p key, a new Signal identity; his first message shows it.
    bob = await profile(bob.key)
    ok(await bob.signal.addBundle(alice.peerId, await alice.signal.bundle({ oneTime: true })))
    const { ciphertext } = ok(
      await bob.signal.encrypt(alice.peerId, new TextEncoder().encode('hi')),
    )
    const refused = await alice.signal.decrypt(bob.peerId, ciphertext)
    if (refused.ok || refused.error.code !== 'identity-changed' || !refused.error.identity) {
      throw new Error(`expected identity-changed, got ${JSON.stringify(refused)}`)
    }
    // What the chat service does: Safety warns, and trusts the new key (as Signal does).
    const contactEvents = alice.events.contact.length
    // A safety-number screen reloads when told of the change: it must read the new number.
    const reloaded = new Promise<SafetyNumber>((resolve) => {
      const stop = alice.emitter.on('contact', () => {
        stop()
        resolve(alice.safety.safetyNumber(bob.peerId))
      })
    })
    const changing = alice.safety.identityChanged(bob.peerId, refused.error.identity.presented)
    // Bob's old code, offered while the change is under way, is checked against the new key.
    const late = refusal(alice.safety.verify(bob.peerId, true, { scanned: oldCode }))
    await changing
    expect((await late).message).toMatch(/^the codes differ: theirs is made from other/)

    const [notice] = alice.events.message
    expect(alice.events.message).toHaveLength(1)
    expect(notice).toMatchObject({
      kind: 'identity-changed',
      conversationId,
      peerId: bob.peerId,
      direction: 'in',
      text: '',
      status: 'received',
      path: null,
    })
    expect(alice.events.contact.slice(contactEvents)).toEqual([
      expect.not.objectContaining({ verified: expect.anything() }),
    ])
    expect(alice.contacts.get(bob.peerId)?.verified).toBeUndefined()
    // The sidebar's preview is the notice too.
    expect(alice.store.conversations.get(conversationId)?.lastMessage).toEqual({
      id: expect.any(String),
      text: '',
      direction: 'in',
      sender: bob.peerId,
      kind: 'identity-changed',
    })

    // Bob's next message comes after the notice; history is newest first, by clock.
    ok(await alice.signal.decrypt(bob.peerId, ciphertext))
    await alice.store.addNotice(
      text(alice.clock.receive({ wall: Date.now(), counter: 0 }), '01JH0000000000000000000002'),
    )
    const history = await alice.store.history(conversationId, 10)
    expect(history.map((m) => m.kind ?? m.text)).toEqual([
      'message 01JH0000000000000000000002',
      'identity-changed',
      'message 01JH0000000000000000000001',
    ])

    // The number is now made from the new key, the same on both sides again.
    const after: SafetyNumber = await alice.safety.safetyNumber(bob.peerId)
    expect(after).toMatchObject({ verified: false })
    expect(after.digits).not.toBe(before.digits)
    expect((await bob.safety.safetyNumber(alice.peerId)).digits).toBe(after.digits)
    expect(await reloaded).toEqual(after)
  })
})
