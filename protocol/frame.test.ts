import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ChatEnvelope,
  type ChatFrame,
  decodeBatch,
  decodeFrame,
  encodeBatch,
  encodeFrame,
  type GroupContent,
  MAX_BATCH_ENVELOPES,
} from './frame.ts'
import { MAX_HLC_WALL } from './hlc.ts'
import { CHAT_FRAME_VERSION, groupConversationId } from './ids.ts'
import {
  MAX_ACK_IDS,
  MAX_BATCH_BYTES,
  MAX_DISPLAY_NAME,
  MAX_GREETING,
  MAX_MENTIONS,
  MAX_SENDER_KEY_DISTRIBUTION_BYTES,
  MAX_SIGNAL_CIPHERTEXT_BYTES,
  MAX_SNIPPET,
  MAX_STATUS_LINE,
  MAX_TEXT_BYTES,
} from './limits.ts'
import { MAX_BUNDLE_BYTES } from './prekeys.ts'
import { Batch, Frame } from './wire/chat.ts'

const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)
const oneLine = (maxLength: number) =>
  fc.string({ maxLength, unit: 'grapheme' }).filter((text) => !/\p{Cc}/u.test(text))
const digest = fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/))
const hello = fc.record({
  displayName: oneLine(MAX_DISPLAY_NAME).filter((name) => name.length <= MAX_DISPLAY_NAME),
  statusLine: oneLine(MAX_STATUS_LINE).filter((text) => text.length <= MAX_STATUS_LINE),
  avatarDigest: digest,
})
const peer = fc.constant('12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB')

const PEER = '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB'
/** One emoji each: a pictograph, with a skin tone, a family joined by ZWJs, a flag, a keycap. */
const EMOJI = ['👍', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '1️⃣', '❤️']
/** A text and, at times, mentions of ranges inside it. */
const textWithMentions = fc.string({ maxLength: 2000, unit: 'grapheme' }).chain((text) =>
  text.length === 0
    ? fc.constant({ text })
    : fc
        .array(
          fc
            .nat(text.length - 1)
            .chain((start) =>
              fc
                .nat(text.length - start - 1)
                .map((extra) => ({ peerId: PEER, start, length: extra + 1 })),
            ),
          { maxLength: MAX_MENTIONS },
        )
        .map((mentions) => (mentions.length ? { text, mentions } : { text })),
)

const envelope = fc
  .record({
    id: ulid,
    conversationId: fc.string({ minLength: 1, maxLength: 200 }),
    sender: peer,
    hlc: fc.record({
      wall: fc.nat({ max: MAX_HLC_WALL }),
      counter: fc.nat({ max: 0xffffffff }),
    }),
  })
  .chain((e) =>
    fc.oneof(
      textWithMentions.map((t) => ({ ...e, kind: 'text' as const, ...t })),
      fc
        .tuple(textWithMentions, ulid, fc.string({ maxLength: MAX_SNIPPET }))
        .map(([t, id, snippet]) => ({
          ...e,
          kind: 'reply' as const,
          ...t,
          quote: { id, sender: PEER, snippet },
        })),
      fc
        .string({ maxLength: MAX_GREETING })
        .map((text) => ({ ...e, kind: 'request' as const, text })),
      fc.constant({ ...e, kind: 'accept' as const, text: '' }),
      fc
        .tuple(textWithMentions, ulid)
        .map(([t, target]) => ({ ...e, kind: 'edit' as const, ...t, target })),
      ulid.map((target) => ({ ...e, kind: 'delete' as const, text: '', target })),
      fc
        .tuple(fc.constantFrom('', ...EMOJI), ulid)
        .map(([text, target]) => ({ ...e, kind: 'reaction' as const, text, target })),
    ),
  )

const clock = fc.record({
  wall: fc.nat({ max: MAX_HLC_WALL }),
  counter: fc.nat({ max: 0xffffffff }),
})
const bytes = (maxLength: number) =>
  fc.uint8Array({ minLength: 1, maxLength }).map((b) => new Uint8Array(b))

