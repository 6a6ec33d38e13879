// Two real clients in separate processes chat: over direct TCP, and across restarts.
import { afterEach, describe, expect, it } from 'vitest'
import { befriend, startClient, tcpAddr, tempDirs, texts } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()
const dataDir = dirs.make

afterEach(async () => {
  await stopAll()
  await dirs.removeAll()
})

describe('chat between two clients', () => {
  it('(a) delivers both ways over direct TCP, with acknowledgements and history', async () => {
    const alice = await startClient({ dataDir: await dataDir('alice') })
    const bob = await startClient({ dataDir: await dataDir('bob') })

    const connected = await alice.api.dial({ addr: await tcpAddr(bob) })
    expect(connected).toMatchObject({ peerId: bob.peerId, path: 'direct' })
    await befriend(alice, bob)

    const hello = await alice.api.send({ to: bob.peerId, text: 'hello bob' })
    expect(hello.status).toBe('pending')
    const [received] = texts(await bob.events.until('message', (m) => texts(m).length >= 1))
    expect(received).toMatchObject({
      id: hello.id,
      text: 'hello bob',
      sender: alice.peerId,
      path: 'direct',
    })
    const acks = await alice.events.until('delivered', (d) => d.some((x) => x.id === hello.id))
    expect(acks.find((x) => x.id === hello.id)).toMatchObject({ path: 'direct' })

    const reply = await bob.api.send({ to: alice.peerId, text: 'hi alice 👋' })
    await alice.events.until('message', (m) => m.some((x) => x.id === reply.id))
    await bob.events.until('delivered', (d) => d.some((x) => x.id === reply.id))

    const [conv] = await alice.api.conversations({})
    // Bob's acceptance and his reply.
    expect(conv).toMatchObject({ peerId: bob.peerId, unread: 2 })
    await alice.api.markRead({ conversationId: hello.conversationId })
    await alice.events.until('conversation', (cs) => cs.at(-1)?.unread === 0)
    const history = texts(await alice.api.history({ conversationId: hello.conversationId }))
    expect(history.map((m) => [m.text, m.status])).toEqual([
      ['hi alice 👋', 'received'],
      ['hello bob', 'delivered'],
    ])
    const older = await alice.api.history({
      conversationId: hello.conversationId,
      before: reply.id,
    })
    expect(texts(older).map((m) => m.id)).toEqual([hello.id])
    // Both sides order the conversation the same way.
    const bobHistory = await bob.api.history({ conversationId: hello.conversationId })
    const aliceHistory = await alice.api.history({ conversationId: hello.conversationId })
    expect(bobHistory.map((m) => m.id)).toEqual(aliceHistory.map((m) => m.id))
    expect(bobHistory.map((m) => m.kind)).toEqual([undefined, undefined, 'accept', 'request'])
    expect(alice.events.of('path').at(-1)).toMatchObject({ peerId: bob.peerId, path: 'direct' })

    // A send repeated with its id (the first call's answer was lost) stores nothing new.
    const again = await alice.api.send({ to: bob.peerId, text: 'hello bob', id: hello.id })
    expect(again).toMatchObject({ id: hello.id, status: 'delivered' })
    await expect(
      alice.api.send({ to: bob.peerId, text: 'something else', id: hello.id }),
    ).rejects.toMatchObject({ code: 'bad-request' })
    const after = await alice.api.history({ conversationId: hello.conversationId })
    expect(after.map((m) => m.id)).toEqual(aliceHistory.map((m) => m.id))
  })

  it('(d) keeps identity and history across a restart, and delivers what was sent meanwhile exactly once', async () => {
    const aliceDir = await dataDir('alice')
    const bobDir = await dataDir('bob')
    const alice = await startClient({ dataDir: aliceDir })
    let bob = await startClient({ dataDir: bobDir })
    await alice.api.dial({ addr: await tcpAddr(bob) })
    await befriend(alice, bob)
    const first = await alice.api.send({ to: bob.peerId, text: 'before the restart' })
    await alice.events.until('delivered', (d) => d.some((x) => x.id === first.id))

    const bobId = bob.peerId
    expect(await bob.stop()).toBe(0)
    await alice.events.until('path', (p) => p.at(-1)?.path === null)

    // Sent while bob is down: it waits in alice's outbox.
    const offline = await alice.api.send({ to: bobId, text: 'while you were away' })
    expect(offline.status).toBe('pending')

    bob = await startClient({ dataDir: bobDir })
    expect(bob.peerId).toBe(bobId)
    // Bob reconnects to his contacts on start; alice's outbox drains to him.
    const got = await bob.events.until('message', (m) => m.some((x) => x.id === offline.id))
    await alice.events.until('delivered', (d) => d.some((x) => x.id === offline.id))

    const history = texts(await bob.api.history({ conversationId: first.conversationId }))
    expect(history.map((m) => m.text)).toEqual(['while you were away', 'before the restart'])
    expect(got.filter((m) => m.id === offline.id)).toHaveLength(1)
    const [aliceView] = await alice.api.history({ conversationId: first.conversationId, limit: 1 })
    expect(aliceView).toMatchObject({ id: offline.id, status: 'delivered' })
  })
})
