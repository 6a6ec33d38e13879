// Group traffic on the wire (frame.test.ts fuzzes it in batches): a group message's
// plaintext, and the bounds of what group envelopes carry. Every valid plaintext round-trips; arbitrary or mutated bytes are refused with a typed error,
// never a throw; sizes and counts are bounded.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ChatEnvelope,
  decodeBatch,
  decodeGroupPlaintext,
  encodeBatch,
  encodeGroupPlaintext,
  type GroupContent,
  type GroupPlain,
} from './frame.ts'
import { MAX_HLC_WALL } from './hlc.ts'
import { groupConversationId } from './ids.ts'
import {
  MAX_GROUP_BATCH_ENTRIES,
  MAX_GROUP_CIPHERTEXT_BYTES,
  MAX_GROUP_PLAINTEXT_BYTES,
  MAX_SENDER_KEY_DISTRIBUTION_BYTES,
  MAX_TEXT_BYTES,
} from './limits.ts'
import { Batch, GroupPlaintext } from './wire/chat.ts'

const PEER = '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB'
const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)
const groupId = fc.stringMatching(/^[0-9a-f]{32}$/)
const hlc = fc.record({ wall: fc.nat({ max: MAX_HLC_WALL }), counter: fc.nat({ max: 0xffffffff }) })

const plain: fc.Arbitrary<GroupPlain> = fc
  .record({
    seq: fc.integer({ min: 1, max: 0xffffffff }),
    id: ulid,
    hlc,
    groupId,
    text: fc.string({ maxLength: 500 }),
    target: ulid,
    kind: fc.constantFrom('text' as const, 'edit' as const, 'delete' as const, 'reaction' as const),
  })
  .map(({ seq, id, hlc, groupId, text, target, kind }) => {
    const base = { id, conversationId: groupConversationId(groupId), sender: PEER, hlc }
    if (kind === 'text') return { seq, envelope: { ...base, kind, text } }
    if (kind === 'edit') return { seq, envelope: { ...base, kind, text, target } }
    if (kind === 'delete') return { seq, envelope: { ...base, kind, text: '', target } }
    return { seq, envelope: { ...base, kind, text: '👍', target } }
  })

const GROUP = 'ab'.repeat(16)
/** An envelope's fields in GROUP's conversation, its content aside. */
const inGroup = {
  id: '01JH0000000000000000000000',
  conversationId: groupConversationId(GROUP),
  sender: PEER,
  hlc: { wall: 1, counter: 0 },
}

describe('group traffic on the wire', () => {
  it('round-trips a group plaintext, and never throws on arbitrary or mutated bytes', () => {
    fc.assert(
      fc.property(plain, fc.nat(), fc.nat(255), (p, at, byte) => {
        const encoded = encodeGroupPlaintext(p)
        expect(decodeGroupPlaintext(encoded)).toEqual({ ok: true, plain: p })
        encoded[at % encoded.length] = byte
        const result = decodeGroupPlaintext(encoded)
        if (!result.ok) expect(['too-large', 'malformed', 'invalid']).toContain(result.error.code)
      }),
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => {
        const result = decodeGroupPlaintext(b)
        if (!result.ok) expect(['too-large', 'malformed', 'invalid']).toContain(result.error.code)
      }),
    )
  })

  it('refuses group traffic outside its group conversation, and bad ids and keys', () => {
    const id = GROUP
    const base = { ...inGroup, kind: 'group' as const, text: '' }
    const request = { kind: 'key-request' as const, groupId: id, distributionId: 'not-a-uuid' }
    expect(decodeBatch(encodeBatch([{ ...base, group: request }]))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    const message = {
      kind: 'message' as const,
      groupId: id,
      sender: PEER,
      seq: 1,
      ciphertext: new Uint8Array([1]),
    }
    const elsewhere = { ...base, conversationId: 'dm:a:b', group: message }
    expect(decodeBatch(encodeBatch([elsewhere]))).toMatchObject({ ok: false })
    const otherGroup = {
      ...base,
      conversationId: groupConversationId('cd'.repeat(16)),
      group: message,
    }
    expect(decodeBatch(encodeBatch([otherGroup]))).toMatchObject({ ok: false })
    const noSeq = { ...base, group: { ...message, seq: 0 } }
    expect(decodeBatch(encodeBatch([noSeq]))).toMatchObject({ ok: false })
    const shortId = Batch.encode({
      envelopes: [
        {
          id: base.id,
          conversationId: base.conversationId,
          sender: PEER,
          hlc: { wall: 1n, counter: 0 },
          senderKey: { group: new Uint8Array(15), distribution: new Uint8Array([1]) },
        },
      ],
    })
    expect(decodeBatch(shortId)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('bounds the ciphertext, the plaintext, sender keys and membership entries', () => {
    const id = GROUP
    const env = (group: GroupContent): ChatEnvelope => ({
      ...inGroup,
      kind: 'group',
      text: '',
      group,
    })
    const big = new Uint8Array(MAX_GROUP_CIPHERTEXT_BYTES + 1)
    const message = { kind: 'message' as const, groupId: id, sender: PEER, seq: 1, ciphertext: big }
    expect(decodeBatch(encodeBatch([env(message)]))).toMatchObject({ ok: false })
    const key = new Uint8Array(MAX_SENDER_KEY_DISTRIBUTION_BYTES + 1)
    const senderKey = { kind: 'sender-key' as const, groupId: id, distribution: key }
    expect(decodeBatch(encodeBatch([env(senderKey)]))).toMatchObject({ ok: false })
    const entries = Array.from({ length: MAX_GROUP_BATCH_ENTRIES + 1 }, () => ({
      entry: new Uint8Array([1]),
      signature: new Uint8Array([2]),
    }))
    const many = { kind: 'membership' as const, groupId: id, entries }
    expect(decodeBatch(encodeBatch([env(many)]))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    // The largest text a group message may hold fits its plaintext bound; one over does not decode.
    const text = { ...inGroup, kind: 'text' as const, text: 'x'.repeat(MAX_TEXT_BYTES) }
    const full = encodeGroupPlaintext({ seq: 1, envelope: text })
    expect(full.byteLength).toBeLessThanOrEqual(MAX_GROUP_PLAINTEXT_BYTES)
    expect(decodeGroupPlaintext(full)).toMatchObject({ ok: true })
    const empty = GroupPlaintext.encode({ seq: 1, envelope: undefined })
    expect(decodeGroupPlaintext(empty)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(decodeGroupPlaintext(new Uint8Array(MAX_GROUP_PLAINTEXT_BYTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    const twice = {
      kind: 'have' as const,
      groupId: id,
      held: [
        { sender: PEER, seq: 1 },
        { sender: PEER, seq: 2 },
      ],
    }
    expect(decodeBatch(encodeBatch([env(twice)]))).toMatchObject({ ok: false })
    const none = { kind: 'have' as const, groupId: id, held: [{ sender: PEER, seq: 0 }] }
    expect(decodeBatch(encodeBatch([env(none)]))).toMatchObject({ ok: false })
    const request = { seq: 1, envelope: { ...text, kind: 'request' as const, text: 'hi' } }
    expect(decodeGroupPlaintext(encodeGroupPlaintext(request as never))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
  })
})
