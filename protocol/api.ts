// The one typed API between the UI (or a test, or the CLI) and the client core.
// Every call's parameters are validated at the boundary with these schemas; the
// RPC layer (rpc.ts) carries calls and events over any message port.
import { z } from 'zod'
import { isEmoji, mentionsProblem } from './content.ts'
import { MAX_HANDLE_INPUT, normaliseHandle } from './handle.ts'
import type { HlcTimestamp } from './hlc.ts'
import { isGroupId, isMessageId, isPeerIdString } from './ids.ts'
import { MAX_INVITE_LENGTH, MAX_INVITE_RELAYS } from './invite.ts'
import {
  MAX_AVATAR_INPUT_BYTES,
  MAX_DISPLAY_NAME,
  MAX_GREETING,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_NAME,
  MAX_LABEL,
  MAX_LABELS,
  MAX_MENTIONS,
  MAX_MULTIADDR_LENGTH,
  MAX_PAGE,
  MAX_PASSPHRASE_LENGTH,
  MAX_STATUS_LINE,
  MAX_TEXT_BYTES,
  MIN_PASSPHRASE_LENGTH,
  utf8Length,
} from './limits.ts'
import {
  MAX_TURN_CREDENTIAL,
  MAX_TURN_SERVERS,
  MAX_TURN_URLS,
  MAX_TURN_USERNAME,
  turnUrlProblem,
} from './turn.ts'

/**
 * How we reach a peer, best first: same LAN (found by mDNS), direct TCP, WebRTC
 * (UDP through NATs, set up through a relay), or through a relay.
 */
export type Path = 'lan' | 'direct' | 'webrtc' | 'relayed'

/**
 * Ours: 'pending' (in the outbox, not yet anywhere else), 'stored' (left in a relay
 * mailbox for a peer who was offline), 'delivered' (the peer stored it), 'read'
 * (shown to them, if they send read receipts). Theirs: 'received'.
 */
export type MessageStatus = 'pending' | 'stored' | 'delivered' | 'read' | 'received'

/** Someone a text names: the UTF-16 range [start, start + length) of its text. */
export interface Mention {
  peerId: string
  start: number
  length: number
}

/** The message a reply answers: who wrote it and how it began (MAX_SNIPPET characters). */
export interface Quote {
  id: string
  sender: string
  /** '' once the message quoted was deleted (its text is erased from the quotes of it too). */
  snippet: string
}

/** One person's reaction; '' once taken back (kept, so that an older one arriving late stays taken back). */
export interface Reaction {
  peerId: string
  emoji: string
  hlc: HlcTimestamp
}

/** A message's kinds besides a text: what the UI shows as a notice, and the changes to earlier messages. */
export type MessageKind = Notice | Change

/**
 * A friend request (text is its greeting) or its acceptance, or 'identity-changed':
 * a notice the core itself put in the conversation (text '') when the contact's
 * identity key, so the safety number, changed.
 */
export type Notice = 'request' | 'accept' | 'identity-changed'

/**
 * A change to an earlier message (`target`): its author's new text ('edit') or its
 * deletion for everyone ('delete'), or anyone's reaction (text is the emoji, ''
 * to take it back). Changes travel and are stored like messages, exactly once and
 * in order, but are never listed: the message they change shows them.
 */
export type Change = 'edit' | 'delete' | 'reaction'

/**
 * One model for every kind of content. A text has no `kind`; a reply is a text with
 * a `quote`. What changes a message later (edits, deletion, reactions) the core
 * applies to it, and says so with a 'changed' event.
 */
