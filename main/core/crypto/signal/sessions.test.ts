// Signal sessions between real profiles: each with its own LevelDB on disk (a
// sublevel of it, as in a profile) and its own libp2p key; no mocks.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import {
  decodeBundle,
  decodeCiphertext,
  encodeBundle,
  encodeCiphertext,
} from '../../../../protocol/prekeys.ts'
import { WriteQueue } from '../../store/write-queue.ts'
import { signBinding } from './binding.ts'
import { HANDED_OUT_TTL_MS, KEEP_RETIRED_MS, ONE_TIME_BATCH, ROTATE_EVERY_MS } from './keys.ts'
import { type SignalResult, SignalSessions } from './sessions.ts'
import { type SignalDb, signalSublevel } from './stores.ts'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Profile {
  peerId: string
  key: PrivateKey
  signal: SignalSessions
  db: Level<string, Uint8Array>
  /** The sublevel its sessions live in: a batch of their ops is written on it. */
  signalDb: SignalDb
  dir: string
  clock: { now: number }
}

/** A profile on disk; `key` and `dir` to reopen one, or to reinstall with the same libp2p key. */
async function profile(options: { key?: PrivateKey; dir?: string } = {}): Promise<Profile> {
  const key = options.key ?? (await generateKeyPair('Ed25519'))
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'parley-signal-')))
  if (!options.dir) cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
  await db.open()
  cleanups.push(() => db.close())
  const peerId = peerIdFromPrivateKey(key).toString()
  const clock = { now: Date.now() }
  const signalDb = signalSublevel(db)
  const signal = await SignalSessions.open({
    db: signalDb,
    peerId,
    libp2pKey: key,
    now: () => clock.now,
  })
  return { peerId, key, signal, db, signalDb, dir, clock }
}

async function reopen(p: Profile): Promise<Profile> {
  await p.db.close()
  return profile({ key: p.key, dir: p.dir })
}

const text = (s: string) => new TextEncoder().encode(s)

