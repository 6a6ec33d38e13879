// Groups between real client processes and a relay: a group is made of contacts
// (Bob and Carol are not each other's), each member's messages reach every other
// member once, and every member ends with the same history in the same order (the
// sender told how many have read each of its messages, read once all have); a
// member who was offline gets what was sent meanwhile from the relay mailbox, or,
// when the relay had nothing for it and the sender is gone, from another member; a
// removed member's client gets nothing of what is sent after (not in its history,
// nor anywhere in its profile's values), until it is added back; membership changes
// forged by a member who is not an admin, with a bad signature, or by one who is no
// longer a member are refused, as are entries that are no entries, and replayed or
// tampered messages; the group goes on. A change that comes before the one it follows
// waits on disk through a restart, and a member whose author never sent it a change
// asks for it from the member who sent one that follows it. Photos set by an admin
// reach every member.

import { Level } from 'level'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SenderKeys } from '../main/core/crypto/signal/sender-keys.ts'
import { signalSublevel } from '../main/core/crypto/signal/stores.ts'
import { groupSigner, verifyGroupEntry } from '../main/core/groups/group-signer.ts'
import { WriteQueue } from '../main/core/store/write-queue.ts'
import type { Group, GroupNotice, Message } from '../protocol/api.ts'
import { type ChatEnvelope, encodeGroupPlaintext, type GroupContent } from '../protocol/frame.ts'
import { type GroupEntry, type SignedGroupEntry, signEntry } from '../protocol/group-entry.ts'
import { GroupLog } from '../protocol/group-log.ts'
import { groupConversationId } from '../protocol/ids.ts'
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
import { unsealedValues } from './support/profile-files.ts'
import { RawPeer } from './support/raw-peer.ts'

type Name = 'alice' | 'bob' | 'carol'
const dirs = tempDirs()
let relay: Relay
let relayDir: string
const dataDirs: Partial<Record<Name, string>> = {}
const clients = {} as Record<Name, TestClient>
let group: Group

async function start(name: Name): Promise<TestClient> {
  dataDirs[name] ??= await dirs.make(name)
  clients[name] = await startClient({ dataDir: dataDirs[name], relays: [relay.addr] })
  return clients[name]
}

beforeAll(async () => {
  relayDir = await dirs.make('relay')
  relay = await startRelay(relayDir)
  const [alice, bob, carol] = await Promise.all([start('alice'), start('bob'), start('carol')])
  const aliceAddr = await tcpAddr(alice)
  await Promise.all([bob.api.dial({ addr: aliceAddr }), carol.api.dial({ addr: aliceAddr })])
  await befriend(bob, alice)
  await befriend(carol, alice)
})

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** The messages of the group's conversation as a client has them, oldest first (no notices). */
async function history(
  client: TestClient,
): Promise<{ id: string; sender: string; text: string }[]> {
  const page = await client.api.history({ conversationId: group.conversationId, limit: 200 })
  return page
    .toReversed()
    .filter((m) => m.kind !== 'group')
    .map(({ id, sender, text }) => ({ id, sender, text }))
}

/** The notices of changes to the group in its conversation, oldest first: each member makes its own. */
async function notices(client: TestClient): Promise<GroupNotice[]> {
  const page = await client.api.history({ conversationId: group.conversationId, limit: 200 })
  return page.toReversed().flatMap((m) => (m.groupNotice ? [m.groupNotice] : []))
}

/** Waits until `client` has been told of every message in `ids`. */
function received(client: TestClient, ids: string[], timeoutMs?: number): Promise<unknown> {
  return client.events.until(
    'message',
    (ms) => ids.every((id) => ms.some((m) => m.id === id)),
    timeoutMs,
  )
}

/** How many 'message' events a client had for each of `ids`: each must be 1. */
function timesTold(client: TestClient, ids: string[]): number[] {
  const told = client.events.of('message')
  return ids.map((id) => told.filter((m) => m.id === id).length)
}

