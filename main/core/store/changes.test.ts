// Edits, deletions and reactions: the pure rules (any order of arrival, one result)
// and the store that applies them on a real, sealed LevelDB on disk.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../../../protocol/api.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { type TempLevel, tempLevel } from '../testing/temp-level.ts'
import { DataKey } from '../vault/data-key.ts'
import { SealedLevel } from '../vault/sealed-level.ts'
import { applyChange } from './changes.ts'
import { ProfileStore } from './profile-store.ts'

const ME = '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB'
const PEER = '12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb'
const CONV = directConversationId(ME, PEER)

const id = (n: number) => `01JH0000000000000000000${n.toString().padStart(3, '0')}`

/** A message from the peer (or, `out`, ours), sent at clock reading `at`. */
function message(n: number, at: number, extra: Partial<Message> = {}): Message {
  const out = extra.direction === 'out'
  return {
    id: id(n),
    conversationId: CONV,
    peerId: PEER,
    sender: out ? ME : PEER,
    direction: 'in',
    text: `message ${n}`,
    hlc: { wall: at, counter: 0 },
    status: out ? 'pending' : 'received',
    ...extra,
  }
}

const change = (
  n: number,
  at: number,
  kind: 'edit' | 'delete' | 'reaction',
  text: string,
  by = PEER,
) => message(n, at, { kind, target: id(1), text, sender: by })

/** Applies changes one after the other, as a receiver does once the target is there. */
function applyAll(target: Message, changes: Message[]): Message {
  let now = target
  for (const c of changes) {
    const applied = applyChange(now, c)
    if (applied.ok) now = applied.message
  }
  return now
}

describe('changes to a message', () => {
  it('end the same whatever order they arrive in', () => {
    const target = message(1, 1_000)
    const changes = [
      change(2, 2_000, 'edit', 'second'),
      change(3, 3_000, 'edit', 'third'),
      change(4, 2_500, 'reaction', '👍'),
      change(5, 2_600, 'reaction', '❤️', ME),
      change(6, 2_700, 'reaction', '', ME),
      change(7, 4_000, 'reaction', '🎉'),
      change(8, 1_500, 'edit', 'first edit'),
    ]
    const expected = applyAll(
      target,
      changes.toSorted((a, b) => a.hlc.wall - b.hlc.wall),
    )
    expect(expected.text).toBe('third')
    expect(expected.edits?.map((e) => e.text)).toEqual(['message 1', 'first edit', 'second'])
    expect(expected.reactions?.map((r) => [r.peerId, r.emoji])).toEqual(
      expect.arrayContaining([
        [PEER, '🎉'],
        [ME, ''],
      ]),
    )
    fc.assert(
      fc.property(fc.shuffledSubarray(changes, { minLength: changes.length }), (order) => {
        const got = applyAll(target, order)
        expect({ ...got, reactions: got.reactions?.toSorted(byPeer) }).toEqual({
          ...expected,
          reactions: expected.reactions?.toSorted(byPeer),
        })
      }),
    )
    // A deletion wins, whenever it comes: nothing of the message is left.
    const deleted = [...changes, change(9, 3_500, 'delete', '')]
    fc.assert(
      fc.property(fc.shuffledSubarray(deleted, { minLength: deleted.length }), (order) => {
        const got = applyAll(target, order)
        expect(got).toEqual({ ...target, text: '', deleted: true })
      }),
    )
  })

  it('are refused from anyone but the author, past the deletion window, or to a notice', () => {
    const target = message(1, 1_000)
    expect(applyChange(target, change(2, 2_000, 'edit', 'mine now', ME))).toMatchObject({
      ok: false,
    })
    expect(applyChange(target, change(2, 2_000, 'delete', '', ME))).toMatchObject({ ok: false })
    // Anyone may react.
    expect(applyChange(target, change(2, 2_000, 'reaction', '👍', ME))).toMatchObject({ ok: true })
    const late = change(2, 1_000 + 48 * 3600_000 + 1, 'delete', '')
    expect(applyChange(target, late)).toMatchObject({ ok: false })
    const notice = message(1, 1_000, { kind: 'request' })
    expect(applyChange(notice, change(2, 2_000, 'reaction', '👍'))).toMatchObject({ ok: false })
    const elsewhere = { ...change(2, 2_000, 'edit', 'x'), conversationId: 'dm:other' }
    expect(applyChange(target, elsewhere)).toMatchObject({ ok: false })
  })
})

function byPeer(a: { peerId: string }, b: { peerId: string }): number {
  return a.peerId.localeCompare(b.peerId)
}