/** Group traffic: in its group's conversation. */
const content = (id: string): fc.Arbitrary<GroupContent> =>
  fc.oneof(
    fc
      .record({ seq: fc.integer({ min: 1, max: 0xffffffff }), ciphertext: bytes(2048) })
      .map(({ seq, ciphertext }) => ({
        kind: 'message' as const,
        groupId: id,
        sender: PEER,
        seq,
        ciphertext,
      })),
    fc
      .array(fc.record({ entry: bytes(300), signature: bytes(64) }), { minLength: 1, maxLength: 8 })
      .map((entries) => ({ kind: 'membership' as const, groupId: id, entries })),
    bytes(MAX_SENDER_KEY_DISTRIBUTION_BYTES).map((distribution) => ({
      kind: 'sender-key' as const,
      groupId: id,
      distribution,
    })),
    fc
      .uuid({ version: 4 })
      .map((distributionId) => ({ kind: 'key-request' as const, groupId: id, distributionId })),
    fc.array(fc.integer({ min: 1, max: 0xffffffff }), { maxLength: 1 }).map((seqs) => ({
      kind: 'have' as const,
      groupId: id,
      held: seqs.map((seq) => ({ sender: PEER, seq })),
    })),
    bytes(2048).map((photo) => ({ kind: 'photo' as const, groupId: id, photo })),
    fc
      .array(fc.stringMatching(/^[0-9a-f]{64}$/), { minLength: 1, maxLength: 4 })
      .map((hashes) => ({ kind: 'want' as const, groupId: id, hashes })),
  )

const groupEnvelope: fc.Arbitrary<ChatEnvelope> = fc
  .record({ id: ulid, hlc: clock, groupId: fc.stringMatching(/^[0-9a-f]{32}$/) })
  .chain(({ id, hlc, groupId }) =>
    content(groupId).map((group) => ({
      id,
      conversationId: groupConversationId(groupId),
      sender: PEER,
      hlc,
      kind: 'group' as const,
      text: '',
      group,
    })),
  )

const frame: fc.Arbitrary<ChatFrame> = fc.oneof(
  bytes(2048).map((ciphertext) => ({ kind: 'sealed' as const, ciphertext })),
  fc.constant({ kind: 'key-request' as const }),
  bytes(MAX_BUNDLE_BYTES).map((bundle) => ({ kind: 'keys' as const, bundle })),
  clock.map((upTo) => ({ kind: 'read' as const, upTo })),
  fc
    .record({ upTo: clock, groupId: fc.stringMatching(/^[0-9a-f]{32}$/) })
    .map((read) => ({ kind: 'read' as const, ...read })),
  fc.array(ulid, { maxLength: 50 }).map((ids) => ({ kind: 'ack' as const, ids })),
  fc
    .constantFrom('online' as const, 'away' as const, 'busy' as const, 'offline' as const)
    .map((status) => ({ kind: 'presence' as const, status })),
  fc.boolean().map((active) => ({ kind: 'typing' as const, active })),
  fc
    .record({ active: fc.boolean(), groupId: fc.stringMatching(/^[0-9a-f]{32}$/) })
    .map((typing) => ({ kind: 'typing' as const, ...typing })),
  hello.map((h) => ({ kind: 'hello' as const, ...h })),
)

