// Hard limits shared by every layer: the UI validates against them, the core
// enforces them, and the wire decoder refuses anything larger.

/** Largest text body, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 64 * 1024

/** Largest batch of envelopes sealed as one Signal message: room for a full text and its envelope (a reply's quote and mentions included). */
export const MAX_BATCH_BYTES = MAX_TEXT_BYTES + 4 * 1024

/** Largest Signal ciphertext: a full batch, plus a session-opening message's keys and binding. */
export const MAX_SIGNAL_CIPHERTEXT_BYTES = MAX_BATCH_BYTES + 4096

/** Largest chat frame on the wire: a sealed batch and its framing. */
export const MAX_FRAME_BYTES = MAX_SIGNAL_CIPHERTEXT_BYTES + 1024

/** Most message ids one acknowledgement frame may carry. */
export const MAX_ACK_IDS = 1024

/** Longest multiaddr string we accept from a user or a peer. */
export const MAX_MULTIADDR_LENGTH = 1024

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME = 64

/** Longest friend-request greeting, in characters. */
export const MAX_GREETING = 200

/** Most people one text may mention. */
export const MAX_MENTIONS = 16

/** Longest quote of the message a reply answers, in characters. */
export const MAX_SNIPPET = 100

/** Largest reaction: one emoji, however many code points it takes (a family, a flag), in UTF-8 bytes. */
export const MAX_EMOJI_BYTES = 32

/** How long after sending a message its author may still delete it for everyone. */
export const DELETE_FOR_EVERYONE_MS = 48 * 60 * 60 * 1000

/** Most times one message may be edited (each version is kept, so this bounds its size). */
export const MAX_EDITS = 20

/**
 * What strangers may make us keep: message requests waiting for an answer, and
 * per request the messages held (and their text's bytes) until it is accepted.
 * Past these, what they send is refused (neither stored nor acknowledged, so their
 * side keeps it and sends it again once accepted).
 */
export const MAX_PENDING_REQUESTS = 100
export const MAX_HELD_MESSAGES = 50
export const MAX_HELD_BYTES = 128 * 1024

/** Longest contact label (a group in the buddy list), and most labels per contact. */
export const MAX_LABEL = 32
export const MAX_LABELS = 16

/** Shortest passphrase a profile may be given, in characters. */
export const MIN_PASSPHRASE_LENGTH = 8

/** Longest passphrase accepted, in characters. */
export const MAX_PASSPHRASE_LENGTH = 1024

/** A display name a peer may tell us: short, and no control characters. */
export function isDisplayName(name: string): boolean {
  return name.length <= MAX_DISPLAY_NAME && !/\p{Cc}/u.test(name)
}

/** Longest status line ("what I am up to"), in characters. */
export const MAX_STATUS_LINE = 140

/** A status line as a peer may tell it: short, one line, no control characters. */
export function isStatusLine(text: string): boolean {
  return text.length <= MAX_STATUS_LINE && !/\p{Cc}/u.test(text)
}

/** Largest picture a user may choose for an avatar, before the core shrinks it. */
export const MAX_AVATAR_INPUT_BYTES = 8 * 1024 * 1024

/** Side of the square avatar the core makes, in pixels. */
export const AVATAR_SIZE = 128

/** Largest avatar the core keeps or accepts from a peer, in bytes (its WebP). */
export const MAX_AVATAR_BYTES = 32 * 1024

/** Largest page of history or conversations one call returns. */
export const MAX_PAGE = 500

const encoder = new TextEncoder()

export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength
}

/** Most members a group may have. */
export const MAX_GROUP_MEMBERS = 256

/** Longest group name, description and announcement, in characters. */
export const MAX_GROUP_NAME = 64
export const MAX_GROUP_DESCRIPTION = 1024
export const MAX_GROUP_ANNOUNCEMENT = 2048

/** Most entries one membership change may follow (the heads its author merges; the rest wait for the next change). */
export const MAX_GROUP_PARENTS = 16

/** Largest membership change on the wire: a genesis naming every member twice (as member and admin) fits. */
export const MAX_GROUP_ENTRY_BYTES = 32 * 1024

/** Most changes one group's membership log may hold, and their bytes (signed entries). */
export const MAX_GROUP_LOG_ENTRIES = 10_000
export const MAX_GROUP_LOG_BYTES = 4 * 1024 * 1024

/** Changes held per group while the entries they follow have not come, and their bytes; the oldest go first. */
export const MAX_GROUP_HELD_ENTRIES = 256
export const MAX_GROUP_HELD_BYTES = 1024 * 1024

/** Hashes of refused changes a group's log remembers, to refuse what follows them; the oldest go first. */
export const MAX_GROUP_REFUSED = 1024

/** Most entries, and bytes, sent together (a log, or part of it). */
export const MAX_GROUP_BATCH_ENTRIES = 256
export const MAX_GROUP_BATCH_BYTES = 512 * 1024

/**
 * Largest group message plaintext (GroupPlaintext: an envelope with a full text,
 * a reply's quote and its mentions, and a sequence number), and its sender-key
 * ciphertext (libsignal's header, padding and signature on top). Its envelope on
 * the pairwise session still fits one batch (MAX_BATCH_BYTES).
 */
export const MAX_GROUP_PLAINTEXT_BYTES = MAX_TEXT_BYTES + 2 * 1024
export const MAX_GROUP_CIPHERTEXT_BYTES = MAX_GROUP_PLAINTEXT_BYTES + 256

/** Most groups a profile keeps (others' invitations past it are refused and logged). */
export const MAX_GROUPS = 200

/**
 * Group traffic a profile keeps before it can use it (a message under a sender key
 * not come yet, anything for a group whose log has not come), in count and bytes:
 * past it, the oldest goes first (its sender sends it again when asked).
 */
export const MAX_GROUP_WAITING = 1024
export const MAX_GROUP_WAITING_BYTES = 4 * 1024 * 1024

/** Largest sender key distribution message a member may send us (libsignal's are about 100 bytes). */
export const MAX_SENDER_KEY_DISTRIBUTION_BYTES = 1024

/**
 * Members' sender keys a profile keeps: per member of a group (its current key and
 * those it replaced, kept a while for messages still on their way), per group, and
 * in all. A record is a few hundred bytes, up to some 100 KiB for a sender that skips
 * thousands of messages.
 */
export const MAX_SENDER_KEYS_PER_MEMBER = 8
export const MAX_GROUP_SENDER_KEYS = 2 * MAX_GROUP_MEMBERS
export const MAX_SENDER_KEYS = 8192

/** How long a discussion group lasts after its last message, by default and at least and most. */
export const DISCUSSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000
export const MIN_DISCUSSION_IDLE_MS = 60 * 60 * 1000
export const MAX_DISCUSSION_IDLE_MS = 365 * 24 * 60 * 60 * 1000

/** A discussion group's lifetime: whole seconds (as the wire has it), within bounds. */
export function isIdleMs(ms: number): boolean {
  return ms % 1000 === 0 && ms >= MIN_DISCUSSION_IDLE_MS && ms <= MAX_DISCUSSION_IDLE_MS
}
