// What a message may contain beyond its text, checked the same way wherever it
// comes from (the UI, a peer): mentions inside the text, a reply's quote, a
// reaction's emoji.
import type { Mention } from './api.ts'
import { isPeerIdString } from './ids.ts'
import { MAX_EMOJI_BYTES, MAX_MENTIONS, MAX_SNIPPET, utf8Length } from './limits.ts'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
/** A pictograph (with its modifiers and joiners), a flag, or a keycap. */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3)/u

/** One emoji, as a reaction is: a single grapheme that is a pictograph, a flag or a keycap. */
export function isEmoji(text: string): boolean {
  if (text === '' || utf8Length(text) > MAX_EMOJI_BYTES) return false
  const [first, second] = graphemes.segment(text)
  return first !== undefined && second === undefined && EMOJI.test(text)
}

/** Why `mentions` cannot belong to `text`, or undefined when they can. */
export function mentionsProblem(text: string, mentions: readonly Mention[]): string | undefined {
  if (mentions.length > MAX_MENTIONS) return `at most ${MAX_MENTIONS} mentions`
  for (const { peerId, start, length } of mentions) {
    if (!isPeerIdString(peerId)) return 'a mention names no peer id'
    if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 1) {
      return 'a mention has no range'
    }
    if (start + length > text.length) return 'a mention lies outside the text'
  }
  return undefined
}

/** How a reply quotes `text`: its first MAX_SNIPPET characters, never half a character. */
export function snippetOf(text: string): string {
  let snippet = ''
  for (const { segment } of graphemes.segment(text)) {
    if (snippet.length + segment.length > MAX_SNIPPET) break
    snippet += segment
  }
  return snippet
}