describe('chat frames', () => {
  it('round-trips every valid frame', () => {
    fc.assert(
      fc.property(frame, (f) => {
        expect(decodeFrame(encodeFrame(f))).toEqual({ ok: true, frame: f })
      }),
    )
  })

  it('never throws on arbitrary bytes, and reports a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const result = decodeFrame(bytes)
        if (!result.ok) {
          expect(['too-large', 'malformed', 'unsupported-version', 'invalid']).toContain(
            result.error.code,
          )
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('never throws on mutated valid frames', () => {
    fc.assert(
      fc.property(frame, fc.nat(), fc.integer({ min: 0, max: 255 }), (f, at, byte) => {
        const bytes = encodeFrame(f)
        bytes[at % bytes.length] = byte
        decodeFrame(bytes)
        decodeFrame(bytes.subarray(0, at % bytes.length))
      }),
    )
  })

  it('refuses an unknown version', () => {
    const bytes = Frame.encode({ version: CHAT_FRAME_VERSION + 1, ack: { ids: [] } })
    expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'unsupported-version' } })
  })

  it('refuses typing in something that is no group', () => {
    const bytes = Frame.encode({
      version: CHAT_FRAME_VERSION,
      typing: { active: true, groupId: 'not-a-group' },
    })
    expect(decodeFrame(bytes)).toMatchObject({
      ok: false,
      error: { code: 'invalid', reason: 'typing names no group' },
    })
  })

  it('round-trips every valid batch, and never throws on mutated ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(envelope, groupEnvelope), { maxLength: 20 }),
        fc.nat(),
        fc.nat(255),
        (envs, at, byte) => {
          const encoded = encodeBatch(envs)
          expect(decodeBatch(encoded)).toEqual({ ok: true, envelopes: envs })
          if (encoded.length === 0) return
          encoded[at % encoded.length] = byte
          const result = decodeBatch(encoded)
          if (!result.ok) expect(['too-large', 'malformed', 'invalid']).toContain(result.error.code)
        },
      ),
    )
  })

  it('refuses an oversized text, batch or ciphertext, and too many ack ids', () => {
    const env = {
      id: '01JH0000000000000000000000',
      conversationId: 'dm:a:b',
      sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
      hlc: { wall: 1, counter: 0 },
      kind: 'text' as const,
      text: 'x'.repeat(MAX_TEXT_BYTES + 1),
    }
    const wire = { ...env, hlc: { wall: 1n, counter: 0 }, text: { body: env.text, mentions: [] } }
    const overText = Batch.encode({ envelopes: [wire] })
    expect(overText.byteLength).toBeLessThanOrEqual(MAX_BATCH_BYTES)
    expect(decodeBatch(overText)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const twoTexts = encodeBatch([env, { ...env, text: 'x'.repeat(MAX_TEXT_BYTES) }])
    expect(decodeBatch(twoTexts)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    // The byte limit comes first: even the smallest envelopes reach it before the count limit.
    const many = encodeBatch(
      Array.from({ length: MAX_BATCH_ENVELOPES + 1 }, () => ({
        ...env,
        conversationId: 'c',
        text: '',
      })),
    )
    expect(decodeBatch(many)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const ciphertext = new Uint8Array(MAX_SIGNAL_CIPHERTEXT_BYTES + 1)
    expect(decodeFrame(encodeFrame({ kind: 'sealed', ciphertext }))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    const ids = Array.from({ length: MAX_ACK_IDS + 1 }, () => '01JH0000000000000000000000')
    expect(decodeFrame(encodeFrame({ kind: 'ack', ids }))).toMatchObject({
      ok: false,
      error: { code: 'malformed' },
    })
  })

  it('refuses a hello with a control character, an overlong name or status, or a bad digest', () => {
    const good = { displayName: 'Ann', statusLine: '', avatarDigest: '' }
    const cases = [
      { ...good, displayName: 'bad\u0007bell' },
      { ...good, displayName: 'x'.repeat(MAX_DISPLAY_NAME + 1) },
      { ...good, statusLine: 'two\nlines' },
      { ...good, statusLine: 'x'.repeat(MAX_STATUS_LINE + 1) },
      { ...good, avatarDigest: 'A'.repeat(64) },
      { ...good, avatarDigest: 'ab' },
    ]
    for (const bad of cases) {
      const bytes = Frame.encode({ version: CHAT_FRAME_VERSION, hello: bad })
      expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
  })

  it('accepts exactly the hellos whose every field is usable, and never throws on others', () => {
    // Any Unicode, with control characters mixed in, around the length limits.
    const unit = fc.oneof(
      fc.constantFrom('\u0000', '\n', '\u0085'),
      fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
    )
    const messy = (maxLength: number) => fc.string({ maxLength, unit })
    const anyHello = fc.record({
      displayName: fc.oneof(
        messy(MAX_DISPLAY_NAME + 8),
        hello.map((h) => h.displayName),
      ),
      statusLine: fc.oneof(
        messy(MAX_STATUS_LINE + 8),
        hello.map((h) => h.statusLine),
      ),
      avatarDigest: fc.oneof(messy(70), digest),
    })
    fc.assert(
      fc.property(anyHello, (h) => {
        const usable =
          h.displayName.length <= MAX_DISPLAY_NAME &&
          h.statusLine.length <= MAX_STATUS_LINE &&
          !/\p{Cc}/u.test(h.displayName + h.statusLine) &&
          /^(?:[0-9a-f]{64})?$/.test(h.avatarDigest)
        const result = decodeFrame(Frame.encode({ version: CHAT_FRAME_VERSION, hello: h }))
        expect(result).toEqual(
          usable
            ? { ok: true, frame: { kind: 'hello', ...h } }
            : { ok: false, error: { code: 'invalid', reason: expect.any(String) } },
        )
      }),
    )
  })

  it('refuses frames with an empty or oversized payload, or no usable clock reading', () => {
    const v = CHAT_FRAME_VERSION
    const cases = [
      Frame.encode({ version: v, sealed: { ciphertext: new Uint8Array(0) } }),
      Frame.encode({ version: v, keys: { bundle: new Uint8Array(0) } }),
      Frame.encode({ version: v, keys: { bundle: new Uint8Array(MAX_BUNDLE_BYTES + 1) } }),
      Frame.encode({ version: v, read: { groupId: '' } }),
      Frame.encode({ version: v, read: { upTo: { wall: 2n ** 60n, counter: 0 }, groupId: '' } }),
      // Beyond what a clock may read (hlcSortKey's 12 hex digits).
      Frame.encode({
        version: v,
        read: { upTo: { wall: BigInt(MAX_HLC_WALL) + 1n, counter: 0 }, groupId: '' },
      }),
      Frame.encode({ version: v, read: { upTo: { wall: 1n, counter: 0 }, groupId: 'no group' } }),
    ]
    for (const bytes of cases) {
      expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
  })

  it('refuses envelopes with invalid fields or no content it understands', () => {
    const good = {
      id: '01JH0000000000000000000000',
      conversationId: 'dm:a:b',
      sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
      hlc: { wall: 1n, counter: 0 },
      text: { body: 'hi', mentions: [] },
    }
    const cases = [
      { ...good, id: 'not-a-ulid' },
      { ...good, sender: 'mallory' },
      { ...good, conversationId: '' },
      { ...good, text: undefined },
      // A mention outside the text, of no peer; a reply, edit, deletion or reaction naming no message; two emoji.
      { ...good, text: { body: 'hi', mentions: [{ peerId: PEER, start: 1, length: 2 }] } },
      { ...good, text: { body: 'hi', mentions: [{ peerId: 'mallory', start: 0, length: 1 }] } },
      {
        ...good,
        text: undefined,
        reply: { target: 'x', targetSender: PEER, snippet: '', text: good.text },
      },
      { ...good, text: undefined, edit: { target: 'x', text: good.text } },
      { ...good, text: undefined, delete: { target: '' } },
      { ...good, text: undefined, reaction: { target: good.id, emoji: '👍👍' } },
      { ...good, text: undefined, reaction: { target: good.id, emoji: 'a' } },
    ]
    for (const envelope of cases) {
      const bytes = Batch.encode({ envelopes: [envelope] })
      expect(decodeBatch(bytes)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
  })

  it('refuses an oversized greeting', () => {
    const bytes = Batch.encode({
      envelopes: [
        {
          id: '01JH0000000000000000000000',
          conversationId: 'dm:a:b',
          sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
          hlc: { wall: 1n, counter: 0 },
          request: { greeting: 'x'.repeat(MAX_GREETING + 1) },
        },
      ],
    })
    expect(decodeBatch(bytes)).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })
})