export interface Message {
  kind?: MessageKind
  id: string
  conversationId: string
  /** The other party of the conversation. */
  peerId: string
  sender: string
  direction: 'in' | 'out'
  /** The text as it is now (after edits); '' once deleted for everyone. */
  text: string
  hlc: HlcTimestamp
  status: MessageStatus
  mentions?: Mention[]
  /** A reply: the message it answers. */
  quote?: Quote
  /** A change: the id of the message it changes. */
  target?: string
  /** Edited: the earlier versions, oldest first (the first is the original), and when the text now shown was written. */
  edits?: { text: string; hlc: HlcTimestamp }[]
  editedAt?: HlcTimestamp
  /** Deleted for everyone by its author: a tombstone, its text and everything else about it gone. */
  deleted?: true
  /** Reactions, one per person. */
  reactions?: Reaction[]
}

/** A conversation between two people, or a group's (whose messages' `peerId` is the conversation's id). */
export type ConversationKind = 'direct' | 'group'

export interface Conversation {
  id: string
  kind: ConversationKind
  /** Everyone in it but us. */
  members: string[]
  /** The other person of a direct conversation; a group's conversation id. */
  peerId: string
  /** A group's name. */
  name?: string
  lastActivity: number
  lastMessage: {
    id?: string
    text: string
    direction: 'in' | 'out'
    kind?: Notice
    /** Deleted for everyone: the text is gone. */
    deleted?: true
  } | null
  unread: number
}

/** A group as this member sees it: its membership log's state. */
export interface Group {
  id: string
  /** The group's conversation (its messages' conversationId and peerId). */
  conversationId: string
  kind: 'group' | 'discussion'
  name: string
  description: string
  announcement: string
  /** Everyone in it, us included, most senior first. */
  members: { peerId: string; role: 'admin' | 'member' }[]
  /** We left, or were removed: the history stays, nothing new comes. */
  gone: boolean
}

export interface PeerPath {
  peerId: string
  /** null when no connection is open. */
  path: Path | null
  remoteAddr: string | null
  /** Round-trip time of a ping on the connection in use, in ms; null until measured. */
  rttMs: number | null
  /** A WebRTC path whose ICE pair runs through a TURN server (either side's). */
  turn: boolean
}

/**
 * Whether a relay's STUN responder answers us: 'none' when the relay runs none,
 * 'unknown' until it has told us its port and been asked.
 */
export type StunReachability = 'reachable' | 'unreachable' | 'unknown' | 'none'

export interface RelayStatus {
  addr: string
  reserved: boolean
  stun: StunReachability
}

/**
 * What STUN binding requests tell of the NAT between us and the internet:
 * 'open' — our address as seen from outside is one of our own; 'cone' — one
 * mapping for every destination (WebRTC can cross it); 'symmetric' — a new mapping
 * per destination (WebRTC needs TURN); 'udp-blocked' — no STUN server answered;
 * 'unknown' — no STUN server to ask, or too few answers to tell.
 */
export type NatType = 'open' | 'cone' | 'symmetric' | 'udp-blocked' | 'unknown'

export interface ConnectivityReport {
  nat: NatType
  /** Why the NAT type is 'unknown' or 'udp-blocked', in a few words. */
  detail?: string
  /** Our address (IP:port) as the STUN servers saw it, if one answered. */
  publicAddress: string | null
  /** Each STUN endpoint asked (our relays', on their main and alternate ports). */
  servers: { server: string; mapped: string | null; rttMs: number | null }[]
  testedAt: number
}

/** A TURN server as the API shows it back: never its credential. */
export interface TurnServer {
  urls: string[]
  username: string
}

export interface Identity {
  peerId: string
  addresses: string[]
}

export interface NetworkStatus extends Identity {
  relays: RelayStatus[]
  peers: PeerPath[]
  /** The STUN and TURN URLs WebRTC uses (our relays' STUN, TURN from settings); no credentials. */
  iceServers?: string[]
}

/** This profile as others see it; displayName is null until first-run set-up. */
export interface Profile {
  peerId: string
  displayName: string | null
  /** What I am up to, one line; '' for none. Only accepted contacts see it. */
  statusLine: string
  /** My picture as a `data:image/webp;base64,…` URL, or null; only accepted contacts see it. */
  avatar: string | null
}

