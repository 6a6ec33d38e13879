// End-to-end encryption under attack, from a hand-driven peer with its own Signal
// sessions: tampered and replayed ciphertexts, envelopes for someone else, a new
// identity key, bad bundles and letters. Each is refused and logged, nothing of it
// is stored, and the session still works: the next valid message is taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailboxSession } from '../main/core/mail/mailbox.ts'
import { decodeCiphertext, encodeCiphertext } from '../protocol/prekeys.ts'
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
import { type RawChat, RawPeer } from './support/raw-peer.ts'

const dirs = tempDirs()
let relay: Relay
let bob: TestClient
let carol: TestClient
let bobAddr: string
let mallory: RawPeer
let seq = 0

/** A fresh ULID-shaped id for each envelope of the test. */
const nextId = () => `01JH${String(++seq).padStart(22, '0')}`

/** Mallory's next text to Bob, sealed and acknowledged: proof the session still works. */
async function stillWorks(chat: RawChat, text: string): Promise<void> {
  await chat.sendAcked([mallory.envelope(bob.peerId, nextId(), { kind: 'text', text })])
  await bob.api
    .history({ conversationId: mallory.envelope(bob.peerId, nextId()).conversationId })
    .then((h) => expect(h.map((m) => m.text)).toContain(text))
}

beforeAll(async () => {
  relay = await startRelay(await dirs.make('relay'))
  ;[bob, carol] = await Promise.all([
    startClient({ dataDir: await dirs.make('bob'), relays: [relay.addr] }),
    startClient({ dataDir: await dirs.make('carol'), relays: [relay.addr] }),
  ])
  bobAddr = await tcpAddr(bob)
  mallory = await RawPeer.start(await dirs.make('mallory'))
})

afterAll(async () => {
  await mallory?.stop()
  await stopAll()
  await dirs.removeAll()
})

