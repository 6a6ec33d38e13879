import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mentionsProblem } from '../../protocol/content.ts'
import {
  insertMention,
  MAX_SUGGESTIONS,
  mentionParts,
  mentionQuery,
  mentionsIn,
  suggest,
} from './mentions.ts'

const ann = { peerId: '12D3KooWAnn', name: 'Ann Lee' }
const bo = { peerId: '12D3KooWBo', name: 'Bo' }
const zhou = { peerId: '12D3KooWZhou', name: '周杰' }
const zoe = { peerId: '12D3KooWZoe', name: 'Zoë' }

describe('mentions', () => {
  it('find the "@…" being typed at the caret, and nothing in an e-mail address', () => {
    expect(mentionQuery('hi @An', 6)).toEqual({ start: 3, query: 'An' })
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('hi @An and more', 6)).toEqual({ start: 3, query: 'An' })
    expect(mentionQuery('mail ann@example.org', 20)).toBeNull()
    expect(mentionQuery('hi @Ann lee', 11)).toBeNull()
  })

  it('suggest members by the start of any word of their name, case and accents aside', () => {
    const members = [ann, bo, zhou, zoe]
    expect(suggest(members, 'le')).toEqual([ann])
    expect(suggest(members, 'zoe')).toEqual([zoe])
    expect(suggest(members, '周')).toEqual([zhou])
    expect(suggest(members, '')).toEqual(members)
    const many = Array.from({ length: 20 }, (_, i) => ({ peerId: `p${i}`, name: `Al ${i}` }))
    expect(suggest(many, 'al')).toHaveLength(MAX_SUGGESTIONS)
  })

  it('write the member chosen in place of what was typed, and find it when sent', () => {
    const { text, caret } = insertMention('see you @an tomorrow', 8, 11, ann)
    expect(text).toBe('see you @Ann Lee  tomorrow')
    expect(caret).toBe(17)
    expect(mentionsIn(text, [ann])).toEqual([{ peerId: ann.peerId, start: 8, length: 8 }])
  })

  it('leave out a mention deleted from the text, or one that is part of a longer word', () => {
    expect(mentionsIn('hello all', [ann])).toEqual([])
    expect(mentionsIn('@Bob and @Bo', [bo])).toEqual([{ peerId: bo.peerId, start: 9, length: 3 }])
    expect(mentionsIn('@Bo, @Ann Lee!', [ann, bo])).toEqual([
      { peerId: bo.peerId, start: 0, length: 3 },
      { peerId: ann.peerId, start: 5, length: 8 },
    ])
  })

  it('cut a text into plain runs and mentions, skipping ranges that overlap or lie outside', () => {
    expect(mentionParts('hi @Bo!', [{ peerId: bo.peerId, start: 3, length: 3 }])).toEqual([
      { text: 'hi ' },
      { text: '@Bo', peerId: bo.peerId },
      { text: '!' },
    ])
    expect(
      mentionParts('abc', [
        { peerId: 'x', start: 0, length: 2 },
        { peerId: 'y', start: 1, length: 2 },
        { peerId: 'z', start: 2, length: 9 },
      ]),
    ).toEqual([{ text: 'ab', peerId: 'x' }, { text: 'c' }])
  })

  it('make mentions the core takes, and parts that join back into the text, for any text', () => {
    const member = fc.record({
      peerId: fc.constantFrom(ann.peerId, bo.peerId),
      name: fc.string({ minLength: 1, maxLength: 8 }),
    })
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.array(member, { maxLength: 4 }),
        (text, chosen) => {
          const mentions = mentionsIn(text, chosen)
          expect(
            mentionsProblem(
              text,
              mentions.map((m) => ({ ...m, peerId: zhouId })),
            ),
          ).toBeUndefined()
          expect(
            mentionParts(text, mentions)
              .map((p) => p.text)
              .join(''),
          ).toBe(text)
        },
      ),
    )
  })
})

/** A real peer id, as the core's check wants one. */
const zhouId = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