describe('the store, with changes', () => {
  let level: TempLevel
  let store: ProfileStore
  const key = DataKey.generate()
  const open = () => ProfileStore.open(new SealedLevel(level.raw, key))
  const keepAll = (fresh: Message[]) => ({ keep: fresh, ops: [] })
  const receive = (...batch: Message[]) =>
    store.addIncoming(batch, { wall: 0, counter: 0 }, keepAll, { sync: true })

  beforeEach(async () => {
    level = await tempLevel('changes')
    store = await open()
  })

  afterEach(async () => {
    await store.close()
    await level.remove()
  })

  it('keeps a change that came before its message, across a restart, and applies it when it comes', async () => {
    const early = await receive(
      change(2, 2_000, 'edit', 'edited'),
      change(3, 2_100, 'reaction', '👍'),
    )
    expect(early.changed).toEqual([])
    expect(early.refusedChanges).toEqual([])
    await store.close()
    store = await open()
    const arrived = await receive(message(1, 1_000))
    expect(arrived.changed).toEqual([
      { change: 'reacted', message: expect.objectContaining({ id: id(1), text: 'edited' }) },
    ])
    const [shown] = await store.history(CONV, 10)
    expect(shown).toMatchObject({ text: 'edited', edits: [{ text: 'message 1' }] })
    expect(shown?.reactions).toMatchObject([{ peerId: PEER, emoji: '👍' }])
    // Changes are never listed, and one sent again is known.
    expect(await store.history(CONV, 10)).toHaveLength(1)
    expect((await receive(change(2, 2_000, 'edit', 'edited'))).keep).toEqual([])
  })

  it('refuses a change by someone else to our message, and stores nothing of it', async () => {
    const ours = message(1, 1_000, { direction: 'out' })
    await store.addOutgoing(ours)
    const taken = await receive(change(2, 2_000, 'edit', 'hijacked'))
    expect(taken.refusedChanges).toMatchObject([{ reason: expect.stringContaining('author') }])
    expect((await store.history(CONV, 10))[0]?.text).toBe('message 1')
  })

  it('deletes for everyone: a tombstone, and no edit keeps the text', async () => {
    const secret = 'the launch code is 0000'
    await receive(message(1, 1_000, { text: secret }))
    await receive(change(2, 2_000, 'edit', `${secret}, really`))
    const deleted = await receive(change(3, 3_000, 'delete', ''))
    expect(deleted.changed).toMatchObject([{ change: 'deleted' }])
    const [shown] = await store.history(CONV, 10)
    expect(shown).toMatchObject({ id: id(1), text: '', deleted: true })
    expect(shown?.edits).toBeUndefined()
    expect((await store.getMessage(id(2)))?.text).toBe('')
    expect(store.conversations.list(1)[0]?.lastMessage).toMatchObject({ text: '', deleted: true })
    // A late edit or reaction changes nothing.
    expect((await receive(change(4, 2_500, 'edit', secret))).changed).toEqual([])
    expect((await receive(change(5, 3_500, 'reaction', '👍'))).changed).toEqual([])
    // Values are sealed on disk; what the store holds decrypted has no trace of the text either.
    for await (const [, value] of new SealedLevel(level.raw, key).iterator({
      valueEncoding: 'utf8',
    })) {
      expect(value).not.toContain('launch code')
    }
    for (const file of await readdir(level.dir)) {
      expect((await readFile(join(level.dir, file))).includes(secret)).toBe(false)
    }
  })

  it('erases the quotes of a deleted message from the replies to it, and says so', async () => {
    const theirs = message(1, 1_000, { text: 'meet at the old mill' })
    await receive(theirs)
    const quote = { id: theirs.id, sender: PEER, snippet: theirs.text }
    const reply = message(2, 2_000, { direction: 'out', text: 'ok', quote })
    await store.addOutgoing(reply)
    const deleted = await receive(change(3, 3_000, 'delete', ''))
    const unquoted = { ...reply, quote: { ...quote, snippet: '' } }
    expect(deleted.changed).toEqual([
      { change: 'deleted', message: expect.objectContaining({ id: theirs.id, deleted: true }) },
      { change: 'quote-deleted', message: unquoted },
    ])
    expect(await store.getMessage(reply.id)).toEqual(unquoted)
  })

  it('deletes for me: gone from the history and the outbox, the preview goes back one', async () => {
    await receive(message(1, 1_000))
    const ours = message(2, 2_000, { direction: 'out' })
    await store.addOutgoing(ours)
    expect(await store.outbox.pendingFor(PEER)).toHaveLength(1)
    expect(await store.deleteForMe(ours.id)).toMatchObject([
      { change: 'removed', message: { id: ours.id, text: '' } },
    ])
    expect((await store.history(CONV, 10)).map((m) => m.id)).toEqual([id(1)])
    expect(await store.outbox.pendingFor(PEER)).toEqual([])
    expect(store.conversations.list(1)[0]?.lastMessage).toMatchObject({
      id: id(1),
      text: 'message 1',
    })
    // Sent again (a copy in flight), it is known and not stored again.
    expect((await receive({ ...ours, direction: 'in' })).keep).toEqual([])
  })
})
