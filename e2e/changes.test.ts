// Replies, edits, reactions and deletions between real client processes: each
// reaches the other side exactly once, directly and through the relay mailbox, and
// both histories end the same; a change that comes before its message waits for it;
// only a message's author may edit or delete it; a message deleted for everyone
// leaves no trace of its text in either profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../protocol/api.ts'
import {
  befriend,
  type Relay,
  startClient,
  startRelay,
  type TestClient,
  tcpAddr,
  tempDirs,
  texts,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { filesOf, piecesIn, sealedValue, unsealedValues } from './support/profile-files.ts'
import { RawPeer } from './support/raw-peer.ts'

const dirs = tempDirs()
let relay: Relay
const dataDirs: Record<string, string> = {}
const clients: Record<'alice' | 'bob', TestClient> = {} as never

async function start(name: 'alice' | 'bob'): Promise<TestClient> {
  dataDirs[name] ??= await dirs.make(name)
  clients[name] = await startClient({ dataDir: dataDirs[name], relays: [relay.addr] })
  return clients[name]
}

beforeAll(async () => {
  relay = await startRelay(await dirs.make('relay'))
  const [alice, bob] = await Promise.all([start('alice'), start('bob')])
  await bob.api.dial({ addr: await tcpAddr(alice) })
  await befriend(bob, alice)
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** A conversation's texts as one side sees them, for comparing both sides. */
async function seen(client: TestClient, conversationId: string) {
  const history = texts(await client.api.history({ conversationId, limit: 100 }))
  return history.map(({ id, sender, text, quote, edits, deleted, reactions }) => ({
    id,
    sender,
    text,
    quote,
    edits: edits?.map((e) => e.text),
    deleted,
    reactions: reactions?.map((r) => [r.peerId, r.emoji]).sort(),
  }))
}

/** How many 'changed' events of `change` a client has had for `id`. */
function changes(client: TestClient, id: string, change: string): number {
  return client.events.of('changed').filter((c) => c.message.id === id && c.change === change)
    .length
}

/** Waits until `client` was told of `change` to `id`, and returns the message as it then was. */
async function changed(client: TestClient, id: string, change: string): Promise<Message> {
  const events = await client.events.until('changed', (cs) =>
    cs.some((c) => c.message.id === id && c.change === change),
  )
  return events.findLast((c) => c.message.id === id && c.change === change)?.message as Message
}

describe('changes to messages', () => {
  it('reach the other side once each, directly, and both histories end the same', async () => {
    const { alice, bob } = clients
    const question = await alice.api.send({ to: bob.peerId, text: 'lunch at noon?' })
    const conv = question.conversationId
    await bob.events.until('message', (ms) => ms.some((m) => m.id === question.id))
    const answer = await bob.api.send({ to: alice.peerId, text: 'yes!', replyTo: question.id })
    expect(answer.quote).toEqual({
      id: question.id,
      sender: alice.peerId,
      snippet: 'lunch at noon?',
    })
    const got = await alice.events.until('message', (ms) => ms.some((m) => m.id === answer.id))
    expect(got.find((m) => m.id === answer.id)?.quote).toEqual(answer.quote)

    const edited = await alice.api.editMessage({ id: question.id, text: 'lunch at one?' })
    expect(edited).toMatchObject({ text: 'lunch at one?', edits: [{ text: 'lunch at noon?' }] })
    expect(await changed(bob, question.id, 'edited')).toMatchObject({ text: 'lunch at one?' })
    await bob.api.react({ id: question.id, emoji: '👍' })
    await changed(alice, question.id, 'reacted')
    await bob.api.react({ id: question.id, emoji: '🎉' })
    const reacted = await alice.events.until('changed', (cs) =>
      cs.some((c) => c.message.reactions?.some((r) => r.emoji === '🎉')),
    )
    expect(reacted.at(-1)?.message.reactions).toMatchObject([{ peerId: bob.peerId, emoji: '🎉' }])
    const typo = await alice.api.send({ to: bob.peerId, text: 'sent to the wrong person' })
    await bob.events.until('message', (ms) => ms.some((m) => m.id === typo.id))
    await alice.api.deleteMessage({ id: typo.id, forEveryone: true })
    expect(await changed(bob, typo.id, 'deleted')).toMatchObject({ text: '', deleted: true })

    // Every change applied once on the receiving side, and acknowledged (the outbox is empty).
    expect(changes(bob, question.id, 'edited')).toBe(1)
    expect(changes(alice, question.id, 'reacted')).toBe(2)
    expect(changes(bob, typo.id, 'deleted')).toBe(1)
    await alice.events.until('delivered', (ds) => ds.length > 0 && ds.some((d) => d.id !== typo.id))
    expect(await seen(alice, conv)).toEqual(await seen(bob, conv))
    expect((await seen(bob, conv)).find((m) => m.id === typo.id)).toMatchObject({ deleted: true })
  })

  it('reach a friend who was offline through the mailbox, and apply there in order', async () => {
    const { alice } = clients
    const first = await alice.api.send({ to: clients.bob.peerId, text: 'meeting in room 1' })
    await clients.bob.events.until('message', (ms) => ms.some((m) => m.id === first.id))
    await clients.bob.stop()
    const later = await alice.api.send({ to: clients.bob.peerId, text: 'bring the slides' })
    await alice.api.editMessage({ id: first.id, text: 'meeting in room 2' })
    await alice.api.editMessage({ id: first.id, text: 'meeting in room 3' })
    await alice.api.react({ id: later.id, emoji: '📎' })
    await alice.api.deleteMessage({ id: later.id, forEveryone: true })
    // The message and its four changes, each left in the mailbox once.
    await alice.events.until(
      'receipt',
      (rs) => new Set(rs.filter((r) => r.status === 'stored').map((r) => r.id)).size >= 5,
    )

    const bob = await start('bob')
    const now = await changed(bob, first.id, 'edited')
    await changed(bob, later.id, 'deleted')
    const history = await seen(bob, first.conversationId)
    expect(history.find((m) => m.id === first.id)).toMatchObject({
      text: 'meeting in room 3',
      edits: ['meeting in room 1', 'meeting in room 2'],
    })
    expect(history.find((m) => m.id === later.id)).toMatchObject({ text: '', deleted: true })
    expect(now.editedAt).toBeDefined()
    // Alice's outbox empties once they meet: every change acknowledged, none applied twice.
    await alice.events.until('delivered', (ds) => ds.some((d) => d.id === later.id))
    expect(await seen(alice, first.conversationId)).toEqual(await seen(bob, first.conversationId))
  })

  it('leave no trace of a message deleted for everyone in either profile', async () => {
    const { alice, bob } = clients
    const secret = `gate code ${Math.random().toString(36).slice(2)}`
    const m = await alice.api.send({ to: bob.peerId, text: secret })
    await bob.events.until('message', (ms) => ms.some((x) => x.id === m.id))
    const reply = await bob.api.send({ to: alice.peerId, text: 'noted', replyTo: m.id })
    await alice.events.until('message', (ms) => ms.some((x) => x.id === reply.id))
    await alice.api.editMessage({ id: m.id, text: `${secret} (new)` })
    await changed(bob, m.id, 'edited')
    // The message's record as each disk holds it now (sealed), and proof that it is there.
    const profiles = [dataDirs.alice, dataDirs.bob] as string[]
    await Promise.all([alice.stop(), bob.stop()])
    const sealed: Buffer[] = []
    for (const dir of profiles) {
      const value = await sealedValue(dir, `!m!${m.id}`)
      if (!value) throw new Error(`no record of ${m.id} in ${dir}`)
      expect(piecesIn(await filesOf(dir), value)).toBeGreaterThan(0)
      sealed.push(value)
    }
    const [alice2, bob2] = await Promise.all([start('alice'), start('bob')])

    await alice2.api.deleteMessage({ id: m.id, forEveryone: true })
    await changed(bob2, m.id, 'deleted')
    // Not in what either core serves: the message, its edit, the reply's quote.
    for (const client of [alice2, bob2]) {
      const history = await client.api.history({ conversationId: m.conversationId, limit: 100 })
      expect(JSON.stringify(history)).not.toContain(secret)
      expect(history.find((x) => x.id === reply.id)).toMatchObject({ text: 'noted' })
    }
    // Nor on either disk: not in the files, nor in any value the data key unseals,
    // nor the record's earlier, sealed versions (compacted away).
    await Promise.all([alice2.stop(), bob2.stop()])
    for (const [i, dir] of profiles.entries()) {
      const files = await filesOf(dir)
      expect(files.includes(secret)).toBe(false)
      expect(piecesIn(files, sealed[i] as Buffer)).toBe(0)
      const values = await unsealedValues(dir, null)
      // The scan reads the profile's values: the conversation's other texts are there.
      expect(values.includes('meeting in room 3')).toBe(true)
      expect(values.includes(secret)).toBe(false)
    }
    await Promise.all([start('alice'), start('bob')])
  })

  it('are refused from anyone but the author, and wait for a message that comes after them', async () => {
    const { alice } = clients
    const mallory = await RawPeer.start(await dirs.make('mallory'))
    try {
      const chat = await mallory.chat(await tcpAddr(alice), alice.peerId)
      await chat.openSession()
      await chat.sendAcked([
        mallory.envelope(alice.peerId, '01JH0000000000000000000001', {
          kind: 'request',
          text: 'hi',
        }),
      ])
      await alice.events.until('contact', (cs) => cs.some((c) => c.peerId === mallory.peerId))
      await alice.api.acceptContact({ peerId: mallory.peerId })
      const ours = await alice.api.send({ to: mallory.peerId, text: 'only I may change this' })
      const edit = {
        ...mallory.envelope(alice.peerId, '01JH0000000000000000000002', {
          kind: 'edit',
          text: 'mine',
        }),
        target: ours.id,
      }
      // Acknowledged (stored, so not taken again) but not applied; and the refusal is logged.
      await chat.sendAcked([edit])
      const [shown] = texts(await alice.api.history({ conversationId: ours.conversationId }))
      expect(shown).toMatchObject({ id: ours.id, text: 'only I may change this' })
      expect(changes(alice, ours.id, 'edited')).toBe(0)
      await alice.proc.waitForLine(/^chat: refused a change \(edit\) from .*author/)

      // Her edit of her own message, sent before the message itself: it waits, then applies.
      const hers = mallory.envelope(alice.peerId, '01JH0000000000000000000004', {
        kind: 'text',
        text: 'draft',
      })
      const early = {
        ...mallory.envelope(alice.peerId, '01JH0000000000000000000005', {
          kind: 'edit',
          text: 'final',
        }),
        hlc: { wall: hers.hlc.wall + 1, counter: 0 },
        target: hers.id,
      }
      await chat.sendAcked([early])
      await chat.sendAcked([hers])
      const arrived = await alice.events.until('message', (ms) => ms.some((m) => m.id === hers.id))
      expect(arrived.find((m) => m.id === hers.id)).toMatchObject({ text: 'final' })
      const [latest] = texts(await alice.api.history({ conversationId: ours.conversationId }))
      expect(latest).toMatchObject({ id: hers.id, text: 'final', edits: [{ text: 'draft' }] })
    } finally {
      await mallory.stop()
    }
  })
})
