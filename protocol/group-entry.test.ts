import fc from 'fast-check'
import { base58btc } from 'multiformats/bases/base58'
import { describe, expect, it } from 'vitest'
import {
  decodeEntries,
  decodeSignedEntry,
  type EntryDraft,
  encodeEntries,
  encodeEntry,
  encodeSignedEntry,
  type GroupChange,
  readEntry,
} from './group-entry.ts'
import { MAX_HLC_WALL } from './hlc.ts'
import {
  DISCUSSION_IDLE_MS,
  MAX_DISCUSSION_IDLE_MS,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_BATCH_BYTES,
  MAX_GROUP_BATCH_ENTRIES,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_ENTRY_BYTES,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_NAME,
  MAX_GROUP_PARENTS,
  MIN_DISCUSSION_IDLE_MS,
} from './limits.ts'
import { Genesis, GroupEntry as WireEntry } from './wire/group.ts'

/** An Ed25519 peer id: the identity multihash of a protobuf public key (type 1, 32 bytes). */
const peerOf = (key: Uint8Array) =>
  base58btc.baseEncode(new Uint8Array([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...key]))
const peer = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(peerOf)
const peers = (maxLength: number) => fc.uniqueArray(peer, { minLength: 1, maxLength })
const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'))
const line = (maxLength: number) =>
  fc
    .string({ maxLength, unit: 'grapheme' })
    .filter((t) => t.length <= maxLength && !/\p{Cc}/u.test(t))
const lines = (maxLength: number) =>
  fc
    .array(line(40), { maxLength: 8 })
    .map((parts) => parts.join('\n'))
    .filter((t) => t.length <= maxLength)
const idle = fc
  .integer({ min: MIN_DISCUSSION_IDLE_MS / 1000, max: MAX_DISCUSSION_IDLE_MS / 1000 })
  .map((s) => s * 1000)

const genesis = fc
  .record({
    nonce: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new Uint8Array(b)),
    kind: fc.constantFrom('group' as const, 'discussion' as const),
    name: line(MAX_GROUP_NAME).filter((n) => n.trim() !== ''),
    members: peers(12),
    idleMs: idle,
  })
  .chain(({ members, kind, idleMs, ...rest }) =>
    fc.nat(members.length - 1).map((admins) => ({
      type: 'genesis' as const,
      ...rest,
      kind,
      members,
      // The author (the first admin) is a member and an admin.
      admins: members.slice(0, admins + 1),
      idleMs: kind === 'discussion' ? idleMs : 0,
    })),
  )

const change: fc.Arbitrary<GroupChange> = fc.oneof(
  fc
    .tuple(fc.constantFrom('add', 'remove', 'promote', 'demote' as const), peers(12))
    .map(([type, list]) => ({ type, peers: list })),
  fc.constant({ type: 'leave' as const }),
  line(MAX_GROUP_NAME).map((text) => ({ type: 'rename' as const, text })),
  lines(MAX_GROUP_DESCRIPTION).map((text) => ({ type: 'describe' as const, text })),
  lines(MAX_GROUP_ANNOUNCEMENT).map((text) => ({ type: 'announce' as const, text })),
  fc.oneof(fc.constant(''), hex(32)).map((digest) => ({ type: 'photo' as const, digest })),
  idle.map((idleMs) => ({ type: 'expiry' as const, idleMs })),
)

// protons-runtime 7.1.2 mis-encodes uint64 values from 2^31 to 2^32 (1970's January): not a time we write.
const at = fc.oneof(fc.nat(2 ** 31 - 1), fc.integer({ min: 2 ** 32, max: MAX_HLC_WALL }))
/** A draft and its author. */
const drafted: fc.Arbitrary<{ draft: EntryDraft; author: string }> = fc.oneof(
  fc.tuple(genesis, at).map(([g, time]) => ({
    draft: { parents: [], at: time, change: g },
    author: g.admins[0] as string,
  })),
  fc
    .record({
      groupId: hex(16),
      parents: fc.uniqueArray(hex(32), { minLength: 1, maxLength: MAX_GROUP_PARENTS }),
      at,
      change,
    })
    .chain((draft) => peer.map((author) => ({ draft, author }))),
)
const signature = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => new Uint8Array(b))

const A = peerOf(new Uint8Array(32).fill(1))
const B = peerOf(new Uint8Array(32).fill(2))
const GROUP = 'ab'.repeat(16)
const PARENT = 'cd'.repeat(32)
const signed = (entry: Uint8Array<ArrayBuffer>) => ({ entry, signature: new Uint8Array(64) })