/**
 * Where a contact stands: 'requested' — I asked, they have not answered; 'pending' —
 * they asked me (a message request); 'accepted' — both agreed; 'blocked' — dropped
 * at connection time.
 */
export type ContactState = 'requested' | 'pending' | 'accepted' | 'blocked'

export interface Contact {
  peerId: string
  /** The name they gave themselves. */
  displayName: string
  state: ContactState
  /** My own name for them, shown instead of theirs. */
  nickname?: string
  /** Groups in my buddy list. */
  labels: string[]
  /** The greeting of a friend request: theirs when pending, mine when requested. */
  greeting?: string
  addedAt: number
  /** When the request was accepted (by either side). */
  acceptedAt?: number
  /** When we last had a connection to them; unset until we first lose one. */
  lastSeen?: number
  /** The status line they show their contacts; unset when none. */
  statusLine?: string
  /** Their picture as a `data:` URL the UI can show; unset when none. */
  avatar?: string
  /** I compared our safety number with them; cleared when their identity key changes. */
  verified?: boolean
  /** A request's messages held until it is accepted (bounded: MAX_HELD_MESSAGES, MAX_HELD_BYTES). */
  held?: { messages: number; bytes: number }
}

/** What two contacts compare to know that no one is in the middle (Signal's safety number). */
export interface SafetyNumber {
  /** 60 digits, read in 12 groups of 5; the same on both sides. */
  digits: string
  /** Base64 of the scannable form, for a QR code; the other side compares it with theirs. */
  scannable: string
  verified: boolean
}

/** What I show others: invisible looks offline to them. */
export type OwnStatus = 'online' | 'away' | 'busy' | 'invisible'

export interface PeerPresence {
  peerId: string
  status: 'online' | 'away' | 'busy' | 'offline'
  lastSeen: number | null
}

export interface Settings {
  /** Relay multiaddrs, each ending in /p2p/<relay peer id>. */
  relays: string[]
  /** Tell contacts what I have read (on by default); off, I send no read receipts. */
  readReceipts: boolean
}

/** Someone on the same LAN, found with no server. */
export interface NearbyPeer {
  peerId: string
  displayName: string
  lastSeen: number
}

/**
 * The profile's lock: 'new' until a passphrase (or none) is chosen, 'locked' until
 * it is given, then 'unlocked'. A profile without a passphrase opens by itself.
 */
export interface LockStatus {
  state: 'new' | 'locked' | 'unlocked'
  /** A passphrase protects the data at rest; false for a profile created without one. */
  protected: boolean
}

/** A handle this profile holds in a relay's directory. */
export interface HandleClaim {
  /** Normalised: lower case, no '@'. */
  handle: string
  relay: string
}

/** Who holds a handle, as they signed it, and the relay whose directory answered. */
export interface HandleRecord extends HandleClaim {
  peerId: string
  displayName: string
  /** Where to reach them, relay circuit addresses first. */
  addresses: string[]
}

