// Sealing envelopes between real Signal sessions (each profile on its own LevelDB
// on disk): batches round-trip, and a mailbox letter opens only for its recipient
// and shows the relay neither its text nor its sender.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { Level } from 'level'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChatEnvelope, encodeBatch } from '../../../protocol/frame.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { MAX_BATCH_BYTES, MAX_TEXT_BYTES } from '../../../protocol/limits.ts'
import { EnvelopeCipher, intoBatches } from './envelope-cipher.ts'
import { SignalSessions } from './signal/sessions.ts'
import { signalSublevel } from './signal/stores.ts'

const cleanups: (() => Promise<void>)[] = []

interface Side {
  peerId: string
  signal: SignalSessions
  cipher: EnvelopeCipher
}

async function side(): Promise<Side> {
  const key = await generateKeyPair('Ed25519')
  const peerId = peerIdFromPrivateKey(key).toString()
  const dir = await mkdtemp(join(tmpdir(), 'parley-cipher-'))
  const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
  cleanups.push(async () => {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  })
  const signal = await SignalSessions.open({
    db: signalSublevel(db),
    peerId,
    libp2pKey: key,
  })
  return { peerId, signal, cipher: new EnvelopeCipher(signal, peerId) }
}

let alice: Side
let bob: Side
let carol: Side

function envelope(from: Side, to: Side, text: string, n = 1): ChatEnvelope {
  return {
    id: `01JH${String(n).padStart(22, '0')}`,
    conversationId: directConversationId(from.peerId, to.peerId),
    sender: from.peerId,
    hlc: { wall: 1_700_000_000_000 + n, counter: 0 },
    kind: 'text',
    text,
  }
}

beforeAll(async () => {
  ;[alice, bob, carol] = await Promise.all([side(), side(), side()])
  // Alice opens sessions from Bob's and Carol's published bundles, as through a relay.
  for (const peer of [bob, carol]) {
    const added = await alice.signal.addBundle(
      peer.peerId,
      await peer.signal.bundle({ oneTime: false }),
    )
    expect(added.ok).toBe(true)
  }
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

describe('envelope cipher', () => {
  it('seals a batch that only its recipient opens', async () => {
    const batch = [envelope(alice, bob, 'one', 1), envelope(alice, bob, 'two', 2)]
    const sealed = await alice.cipher.seal(bob.peerId, batch)
    if (!sealed.ok) throw new Error(sealed.error.reason)
    expect(await bob.cipher.open(alice.peerId, sealed.ciphertext)).toEqual({
      ok: true,
      envelopes: batch,
    })
    const wrong = await carol.cipher.open(alice.peerId, sealed.ciphertext)
    expect(wrong.ok).toBe(false)
  })

  it('makes letters that show neither text nor sender, and open only for their recipient', async () => {
    const text = 'a letter for Bob alone'
    const sealed = await alice.cipher.seal(bob.peerId, [envelope(alice, bob, text, 3)])
    if (!sealed.ok) throw new Error(sealed.error.reason)
    const letter = await alice.cipher.letter(bob.peerId, sealed.ciphertext)
    if (!letter) throw new Error('no letter')
    const bytes = Buffer.from(letter)
    expect(bytes.includes(Buffer.from(text))).toBe(false)
    expect(bytes.includes(Buffer.from(peerIdFromString(alice.peerId).toMultihash().bytes))).toBe(
      false,
    )
    expect(bytes.includes(Buffer.from(sealed.ciphertext))).toBe(false)

    const opened = bob.cipher.openLetter(letter)
    expect(opened).toMatchObject({ ok: true, letter: { sender: alice.peerId } })
    expect(carol.cipher.openLetter(letter)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    const altered = new Uint8Array(letter)
    const last = altered.length - 1
    altered[last] = (altered[last] as number) ^ 1
    expect(bob.cipher.openLetter(altered)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('splits a burst into batches that each fit one Signal message, in order', () => {
    const big = 'x'.repeat(MAX_TEXT_BYTES)
    const envelopes = [
      ...Array.from({ length: 500 }, (_, i) => envelope(alice, bob, `small ${i}`, i)),
      envelope(alice, bob, big, 501),
      envelope(alice, bob, big, 502),
    ]
    const batches = intoBatches(envelopes)
    expect(batches.flat()).toEqual(envelopes)
    for (const batch of batches) {
      expect(encodeBatch(batch).byteLength).toBeLessThanOrEqual(MAX_BATCH_BYTES)
    }
    // Each full-size text goes alone.
    expect(batches.slice(-2)).toEqual([[envelopes.at(-2)], [envelopes.at(-1)]])
  })
})
