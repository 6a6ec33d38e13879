// The API's table of methods: each call's parameters as a schema, validated at the
// boundary by the serving side (rpc-serve.ts), and what it resolves to (api.ts
// derives ParleyApi from it).
import * as z from 'zod'
import {
  type ConnectivityReport,
  type Contact,
  type Conversation,
  type Group,
  type HandleClaim,
  type HandleRecord,
  type Identity,
  type LockStatus,
  MAX_SCANNED_CODE,
  type Mention,
  type Message,
  type MessageInfo,
  type NearbyPeer,
  type NetworkStatus,
  type OwnStatus,
  type PeerPath,
  type PeerPresence,
  type Profile,
  type Returning,
  SAFETY_DIGITS,
  type SafetyNumber,
  type Settings,
  type TurnServer,
} from './api.ts'
import { isEmoji, mentionsProblem } from './content.ts'
import { MAX_HANDLE_INPUT, normaliseHandle } from './handle.ts'
import { isGroupId, isMessageId, isPeerIdString } from './ids.ts'
import { MAX_INVITE_LENGTH, MAX_INVITE_RELAYS } from './invite.ts'
import {
  isIdleMs,
  MAX_AVATAR_INPUT_BYTES,
  MAX_DISCUSSION_IDLE_MS,
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
  MIN_DISCUSSION_IDLE_MS,
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

/** Names what a method whose parameters are `params` resolves to. */
function returns<R>() {
  return <S extends z.ZodType>(params: S) => params as Returning<S, R>
}

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
const discussionIdle = z
  .number()
  .int()
  .refine(
    isIdleMs,
    `whole seconds, from ${MIN_DISCUSSION_IDLE_MS / 3_600_000} hour to ${MAX_DISCUSSION_IDLE_MS / 86_400_000} days`,
  )
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
  /**
   * Starts a temporary discussion of us and these contacts (from a 1:1 chat: that
   * contact and the people added). It needs no name; everyone in it is an admin
   * (those they add too), so anyone may add people; and it ends by itself `idleMs` after its last message (a week by default), or
   * when everyone else has left; its history then goes, unless kept.
   */
  startDiscussion: returns<Group>()(
    z.object({ members: groupMembers, idleMs: discussionIdle.optional() }).strict(),
  ),
  /** Keeps a discussion's history on this device when it ends, or lets it go with it. */
  keepGroupHistory: returns<Group>()(z.object({ groupId, keep: z.boolean() }).strict()),
  /** The groups this profile is in (or was: `gone`). */
  groups: returns<Group[]>()(z.object({}).strict()),
  group: returns<Group>()(z.object({ groupId }).strict()),
  addGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  /** Removes members: the others' sender keys are renewed, so nothing sent after reaches them. */
  removeGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  /** Makes members admins (an admin's change), or admins members again: the most senior admin stays. */
  promoteGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  demoteGroupMembers: returns<Group>()(z.object({ groupId, members: groupMembers }).strict()),
  leaveGroup: returns<Group>()(z.object({ groupId }).strict()),
  renameGroup: returns<Group>()(z.object({ groupId, name: groupName }).strict()),
  describeGroup: returns<Group>()(
    z.object({ groupId, description: groupText(MAX_GROUP_DESCRIPTION) }).strict(),
  ),
  /**
   * Sets the group's photo from a picture file, made small and stripped of metadata
   * as an avatar is (null removes it): an admin's change.
   */
  setGroupPhoto: returns<Group>()(z.object({ groupId, image: avatarInput.nullable() }).strict()),
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
  /**
   * Who has read our group message (their read points say so), and whom it still
   * waits to reach (their copies are in the outbox): what its tick names on hover.
   */
  messageInfo: returns<MessageInfo>()(
    z.object({ id: z.string().refine(isMessageId, 'not a message id') }).strict(),
  ),
  /** Mutes a conversation (or unmutes it): its messages call for attention only when they mention us. */
  muteConversation: returns<Conversation>()(
    z.object({ conversationId, muted: z.boolean() }).strict(),
  ),
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
  /**
   * Tells a contact I am typing to them, or a group's members I am typing there
   * (those connected now); send again every few seconds while typing.
   */
  typing: returns<void>()(
    z.union([
      z.object({ peerId, active: z.boolean() }).strict(),
      z.object({ groupId, active: z.boolean() }).strict(),
    ]),
  ),
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

/** Every method a core serves. */
export const coreSchemas = { ...apiSchemas, ...lockSchemas }
