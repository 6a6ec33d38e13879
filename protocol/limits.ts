// Hard limits shared by every layer: the UI validates against them, the core
// enforces them, and the wire decoder refuses anything larger.

/** Largest text body, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 64 * 1024

/** Largest chat frame on the wire: a full text plus envelope overhead. */
export const MAX_FRAME_BYTES = MAX_TEXT_BYTES + 2 * 1024

/** Most message ids one acknowledgement frame may carry. */
export const MAX_ACK_IDS = 1024

/** Longest multiaddr string we accept from a user or a peer. */
export const MAX_MULTIADDR_LENGTH = 1024

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME = 64

/** Shortest passphrase a profile may be given, in characters. */
export const MIN_PASSPHRASE_LENGTH = 8

/** Longest passphrase accepted, in characters. */
export const MAX_PASSPHRASE_LENGTH = 1024

/** A display name a peer may tell us: short, and no control characters. */
export function isDisplayName(name: string): boolean {
  return name.length <= MAX_DISPLAY_NAME && !/\p{Cc}/u.test(name)
}

/** Largest page of history or conversations one call returns. */
export const MAX_PAGE = 500

const encoder = new TextEncoder()

export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength
}
