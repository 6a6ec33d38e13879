// Hostile bytes on the chat protocol, sent by a raw libp2p node: each bad frame
// resets its stream with a logged reason, nothing is stored, and the client keeps
// serving others. Bad API calls get typed errors.
import type { Libp2p } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import * as lp from 'it-length-prefixed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ContentKind, decodeFrame, encodeFrame } from '../protocol/frame.ts'
import { CHAT_FRAME_VERSION, CHAT_PROTOCOL, directConversationId } from '../protocol/ids.ts'
import { Frame } from '../protocol/wire/chat.ts'
import { befriend, startClient, type TestClient, tempDir, texts } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { rawNode } from './support/raw-node.ts'

let bob: TestClient
let alice: TestClient
let mallory: Libp2p
let bobAddr: string
const dirs: Awaited<ReturnType<typeof tempDir>>[] = []

beforeAll(async () => {
  for (const name of ['bob', 'alice']) dirs.push(await tempDir(name))
  bob = await startClient({ dataDir: dirs[0]?.path as string })
  alice = await startClient({ dataDir: dirs[1]?.path as string })
  const addrs = (await bob.api.identity({})).addresses
  bobAddr = addrs.find((a) => a.includes('/tcp/')) as string
  mallory = await rawNode()
})

afterAll(async () => {
  await mallory?.stop()
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

/** Sends raw bytes on a fresh chat stream; resolves with how the stream ended. */
async function sendRaw(bytes: Uint8Array): Promise<{ reset: boolean }> {
  const stream = await mallory.dialProtocol(multiaddr(bobAddr), CHAT_PROTOCOL, {
    signal: AbortSignal.timeout(5_000),
  })
  const closed = new Promise<{ reset: boolean }>((resolve) => {
    stream.addEventListener('close', (e) => resolve({ reset: e.error != null }), { once: true })
  })
  stream.send(bytes)
  const timeout = AbortSignal.timeout(10_000)
  return Promise.race([
    closed,
    new Promise<never>((_, reject) =>
      timeout.addEventListener('abort', () => reject(new Error('stream was not reset'))),
    ),
  ])
}

function envelopeFrom(
  sender: string,
  to: string,
  content: { kind: ContentKind; text: string } = { kind: 'text', text: 'spoofed' },
  id = '01JH0000000000000000000000',
) {
  return encodeFrame({
    kind: 'envelope',
    envelope: {
      id,
      conversationId: directConversationId(sender, to),
      sender,
      hlc: { wall: Date.now(), counter: 0 },
      ...content,
    },
  })
}

describe('bad input on the chat protocol', () => {
  const cases: [string, string, () => Uint8Array][] = [
    [
      'malformed',
      'malformed',
      () => lp.encode.single(new Uint8Array([0xff, 0xff, 0xff, 0x07])).subarray(),
    ],
    // A length prefix of 1 MiB: refused before any of it is buffered.
    ['oversized', 'too-large', () => new Uint8Array([0x80, 0x80, 0x40, 1, 2, 3])],
    [
      'unknown version',
      'unsupported-version',
      () =>
        lp.encode
          .single(Frame.encode({ version: CHAT_FRAME_VERSION + 7, ack: { ids: [] } }))
          .subarray(),
    ],
    [
      'spoofed sender',
      'invalid',
      () => lp.encode.single(envelopeFrom(alice.peerId, bob.peerId)).subarray(),
    ],
  ]

  for (const [name, code, bytes] of cases) {
    it(`resets the stream on a ${name} frame and logs why`, async () => {
      const ended = await sendRaw(bytes())
      expect(ended.reset).toBe(true)
      const line = new RegExp(`chat: reset stream from ${mallory.peerId}: ${code}: `)
      await bob.proc.waitForLine(line, 5_000)
    })
  }

  it('stored nothing from them, and still serves others', async () => {
    expect(await bob.api.conversations({})).toEqual([])
    await alice.api.dial({ addr: bobAddr })
    await befriend(alice, bob)
    const m = await alice.api.send({ to: bob.peerId, text: 'still there?' })
    await alice.events.until('delivered', (d) => d.some((x) => x.id === m.id))
    const convs = await bob.api.conversations({})
    expect(convs.map((c) => c.peerId)).toEqual([alice.peerId])
    expect(texts(await bob.api.history({ conversationId: m.conversationId }))).toHaveLength(1)
  })
})

describe('a stranger on the chat protocol', () => {
  it('cannot make itself a contact by accepting, and what it writes is held as a request', async () => {
    const stranger = mallory.peerId.toString()
    const stream = await mallory.dialProtocol(multiaddr(bobAddr), CHAT_PROTOCOL, {
      signal: AbortSignal.timeout(5_000),
    })
    const acked: string[] = []
    let onAck = () => {}
    void (async () => {
      for await (const bytes of lp.decode(stream)) {
        const decoded = decodeFrame(bytes)
        if (decoded.ok && decoded.frame.kind === 'ack') acked.push(...decoded.frame.ids)
        onAck()
      }
    })().catch(() => {})
    const sendAndWaitAck = (bytes: Uint8Array, id: string) =>
      new Promise<void>((resolve) => {
        onAck = () => acked.includes(id) && resolve()
        stream.send(lp.encode.single(bytes))
      })

    const accept = '01JH0000000000000000000001'
    await sendAndWaitAck(
      envelopeFrom(stranger, bob.peerId, { kind: 'accept', text: '' }, accept),
      accept,
    )
    expect((await bob.api.contacts({})).map((c) => c.peerId)).not.toContain(stranger)

    const text = '01JH0000000000000000000002'
    await sendAndWaitAck(
      envelopeFrom(stranger, bob.peerId, { kind: 'text', text: 'hi!' }, text),
      text,
    )
    const requests = await bob.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === stranger),
    )
    const request = requests.find((c) => c.peerId === stranger)
    expect(request).toMatchObject({ peerId: stranger, state: 'pending' })
    expect((await bob.api.conversations({})).map((c) => c.peerId)).not.toContain(stranger)
    expect(bob.events.of('message').filter((m) => m.peerId === stranger)).toEqual([])
    await bob.api.declineContact({ peerId: stranger })
    stream.abort(new Error('done'))
  })
})

describe('bad API calls', () => {
  it('get typed errors and change nothing', async () => {
    const call = (method: string, params: unknown) =>
      (bob.api as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method]?.(params)
    await expect(bob.api.send({ to: 'not-a-peer', text: 'x' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await expect(
      bob.api.send({ to: alice.peerId, text: 'x'.repeat(64 * 1024 + 1) }),
    ).rejects.toMatchObject({ code: 'bad-request' })
    await expect(bob.api.send({ to: alice.peerId, text: '   ' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await expect(call('history', { conversationId: 'x', limit: 10_000 })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await expect(call('send', { to: alice.peerId, text: 'x', extra: 1 })).rejects.toMatchObject({
      code: 'bad-request',
    })
    await expect(bob.api.dial({ addr: '/not/a/multiaddr' })).rejects.toMatchObject({
      code: 'bad-request',
    })
    const before = await bob.api.conversations({})
    expect(before.every((c) => c.peerId === alice.peerId)).toBe(true)
  })
})