function ok<T>(result: SignalResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.reason}`)
  return result
}

async function send(from: Profile, to: Profile, message: string): Promise<Uint8Array> {
  return ok(await from.signal.encrypt(to.peerId, text(message))).ciphertext
}

async function receive(to: Profile, from: Profile, ciphertext: Uint8Array): Promise<string> {
  return new TextDecoder().decode(ok(await to.signal.decrypt(from.peerId, ciphertext)).plaintext)
}

/** Copies of `bytes`, each with one bit flipped: bit 0, then bit 7, of every byte. */
function* bitFlips(bytes: Uint8Array): Generator<Uint8Array<ArrayBuffer>> {
  for (let i = 0; i < bytes.byteLength; i++) {
    for (const bit of [0x01, 0x80]) {
      const copy = bytes.slice()
      copy[i] = (copy[i] as number) ^ bit
      yield copy
    }
  }
}

/** Alice opens a session from bob's one-time bundle. */
async function connect(alice: Profile, bob: Profile): Promise<void> {
  ok(await alice.signal.addBundle(bob.peerId, await bob.signal.bundle({ oneTime: true })))
}

describe('Signal sessions', () => {
  it('open from a bundle, ratchet both ways, and survive reopening both profiles', async () => {
    let alice = await profile()
    let bob = await profile()
    expect(await alice.signal.encrypt(bob.peerId, text('too early'))).toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    })
    await connect(alice, bob)
    const first = await send(alice, bob, 'hello bob')
    expect(decodeCiphertext(first)).toMatchObject({ ok: true, ciphertext: { type: 'prekey' } })
    expect(await receive(bob, alice, first)).toBe('hello bob')
    const reply = await send(bob, alice, 'hello alice')
    expect(decodeCiphertext(reply)).toMatchObject({ ok: true, ciphertext: { type: 'whisper' } })
    expect(await receive(alice, bob, reply)).toBe('hello alice')

    alice = await reopen(alice)
    bob = await reopen(bob)
    for (let i = 0; i < 3; i++) {
      expect(await receive(bob, alice, await send(alice, bob, `a${i}`))).toBe(`a${i}`)
      expect(await receive(alice, bob, await send(bob, alice, `b${i}`))).toBe(`b${i}`)
    }
    // The ratchet has moved on: messages are whisper messages, without a binding.
    expect(decodeCiphertext(await send(alice, bob, 'x'))).toMatchObject({
      ciphertext: { type: 'whisper' },
    })
    expect(await bob.signal.peerIdentity(alice.peerId)).toEqual(alice.signal.identityKey)
  })

  it('decrypts messages delivered out of order, and each only once', async () => {
    const alice = await profile()
    const bob = await profile()
    await connect(alice, bob)
    const sent = []
    for (let i = 0; i < 6; i++) sent.push(await send(alice, bob, `m${i}`))
    for (const i of [4, 1, 5, 0, 3, 2]) {
      expect(await receive(bob, alice, sent[i] as Uint8Array)).toBe(`m${i}`)
    }
    // Bob's reply and alice's next message cross: both still decrypt.
    const reply = await send(bob, alice, 'r')
    const late = await send(alice, bob, 'late')
    expect(await receive(alice, bob, reply)).toBe('r')
    expect(await receive(bob, alice, late)).toBe('late')
  })

  it('writes what a piece of work decrypted in the batch it hands over, and refuses a decrypt after that', async () => {
    const alice = await profile()
    const bob = await profile()
    await connect(alice, bob)
    const [first, second] = [await send(alice, bob, 'one'), await send(alice, bob, 'two')]
    const accept = (p: Uint8Array) => ({ ok: true as const, plaintext: p })
    await bob.signal.atomically(alice.peerId, async (sessions) => {
      ok(await sessions.decrypt(first, 'chat', accept))
      await new WriteQueue(bob.signalDb).write(sessions.ops(), { sync: true })
      // Its state would reach neither the batch written nor the disk.
      await expect(sessions.decrypt(second, 'chat', accept)).rejects.toThrow(/after ops/)
    })
    // Written: the first is a duplicate after a restart; the second still decrypts.
    const again = await reopen(bob)
    expect(await again.signal.decrypt(alice.peerId, first)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
    expect(await receive(again, alice, second)).toBe('two')
  })

  it('refuses a replayed message, and the next valid message still decrypts', async () => {
    const alice = await profile()
    const bob = await profile()
    await connect(alice, bob)
    const opening = await send(alice, bob, 'open')
    expect(await receive(bob, alice, opening)).toBe('open')
    expect(await bob.signal.decrypt(alice.peerId, opening)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
    await receive(alice, bob, await send(bob, alice, 'ack'))
    const whisper = await send(alice, bob, 'once')
    expect(await receive(bob, alice, whisper)).toBe('once')
    expect(await bob.signal.decrypt(alice.peerId, whisper)).toMatchObject({
      ok: false,
      error: { code: 'duplicate' },
    })
    expect(await receive(bob, alice, await send(alice, bob, 'next'))).toBe('next')
  })

  it('refuses tampered ciphertexts, and the next valid message still decrypts', async () => {
    const alice = await profile()
    const bob = await profile()
    await connect(alice, bob)
    // A session opening, every bit 0 and 7 of it flipped in turn. Its few unauthenticated
    // header fields (versions, registration id) may change without harm: a copy is
    // then refused or decrypts to the very same text, never to another.
    const opening = await send(alice, bob, 'open')
    for (const tampered of bitFlips(opening)) {
      const result = await bob.signal.decrypt(alice.peerId, tampered)
      if (result.ok) expect(new TextDecoder().decode(result.plaintext)).toBe('open')
    }
    expect(await bob.signal.decrypt(alice.peerId, new Uint8Array([1, 2, 3]))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    await receive(alice, bob, await send(bob, alice, 'ack'))

    // On an open session, libsignal authenticates all of a message: every change is refused.
    const whisper = await send(alice, bob, 'secret')
    const decoded = decodeCiphertext(whisper)
    if (!decoded.ok) throw new Error(decoded.error.reason)
    for (const body of bitFlips(decoded.ciphertext.body)) {
      const result = await bob.signal.decrypt(
        alice.peerId,
        encodeCiphertext({ type: 'whisper', body }),
      )
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
    // A message for someone else (carol's session with alice) is refused by bob too,
    // and one on a session carol never had says so.
    const carol = await profile()
    await connect(alice, carol)
    const forCarol = await send(alice, carol, 'for carol')
    expect(await bob.signal.decrypt(alice.peerId, forCarol)).toMatchObject({ ok: false })
    expect(await carol.signal.decrypt(alice.peerId, whisper)).toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    })
    expect(await receive(bob, alice, whisper)).toBe('secret')
    expect(await receive(carol, alice, forCarol)).toBe('for carol')
  })

  it('refuses bundles and session openings whose binding is wrong', async () => {
    const alice = await profile()
    const bob = await profile()
    const mallory = await profile()
    const decoded = decodeBundle(await bob.signal.bundle({ oneTime: true }))
    if (!decoded.ok) throw new Error(decoded.error.reason)
    const { bundle } = decoded
    const refused = async (bytes: Uint8Array, reason: RegExp) =>
      expect(await alice.signal.addBundle(bob.peerId, bytes)).toMatchObject({
        ok: false,
        error: { code: 'bad-binding', reason: expect.stringMatching(reason) },
      })
    // Bob's bundle, offered as mallory's.
    expect(await alice.signal.addBundle(mallory.peerId, encodeBundle(bundle))).toMatchObject({
      ok: false,
      error: { code: 'bad-binding', reason: expect.stringMatching(`not ${mallory.peerId}`) },
    })
    // Mallory's identity key in a bundle for bob, vouched for by mallory's libp2p key.
    const malloryBinding = decodeBundle(await mallory.signal.bundle({ oneTime: false }))
    if (!malloryBinding.ok) throw new Error(malloryBinding.error.reason)
    const swapped = { ...malloryBinding.bundle.binding, peerId: bob.peerId }
    await refused(encodeBundle({ ...bundle, binding: swapped }), /not signed by/)
    // Bob's libp2p key vouching for mallory's identity key, which never claimed bob.
    const { identityKey, identitySignature } = malloryBinding.bundle.binding
    const vouched = await signBinding(bob.peerId, bob.key, {
      publicKey: { serialize: () => identityKey },
      privateKey: { sign: () => identitySignature },
    } as never)
    await refused(encodeBundle({ ...bundle, binding: vouched }), /did not sign its binding/)
    // A signed prekey that bob's identity key did not sign.
    const badPrekey = { ...bundle.signedPreKey, signature: bundle.kyberPreKey.signature }
    expect(
      await alice.signal.addBundle(
        bob.peerId,
        encodeBundle({ ...bundle, signedPreKey: badPrekey }),
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(await alice.signal.hasSession(bob.peerId)).toBe(false)

    // The genuine bundle still opens a session.
    ok(await alice.signal.addBundle(bob.peerId, encodeBundle(bundle)))
    const opening = await send(alice, bob, 'hi')
    // Alice's session opening under mallory's binding: refused, and nothing is used up.
    const message = decodeCiphertext(opening)
    if (!message.ok || message.ciphertext.type !== 'prekey') throw new Error('not a prekey message')
    const forged = { ...message.ciphertext, binding: malloryBinding.bundle.binding }
    expect(await bob.signal.decrypt(alice.peerId, encodeCiphertext(forged))).toMatchObject({
      ok: false,
      error: { code: 'bad-binding' },
    })
    // Mallory's own binding, claiming to be alice: the peer ids differ.
    expect(await bob.signal.decrypt(mallory.peerId, opening)).toMatchObject({
      ok: false,
      error: { code: 'bad-binding' },
    })
    expect(await receive(bob, alice, opening)).toBe('hi')
  })

  it('detects an identity key change, refuses it until trusted, and keeps the old session', async () => {
    const alice = await profile()
    const bob = await profile()
    await connect(alice, bob)
    await receive(bob, alice, await send(alice, bob, 'hi'))
    await receive(alice, bob, await send(bob, alice, 'hi yourself'))

    // Bob reinstalls: the same libp2p key, a new profile, so a new Signal identity.
    const bob2 = await profile({ key: bob.key })
    const changed = {
      ok: false,
      error: {
        code: 'identity-changed',
        identity: { known: bob.signal.identityKey, presented: bob2.signal.identityKey },
      },
    }
    expect(
      await alice.signal.addBundle(bob.peerId, await bob2.signal.bundle({ oneTime: true })),
    ).toMatchObject(changed)
    ok(await bob2.signal.addBundle(alice.peerId, await alice.signal.bundle({ oneTime: true })))
    const fromBob2 = await send(bob2, alice, 'it is me, reinstalled')
    expect(await alice.signal.decrypt(bob.peerId, fromBob2)).toMatchObject(changed)
    // The session with the old key is untouched.
    expect(await receive(alice, bob, await send(bob, alice, 'still here'))).toBe('still here')
    expect(await receive(bob, alice, await send(alice, bob, 'hello old bob'))).toBe('hello old bob')

    // Alice accepts the new key: bob2's message now opens a session, and the old one is closed.
    ok(await alice.signal.trustIdentity(bob.peerId, bob2.signal.identityKey))
    expect(await receive(alice, bob2, fromBob2)).toBe('it is me, reinstalled')
    expect(await receive(bob2, alice, await send(alice, bob2, 'welcome back'))).toBe('welcome back')
    expect(await alice.signal.decrypt(bob.peerId, await send(bob, alice, 'old'))).toMatchObject({
      ok: false,
      error: { code: 'identity-changed' },
    })
  })

  it('hands each one-time prekey to one peer, uses it once, and refills', async () => {
    const bob = await profile()
    const ids = new Set<number>()
    for (let i = 0; i < ONE_TIME_BATCH; i++) {
      const decoded = decodeBundle(await bob.signal.bundle({ oneTime: true }))
      if (!decoded.ok) throw new Error(decoded.error.reason)
      ids.add(decoded.bundle.preKey?.id as number)
    }
    expect(ids.size).toBe(ONE_TIME_BATCH)
    const published = decodeBundle(await bob.signal.bundle({ oneTime: false }))
    expect(published.ok && published.bundle.preKey).toBeUndefined()

    const alice = await profile()
    const carol = await profile()
    await connect(alice, bob)
    // Carol opens hers from the published bundle: last-resort keys, no one-time key.
    ok(await carol.signal.addBundle(bob.peerId, await bob.signal.bundle({ oneTime: false })))
    const opening = await send(alice, bob, 'one-time')
    expect(await receive(bob, alice, opening)).toBe('one-time')
    expect(await receive(bob, carol, await send(carol, bob, 'last resort'))).toBe('last resort')
    // A copy of alice's opening on a session bob no longer has: its one-time key is gone.
    const bobAgain = await profile()
    const copy = await bobAgain.signal.decrypt(alice.peerId, opening)
    expect(copy.ok).toBe(false)
  })

  it('lets a one-time prekey handed out and never used expire after a few days', async () => {
    const bob = await profile()
    const alice = await profile()
    const carol = await profile()
    // Both get a one-time bundle; only Alice opens her session at once.
    const forAlice = await bob.signal.bundle({ oneTime: true })
    const forCarol = await bob.signal.bundle({ oneTime: true })
    ok(await alice.signal.addBundle(bob.peerId, forAlice))
    expect(await receive(bob, alice, await send(alice, bob, 'at once'))).toBe('at once')
    // Days later Bob's keys are seen to (at start, or when he hands out another).
    bob.clock.now += HANDED_OUT_TTL_MS + 1
    await bob.signal.keys.rotate()
    ok(await carol.signal.addBundle(bob.peerId, forCarol))
    expect(
      await bob.signal.decrypt(carol.peerId, await send(carol, bob, 'too late')),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    // Alice's session never needed the key again.
    expect(await receive(bob, alice, await send(alice, bob, 'still fine'))).toBe('still fine')
  })

  it('rotates the signed prekey weekly, and keeps old ones for openings made before', async () => {
    const alice = await profile()
    const bob = await profile()
    const before = await bob.signal.bundle({ oneTime: false })
    expect(await bob.signal.keys.rotate()).toBe(false)
    bob.clock.now += ROTATE_EVERY_MS
    expect(await bob.signal.keys.rotate()).toBe(true)
    const after = decodeBundle(await bob.signal.bundle({ oneTime: false }))
    const old = decodeBundle(before)
    if (!after.ok || !old.ok) throw new Error('undecodable bundle')
    expect(after.bundle.signedPreKey.id).not.toBe(old.bundle.signedPreKey.id)
    expect(after.bundle.kyberPreKey.id).not.toBe(old.bundle.kyberPreKey.id)

    // A session opened from the bundle fetched before the rotation.
    ok(await alice.signal.addBundle(bob.peerId, before))
    const opening = await send(alice, bob, 'from an old bundle')
    expect(await receive(bob, alice, opening)).toBe('from an old bundle')

    // Long after, the retired keys are gone: a session opening made with them is refused.
    const carol = await profile()
    ok(await carol.signal.addBundle(bob.peerId, before))
    const stale = await send(carol, bob, 'too late')
    bob.clock.now += KEEP_RETIRED_MS + 1
    await bob.signal.keys.rotate()
    expect(await bob.signal.decrypt(carol.peerId, stale)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    expect(await receive(alice, bob, await send(bob, alice, 'still fine'))).toBe('still fine')
  })
})