export interface ParleyEvents {
  /**
   * A message is stored: one that arrived, by this path; one we sent (path null: every
   * window shows it); or a notice the core made itself (null).
   */
  message: Message & { path: Path | null }
  /**
   * A message was edited, deleted for everyone or reacted to (by either side, or in
   * another window), or deleted for me ('removed': no longer listed); or the message
   * it quotes was deleted ('quote-deleted': its quote's snippet is gone).
   */
  changed: {
    change: 'edited' | 'deleted' | 'reacted' | 'removed' | 'quote-deleted'
    message: Message
  }
  /** The peer acknowledged, by this path, that it stored our message. */
  delivered: { id: string; conversationId: string; peerId: string; path: Path }
  /**
   * Our message moved on: 'stored' — left in a relay mailbox for the offline peer;
   * 'read' — the peer has read everything in the conversation up to `upTo`, which
   * made our messages `ids` read (those not read before).
   */
  receipt:
    | { status: 'stored'; id: string; conversationId: string; peerId: string }
    | {
        status: 'read'
        conversationId: string
        peerId: string
        upTo: HlcTimestamp
        ids: string[]
      }
  /** The best path to a peer changed, or its round trip was measured (or moved markedly). */
  path: PeerPath
  /** Our relay reservations, listen addresses or a relay's STUN reachability changed. */
  network: NetworkStatus
  /** A contact was added or changed: a request came or was answered, a new name, nickname or labels. */
  contact: Contact
  /** A contact was removed, or a request declined. */
  contactRemoved: { peerId: string }
  /** A group's members, roles, name, description or announcement changed (or we left it). */
  group: Group
  /** A conversation's summary changed: a new message, or its unread count. */
  conversation: Conversation
  /** The people found on the LAN changed. */
  nearby: NearbyPeer[]
  /** A contact's status changed. */
  presence: PeerPresence
  /** A contact started or stopped typing to us (expires by itself if not refreshed). */
  typing: { peerId: string; active: boolean }
  /** The profile was unlocked or locked. */
  lock: LockStatus
  /**
   * Worth a notification now: a new message request. Rate-limited by the core, so
   * that a flood of strangers makes a few notifications, not one each (the
   * requests themselves are all listed).
   */
  attention: { kind: 'request'; peerId: string; greeting: string }
}

/** Every event, once: a new one missing here fails the type check instead of never reaching the UI. */
const EVENTS: Record<keyof ParleyEvents, true> = {
  message: true,
  changed: true,
  delivered: true,
  receipt: true,
  path: true,
  network: true,
  contact: true,
  contactRemoved: true,
  group: true,
  conversation: true,
  nearby: true,
  presence: true,
  typing: true,
  lock: true,
  attention: true,
}
export const EVENT_NAMES = Object.keys(EVENTS) as readonly (keyof ParleyEvents)[]

const peerId = z.string().refine(isPeerIdString, 'not a peer id')
const messageId = z.string().refine(isMessageId, 'not a message id')
const messageText = z
  .string()
  .refine((t) => t.trim().length > 0, 'empty message')
  .refine((t) => utf8Length(t) <= MAX_TEXT_BYTES, `longer than ${MAX_TEXT_BYTES} bytes`)
const mentions = z
  .array(
    z.object({ peerId, start: z.number().int().min(0), length: z.number().int().min(1) }).strict(),
  )
  .max(MAX_MENTIONS, `at most ${MAX_MENTIONS} mentions`)
const conversationId = z.string().min(1).max(512)
const groupId = z.string().refine(isGroupId, 'not a group id')
const groupMembers = z
  .array(peerId)
  .min(1, 'name someone')
  .max(MAX_GROUP_MEMBERS - 1, `a group has at most ${MAX_GROUP_MEMBERS} members`)
