import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ChatFrame, decodeFrame, encodeFrame } from './frame.ts'
import { CHAT_FRAME_VERSION } from './ids.ts'
import {
  MAX_ACK_IDS,
  MAX_DISPLAY_NAME,
  MAX_GREETING,
  MAX_STATUS_LINE,
  MAX_TEXT_BYTES,
} from './limits.ts'
import { Frame } from './wire/chat.ts'

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

const envelope = fc
  .record({
    id: ulid,
    conversationId: fc.string({ minLength: 1, maxLength: 200 }),
    sender: peer,
    hlc: fc.record({
      wall: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      counter: fc.nat({ max: 0xffffffff }),
    }),
  })
  .chain((e) =>
    fc.oneof(
      fc
        .string({ maxLength: 2000, unit: 'grapheme' })
        .map((text) => ({ ...e, kind: 'text' as const, text })),
      fc
        .string({ maxLength: MAX_GREETING })
        .map((text) => ({ ...e, kind: 'request' as const, text })),
      fc.constant({ ...e, kind: 'accept' as const, text: '' }),
    ),
  )

const frame: fc.Arbitrary<ChatFrame> = fc.oneof(
  envelope.map((e) => ({ kind: 'envelope' as const, envelope: e })),
  fc.array(ulid, { maxLength: 50 }).map((ids) => ({ kind: 'ack' as const, ids })),
  fc
    .constantFrom('online' as const, 'away' as const, 'busy' as const, 'offline' as const)
    .map((status) => ({ kind: 'presence' as const, status })),
  fc.boolean().map((active) => ({ kind: 'typing' as const, active })),
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

  it('refuses oversized text and too many ack ids', () => {
    const text = 'x'.repeat(MAX_TEXT_BYTES + 1)
    const big = encodeFrame({
      kind: 'envelope',
      envelope: {
        id: '01JH0000000000000000000000',
        conversationId: 'dm:a:b',
        sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
        hlc: { wall: 1, counter: 0 },
        kind: 'text',
        text,
      },
    })
    expect(decodeFrame(big)).toMatchObject({ ok: false, error: { code: 'too-large' } })
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

  it('refuses envelopes with invalid fields or no content it understands', () => {
    const good = {
      id: '01JH0000000000000000000000',
      conversationId: 'dm:a:b',
      sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
      hlc: { wall: 1n, counter: 0 },
      text: { body: 'hi' },
    }
    const cases = [
      { ...good, id: 'not-a-ulid' },
      { ...good, sender: 'mallory' },
      { ...good, conversationId: '' },
      { ...good, text: undefined },
    ]
    for (const envelope of cases) {
      const bytes = Frame.encode({ version: CHAT_FRAME_VERSION, envelope })
      expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
  })

  it('refuses an oversized greeting', () => {
    const bytes = Frame.encode({
      version: CHAT_FRAME_VERSION,
      envelope: {
        id: '01JH0000000000000000000000',
        conversationId: 'dm:a:b',
        sender: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
        hlc: { wall: 1n, counter: 0 },
        request: { greeting: 'x'.repeat(MAX_GREETING + 1) },
      },
    })
    expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })
})