/** Sender keys for a raw peer, on a LevelDB of their own. */
async function senderKeysOf(peerId: string, dir: string) {
  const level = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
  // Typed as any level, as ProfileDb does.
  const queue = new WriteQueue(level as ConstructorParameters<typeof WriteQueue>[0])
  const senderKeys = await SenderKeys.open({
    db: signalSublevel(level),
    peerId,
    write: queue.write.bind(queue),
  })
  return {
    senderKeys,
    async close() {
      await queue.drain()
      await level.close()
    },
  }
}

function send(client: TestClient, text: string): Promise<Message> {
  return client.api.sendGroup({ groupId: group.id, text })
}

describe('groups', () => {
  it('reach every member once, in the same order, members or not of each other’s contacts', async () => {
    const { alice, bob, carol } = clients
    group = await alice.api.createGroup({ name: 'Climbing', members: [bob.peerId, carol.peerId] })
    expect(group.members.map((m) => [m.peerId, m.role])).toEqual([
      [alice.peerId, 'admin'],
      [bob.peerId, 'member'],
      [carol.peerId, 'member'],
    ])
    for (const member of [bob, carol]) {
      await member.events.until('group', (gs) => gs.some((g) => g.id === group.id))
      expect(await member.api.group({ groupId: group.id })).toMatchObject({
        name: 'Climbing',
        gone: false,
        members: group.members,
      })
    }
    const sent = [
      await send(alice, 'who is in for Saturday?'),
      await send(bob, 'me!'),
      await send(carol, 'me too, from noon'),
      await send(alice, 'great'),
    ]
    const ids = sent.map((m) => m.id)
    await Promise.all([alice, bob, carol].map((c) => received(c, ids)))
    const seen = await history(alice)
    expect(seen.map((m) => m.text)).toEqual(sent.map((m) => m.text))
    expect(await history(bob)).toEqual(seen)
    expect(await history(carol)).toEqual(seen)
    for (const c of [alice, bob, carol]) expect(timesTold(c, ids)).toEqual([1, 1, 1, 1])
    // The author hears from each member that it has the message: delivered to 2 of 2.
    const [first] = sent as [Message]
    const heard = await alice.events.until(
      'delivered',
      (ds) => ds.filter((d) => d.id === first.id).length === 2,
    )
    expect(
      heard
        .filter((d) => d.id === first.id)
        .map((d) => d.peerId)
        .toSorted(),
    ).toEqual([bob.peerId, carol.peerId].toSorted())
    // Two members' acknowledgements may be counted in either order: the count only grows.
    const counts = heard.filter((d) => d.id === first.id).map((d) => d.delivery?.delivered)
    expect(Math.max(...counts.map(Number))).toBe(2)
    expect(heard.find((d) => d.id === first.id)?.delivery?.of).toBe(2)
    const mine = await alice.api.history({ conversationId: group.conversationId, limit: 10 })
    expect(mine.find((m) => m.id === first.id)).toMatchObject({
      status: 'delivered',
      delivery: { delivered: 2, of: 2 },
    })
    // Replies, edits and reactions work as in a direct conversation.
    const [question] = sent as [Message]
    await alice.api.editMessage({ id: question.id, text: 'who is in for Sunday?' })
    await bob.api.react({ id: question.id, emoji: '👍' })
    const reply = await carol.api.sendGroup({ groupId: group.id, text: 'me', replyTo: question.id })
    for (const c of [alice, bob, carol]) {
      await received(c, [reply.id])
      await c.events.until('changed', (cs) => {
        const of = cs.filter((x) => x.message.id === question.id)
        return of.some((x) => x.change === 'edited') && of.some((x) => x.change === 'reacted')
      })
      const shown = await c.api.history({ conversationId: group.conversationId, limit: 10 })
      expect(shown.find((m) => m.id === question.id)).toMatchObject({
        text: 'who is in for Sunday?',
        reactions: [{ peerId: bob.peerId, emoji: '👍' }],
      })
      expect(shown.find((m) => m.id === reply.id)?.quote).toMatchObject({ id: question.id })
    }
    // Muted, the group calls for attention only with a message that mentions us.
    const muted = await bob.api.muteConversation({
      conversationId: group.conversationId,
      muted: true,
    })
    expect(muted.muted).toBe(true)
    const plain = await send(alice, 'anyone up for a beer after?')
    const naming = await alice.api.sendGroup({
      groupId: group.id,
      text: 'Bob, you?',
      mentions: [{ peerId: bob.peerId, start: 0, length: 3 }],
    })
    const called = (c: TestClient, id: string) =>
      c.events.until('attention', (as) =>
        as.some((a) => a.kind === 'message' && a.message.id === id),
      )
    // In order: the plain message would have called before the one that names Bob.
    await called(bob, naming.id)
    const bobCalled = bob.events.of('attention').flatMap((a) => (a.kind === 'message' ? [a] : []))
    expect(bobCalled.map((a) => [a.message.id, a.mentioned])).toContainEqual([naming.id, true])
    expect(bobCalled.some((a) => a.message.id === plain.id)).toBe(false)
    await Promise.all([called(carol, plain.id), called(carol, naming.id)])
    await bob.api.muteConversation({ conversationId: group.conversationId, muted: false })
    const listedMuted = (await bob.api.conversations({})).find((c) => c.id === group.conversationId)
    expect(listedMuted?.muted).toBeUndefined()
    // Each member's conversation says who made the group, with whom.
    const created = { type: 'create', by: alice.peerId, peers: [bob.peerId, carol.peerId] }
    for (const c of [alice, bob, carol]) {
      expect(await notices(c)).toEqual([{ ...created, text: 'Climbing' }])
    }
    // The conversation is listed as the group's, with the others as its members.
    const listed = (await bob.api.conversations({})).find((c) => c.id === group.conversationId)
    expect(listed).toMatchObject({ kind: 'group', name: 'Climbing' })
    expect(listed?.members.toSorted()).toEqual([alice.peerId, carol.peerId].toSorted())
  })

  it('tell the sender how many members have read its message: read once every one has', async () => {
    const { alice, bob, carol } = clients
    const sent = await send(alice, 'did everyone see the new route?')
    await Promise.all([received(bob, [sent.id]), received(carol, [sent.id])])
    const readBy = (count: number) =>
      alice.events.until('receipt', (rs) =>
        rs.some(
          (r) =>
            r.status === 'read' &&
            r.peerId !== alice.peerId &&
            r.reads?.[r.ids.indexOf(sent.id)] === count,
        ),
      )
    const mine = async () =>
      (await alice.api.history({ conversationId: group.conversationId, limit: 10 })).find(
        (m) => m.id === sent.id,
      )
    await bob.api.markRead({ conversationId: group.conversationId })
    await readBy(1)
    expect(await mine()).toMatchObject({ delivery: { of: 2, read: 1 } })
    expect((await mine())?.status).not.toBe('read')
    // Who: what the tick names on hover.
    expect(await alice.api.messageInfo({ id: sent.id })).toEqual({
      readBy: [bob.peerId],
      waitingFor: [],
    })
    await expect(bob.api.messageInfo({ id: sent.id })).rejects.toThrow(/no group message of ours/)
    await carol.api.markRead({ conversationId: group.conversationId })
    await readBy(2)
    expect(await mine()).toMatchObject({ status: 'read', delivery: { of: 2, read: 2 } })
    const info = await alice.api.messageInfo({ id: sent.id })
    expect(info.readBy.toSorted()).toEqual([bob.peerId, carol.peerId].toSorted())
  })

  it('show the photo an admin sets to every member; a member who is no admin sets none', async () => {
    const { alice, bob, carol } = clients
    const picture = await sharp({
      create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 40, b: 90 } },
    })
      .png()
      .toBuffer()
    const image = picture.toString('base64')
    const set = await alice.api.setGroupPhoto({ groupId: group.id, image })
    expect(set.photo).toMatch(/^data:image\/webp;base64,/)
    for (const c of [bob, carol]) {
      await c.events.until('group', (gs) =>
        gs.some((g) => g.id === group.id && g.photo === set.photo),
      )
    }
    await expect(bob.api.setGroupPhoto({ groupId: group.id, image })).rejects.toThrow(
      /was not an admin/,
    )
    await expect(
      alice.api.setGroupPhoto({
        groupId: group.id,
        image: Buffer.from('no picture').toString('base64'),
      }),
    ).rejects.toThrow(/not a picture/)
    for (const c of [alice, bob, carol]) {
      expect((await notices(c)).at(-1)).toMatchObject({ type: 'photo', by: alice.peerId })
      expect((await c.api.group({ groupId: group.id })).photo).toBe(set.photo)
    }
    // A new announcement calls every member's attention, a muted one's too; a photo does not.
    await bob.api.muteConversation({ conversationId: group.conversationId, muted: true })
    await alice.api.announceGroup({ groupId: group.id, announcement: 'Gym closed on Friday' })
    const announced = (c: TestClient) =>
      c.events.until('attention', (as) =>
        as.some((a) => a.kind === 'message' && a.message.groupNotice?.type === 'announce'),
      )
    await Promise.all([announced(bob), announced(carol)])
    const calledBy = (c: TestClient) =>
      c.events.of('attention').flatMap((a) => (a.kind === 'message' ? [a.message] : []))
    expect(calledBy(bob).some((m) => m.groupNotice?.type === 'photo')).toBe(false)
    await bob.api.muteConversation({ conversationId: group.conversationId, muted: false })
  })

  it('reach a member who was offline through the relay mailbox, its senders gone meanwhile', async () => {
    const { alice, bob } = clients
    await clients.carol.stop()
    const sent = [await send(alice, 'meet at the station'), await send(bob, 'at 9?')]
    const ids = sent.map((m) => m.id)
    // Each sender leaves its message in Carol's mailbox (and keeps it queued until she acknowledges).
    const carolId = clients.carol.peerId
    const stored = (client: TestClient, id: string) =>
      client.events.until('receipt', (rs) =>
        rs.some((r) => r.status === 'stored' && r.id === id && r.peerId === carolId),
      )
    await Promise.all([stored(alice, ids[0] as string), stored(bob, ids[1] as string)])
    await Promise.all([received(alice, ids), received(bob, ids)])
    // With both senders gone, the mailbox is the only way.
    await Promise.all([alice.stop(), bob.stop()])
    const carol = await start('carol')
    await received(carol, ids)
    await carol.proc.waitForLine(/mailbox: collected \d+ message\(s\)/)
    await Promise.all([start('alice'), start('bob')])
    // They send again what Carol has not acknowledged to them directly: she takes nothing twice.
    await Promise.all(
      [clients.alice, clients.bob].map((c, i) =>
        c.events.until('delivered', (ds) =>
          ds.some((d) => d.id === ids[i] && d.peerId === carol.peerId),
        ),
      ),
    )
    expect(timesTold(carol, ids)).toEqual([1, 1])
    const seen = await history(clients.alice)
    expect(await history(clients.bob)).toEqual(seen)
    expect(await history(carol)).toEqual(seen)
  })

  it('reach a member who comes back while its sender is offline, from another member', async () => {
    const { alice, bob } = clients
    // Alice and Bob talk directly; with the relay gone, Alice can leave nothing for Carol.
    await bob.api.dial({ addr: await tcpAddr(alice) })
    await clients.carol.stop()
    const port = relay.addr.match(/\/tcp\/(\d+)\//)?.[1]
    await relay.proc.stop()
    const sent = await send(alice, 'the relay is down, but Bob has this')
    await received(bob, [sent.id])
    await alice.stop()
    relay = await startRelay(relayDir, [], `/ip4/127.0.0.1/tcp/${port}`)
    const carol = await start('carol')
    // Carol says what she holds; Bob hands on what she lacks, as Alice sealed it.
    await received(carol, [sent.id], 40_000)
    await bob.proc.waitForLine(
      new RegExp(`groups: handing \\d+ message\\(s\\) of ${group.id} on to ${carol.peerId}`),
    )
    await start('alice')
    expect(timesTold(carol, [sent.id])).toEqual([1])
    const seen = await history(bob)
    expect(seen.at(-1)?.text).toBe('the relay is down, but Bob has this')
    expect(await history(carol)).toEqual(seen)
    expect(await history(clients.alice)).toEqual(seen)
  })

  it('reach a removed member no more: nothing sent after is in its history or its profile', async () => {
    const { alice, bob, carol } = clients
    const before = await history(carol)
    const removed = await alice.api.removeGroupMembers({
      groupId: group.id,
      members: [carol.peerId],
    })
    expect(removed.members.map((m) => m.peerId)).toEqual([alice.peerId, bob.peerId])
    await carol.events.until('group', (gs) => gs.some((g) => g.id === group.id && g.gone))
    await bob.events.until('group', (gs) =>
      gs.some((g) => g.id === group.id && !g.members.some((m) => m.peerId === carol.peerId)),
    )
    const secret = `the new gate code is ${Math.random().toString(36).slice(2)}`
    const sent = [await send(alice, secret), await send(bob, `${secret}, noted`)]
    const ids = sent.map((m) => m.id)
    await Promise.all([received(alice, ids), received(bob, ids)])
    expect(await history(bob)).toEqual(await history(alice))
    const removal = { type: 'remove', by: alice.peerId, peers: [carol.peerId] }
    for (const c of [alice, bob, carol]) expect((await notices(c)).at(-1)).toEqual(removal)
    // Carol is sent nothing new. Alice's outbox to her is one ordered queue: once a
    // direct message Alice sends after them has come, anything of hers would have.
    const barrier = await alice.api.send({ to: carol.peerId, text: 'are you around?' })
    await received(carol, [barrier.id])
    expect(await history(carol)).toEqual(before)
    expect(carol.events.of('message').some((m) => ids.includes(m.id))).toBe(false)
    await expect(carol.api.sendGroup({ groupId: group.id, text: 'hello?' })).rejects.toThrow(
      /no longer in this group/,
    )
    await carol.stop()
    const values = await unsealedValues(dataDirs.carol as string, null)
    expect(values.includes('me too, from noon')).toBe(true)
    expect(values.includes(secret)).toBe(false)
    await start('carol')
  })

  it('refuses forged changes, malformed entries, replayed and tampered messages, and goes on', async () => {
    const { alice, bob } = clients
    const mallory = await RawPeer.start(await dirs.make('mallory'))
    try {
      const got: ChatEnvelope[] = []
      const logCame = Promise.withResolvers<void>()
      await mallory.serveChat((envelopes) => {
        got.push(...envelopes)
        if (envelopes.some((e) => e.group?.kind === 'membership')) logCame.resolve()
      })
      const chat = await mallory.chat(await tcpAddr(alice), alice.peerId)
      await chat.openSession()
      const request = mallory.envelope(alice.peerId, '01JH0000000000000000000001', {
        kind: 'request',
        text: 'hi, I climb too',
      })
      await chat.sendAcked([request])
      await alice.events.until('contact', (cs) => cs.some((c) => c.peerId === mallory.peerId))
      await alice.api.acceptContact({ peerId: mallory.peerId })
      await alice.api.addGroupMembers({ groupId: group.id, members: [mallory.peerId] })
      // Mallory, a member now, gets the whole log, and makes from it a change only an admin may make.
      await logCame.promise
      const entries = got.flatMap((e) => (e.group?.kind === 'membership' ? e.group.entries : []))
      const genesis = await GroupLog.open(entries[0] as never, verifyGroupEntry)
      if (!genesis.ok) throw new Error(genesis.error.reason)
      const log = genesis.log
      for (const signed of entries) await log.receive(signed, verifyGroupEntry)
      expect(log.state.members.map((m) => m.peerId)).toContain(mallory.peerId)
      const forged = await signEntry(
        {
          groupId: group.id,
          parents: log.heads(),
          at: Date.now(),
          change: { type: 'remove', peers: [bob.peerId] },
        },
        groupSigner(mallory.privateKey),
      )
      const envelope: ChatEnvelope = {
        id: '01JH0000000000000000000002',
        conversationId: groupConversationId(group.id),
        sender: mallory.peerId,
        hlc: { wall: Date.now(), counter: 0 },
        kind: 'group',
        text: '',
        group: { kind: 'membership', groupId: group.id, entries: [forged.signed] },
      }
      // Acknowledged once Alice has taken (here: refused) it.
      await chat.sendAcked([envelope])
      const refused = new RegExp(
        `groups: refused an entry from ${mallory.peerId} in ${group.id}: .* not an admin`,
      )
      expect(alice.proc.lines.some((line) => refused.test(line))).toBe(true)
      const now = await alice.api.group({ groupId: group.id })
      expect(now.members.map((m) => m.peerId)).toEqual([alice.peerId, bob.peerId, mallory.peerId])
      // The group goes on.
      const after = await send(bob, 'still here')
      await received(alice, [after.id])

      // Mallory's own message is taken once; the same message again is a replay, refused.
      const keys = await senderKeysOf(mallory.peerId, await dirs.make('mallory-keys'))
      const conversationId = groupConversationId(group.id)
      const own = await keys.senderKeys.distribution(group.id, 'start')
      const traffic = (id: string, content: GroupContent): ChatEnvelope => ({
        id,
        conversationId,
        sender: mallory.peerId,
        hlc: { wall: Date.now(), counter: 0 },
        kind: 'group',
        text: '',
        group: content,
      })
      const distribution = own.distribution
      await chat.sendAcked([
        traffic('01JH0000000000000000000003', {
          kind: 'sender-key',
          groupId: group.id,
          distribution,
        }),
      ])
      const text = {
        id: '01JH0000000000000000000004',
        conversationId,
        sender: mallory.peerId,
        hlc: { wall: Date.now(), counter: 0 },
        kind: 'text' as const,
        text: 'mallory was here',
      }
      const sealed = await keys.senderKeys.encrypt(
        group.id,
        encodeGroupPlaintext({ seq: 1, envelope: text }),
      )
      const message: GroupContent = {
        kind: 'message',
        groupId: group.id,
        sender: mallory.peerId,
        seq: 1,
        ciphertext: sealed.ciphertext,
      }
      await chat.sendAcked([traffic('01JH0000000000000000000005', message)])
      await received(alice, [text.id])
      await chat.sendAcked([traffic('01JH0000000000000000000006', message)])
      const replay = new RegExp(
        `groups: refused a message from ${mallory.peerId} in ${group.id}: a copy of`,
      )
      expect(alice.proc.lines.some((line) => replay.test(line))).toBe(true)
      expect(timesTold(alice, [text.id])).toEqual([1])

      // Tampered on the way (one bit of the ciphertext): refused; the real one is taken after.
      const again = { ...text, id: '01JH0000000000000000000007', text: 'mallory again' }
      const sealedAgain = await keys.senderKeys.encrypt(
        group.id,
        encodeGroupPlaintext({ seq: 2, envelope: again }),
      )
      const genuine: GroupContent = { ...message, seq: 2, ciphertext: sealedAgain.ciphertext }
      const bent = Uint8Array.from(sealedAgain.ciphertext)
      bent[bent.length - 8] = (bent[bent.length - 8] as number) ^ 1
      await chat.sendAcked([
        traffic('01JH0000000000000000000008', { ...genuine, ciphertext: bent }),
      ])
      const tampered = new RegExp(
        `groups: refused a message from ${mallory.peerId} in ${group.id}: (?!a copy)`,
      )
      expect(alice.proc.lines.some((line) => tampered.test(line))).toBe(true)
      await chat.sendAcked([traffic('01JH0000000000000000000009', genuine)])
      await received(alice, [again.id])
      await keys.close()

      const entryFrom = (id: string, entries: SignedGroupEntry[]): ChatEnvelope =>
        traffic(id, { kind: 'membership', groupId: group.id, entries })
      const refusedEntry = (why: string) =>
        new RegExp(`groups: refused an entry from ${mallory.peerId} in ${group.id}: ${why}`)
      // A leave, which anyone may make, under a signature that is not Mallory's: refused.
      const leave = await signEntry(
        {
          groupId: group.id,
          parents: log.heads(),
          at: Date.now(),
          change: { type: 'leave' },
        },
        groupSigner(mallory.privateKey),
      )
      const badSignature = Uint8Array.from(leave.signed.signature)
      badSignature[0] = (badSignature[0] as number) ^ 1
      // And entries that are no entries at all.
      const junk = { entry: Uint8Array.from([8, 200, 1, 255]), signature: new Uint8Array(64) }
      await chat.sendAcked([
        entryFrom('01JH000000000000000000000A', [
          { ...leave.signed, signature: badSignature },
          junk,
        ]),
      ])
      expect(alice.proc.lines.some((l) => refusedEntry('not signed by its author').test(l))).toBe(
        true,
      )
      expect(
        alice.proc.lines.filter((l) => refusedEntry('').test(l)).length,
      ).toBeGreaterThanOrEqual(3)
      expect((await alice.api.group({ groupId: group.id })).members.map((m) => m.peerId)).toContain(
        mallory.peerId,
      )

      // Removed, Mallory learns of it, and forges from there a change as if still in: refused.
      const before = got.length
      await alice.api.removeGroupMembers({ groupId: group.id, members: [mallory.peerId] })
      await expect
        .poll(() => got.slice(before).some((e) => e.group?.kind === 'membership'))
        .toBe(true)
      for (const e of got.slice(before)) {
        if (e.group?.kind === 'membership') {
          for (const signed of e.group.entries) await log.receive(signed, verifyGroupEntry)
        }
      }
      expect(log.state.members.map((m) => m.peerId)).not.toContain(mallory.peerId)
      const comeback = await signEntry(
        {
          groupId: group.id,
          parents: log.heads(),
          at: Date.now(),
          change: { type: 'rename', text: 'Mallory’s now' },
        },
        groupSigner(mallory.privateKey),
      )
      await chat.sendAcked([entryFrom('01JH000000000000000000000B', [comeback.signed])])
      expect(alice.proc.lines.some((l) => refusedEntry('.* was not a member').test(l))).toBe(true)
      const after2 = await send(bob, 'and still here')
      await received(alice, [after2.id])
      expect((await alice.api.group({ groupId: group.id })).name).not.toBe('Mallory’s now')
    } finally {
      await mallory.stop()
    }
  })

  it('keeps a change that came before the one it follows through a restart; a member its author never sent them to gets both', async () => {
    const { alice, bob } = clients
    const trent = await RawPeer.start(await dirs.make('trent'))
    try {
      const got: ChatEnvelope[] = []
      await trent.serveChat((envelopes) => got.push(...envelopes))
      const chat = await trent.chat(await tcpAddr(alice), alice.peerId)
      await chat.openSession()
      const hi = { kind: 'request' as const, text: 'I set routes' }
      await chat.sendAcked([trent.envelope(alice.peerId, '01JH0000000000000000000101', hi)])
      await alice.events.until('contact', (cs) => cs.some((c) => c.peerId === trent.peerId))
      await alice.api.acceptContact({ peerId: trent.peerId })
      await alice.api.addGroupMembers({ groupId: group.id, members: [trent.peerId] })
      await alice.api.promoteGroupMembers({ groupId: group.id, members: [trent.peerId] })
      // Trent, an admin now as his copy of the log says, renames the group and then describes it.
      const trentsLog = async () => {
        const entries = got.flatMap((e) => (e.group?.kind === 'membership' ? e.group.entries : []))
        const opened = entries[0] && (await GroupLog.open(entries[0], verifyGroupEntry))
        if (!opened?.ok) return undefined
        for (const signed of entries) await opened.log.receive(signed, verifyGroupEntry)
        return opened.log
      }
      const role = async () =>
        (await trentsLog())?.state.members.find((m) => m.peerId === trent.peerId)?.role
      await expect.poll(role).toBe('admin')
      const log = (await trentsLog()) as GroupLog
      const signer = groupSigner(trent.privateKey)
      const at = Date.now()
      const rename = await signEntry(
        {
          groupId: group.id,
          parents: log.heads(),
          at,
          change: { type: 'rename', text: 'Bouldering' },
        },
        signer,
      )
      const describe = await signEntry(
        {
          groupId: group.id,
          parents: [rename.hash],
          at,
          change: { type: 'describe', text: 'Mondays at 7' },
        },
        signer,
      )
      const membership = (id: string, entry: GroupEntry): ChatEnvelope => ({
        id,
        conversationId: groupConversationId(group.id),
        sender: trent.peerId,
        hlc: { wall: Date.now(), counter: 0 },
        kind: 'group',
        text: '',
        group: { kind: 'membership', groupId: group.id, entries: [entry.signed] },
      })
      // The description comes first: acknowledged, and held for the rename it follows.
      await chat.sendAcked([membership('01JH0000000000000000000102', describe)])
      expect(alice.proc.lines.some((l) => l.includes(`holding entries from ${trent.peerId}`))).toBe(
        true,
      )
      await alice.stop()
      const back = await start('alice')
      const again = await trent.chat(await tcpAddr(back), back.peerId)
      await again.sendAcked([membership('01JH0000000000000000000103', rename)])
      await back.events.until('group', (gs) =>
        gs.some((g) => g.id === group.id && g.description === 'Mondays at 7'),
      )
      expect(await back.api.group({ groupId: group.id })).toMatchObject({
        name: 'Bouldering',
        description: 'Mondays at 7',
      })
      // Bob had neither from Trent: Alice's next change follows them, and he asks her.
      await back.api.removeGroupMembers({ groupId: group.id, members: [trent.peerId] })
      await bob.events.until('group', (gs) =>
        gs.some(
          (g) =>
            g.id === group.id &&
            g.description === 'Mondays at 7' &&
            !g.members.some((m) => m.peerId === trent.peerId),
        ),
      )
      expect((await bob.api.group({ groupId: group.id })).name).toBe('Bouldering')
    } finally {
      await trent.stop()
    }
  })

  it('takes back a member who was removed: what is sent from then on reaches it, and it writes again', async () => {
    const { alice, bob, carol } = clients
    const back = await alice.api.addGroupMembers({ groupId: group.id, members: [carol.peerId] })
    expect(back.members.map((m) => m.peerId)).toContain(carol.peerId)
    await carol.events.until('group', (gs) => gs.some((g) => g.id === group.id && !g.gone))
    const hello = await send(alice, 'welcome back, Carol')
    await received(carol, [hello.id])
    // Carol writes at once: it may reach Bob before Alice's change that adds her, and waits for it.
    const reply = await send(carol, 'glad to be back')
    await Promise.all([received(alice, [reply.id]), received(bob, [reply.id])])
    expect(timesTold(bob, [reply.id])).toEqual([1])
  })
})
