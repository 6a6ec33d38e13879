// @mentions in a group's composer and messages. Typing "@" and the start of a
// name offers the members it fits; a member chosen is written "@Name" into the text.
// What a message mentions is worked out when it is sent, from the names chosen that
// are still in the text, so that editing around them (or deleting one) is harmless.
// Ranges count UTF-16 code units, as JavaScript strings and the core do.
import type { Mention } from '../../protocol/api.ts'

/** Members offered at once, at most. */
export const MAX_SUGGESTIONS = 6
/** A name being typed after "@" is at most this long (names are short). */
const MAX_QUERY = 32

export interface Member {
  peerId: string
  name: string
}

/** The "@…" being typed just before the caret: where its "@" is, and what follows it. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const typed = /(?:^|\s)@([^\s@]*)$/u.exec(text.slice(0, caret))
  const query = typed?.[1]
  if (query === undefined || query.length > MAX_QUERY) return null
  return { start: caret - query.length - 1, query }
}

/** The members a query fits: a word of their name starts with it (case and accents aside). */
export function suggest(members: readonly Member[], query: string): Member[] {
  const q = fold(query)
  return members
    .filter(
      (m) =>
        q === '' ||
        fold(m.name)
          .split(/\s+/u)
          .some((word) => word.startsWith(q)),
    )
    .slice(0, MAX_SUGGESTIONS)
}

/** `text` with the "@…" from `start` to `caret` replaced by `member`'s name, and where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: Member,
): { text: string; caret: number } {
  const written = `${label(member)} `
  return { text: text.slice(0, start) + written + text.slice(caret), caret: start + written.length }
}

/** The mentions of `text`: each chosen member whose "@Name" is still in it, where it is. */
export function mentionsIn(text: string, chosen: readonly Member[]): Mention[] {
  const found: Mention[] = []
  const taken = new Set<number>()
  for (const member of chosen) {
    const written = label(member)
    for (let at = text.indexOf(written); at !== -1; at = text.indexOf(written, at + 1)) {
      if (taken.has(at) || !endsWord(text, at + written.length)) continue
      taken.add(at)
      found.push({ peerId: member.peerId, start: at, length: written.length })
      break
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

/** A text cut into plain runs and mentions, in order, for showing; overlapping or stray ranges are left plain. */
export function mentionParts(
  text: string,
  mentions: readonly Mention[] = [],
): { text: string; peerId?: string }[] {
  const parts: { text: string; peerId?: string }[] = []
  let at = 0
  for (const { peerId, start, length } of [...mentions].sort((a, b) => a.start - b.start)) {
    if (start < at || start + length > text.length) continue
    if (start > at) parts.push({ text: text.slice(at, start) })
    parts.push({ text: text.slice(start, start + length), peerId })
    at = start + length
  }
  if (at < text.length) parts.push({ text: text.slice(at) })
  return parts
}

function label(member: Member): string {
  return `@${member.name}`
}

/** Whether a mention ending at `end` ends a word there (so "@Ann" is not found in "@Anna"). */
function endsWord(text: string, end: number): boolean {
  return end >= text.length || !/[\p{L}\p{N}_]/u.test(text[end] ?? '')
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase()
}
