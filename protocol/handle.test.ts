import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_HANDLE, normaliseHandle } from './handle.ts'

// Mostly valid handles, in ASCII and fullwidth, so that the property sees many.
const handleLike = fc.stringMatching(/^ ?@?[A-Za-zａ-ｚＡ-Ｚ0-9._-]{1,40} ?$/)

const handleOf = (text: string) => {
  const result = normaliseHandle(text)
  return result.ok ? result.handle : result.problem
}

describe('handle normalisation', () => {
  it('folds case, an @ and surrounding space', () => {
    expect(handleOf('alice')).toBe('alice')
    expect(handleOf('@Alice')).toBe('alice')
    expect(handleOf('  ALICE.w_1-x \n')).toBe('alice.w_1-x')
  })

  it('maps compatibility forms to the handle they imitate (NFKC)', () => {
    expect(handleOf('ａｌｉｃｅ')).toBe('alice') // fullwidth
    expect(handleOf('＠ＡＬＩＣＥ')).toBe('alice') // fullwidth @ and capitals
    expect(handleOf('𝐚𝐥𝐢𝐜𝐞')).toBe('alice') // mathematical bold
    expect(handleOf('\u212Aate')).toBe('kate') // Kelvin sign
    expect(handleOf('ﬁona')).toBe('fiona') // ligature
  })

  it('refuses other scripts and invisible characters, naming the character', () => {
    const cyrillic = normaliseHandle('@аlice') // U+0430 CYRILLIC SMALL LETTER A
    expect(cyrillic).toMatchObject({ ok: false, problem: 'character' })
    expect(cyrillic.ok || cyrillic.reason).toMatch(/'а' \(U\+0430\) is not allowed/)
    expect(handleOf('αlice')).toBe('character') // Greek alpha
    const zeroWidth = normaliseHandle('ali\u200Bce')
    expect(zeroWidth.ok || zeroWidth.reason).toMatch(/U\+200B is not allowed/)
    expect(handleOf('ali\u00ADce')).toBe('character') // soft hyphen
    expect(handleOf('straße')).toBe('character') // ß is refused, not folded to ss
    expect(handleOf('al ice')).toBe('character')
    expect(handleOf('ali@ce')).toBe('character')
  })

  it('refuses bad lengths and shapes', () => {
    expect(handleOf('')).toBe('too-short')
    expect(handleOf('@al')).toBe('too-short')
    expect(handleOf('a'.repeat(MAX_HANDLE))).toBe('a'.repeat(MAX_HANDLE))
    expect(handleOf('a'.repeat(MAX_HANDLE + 1))).toBe('too-long')
    expect(handleOf('x'.repeat(10_000))).toBe('too-long')
    for (const text of ['.alice', 'alice-', 'al..ice', 'al_-ice']) {
      expect(handleOf(text), text).toBe('shape')
    }
    expect(handleOf('@@alice')).toBe('character') // only one '@' is dropped
  })

  it('is idempotent, and its output is always plain ASCII', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), handleLike), (text) => {
        const result = normaliseHandle(text)
        if (!result.ok) return
        expect(result.handle).toMatch(/^[a-z0-9._-]{3,32}$/)
        expect(normaliseHandle(result.handle)).toEqual(result)
      }),
      { numRuns: 5000 },
    )
  })
})
