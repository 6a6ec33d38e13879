// Hostile bytes on the chat protocol, sent by a hand-driven peer: each bad frame
// resets its stream with a logged reason, nothing is stored, and the client keeps
// serving others. Bad API calls get typed errors.
import * as lp from 'it-length-prefixed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHAT_FRAME_VERSION } from '../protocol/ids.ts'
import { Frame } from '../protocol/wire/chat.ts'
import { befriend, startClient, type TestClient, tempDir, texts } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { RawPeer } from './support/raw-peer.ts'

let bob: TestClient
let alice: TestClient
let mallory: RawPeer
let bobAddr: string
const dirs: Awaited<ReturnType<typeof tempDir>>[] = []

beforeAll(async () => {
  for (const name of ['bob', 'alice', 'mallory']) dirs.push(await tempDir(name))
  bob = await startClient({ dataDir: dirs[0]?.path as string })
  alice = await startClient({ dataDir: dirs[1]?.path as string })
  const addrs = (await bob.api.identity({})).addresses
  bobAddr = addrs.find((a) => a.includes('/tcp/')) as string
  mallory = await RawPeer.start(dirs[2]?.path as string)
})

afterAll(async () => {
  await mallory?.stop()
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

/** Sends bytes on a fresh chat stream (made by `prepare`); resolves with how the stream ended. */
async function sendRaw(
  prepare: (chat: Awaited<ReturnType<RawPeer['chat']>>) => Promise<Uint8Array>,
): Promise<{ reset: boolean }> {
  const chat = await mallory.chat(bobAddr, bob.peerId)
  chat.stream.send(await prepare(chat))
  const timeout = AbortSignal.timeout(10_000)
  return Promise.race([
    chat.ended,
    new Promise<never>((_, reject) =>
      timeout.addEventListener('abort', () => reject(new Error('stream was not reset'))),
    ),
  ])
}

describe('bad input on the chat protocol', () => {
  const plain = (bytes: () => Uint8Array) => async () => bytes()
  const cases: [string, string, Parameters<typeof sendRaw>[0]][] = [
    [
      'malformed',
      'malformed',
      plain(() => lp.encode.single(new Uint8Array([0xff, 0xff, 0xff, 0x07])).subarray()),
    ],
    // A length prefix of 1 MiB: refused before any of it is buffered.
    ['oversized', 'too-large', plain(() => new Uint8Array([0x80, 0x80, 0x40, 1, 2, 3]))],
    [
      'unknown version',
      'unsupported-version',
      plain(() =>
        lp.encode
          .single(Frame.encode({ version: CHAT_FRAME_VERSION + 7, ack: { ids: [] } }))
          .subarray(),
      ),
    ],
    [
      // Sealed by mallory, so it decrypts, but it claims alice wrote it.
      'spoofed sender',
      'invalid',
      async (chat) => {
        await chat.openSession()
        const forged = mallory.envelope(
          bob.peerId,
          '01JH0000000000000000000000',
          undefined,
          alice.peerId,
        )
        return lp.encode.single(await chat.sealed([forged])).subarray()
      },
    ],
  ]

  for (const [name, code, bytes] of cases) {
    it(`resets the stream on a ${name} frame and logs why`, async () => {
      const ended = await sendRaw(bytes)
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
    const stranger = mallory.peerId
    const chat = await mallory.chat(bobAddr, bob.peerId)
    await chat.openSession()
    const accept = '01JH0000000000000000000001'
    await chat.sendAcked([mallory.envelope(bob.peerId, accept, { kind: 'accept', text: '' })])
    expect((await bob.api.contacts({})).map((c) => c.peerId)).not.toContain(stranger)

    const text = '01JH0000000000000000000002'
    await chat.sendAcked([mallory.envelope(bob.peerId, text, { kind: 'text', text: 'hi!' })])
    const requests = await bob.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === stranger),
    )
    const request = requests.find((c) => c.peerId === stranger)
    expect(request).toMatchObject({ peerId: stranger, state: 'pending' })
    expect((await bob.api.conversations({})).map((c) => c.peerId)).not.toContain(stranger)
    expect(bob.events.of('message').filter((m) => m.peerId === stranger)).toEqual([])
    await bob.api.declineContact({ peerId: stranger })
    chat.stream.abort(new Error('done'))
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
