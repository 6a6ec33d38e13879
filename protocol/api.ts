// The one typed API between the UI (or a test, or the CLI) and the client core:
// what it says and what it answers (the types), its events and its errors. The
// table of methods, with each call's parameter schema, is api-schemas.ts: only the
// serving side loads it (a page does not need zod). The RPC layer (rpc.ts) carries
// calls and events over any message port.
import type { z } from 'zod'
import type { apiSchemas, coreSchemas, lockSchemas } from './api-schemas.ts'
import type { HlcTimestamp } from './hlc.ts'

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
 * identity key, so the safety number, changed; or 'group': a change to a group
 * (`groupNotice` says which), a line the core puts in the group's conversation.
 */
export type Notice = 'request' | 'accept' | 'identity-changed' | 'group'

/** A change to a group, as its conversation shows it (a notice; text ''). */
export interface GroupNotice {
  type:
    | 'create'
    | 'add'
    | 'remove'
    | 'leave'
    | 'promote'
    | 'demote'
    | 'rename'
    | 'describe'
    | 'announce'
    | 'photo'
  /** Who made the change. */
  by: string
  /** Whom it names: those added, removed, promoted or demoted. */
  peers?: string[]
  /** The new name, description or announcement ('' once cleared); a new photo's digest ('' removed). */
  text?: string
}

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
  /** A group notice: what changed. */
  groupNotice?: GroupNotice
  /** Our message to a group: how many of the members it was sent to have it, and have read it. */
  delivery?: { delivered: number; of: number; read?: number }
}

/** Of our group message: who has read it, and whom it has not reached yet (peer ids). */
export interface MessageInfo {
  readBy: string[]
  waitingFor: string[]
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
    /** Who wrote it: in a group, anyone. */
    sender?: string
    kind?: Notice
    /** A group's notice: what changed. */
    groupNotice?: GroupNotice
    /** Deleted for everyone: the text is gone. */
    deleted?: true
  } | null
  unread: number
  /** Muted: its messages call for attention only when they mention us. */
  muted?: true
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
  /**
   * Everyone in it, us included, most senior first; with the name each gave
   * themselves, once told (members need not be our contacts).
   */
  members: { peerId: string; role: 'admin' | 'member'; name?: string }[]
  /** We left, or were removed: the history stays, nothing new comes. */
  gone: boolean
  /** A discussion's lifetime after its last message, in ms; 0 for a group. */
  idleMs: number
  /** When a discussion ends if nothing more is said (ms since the epoch); null for a group, or once it ended. */
  endsAt: number | null
  /**
   * A discussion that ended: its time ran out, we are no longer in it, or everyone
   * else left. Its history went with it, unless kept; it takes nothing more.
   */
  ended: boolean
  /** Its history stays on this device when it ends. */
  keep: boolean
  /** Its photo (a `data:` URL), once we hold the one its log names. */
  photo?: string
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
  /**
   * The peer acknowledged, by this path, that it stored our message. For a group's,
   * the peer is the member, and `delivery` says how many members have it now (two
   * members' may be told in either order: the higher count is the newer).
   */
  delivered: {
    id: string
    conversationId: string
    peerId: string
    path: Path
    delivery?: { delivered: number; of: number }
  }
  /**
   * Our message moved on: 'stored' — left in a relay mailbox for the offline peer;
   * 'read' — the peer (a group's member) has read everything in the conversation up
   * to `upTo`, which made our messages `ids` read (those not read before; a group's
   * once every member has).
   */
  receipt:
    | { status: 'stored'; id: string; conversationId: string; peerId: string }
    | {
        status: 'read'
        conversationId: string
        peerId: string
        upTo: HlcTimestamp
        ids: string[]
        /** In a group (`peerId` the member who read): how many members have read each now. */
        reads?: number[]
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
  /**
   * A contact started or stopped typing to us, or a member in a group (`groupId`);
   * it expires by itself if not refreshed.
   */
  typing: { peerId: string; active: boolean; groupId?: string }
  /** The profile was unlocked or locked. */
  lock: LockStatus
  /**
   * Worth a notification now: a new message request (rate-limited by the core, so
   * that a flood of strangers makes a few notifications, not one each; the requests
   * themselves are all listed), or a message that came in a listed conversation that
   * is not muted, or that mentions us (a group's notices call for none).
   */
  attention:
    | { kind: 'request'; peerId: string; greeting: string }
    | { kind: 'message'; message: Message; conversation: Conversation; mentioned: boolean }
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

/** Signal's safety number: 12 groups of 5 digits. */
export const SAFETY_DIGITS = 60
/** A scannable code is 74 bytes (100 base64 characters) in version 2; room for line breaks. */
export const MAX_SCANNED_CODE = 400

declare const RESULT: unique symbol

/** A method's parameters (a schema, checked at the boundary) and, as a type, what it resolves to. */
export type Returning<S extends z.ZodType, R> = S & { readonly [RESULT]: R }

/** The methods a table of them describes, as the core serves them and the UI calls them. */
type Methods<T> = {
  [K in keyof T]: T[K] extends Returning<z.ZodType, infer R>
    ? (params: z.input<T[K]>) => Promise<R>
    : never
}

export type ApiParams = { [K in keyof typeof apiSchemas]: z.input<(typeof apiSchemas)[K]> }

export type ParleyApi = Methods<typeof apiSchemas>

export type LockParams = { [K in keyof typeof lockSchemas]: z.input<(typeof lockSchemas)[K]> }

export type LockApi = Methods<typeof lockSchemas>

export type ApiMethod = keyof typeof coreSchemas

/**
 * Every method, once, for a caller that has no schemas (a page): a method missing
 * here, or one not in the table, fails the type check.
 */
const METHODS: Record<ApiMethod, true> = {
  identity: true,
  network: true,
  dial: true,
  send: true,
  editMessage: true,
  deleteMessage: true,
  react: true,
  createGroup: true,
  startDiscussion: true,
  keepGroupHistory: true,
  groups: true,
  group: true,
  addGroupMembers: true,
  removeGroupMembers: true,
  promoteGroupMembers: true,
  demoteGroupMembers: true,
  leaveGroup: true,
  renameGroup: true,
  describeGroup: true,
  announceGroup: true,
  setGroupPhoto: true,
  sendGroup: true,
  conversations: true,
  history: true,
  markRead: true,
  messageInfo: true,
  muteConversation: true,
  profile: true,
  setProfile: true,
  setAvatar: true,
  invite: true,
  addContact: true,
  contacts: true,
  acceptContact: true,
  declineContact: true,
  blockContact: true,
  unblockContact: true,
  removeContact: true,
  updateContact: true,
  nearby: true,
  addNearby: true,
  presence: true,
  setPresence: true,
  typing: true,
  settings: true,
  setRelays: true,
  setReadReceipts: true,
  testConnectivity: true,
  turnServers: true,
  setTurnServers: true,
  claimHandle: true,
  lookupHandle: true,
  releaseHandle: true,
  myHandles: true,
  addHandle: true,
  safetyNumber: true,
  verifyContact: true,
  lockState: true,
  createLock: true,
  unlock: true,
  changePassphrase: true,
  lock: true,
}
export const METHOD_NAMES = Object.keys(METHODS) as readonly ApiMethod[]

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