describe('group entries', () => {
  it('read back what was written', () => {
    fc.assert(
      fc.property(drafted, signature, ({ draft, author }, sig) => {
        const bytes = encodeEntry(draft, author)
        const read = readEntry({ entry: bytes, signature: sig })
        if (!read.ok) throw new Error(read.error.reason)
        const { entry } = read
        expect(entry.change).toEqual(draft.change)
        expect(entry).toMatchObject({ author, parents: draft.parents, at: draft.at })
        expect(entry.groupId).toBe(draft.groupId ?? entry.hash.slice(0, 32))
        expect(entry.hash).toMatch(/^[0-9a-f]{64}$/)
        expect(entry.signed).toEqual({ entry: bytes, signature: sig })
      }),
    )
  })

  it('never throw on arbitrary bytes, and report a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 80 }), (e, s) => {
        const result = readEntry({ entry: new Uint8Array(e), signature: new Uint8Array(s) })
        if (!result.ok) expect(['invalid', 'too-large']).toContain(result.error.code)
      }),
      { numRuns: 3000 },
    )
  })

  it('never throw on mutated or truncated valid entries', () => {
    fc.assert(
      fc.property(drafted, fc.nat(), fc.nat(255), ({ draft, author }, pos, byte) => {
        const bytes = encodeEntry(draft, author)
        const mutated = bytes.slice()
        mutated[pos % bytes.length] = byte
        for (const entry of [mutated, bytes.slice(0, pos % bytes.length)]) {
          const result = readEntry(signed(entry))
          if (!result.ok) expect(['invalid', 'too-large']).toContain(result.error.code)
        }
      }),
    )
  })

  it('refuse entries that are malformed for what they say', () => {
    const parent = new Uint8Array(Buffer.from(PARENT, 'hex'))
    const base = {
      group: Buffer.from(GROUP, 'hex'),
      author: multihashOf(A),
      parents: [parent],
      at: 1n,
    }
    const g = {
      nonce: new Uint8Array(16),
      kind: Genesis.Kind.GROUP,
      name: 'Friends',
      members: [multihashOf(A), multihashOf(B)],
      admins: [multihashOf(A)],
      idleS: 0,
    }
    const root = { ...base, group: new Uint8Array(), parents: [] }
    const cases: [string, Partial<WireEntry> & Record<string, unknown>][] = [
      ['changes nothing', base],
      ['not an Ed25519 peer id', { ...base, author: new Uint8Array(38), leave: {} }],
      ['time', { ...base, at: BigInt(MAX_HLC_WALL) + 1n, leave: {} }],
      ['follow another', { ...base, parents: [], leave: {} }],
      ['SHA-256', { ...base, parents: [new Uint8Array(31)], leave: {} }],
      ['twice', { ...base, parents: [parent, parent], leave: {} }],
      ['16 bytes', { ...base, group: new Uint8Array(15), leave: {} }],
      ['names no one', { ...base, add: { peers: [] } }],
      ['twice', { ...base, remove: { peers: [multihashOf(B), multihashOf(B)] } }],
      ['Ed25519', { ...base, promote: { peers: [new Uint8Array([1, 2, 3])] } }],
      ['one line', { ...base, rename: { text: 'two\nlines' } }],
      ['one line', { ...base, rename: { text: 'x'.repeat(MAX_GROUP_NAME + 1) } }],
      ['control', { ...base, describe: { text: 'bell\u0007' } }],
      ['too long', { ...base, describe: { text: 'x'.repeat(MAX_GROUP_DESCRIPTION + 1) } }],
      ['too long', { ...base, announce: { text: 'x'.repeat(MAX_GROUP_ANNOUNCEMENT + 1) } }],
      ['SHA-256', { ...base, photo: { digest: new Uint8Array(31) } }],
      ['out of range', { ...base, expiry: { idleS: MIN_DISCUSSION_IDLE_MS / 1000 - 1 } }],
      ['out of range', { ...base, expiry: { idleS: MAX_DISCUSSION_IDLE_MS / 1000 + 1 } }],
      ['names no group', { ...root, group: base.group, genesis: g }],
      ['follows no entry', { ...root, parents: base.parents, genesis: g }],
      ['must be one of its admins', { ...root, author: multihashOf(B), genesis: g }],
      ['not a member', { ...root, genesis: { ...g, members: [multihashOf(B)] } }],
      ['no kind', { ...root, genesis: { ...g, kind: Genesis.Kind.UNSPECIFIED } }],
      ['nonce', { ...root, genesis: { ...g, nonce: new Uint8Array(15) } }],
      ['name', { ...root, genesis: { ...g, name: ' ' } }],
      ['lifetime', { ...root, genesis: { ...g, idleS: DISCUSSION_IDLE_MS / 1000 } }],
      ['lifetime', { ...root, genesis: { ...g, kind: Genesis.Kind.DISCUSSION, idleS: 0 } }],
      ['names no one', { ...root, genesis: { ...g, admins: [] } }],
    ]
    for (const [reason, wire] of cases) {
      const result = readEntry(signed(WireEntry.encode(wire as WireEntry)))
      expect(result, reason).toMatchObject({ ok: false, error: { code: 'invalid' } })
      if (!result.ok) expect(result.error.reason).toContain(reason)
    }
    // A discussion group may have no name, and lasts for a while.
    const discussion = {
      ...root,
      genesis: { ...g, kind: Genesis.Kind.DISCUSSION, name: '', idleS: 3600 },
    }
    expect(readEntry(signed(WireEntry.encode(discussion)))).toMatchObject({ ok: true })
  })

  it('refuse what is over a size or count limit', () => {
    const many = Array.from({ length: MAX_GROUP_MEMBERS + 1 }, (_, i) =>
      multihashOf(peerOf(new Uint8Array(32).fill(i % 256).map((b, j) => (j === 0 ? i >> 8 : b)))),
    )
    const base = { group: Buffer.from(GROUP, 'hex'), author: multihashOf(A), at: 1n }
    const tooMany = WireEntry.encode({
      ...base,
      parents: [Buffer.from(PARENT, 'hex')],
      add: { peers: many },
    })
    expect(readEntry(signed(tooMany))).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const parents = Array.from({ length: MAX_GROUP_PARENTS + 1 }, (_, i) =>
      new Uint8Array(32).fill(i),
    )
    const tooManyParents = WireEntry.encode({ ...base, parents, leave: {} })
    expect(readEntry(signed(tooManyParents))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    // 256 members, each an admin, fit.
    const full = many.slice(0, MAX_GROUP_MEMBERS)
    full[0] = multihashOf(A)
    const genesis = {
      nonce: new Uint8Array(16),
      kind: Genesis.Kind.GROUP,
      name: 'x'.repeat(MAX_GROUP_NAME),
      members: full,
      admins: full,
      idleS: 0,
    }
    const biggest = WireEntry.encode({ ...base, group: new Uint8Array(), parents: [], genesis })
    expect(readEntry(signed(biggest))).toMatchObject({ ok: true })
    const oversized = new Uint8Array(MAX_GROUP_ENTRY_BYTES + 1)
    expect(readEntry(signed(oversized))).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('are read only in their canonical encoding', () => {
    const bytes = encodeEntry(
      { groupId: GROUP, parents: [PARENT], at: 5, change: { type: 'leave' } },
      A,
    )
    expect(readEntry(signed(bytes))).toMatchObject({ ok: true })
    // The same entry with an unknown field after it: the same meaning, other bytes.
    const padded = new Uint8Array([...bytes, 0xf8, 0x01, 0x01])
    expect(readEntry(signed(padded))).toMatchObject({
      ok: false,
      error: { reason: 'group entry is not in its canonical encoding' },
    })
  })

  it('travel together, and never throw on arbitrary or mutated batches', () => {
    fc.assert(
      fc.property(
        fc.array(drafted, { maxLength: 8 }),
        signature,
        fc.nat(),
        fc.nat(255),
        (drafts, sig, pos, byte) => {
          const entries = drafts.map(({ draft, author }) => ({
            entry: encodeEntry(draft, author),
            signature: sig,
          }))
          const bytes = encodeEntries(entries)
          expect(decodeEntries(bytes)).toEqual({ ok: true, entries })
          for (const one of entries) {
            expect(decodeSignedEntry(encodeSignedEntry(one))).toEqual({ ok: true, signed: one })
          }
          if (bytes.length === 0) return
          bytes[pos % bytes.length] = byte
          const result = decodeEntries(bytes)
          if (result.ok) for (const one of result.entries) readEntry(one)
          else expect(['invalid', 'too-large']).toContain(result.error.code)
        },
      ),
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        for (const result of [decodeEntries(bytes), decodeSignedEntry(bytes)]) {
          if (!result.ok) expect(['invalid', 'too-large']).toContain(result.error.code)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('refuse a batch over its count or size', () => {
    const one = { entry: new Uint8Array(10), signature: new Uint8Array(64) }
    const many = encodeEntries(Array.from({ length: MAX_GROUP_BATCH_ENTRIES + 1 }, () => one))
    expect(decodeEntries(many)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const big = { entry: new Uint8Array(MAX_GROUP_ENTRY_BYTES), signature: new Uint8Array(64) }
    const heavy = encodeEntries(
      Array.from(
        { length: Math.ceil(MAX_GROUP_BATCH_BYTES / MAX_GROUP_ENTRY_BYTES) + 1 },
        () => big,
      ),
    )
    expect(decodeEntries(heavy)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const oversized = {
      entry: new Uint8Array(MAX_GROUP_ENTRY_BYTES + 1024),
      signature: new Uint8Array(64),
    }
    expect(decodeSignedEntry(encodeSignedEntry(oversized))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
  })
})

function multihashOf(peerId: string): Uint8Array<ArrayBuffer> {
  return base58btc.baseDecode(peerId) as Uint8Array<ArrayBuffer>
}