describe('end-to-end encryption', () => {
  it('refuses a tampered ciphertext, and takes the next valid message', async () => {
    // Bob accepts Mallory's request and answers: Mallory's session is then fully open,
    // and what she sends is a plain ratchet message whose MAC covers all of it.
    const accepted = Promise.withResolvers<void>()
    await mallory.serveChat((envs) => {
      if (envs.some((e) => e.kind === 'accept')) accepted.resolve()
    })
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    await chat.sendAcked([mallory.envelope(bob.peerId, nextId(), { kind: 'request', text: 'hi' })])
    await bob.events.until('contact', (cs) => cs.some((c) => c.peerId === mallory.peerId))
    await bob.api.acceptContact({ peerId: mallory.peerId })
    await accepted.promise
    const sealed = await mallory.cipher.seal(bob.peerId, [
      mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: 'altered' }),
    ])
    if (!sealed.ok) throw new Error(sealed.error.reason)
    const decoded = decodeCiphertext(sealed.ciphertext)
    if (!decoded.ok || decoded.ciphertext.type !== 'whisper')
      throw new Error('not a ratchet message')
    // One bit of the MAC flipped, the framing intact.
    const body = decoded.ciphertext.body
    const at = body.length - 3
    body[at] = (body[at] as number) ^ 0x01
    chat.sendFrame({
      kind: 'sealed',
      ciphertext: encodeCiphertext(decoded.ciphertext) as Uint8Array<ArrayBuffer>,
    })
    await bob.proc.waitForLine(
      new RegExp(`^chat: refused a message from ${mallory.peerId}: invalid: `),
    )
    // Bob offers new keys: whoever cannot be decrypted starts a new session.
    await chat.next('keys')
    await stillWorks(chat, 'after the tampering')
    const conversationId = mallory.envelope(bob.peerId, nextId()).conversationId
    const texts = (await bob.api.history({ conversationId })).map((m) => m.text)
    expect(texts).not.toContain('altered')
  })

  it('drops a replayed ciphertext', async () => {
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    const envelope = mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: 'once' })
    const sealed = await chat.sealed([envelope])
    chat.sendBytes(sealed)
    chat.sendBytes(sealed)
    await bob.proc.waitForLine(
      new RegExp(`^chat: refused a message from ${mallory.peerId}: duplicate: `),
    )
    await stillWorks(chat, 'after the replay')
    const history = await bob.api.history({ conversationId: envelope.conversationId })
    expect(history.filter((m) => m.text === 'once')).toHaveLength(1)
  })

  it('resets the stream on an envelope for another conversation, storing nothing', async () => {
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    // Sealed for Bob, but addressed to a conversation between Mallory and Carol.
    const misaddressed = {
      ...mallory.envelope(carol.peerId, nextId(), { kind: 'text', text: 'for carol' }),
    }
    chat.sendBytes(await chat.sealed([misaddressed]))
    expect((await chat.ended).reset).toBe(true)
    await bob.proc.waitForLine(/^chat: reset stream from .*: invalid: conversation .* is not ours/)
    const again = await mallory.chat(bobAddr, bob.peerId)
    await stillWorks(again, 'after the misaddressed one')
  })

  it('refuses a bundle that is not one, keeping the session it has', async () => {
    const chat = await mallory.chat(bobAddr, bob.peerId)
    chat.sendFrame({ kind: 'keys', bundle: new Uint8Array([1, 2, 3, 4]) })
    await bob.proc.waitForLine(new RegExp(`^chat: refused keys from ${mallory.peerId}: `))
    await stillWorks(chat, 'after the bad bundle')
  })

  it('warns of a new identity key, refuses what came with it, then takes it', async () => {
    // Same libp2p key (so the same peer id), new Signal identity: a reinstall, or an impostor with the key.
    const key = mallory.privateKey
    await mallory.stop()
    mallory = await RawPeer.start(await dirs.make('mallory-again'), key)
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession().catch(() => {})
    const envelope = mallory.envelope(bob.peerId, nextId(), { kind: 'text', text: 'new key' })
    chat.sendBytes(await chat.sealed([envelope]))
    await bob.proc.waitForLine(
      new RegExp(`^chat: refused a message from ${mallory.peerId}: identity-changed: `),
    )
    expect((await chat.ended).reset).toBe(true)
    // Trusted now, as Signal does after warning: the same message sent again is taken.
    const again = await mallory.chat(bobAddr, bob.peerId)
    await again.sendAcked([envelope])
    const history = await bob.api.history({ conversationId: envelope.conversationId })
    expect(history.map((m) => m.text)).toContain('new key')
    expect(history.some((m) => m.kind === 'identity-changed')).toBe(true)
  })
})

describe('the relay mailbox', () => {
  it('refuses keys bound to someone else, and a letter sealed for someone else', async () => {
    await befriend(carol, bob)
    const session = await MailboxSession.open(mallory.node, relay.addr)
    // Carol's bundle, as anyone could copy it, published by Mallory: refused.
    const carolsBundle = await session.fetchKeys(carol.peerId)
    await expect(session.publishKeys(carolsBundle)).rejects.toMatchObject({ status: 'invalid' })
    // A letter for Carol, left in Bob's mailbox: Bob cannot open it, and drops it.
    const added = await mallory.signal.addBundle(carol.peerId, carolsBundle)
    expect(added.ok).toBe(true)
    const sealed = await mallory.cipher.seal(carol.peerId, [
      mallory.envelope(carol.peerId, nextId(), { kind: 'text', text: 'misdelivered' }),
    ])
    if (!sealed.ok) throw new Error(sealed.error.reason)
    const letter = await mallory.cipher.letter(carol.peerId, sealed.ciphertext)
    await session.deposit(bob.peerId, letter as Uint8Array<ArrayBuffer>)
    await session.close()
    await bob.api.setRelays({ relays: [relay.addr] })
    await bob.proc.waitForLine(
      /^mailbox: refused an item on .*: the letter is not sealed to our identity key/,
    )
    // Bob and Carol still talk.
    const m = await carol.api.send({ to: bob.peerId, text: 'still fine' })
    await carol.events.until('delivered', (ds) => ds.some((d) => d.id === m.id))
  })
})
