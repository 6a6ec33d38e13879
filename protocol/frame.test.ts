import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ChatFrame, decodeFrame, encodeFrame } from './frame.ts'
import { CHAT_FRAME_VERSION } from './ids.ts'
import { MAX_ACK_IDS, MAX_TEXT_BYTES } from './limits.ts'
import { Frame } from './wire/chat.ts'

const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)
const peer = fc.constant('12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB')

const envelope = fc.record({
  id: ulid,
  conversationId: fc.string({ minLength: 1, maxLength: 200 }),
  sender: peer,
  hlc: fc.record({
    wall: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    counter: fc.nat({ max: 0xffffffff }),
  }),
  text: fc.string({ maxLength: 2000, unit: 'grapheme' }),
})

const frame: fc.Arbitrary<ChatFrame> = fc.oneof(
  envelope.map((e) => ({ kind: 'envelope' as const, envelope: e })),
  fc.array(ulid, { maxLength: 50 }).map((ids) => ({ kind: 'ack' as const, ids })),
  fc
    .constantFrom('online' as const, 'away' as const, 'busy' as const, 'offline' as const)
    .map((status) => ({ kind: 'presence' as const, status })),
  fc.boolean().map((active) => ({ kind: 'typing' as const, active })),
  fc
    .string({ maxLength: 64 })
    .filter((name) => !/\p{Cc}/u.test(name))
    .map((displayName) => ({ kind: 'hello' as const, displayName })),
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

  it('refuses a hello with a control character or an overlong name', () => {
    for (const displayName of ['bad\u0007bell', 'x'.repeat(65)]) {
      const bytes = Frame.encode({ version: CHAT_FRAME_VERSION, hello: { displayName } })
      expect(decodeFrame(bytes)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
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
})
