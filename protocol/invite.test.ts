import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeInvite, encodeInvite, type Invite } from './invite.ts'

const invite: Invite = {
  peerId: '12D3KooWBq28cxfrEidv2rG2jT7ptt2bXVr4pWC791Pr2ohhqzrB',
  displayName: 'Alice 爱丽丝',
  relays: ['/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb'],
}

describe('invite codes', () => {
  it('round-trip', () => {
    const code = encodeInvite(invite)
    expect(code.startsWith('parley:')).toBe(true)
    expect(decodeInvite(code)).toEqual({ ok: true, invite })
    expect(decodeInvite(`  ${code.toUpperCase()}\n`)).toEqual({ ok: true, invite })
  })

  it('name a truncated or mistyped code as such', () => {
    const code = encodeInvite(invite)
    for (let cut = code.length - 1; cut > 'parley:'.length; cut -= 7) {
      const result = decodeInvite(code.slice(0, cut))
      expect(result.ok).toBe(false)
    }
    const typo = `${code.slice(0, 20)}${code[20] === 'a' ? 'b' : 'a'}${code.slice(21)}`
    expect(decodeInvite(typo)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/incomplete or mistyped/),
    })
    expect(decodeInvite('hello')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a Parley invite/),
    })
    expect(decodeInvite('parley:!!!')).toMatchObject({ ok: false })
  })

  it('never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(decodeInvite(`parley:${text}`).ok).toBe(false)
      }),
    )
  })
})
