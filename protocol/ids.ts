// Protocol ids. The major version changes only with an incompatible wire format;
// frames also carry a version so that a peer can refuse one it does not speak.

export const CHAT_PROTOCOL = '/parley/chat/1.0.0'

/** The relay's handle directory: one request, one response per stream. */
export const DIRECTORY_PROTOCOL = '/parley/directory/1.0.0'

/** The relay mailbox (the offline proxy): requests one after another on a stream. */
export const MAILBOX_PROTOCOL = '/parley/mailbox/1.0.0'

/** Asks a peer for its profile: the display name, and to a contact its status line and avatar. */
export const PROFILE_PROTOCOL = '/parley/profile/1.0.0'

/** Version stamped into every chat frame. */
export const CHAT_FRAME_VERSION = 1

/** Crockford base32 ULID: 10 chars of time, 16 of randomness. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export function isMessageId(id: string): boolean {
  return ULID.test(id)
}

/** Base58btc, as libp2p prints peer ids (Ed25519 ids start with 12D3KooW). */
const PEER_ID = /^[1-9A-HJ-NP-Za-km-z]{46,128}$/

export function isPeerIdString(id: string): boolean {
  return PEER_ID.test(id)
}

/**
 * A direct conversation's id is derived from both peer ids, so each side computes
 * the same id and a receiver can check that a message really belongs to the pair.
 */
export function directConversationId(a: string, b: string): string {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`
}

/** A group's id: 16 bytes (the start of its genesis entry's hash), in lower-case hex. */
const GROUP_ID = /^[0-9a-f]{32}$/

export function isGroupId(id: string): boolean {
  return GROUP_ID.test(id)
}

const GROUP_CONVERSATION = 'group:'

/** A group conversation's id: the group's, so every member computes the same. */
export function groupConversationId(groupId: string): string {
  return `${GROUP_CONVERSATION}${groupId}`
}

/** The group whose conversation this is, if it is a group's. */
export function groupIdOf(conversationId: string): string | undefined {
  return conversationId.startsWith(GROUP_CONVERSATION)
    ? conversationId.slice(GROUP_CONVERSATION.length)
    : undefined
}
