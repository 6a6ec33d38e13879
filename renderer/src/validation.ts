// Checks the UI makes before calling the API, mirroring the API's own, so that
// the user gets a translated message at once. The core checks again.
import {
  MAX_AVATAR_INPUT_BYTES,
  MAX_DISPLAY_NAME,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_NAME,
  MAX_PASSPHRASE_LENGTH,
  MAX_STATUS_LINE,
  MAX_TEXT_BYTES,
  MIN_PASSPHRASE_LENGTH,
  utf8Length,
} from '../../protocol/limits.ts'

/** An i18n key for what is wrong with a display name (or a group's), and the values it needs. */
export type NameProblem =
  | { key: 'name.empty' | 'name.groupEmpty' }
  | { key: 'name.tooLong'; values: { max: number } }
  | { key: 'name.control' }

function checkName(
  name: string,
  max: number,
  empty: 'name.empty' | 'name.groupEmpty',
): NameProblem | null {
  const trimmed = name.trim()
  if (trimmed.length === 0) return { key: empty }
  if (trimmed.length > max) return { key: 'name.tooLong', values: { max } }
  if (/\p{Cc}/u.test(trimmed)) return { key: 'name.control' }
  return null
}

export function checkDisplayName(name: string): NameProblem | null {
  return checkName(name, MAX_DISPLAY_NAME, 'name.empty')
}

export function checkGroupName(name: string): NameProblem | null {
  return checkName(name, MAX_GROUP_NAME, 'name.groupEmpty')
}

/** A group's description or announcement: line breaks, but no other control characters. */
export function checkGroupText(text: string): { key: 'groups.control' } | null {
  return /(?!\n)\p{Cc}/u.test(text) ? { key: 'groups.control' } : null
}

export type StatusProblem = { key: 'statusLine.control' }

/** What is wrong with a status line (its length the input itself bounds). */
export function checkStatusLine(text: string): StatusProblem | null {
  return /\p{Cc}/u.test(text) ? { key: 'statusLine.control' } : null
}

/** A picture file too large to send for an avatar. */
export function avatarFileTooBig(file: File): boolean {
  return file.size > MAX_AVATAR_INPUT_BYTES
}

export type PassphraseProblem =
  | { key: 'passphrase.tooShort'; values: { min: number } }
  | { key: 'passphrase.tooLong'; values: { max: number } }
  | { key: 'passphrase.mismatch' }

/** A new passphrase, typed twice. */
export function checkNewPassphrase(passphrase: string, again: string): PassphraseProblem | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return { key: 'passphrase.tooShort', values: { min: MIN_PASSPHRASE_LENGTH } }
  }
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    return { key: 'passphrase.tooLong', values: { max: MAX_PASSPHRASE_LENGTH } }
  }
  if (passphrase !== again) return { key: 'passphrase.mismatch' }
  return null
}

export interface TextCheck {
  bytes: number
  empty: boolean
  tooLong: boolean
}

export function checkMessageText(text: string): TextCheck {
  const bytes = utf8Length(text)
  return { bytes, empty: text.trim().length === 0, tooLong: bytes > MAX_TEXT_BYTES }
}

export {
  MAX_AVATAR_INPUT_BYTES,
  MAX_DISPLAY_NAME,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_NAME,
  MAX_STATUS_LINE,
  MAX_TEXT_BYTES,
}
