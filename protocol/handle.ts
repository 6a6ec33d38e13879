// Handles (@alice) as the relay's directory keys them. The rule, in order:
//   1. trim, then Unicode NFKC, then lower case, then drop one leading '@';
//   2. what is left must be ASCII: a-z, 0-9 and '.', '_', '-';
//   3. 3 to 32 characters, starting and ending with a letter or digit, no two
//      separators in a row.
// NFKC folds compatibility forms into the letters they stand for (fullwidth
// 'ａｌｉｃｅ', mathematical '𝐚𝐥𝐢𝐜𝐞', the Kelvin sign), so those become the very
// handle they imitate and collide with it. Everything else outside ASCII is
// refused: a strict ASCII set is the simple, complete defence against cross-script
// look-alikes (Cyrillic 'а' for Latin 'a') and invisible characters (zero-width
// space, soft hyphen), which no mapping table covers fully. Lower-casing is not
// full case folding ('ß' folds to 'ss'), but every character where the two differ
// is outside ASCII afterwards, so it is refused rather than mapped.

export const MIN_HANDLE = 3
export const MAX_HANDLE = 32
/** Longest text accepted before normalising it (NFKC can expand, so this bounds the work). */
export const MAX_HANDLE_INPUT = 128

export type HandleProblem = 'too-short' | 'too-long' | 'character' | 'shape'

export type HandleResult =
  | { ok: true; handle: string }
  | { ok: false; problem: HandleProblem; reason: string }

const ALLOWED = /[a-z0-9._-]/
const SHAPE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/

/** The normalised form of a handle as typed (with or without '@'), or why it cannot be one. */
export function normaliseHandle(text: string): HandleResult {
  if (text.length > MAX_HANDLE_INPUT) return fail('too-long', `at most ${MAX_HANDLE} characters`)
  const folded = text.trim().normalize('NFKC').toLowerCase()
  const handle = folded.startsWith('@') ? folded.slice(1) : folded
  const bad = [...handle].find((c) => !ALLOWED.test(c))
  if (bad !== undefined) {
    return fail('character', `${describe(bad)} is not allowed: use only a-z, 0-9, '.', '_' and '-'`)
  }
  if (handle.length < MIN_HANDLE) return fail('too-short', `at least ${MIN_HANDLE} characters`)
  if (handle.length > MAX_HANDLE) return fail('too-long', `at most ${MAX_HANDLE} characters`)
  if (!SHAPE.test(handle)) {
    return fail(
      'shape',
      "must start and end with a letter or digit, with no two of '.', '_', '-' in a row",
    )
  }
  return { ok: true, handle }
}

/** The character and its code point; invisible ones by code point only. */
function describe(c: string): string {
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
  return /[\p{L}\p{N}\p{P}\p{S}\p{Zs}]/u.test(c) ? `'${c}' (${code})` : code
}

function fail(problem: HandleProblem, reason: string): HandleResult {
  return { ok: false, problem, reason: `not a usable handle: ${reason}` }
}