const groupName = z
  .string()
  .trim()
  .min(1, 'a group needs a name')
  .max(MAX_GROUP_NAME, `at most ${MAX_GROUP_NAME} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters')
const groupText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((text) => !/(?!\n)\p{Cc}/u.test(text), 'no control characters but line breaks')
const multiaddrText = z.string().min(1).max(MAX_MULTIADDR_LENGTH)
export const displayName = z
  .string()
  .trim()
  .min(1, 'a display name is needed')
  .max(MAX_DISPLAY_NAME, `at most ${MAX_DISPLAY_NAME} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters')

const greeting = z
  .string()
  .trim()
  .max(MAX_GREETING, `a greeting has at most ${MAX_GREETING} characters`)
const label = z
  .string()
  .trim()
  .min(1, 'a label is not empty')
  .max(MAX_LABEL, `a label has at most ${MAX_LABEL} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters')
const contactRef = z.object({ peerId }).strict()

/** Signal's safety number: 12 groups of 5 digits. */
export const SAFETY_DIGITS = 60
/** A scannable code is 74 bytes (100 base64 characters) in version 2; room for line breaks. */
export const MAX_SCANNED_CODE = 400

const statusLine = z
  .string()
  .trim()
  .max(MAX_STATUS_LINE, `a status line has at most ${MAX_STATUS_LINE} characters`)
  .refine((text) => !/\p{Cc}/u.test(text), 'no control characters')

/** Base64 of the picture file as chosen; the core decodes, checks and shrinks it. */
const avatarInput = z
  .base64('the picture is not base64')
  .max(
    Math.ceil(MAX_AVATAR_INPUT_BYTES / 3) * 4,
    `a picture is at most ${MAX_AVATAR_INPUT_BYTES / (1024 * 1024)} MiB`,
  )

const handle = z
  .string()
  .max(MAX_HANDLE_INPUT)
  .superRefine((text, ctx) => {
    const result = normaliseHandle(text)
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason })
  })

const turnUrl = z.string().superRefine((url, ctx) => {
  const problem = turnUrlProblem(url)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const turnServer = z
  .object({
    urls: z
      .array(turnUrl)
      .min(1, 'a TURN server needs a URL')
      .max(MAX_TURN_URLS, `at most ${MAX_TURN_URLS} URLs per TURN server`),
    username: z
      .string()
      .min(1, 'a TURN server needs a username')
      .max(MAX_TURN_USERNAME, `a TURN username has at most ${MAX_TURN_USERNAME} characters`)
      .refine((text) => !/\p{Cc}/u.test(text), 'no control characters'),
    /** Omitted: keep the credential saved for the same URLs and username. */
    credential: z
      .string()
      .min(1, 'a TURN credential is not empty')
      .max(MAX_TURN_CREDENTIAL, `a TURN credential has at most ${MAX_TURN_CREDENTIAL} characters`)
      .refine((text) => !/\p{Cc}/u.test(text), 'no control characters')
      .optional(),
  })
  .strict()

/** What a new message says: its text and mentions, a retried call's id, what it answers. */
const outgoingFields = z.object({
  text: messageText,
  mentions: mentions.optional(),
  /** A ULID the caller chose: sending again with it (after a failed call) stores nothing new. */
  id: messageId.optional(),
  /** The message this one answers, in the same conversation. */
  replyTo: messageId.optional(),
})
const mentionsFit = (p: { text: string; mentions?: Mention[] | undefined }) =>
  !mentionsProblem(p.text, p.mentions ?? [])
const OUTSIDE = { message: 'a mention lies outside the text' }

declare const RESULT: unique symbol

/** A method's parameters (a schema, checked at the boundary) and, as a type, what it resolves to. */
type Returning<S extends z.ZodType, R> = S & { readonly [RESULT]: R }

/** Names what a method whose parameters are `params` resolves to. */
function returns<R>() {
  return <S extends z.ZodType>(params: S) => params as Returning<S, R>
}

/** The methods a table of them describes, as the core serves them and the UI calls them. */
type Methods<T> = {
  [K in keyof T]: T[K] extends Returning<z.ZodType, infer R>
    ? (params: z.input<T[K]>) => Promise<R>
    : never
}

/**
 * The API, one table: each method's parameters, checked at the boundary, and what it
 * resolves to. ParleyApi, the RPC layer's callers and forwarders all follow from it.
 */
export const apiSchemas = {
  identity: returns<Identity>()(z.object({}).strict()),
  network: returns<NetworkStatus>()(z.object({}).strict()),
  /** Connects to a peer by multiaddr (with /p2p/<id>); resolves with the path in use. */
  dial: returns<PeerPath>()(z.object({ addr: multiaddrText }).strict()),
  /**
   * Stores the message in the outbox, then sends it; resolves once stored. With an
   * `id`, a call repeated after a failure (did it store?) resolves with the message
   * stored the first time instead of storing it twice.
   */
  send: returns<Message>()(
    outgoingFields.extend({ to: peerId }).strict().refine(mentionsFit, OUTSIDE),
  ),
  /**
   * Edits my own message: the new text is shown with an "edited" label, the earlier
   * versions are kept in `edits`; the contact gets the edit like a message.
   */
  editMessage: returns<Message>()(
    z
      .object({ id: messageId, text: messageText, mentions: mentions.optional() })
      .strict()
      .refine(mentionsFit, OUTSIDE),
  ),
  /**
   * Deletes a message for me (it leaves this profile's history), or, for my own
   * within DELETE_FOR_EVERYONE_MS of sending it, for everyone: on both sides only a
   * tombstone is left, its text and edits gone from disk.
   */
  deleteMessage: returns<void>()(z.object({ id: messageId, forEveryone: z.boolean() }).strict()),
  /** Sets my reaction to a message (one per person: a new one replaces it), or takes it back (null). */
  react: returns<Message>()(
    z
      .object({ id: messageId, emoji: z.string().refine(isEmoji, 'not one emoji').nullable() })
      .strict(),
  ),
  // Groups: members are chosen from accepted contacts; only admins add, remove and rename.
  /** Creates a group of us (its admin) and these contacts; each gets the group and our sender key. */
  createGroup: returns<Group>()(z.object({ name: groupName, members: groupMembers }).strict()),
  /** The groups this profile is in (or was: `gone`). */
  groups: returns<Group[]>()(z.object({}).strict()),
  group: returns<Group>()(z.object({ groupId }).strict()),
  addGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  /** Removes members: the others' sender keys are renewed, so nothing sent after reaches them. */
  removeGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  leaveGroup: returns<Group>()(z.object({ groupId }).strict()),
  renameGroup: returns<Group>()(z.object({ groupId, name: groupName }).strict()),
  describeGroup: returns<Group>()(
    z.object({ groupId, description: groupText(MAX_GROUP_DESCRIPTION) }).strict(),
  ),
  /** Sets the announcement pinned at the top of the group ('' clears it). */
  announceGroup: returns<Group>()(
    z.object({ groupId, announcement: groupText(MAX_GROUP_ANNOUNCEMENT) }).strict(),
  ),
  /** Sends to a group: sealed once with our sender key, one copy to each member through the outbox. */
  sendGroup: returns<Message>()(
    outgoingFields.extend({ groupId }).strict().refine(mentionsFit, OUTSIDE),
  ),
  /** Most recently active first. */
  conversations: returns<Conversation[]>()(
    z.object({ limit: z.number().int().min(1).max(MAX_PAGE).optional() }).strict(),
  ),
  /** Newest first, older than `before`. */
  history: returns<Message[]>()(
    z
      .object({
        conversationId,
        before: z.string().refine(isMessageId, 'not a message id').optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      })
      .strict(),
  ),
  markRead: returns<void>()(z.object({ conversationId }).strict()),
  profile: returns<Profile>()(z.object({}).strict()),
  /** Creates (first run) or renames the profile; sets the status line when given. */
  setProfile: returns<Profile>()(
    z.object({ displayName, statusLine: statusLine.optional() }).strict(),
  ),
  /**
   * Sets my avatar from a picture file (JPEG, PNG, WebP, GIF or AVIF), which the core
   * crops to a small square WebP without metadata; null removes it. A file that is
   * not such a picture, or too large, is a 'bad-request' and changes nothing.
   */
  setAvatar: returns<Profile>()(z.object({ image: avatarInput.nullable() }).strict()),
  /** My invite code: peer id, display name and relays, as `parley:` text. */
  invite: returns<{ code: string }>()(z.object({}).strict()),
  /**
   * Sends the owner of an invite code a friend request (or accepts theirs, if they
   * asked first) and connects to them.
   */
  addContact: returns<Contact>()(
    z.object({ code: z.string().max(MAX_INVITE_LENGTH), greeting: greeting.optional() }).strict(),
  ),
  /** Everyone in the buddy list, pending requests and blocked peers included (see `state`). */
  contacts: returns<Contact[]>()(z.object({}).strict()),
  /** Accepts a pending request: its held messages join the conversations, presence flows. */
  acceptContact: returns<Contact>()(contactRef),
  /** Declines a pending request: it and its held messages are deleted; they are not told. */
  declineContact: returns<void>()(contactRef),
  /** Drops the peer's connections now and refuses every new one; history is kept, hidden. */
  blockContact: returns<Contact>()(contactRef),
  /** Lifts a block: an accepted contact comes back as one, anyone else becomes a stranger. */
  unblockContact: returns<void>()(contactRef),
  /** Removes a contact (history is kept, hidden); anything they send becomes a request again. */
  removeContact: returns<void>()(contactRef),
  /** Sets my nickname for a contact (null: none) and its labels. */
  updateContact: returns<Contact>()(
    z
      .object({
        peerId,
        nickname: displayName.nullable().optional(),
        labels: z.array(label).max(MAX_LABELS, `at most ${MAX_LABELS} labels`).optional(),
      })
      .strict(),
  ),
  /** People on the LAN (mDNS), with the names they gave. */
  nearby: returns<NearbyPeer[]>()(z.object({}).strict()),
  /** Sends someone on the nearby list a friend request: no relay or invite needed. */
  addNearby: returns<Contact>()(z.object({ peerId, greeting: greeting.optional() }).strict()),
  /** My status, and each contact's. */
  presence: returns<{ status: OwnStatus; contacts: PeerPresence[] }>()(z.object({}).strict()),
  setPresence: returns<void>()(
    z.object({ status: z.enum(['online', 'away', 'busy', 'invisible']) }).strict(),
  ),
  /** Tells a contact I am typing to them; send again every few seconds while typing. */
  typing: returns<void>()(z.object({ peerId, active: z.boolean() }).strict()),
  settings: returns<Settings>()(z.object({}).strict()),
  /** Replaces the relay list; the network restarts on the new list. */
  setRelays: returns<Settings>()(
    z.object({ relays: z.array(multiaddrText).max(MAX_INVITE_RELAYS) }).strict(),
  ),
  /** Turns read receipts on or off: off, contacts are not told what I read. */
  setReadReceipts: returns<Settings>()(z.object({ enabled: z.boolean() }).strict()),
  /**
   * Sends STUN binding requests to every STUN endpoint of my relays (a relay answers
   * on two ports) and infers the NAT type from the addresses they saw; takes up to
   * a few seconds. Also refreshes each relay's STUN reachability.
   */
  // Network diagnostics and TURN.
  testConnectivity: returns<ConnectivityReport>()(z.object({}).strict()),
  /** The TURN servers WebRTC may use, without their credentials. */
  turnServers: returns<TurnServer[]>()(z.object({}).strict()),
  /**
   * Replaces the TURN servers; the next WebRTC attempts use them, and peers still
   * relayed are tried again. A server given without a credential keeps the one saved
   * for the same URLs and username ('bad-request' if there is none).
   */
  setTurnServers: returns<TurnServer[]>()(
    z
      .object({
        servers: z
          .array(turnServer)
          .max(MAX_TURN_SERVERS, `at most ${MAX_TURN_SERVERS} TURN servers`),
      })
      .strict(),
  ),
  /**
   * Claims a handle on one of my relays (the first by default), or updates my record
   * there; a new handle on the same relay replaces my old one. 'conflict' if taken.
   */
  // Handles in relays' directories.
  claimHandle: returns<HandleClaim>()(
    z.object({ handle, relay: multiaddrText.optional() }).strict(),
  ),
  /** Asks my relays who holds a handle; 'not-found' if none does. */
  lookupHandle: returns<HandleRecord>()(z.object({ handle }).strict()),
  /** Gives up my handle on a relay (the first where I hold one by default). */
  releaseHandle: returns<HandleClaim>()(z.object({ relay: multiaddrText.optional() }).strict()),
  /** The handles I hold, one per relay at most. */
  myHandles: returns<HandleClaim[]>()(z.object({}).strict()),
  /** Looks a handle up on my relays and sends whoever holds it a friend request. */
  addHandle: returns<Contact>()(z.object({ handle, greeting: greeting.optional() }).strict()),
  /**
   * Our safety number with a contact, from both identity keys. 'not-found' until their
   * identity key is known: it comes with the first encrypted message between us.
   */
  // Safety numbers.
  safetyNumber: returns<SafetyNumber>()(contactRef),
  /**
   * Marks a contact verified (or clears it). With `scanned`, their code must match
   * ours, and with `digits`, the number shown must still be current; otherwise a
   * 'bad-request' that changes nothing.
   */
  verifyContact: returns<Contact>()(
    z
      .object({
        peerId,
        verified: z.boolean(),
        /** The safety number the user compared by eye: refused if it changed meanwhile. */
        digits: z
          .string()
          .length(SAFETY_DIGITS, `a safety number has ${SAFETY_DIGITS} digits`)
          .regex(/^\d+$/, 'a safety number has only digits')
          .optional(),
        /** The other side's code (base64, as its QR holds it), pasted or scanned. */
        scanned: z
          .string()
          .max(MAX_SCANNED_CODE, `a code has at most ${MAX_SCANNED_CODE} characters`)
          // Pasted codes come wrapped or spaced.
          .transform((code) => code.replace(/\s+/g, ''))
          .pipe(z.base64('the code is not base64').min(1, 'the code is empty'))
          .optional(),
      })
      .strict()
      .refine((p) => p.verified || (p.scanned === undefined && p.digits === undefined), {
        message: 'a compared code can only mark a contact verified',
      }),
  ),
}

export type ApiParams = { [K in keyof typeof apiSchemas]: z.input<(typeof apiSchemas)[K]> }

export type ParleyApi = Methods<typeof apiSchemas>

const newPassphrase = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, `a passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters`)
  .max(MAX_PASSPHRASE_LENGTH, `at most ${MAX_PASSPHRASE_LENGTH} characters`)
const givenPassphrase = z.string().max(MAX_PASSPHRASE_LENGTH)

/** The methods that work while the profile is locked (every other one waits for unlock): a table as apiSchemas is. */
export const lockSchemas = {
  lockState: returns<LockStatus>()(z.object({}).strict()),
  /** First run: seals the profile under `passphrase`, or none (null), and unlocks it. */
  createLock: returns<LockStatus>()(z.object({ passphrase: newPassphrase.nullable() }).strict()),
  /** Fails with 'wrong-passphrase', changing nothing, unless the passphrase is right. */
  unlock: returns<LockStatus>()(z.object({ passphrase: givenPassphrase }).strict()),
  /** Re-encrypts the profile under a new key for `next` (null: none); `current` is null if there is none. */
  changePassphrase: returns<LockStatus>()(
    z.object({ current: givenPassphrase.nullable(), next: newPassphrase.nullable() }).strict(),
  ),
  /** Stops the core and forgets the key until the passphrase is given again. */
  lock: returns<LockStatus>()(z.object({}).strict()),
}

export type LockParams = { [K in keyof typeof lockSchemas]: z.input<(typeof lockSchemas)[K]> }

export type LockApi = Methods<typeof lockSchemas>

/** Every method a core serves. */
export const coreSchemas = { ...apiSchemas, ...lockSchemas }

export type ApiMethod = keyof typeof coreSchemas

export type ApiErrorCode =
  | 'bad-request'
  | 'unknown-method'
  | 'not-found'
  | 'unreachable'
  /** The profile is locked (or not set up): only the lock methods answer. */
  | 'locked'
  | 'wrong-passphrase'
  /** Someone else holds it (a handle). */
  | 'conflict'
  /** Too many requests to a relay; the message says when to try again. */
  | 'rate-limited'
  /** The call got no answer in time (the core is stuck, or gone without closing the port). */
  | 'timeout'
  | 'internal'

/** The only error type that crosses the API; its code is part of the contract. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
