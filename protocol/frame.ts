// Chat frames: the typed view of protocol/wire/chat.proto. Decoding never throws:
// a peer's bad bytes become a FrameError that the network layer logs and answers
// with a stream reset. Envelopes never travel in the clear: they are encoded as a
// Batch, which the core seals with the Signal protocol into a 'sealed' frame.

import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { Uint8ArrayList } from 'uint8arraylist'
import type { Mention, Quote } from './api.ts'
import { isEmoji, mentionsProblem } from './content.ts'
import { decodeEntries, encodeEntries, type SignedGroupEntry } from './group-entry.ts'
import { type HlcTimestamp, MAX_HLC_WALL } from './hlc.ts'
import {
  CHAT_FRAME_VERSION,
  groupConversationId,
  groupIdOf,
  isGroupId,
  isMessageId,
  isPeerIdString,
} from './ids.ts'
import {
  isDisplayName,
  isStatusLine,
  MAX_ACK_IDS,
  MAX_AVATAR_BYTES,
  MAX_BATCH_BYTES,
  MAX_FRAME_BYTES,
  MAX_GREETING,
  MAX_GROUP_BATCH_ENTRIES,
  MAX_GROUP_CIPHERTEXT_BYTES,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_PLAINTEXT_BYTES,
  MAX_SENDER_KEY_DISTRIBUTION_BYTES,
  MAX_SIGNAL_CIPHERTEXT_BYTES,
  MAX_SNIPPET,
  MAX_TEXT_BYTES,
  utf8Length,
} from './limits.ts'
import { MAX_BUNDLE_BYTES } from './prekeys.ts'
import {
  Batch,
  type Envelope,
  Frame,
  GroupPlaintext,
  type Hlc,
  Presence,
  type Text,
} from './wire/chat.ts'

/**
 * What an envelope carries: a text or a reply to one, a friend request (text is its
 * greeting) or an acceptance (text ''), or a change to an earlier message
 * (`target`): an edit (the new text), a deletion for everyone (''), a reaction (the
 * emoji, '' to take it back).
 */
export type ContentKind =
  | 'text'
  | 'reply'
  | 'request'
  | 'accept'
  | 'edit'
  | 'delete'
  | 'reaction'
  /** Group traffic (`group`), in the group's conversation: text ''. */
  | 'group'

/** What a group message's plaintext may hold: the content a direct conversation has, but no request or acceptance. */
export type GroupContentKind = Extract<
  ContentKind,
  'text' | 'reply' | 'edit' | 'delete' | 'reaction'
>

/**
 * Group traffic in a pairwise envelope: a message sealed once with its author's
 * sender key, the same bytes for every member; membership log entries (each still
 * to be opened and checked by the log); a sender key's distribution message; a
 * request for a sender key we lack.
 */
export type GroupContent =
  | {
      kind: 'message'
      groupId: string
      sender: string
      seq: number
      ciphertext: Uint8Array<ArrayBuffer>
    }
  | { kind: 'membership'; groupId: string; entries: SignedGroupEntry[] }
  | { kind: 'sender-key'; groupId: string; distribution: Uint8Array<ArrayBuffer> }
  | { kind: 'key-request'; groupId: string; distributionId: string }
  /** What the sender holds: each member's messages up to `seq` (members it holds none of are left out). */
  | { kind: 'have'; groupId: string; held: { sender: string; seq: number }[] }
  /** The group's photo, as the log's last photo change names it by digest. */
  | { kind: 'photo'; groupId: string; photo: Uint8Array<ArrayBuffer> }
  /** Log entries (by hash) that entries the sender had from us follow: held there for them. */
  | { kind: 'want'; groupId: string; hashes: string[] }

/** A group message's plaintext: its author's sequence number and the envelope it seals. */
export interface GroupPlain {
  seq: number
  envelope: ChatEnvelope & { kind: GroupContentKind }
}

export interface ChatEnvelope {
  id: string
  conversationId: string
  sender: string
  hlc: HlcTimestamp
  kind: ContentKind
  text: string
  /** A text's, a reply's or an edit's. */
  mentions?: Mention[]
  /** A reply's. */
  quote?: Quote
  /** An edit's, a deletion's or a reaction's. */
  target?: string
  /** Group traffic's (kind 'group'). */
  group?: GroupContent
}

/** Most envelopes one batch may carry (the wire format's limit too). */
export const MAX_BATCH_ENVELOPES = 4096

export type ChatFrame =
  /** A Signal ciphertext of an encoded batch of envelopes. */
  | { kind: 'sealed'; ciphertext: Uint8Array<ArrayBuffer> }
  | { kind: 'key-request' }
  /** An encoded prekey bundle (prekeys.ts), checked by whoever opens a session from it. */
  | { kind: 'keys'; bundle: Uint8Array<ArrayBuffer> }
  /** The sender has read our conversation up to this clock reading. */
  /** How far the sender has read our direct conversation, or the group `groupId`. */
  | { kind: 'read'; upTo: HlcTimestamp; groupId?: string }
  | { kind: 'ack'; ids: string[] }
  | ({ kind: 'hello' } & Hello)
  | { kind: 'presence'; status: PeerStatus }
  /** In our direct conversation, or in the group `groupId`. */
  | { kind: 'typing'; active: boolean; groupId?: string }

/**
 * Who a peer is to humans, the first frame on every stream. The status line and
 * avatar digest are empty unless the sender counts us as an accepted contact.
 */
export interface Hello {
  displayName: string
  statusLine: string
  /** Lower-case hex SHA-256 of the avatar's bytes, or '' for none. */
  avatarDigest: string
}

const AVATAR_DIGEST = /^(?:[0-9a-f]{64})?$/

/** What a contact tells us of itself; an invisible one says 'offline'. */
export type PeerStatus = 'online' | 'away' | 'busy' | 'offline'

const WIRE_STATUS: Record<PeerStatus, Presence.Status> = {
  online: Presence.Status.ONLINE,
  away: Presence.Status.AWAY,
  busy: Presence.Status.BUSY,
  offline: Presence.Status.OFFLINE,
}

export type FrameErrorCode = 'too-large' | 'malformed' | 'unsupported-version' | 'invalid'

export interface FrameError {
  code: FrameErrorCode
  reason: string
}

export type DecodeResult = { ok: true; frame: ChatFrame } | { ok: false; error: FrameError }
export type BatchResult = { ok: true; envelopes: ChatEnvelope[] } | { ok: false; error: FrameError }

const MAX_CONVERSATION_ID = 512

export function encodeFrame(frame: ChatFrame): Uint8Array {
  const version = CHAT_FRAME_VERSION
  if (frame.kind === 'sealed') {
    return Frame.encode({ version, sealed: { ciphertext: frame.ciphertext } })
  }
  if (frame.kind === 'key-request') return Frame.encode({ version, keyRequest: {} })
  if (frame.kind === 'keys') return Frame.encode({ version, keys: { bundle: frame.bundle } })
  if (frame.kind === 'read') {
    return Frame.encode({
      version,
      read: { upTo: wireHlc(frame.upTo), groupId: frame.groupId ?? '' },
    })
  }
  if (frame.kind === 'ack') {
    return Frame.encode({ version: CHAT_FRAME_VERSION, ack: { ids: frame.ids } })
  }
  if (frame.kind === 'presence') {
    return Frame.encode({
      version: CHAT_FRAME_VERSION,
      presence: { status: WIRE_STATUS[frame.status] },
    })
  }
  if (frame.kind === 'typing') {
    const typing = { active: frame.active, groupId: frame.groupId ?? '' }
    return Frame.encode({ version: CHAT_FRAME_VERSION, typing })
  }
  const { kind: _, ...hello } = frame
  return Frame.encode({ version: CHAT_FRAME_VERSION, hello })
}

/** The plaintext of a sealed frame: envelopes, in the order they are to be stored. */
export function encodeBatch(envelopes: ChatEnvelope[]): Uint8Array<ArrayBuffer> {
  return Batch.encode({ envelopes: envelopes.map(wireEnvelope) }) as Uint8Array<ArrayBuffer>
}

/** The encoded size of one envelope in a batch (its field tag and length included). */
export function batchedSize(envelope: ChatEnvelope): number {
  return Batch.encode({ envelopes: [wireEnvelope(envelope)] }).byteLength
}

/** A decrypted batch: every envelope checked as a frame's fields are. */
export function decodeBatch(bytes: Uint8Array): BatchResult {
  if (bytes.byteLength > MAX_BATCH_BYTES) {
    return fail('too-large', `batch of ${bytes.byteLength} bytes exceeds ${MAX_BATCH_BYTES}`)
  }
  let raw: Batch
  try {
    raw = Batch.decode(bytes, { limits: { envelopes: MAX_BATCH_ENVELOPES } })
  } catch (err) {
    return fail('malformed', `undecodable batch: ${(err as Error).message}`)
  }
  const envelopes: ChatEnvelope[] = []
  for (const env of raw.envelopes) {
    const checked = checkEnvelope(env)
    if (!checked.ok) return checked
    envelopes.push(checked.envelope)
  }
  return { ok: true, envelopes }
}

function wireEnvelope(env: ChatEnvelope): Envelope {
  const { id, conversationId, sender, hlc, text } = env
  const body = { body: text, mentions: env.mentions ?? [] }
  const target = env.target ?? ''
  const content = (): Partial<Envelope> => {
    switch (env.kind) {
      case 'text':
        return { text: body }
      case 'reply': {
        const quote = env.quote ?? { id: '', sender: '', snippet: '' }
        const { id: replyTo, sender: targetSender, snippet } = quote
        return { reply: { target: replyTo, targetSender, snippet, text: body } }
      }
      case 'request':
        return { request: { greeting: text } }
      case 'accept':
        return { accept: {} }
      case 'edit':
        return { edit: { target, text: body } }
      case 'delete':
        return { delete: { target } }
      case 'reaction':
        return { reaction: { target, emoji: text } }
      case 'group':
        return env.group ? wireGroup(env.group) : {}
    }
  }
  return { id, conversationId, sender, hlc: wireHlc(hlc), ...content() }
}

function wireGroup(group: GroupContent): Partial<Envelope> {
  const id = hexToBytes(group.groupId) as Uint8Array<ArrayBuffer>
  switch (group.kind) {
    case 'message': {
      const { sender, seq, ciphertext } = group
      return { groupMessage: { group: id, sender, seq, ciphertext } }
    }
    case 'membership':
      return {
        membership: { group: id, entries: encodeEntries(group.entries) },
      }
    case 'sender-key':
      return { senderKey: { group: id, distribution: group.distribution } }
    case 'key-request':
      return { senderKeyRequest: { group: id, distributionId: group.distributionId } }
    case 'have':
      return { groupHave: { group: id, held: group.held } }
    case 'photo':
      return { groupPhoto: { group: id, photo: group.photo } }
    case 'want':
      return { entriesWanted: { group: id, hashes: group.hashes.map((h) => hexToBytes(h)) } }
  }
}

/** A group message's plaintext, to seal with the author's sender key. */
export function encodeGroupPlaintext(plain: GroupPlain): Uint8Array<ArrayBuffer> {
  return GroupPlaintext.encode({
    seq: plain.seq,
    envelope: wireEnvelope(plain.envelope),
  }) as Uint8Array<ArrayBuffer>
}

/** A group message's plaintext, checked as a batch's envelopes are, and holding only what groups carry. */
export function decodeGroupPlaintext(
  bytes: Uint8Array,
): { ok: true; plain: GroupPlain } | { ok: false; error: FrameError } {
  if (bytes.byteLength > MAX_GROUP_PLAINTEXT_BYTES) {
    return fail('too-large', `group plaintext of ${bytes.byteLength} bytes`)
  }
  let raw: GroupPlaintext
  try {
    raw = GroupPlaintext.decode(bytes)
  } catch (err) {
    return fail('malformed', `undecodable group plaintext: ${(err as Error).message}`)
  }
  if (raw.seq < 1) return fail('invalid', 'a group message has no sequence number')
  if (!raw.envelope) return fail('invalid', 'a group plaintext holds no envelope')
  const checked = checkEnvelope(raw.envelope)
  if (!checked.ok) return checked
  const { envelope } = checked
  if (!isGroupContentKind(envelope.kind)) {
    return fail('invalid', `a group message cannot hold a ${envelope.kind}`)
  }
  if (groupIdOf(envelope.conversationId) === undefined) {
    return fail('invalid', 'a group message is not in a group conversation')
  }
  return { ok: true, plain: { seq: raw.seq, envelope: { ...envelope, kind: envelope.kind } } }
}

function isGroupContentKind(kind: ContentKind): kind is GroupContentKind {
  return kind !== 'request' && kind !== 'accept' && kind !== 'group'
}

function wireHlc(hlc: HlcTimestamp): Hlc {
  return { wall: BigInt(hlc.wall), counter: hlc.counter }
}

/** A clock reading from a peer, unless it is out of range. */
function readHlc(hlc: Hlc | undefined): HlcTimestamp | undefined {
  if (!hlc || hlc.wall > BigInt(MAX_HLC_WALL)) return undefined
  return { wall: Number(hlc.wall), counter: hlc.counter }
}

export function decodeFrame(bytes: Uint8Array | Uint8ArrayList): DecodeResult {
  if (bytes.byteLength > MAX_FRAME_BYTES) {
    return fail('too-large', `frame of ${bytes.byteLength} bytes exceeds ${MAX_FRAME_BYTES}`)
  }
  let raw: Frame
  try {
    raw = Frame.decode(bytes, { limits: { ack: { ids: MAX_ACK_IDS } } })
  } catch (err) {
    return fail('malformed', `undecodable frame: ${(err as Error).message}`)
  }
  if (raw.version !== CHAT_FRAME_VERSION) {
    return fail('unsupported-version', `frame version ${raw.version} is not ${CHAT_FRAME_VERSION}`)
  }
  if (raw.ack) {
    const bad = raw.ack.ids.find((id) => !isMessageId(id))
    if (bad !== undefined) return fail('invalid', 'ack carries an invalid message id')
    return { ok: true, frame: { kind: 'ack', ids: raw.ack.ids } }
  }
  if (raw.sealed) {
    const { ciphertext } = raw.sealed
    if (ciphertext.byteLength === 0) return fail('invalid', 'sealed frame is empty')
    if (ciphertext.byteLength > MAX_SIGNAL_CIPHERTEXT_BYTES) {
      return fail('too-large', `ciphertext exceeds ${MAX_SIGNAL_CIPHERTEXT_BYTES} bytes`)
    }
    return { ok: true, frame: { kind: 'sealed', ciphertext } }
  }
  if (raw.keyRequest) return { ok: true, frame: { kind: 'key-request' } }
  if (raw.keys) {
    const { bundle } = raw.keys
    if (bundle.byteLength === 0 || bundle.byteLength > MAX_BUNDLE_BYTES) {
      return fail('invalid', `a bundle has 1 to ${MAX_BUNDLE_BYTES} bytes`)
    }
    return { ok: true, frame: { kind: 'keys', bundle } }
  }
  if (raw.read) {
    const upTo = readHlc(raw.read.upTo)
    if (!upTo) return fail('invalid', 'read receipt has no usable clock reading')
    const { groupId } = raw.read
    if (groupId === '') return { ok: true, frame: { kind: 'read', upTo } }
    if (!isGroupId(groupId)) return fail('invalid', 'read receipt names no group')
    return { ok: true, frame: { kind: 'read', upTo, groupId } }
  }
  if (raw.hello) {
    const { displayName, statusLine, avatarDigest } = raw.hello
    if (!isDisplayName(displayName)) {
      return fail('invalid', 'hello carries an unusable display name')
    }
    if (!isStatusLine(statusLine)) return fail('invalid', 'hello carries an unusable status line')
    if (!AVATAR_DIGEST.test(avatarDigest)) {
      return fail('invalid', 'hello carries a malformed avatar digest')
    }
    return { ok: true, frame: { kind: 'hello', displayName, statusLine, avatarDigest } }
  }
  if (raw.presence) {
    const status = (Object.keys(WIRE_STATUS) as PeerStatus[]).find(
      (s) => WIRE_STATUS[s] === raw.presence?.status,
    )
    if (!status) return fail('invalid', 'presence carries an unknown status')
    return { ok: true, frame: { kind: 'presence', status } }
  }
  if (raw.typing) {
    const { active, groupId } = raw.typing
    if (groupId === '') return { ok: true, frame: { kind: 'typing', active } }
    if (!isGroupId(groupId)) return fail('invalid', 'typing names no group')
    return { ok: true, frame: { kind: 'typing', active, groupId } }
  }
  return fail('invalid', 'frame has no body')
}

function checkEnvelope(env: Envelope): { ok: true; envelope: ChatEnvelope } | Failure {
  if (!isMessageId(env.id)) return fail('invalid', 'envelope id is not a ULID')
  if (!isPeerIdString(env.sender)) return fail('invalid', 'envelope sender is not a peer id')
  if (env.conversationId.length === 0 || env.conversationId.length > MAX_CONVERSATION_ID) {
    return fail('invalid', 'envelope conversation id is empty or too long')
  }
  const hlc = readHlc(env.hlc)
  if (!hlc) return fail('invalid', 'envelope has no usable clock reading')
  const content = envelopeContent(env)
  if (!content.ok) return content
  const { id, conversationId, sender } = env
  const { group } = content.content
  if (group && conversationId !== groupConversationId(group.groupId)) {
    return fail('invalid', 'group traffic outside its group conversation')
  }
  return { ok: true, envelope: { id, conversationId, sender, hlc, ...content.content } }
}

type Content = Omit<ChatEnvelope, 'id' | 'conversationId' | 'sender' | 'hlc'>

function envelopeContent(env: Envelope): { ok: true; content: Content } | Failure {
  const ok = (content: Content) => ({ ok: true as const, content })
  if (env.text) {
    const text = checkText(env.text)
    return text.ok ? ok({ kind: 'text', ...text.content }) : text
  }
  if (env.reply) {
    const { target, targetSender, snippet } = env.reply
    if (!isMessageId(target)) return fail('invalid', 'a reply answers no message id')
    if (!isPeerIdString(targetSender)) return fail('invalid', 'a reply quotes no sender')
    if (snippet.length > MAX_SNIPPET) return fail('too-large', 'a reply quotes too much')
    const text = checkText(env.reply.text)
    if (!text.ok) return text
    return ok({
      kind: 'reply',
      ...text.content,
      quote: { id: target, sender: targetSender, snippet },
    })
  }
  if (env.request) {
    if (env.request.greeting.length > MAX_GREETING) {
      return fail('too-large', `greeting exceeds ${MAX_GREETING} characters`)
    }
    return ok({ kind: 'request', text: env.request.greeting })
  }
  if (env.accept) return ok({ kind: 'accept', text: '' })
  if (env.edit) {
    if (!isMessageId(env.edit.target)) return fail('invalid', 'an edit changes no message id')
    const text = checkText(env.edit.text)
    return text.ok ? ok({ kind: 'edit', ...text.content, target: env.edit.target }) : text
  }
  if (env.delete) {
    if (!isMessageId(env.delete.target)) return fail('invalid', 'a deletion names no message id')
    return ok({ kind: 'delete', text: '', target: env.delete.target })
  }
  if (env.reaction) {
    const { target, emoji } = env.reaction
    if (!isMessageId(target)) return fail('invalid', 'a reaction names no message id')
    if (emoji !== '' && !isEmoji(emoji)) return fail('invalid', 'a reaction is not one emoji')
    return ok({ kind: 'reaction', text: emoji, target })
  }
  const group = groupContent(env)
  if (group) return group.ok ? ok({ kind: 'group', text: '', group: group.group }) : group
  // A content kind from a newer version is refused rather than stored half-understood.
  return fail('invalid', 'envelope has no content this version understands')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The group traffic an envelope carries, checked; undefined if it carries none. */
function groupContent(env: Envelope): { ok: true; group: GroupContent } | Failure | undefined {
  const wire =
    env.groupMessage ??
    env.membership ??
    env.senderKey ??
    env.senderKeyRequest ??
    env.groupHave ??
    env.groupPhoto ??
    env.entriesWanted
  if (!wire) return undefined
  const groupId = bytesToHex(wire.group)
  if (!isGroupId(groupId)) return fail('invalid', 'group traffic names no group id')
  const ok = (group: GroupContent) => ({ ok: true as const, group })
  if (env.groupMessage) {
    const { sender, seq, ciphertext } = env.groupMessage
    if (!isPeerIdString(sender)) return fail('invalid', 'a group message names no sender')
    if (seq < 1) return fail('invalid', 'a group message has no sequence number')
    if (ciphertext.byteLength === 0 || ciphertext.byteLength > MAX_GROUP_CIPHERTEXT_BYTES) {
      return fail('too-large', `a group ciphertext has 1 to ${MAX_GROUP_CIPHERTEXT_BYTES} bytes`)
    }
    return ok({ kind: 'message', groupId, sender, seq, ciphertext })
  }
  if (env.membership) {
    const decoded = decodeEntries(env.membership.entries)
    if (!decoded.ok) return fail(decoded.error.code, decoded.error.reason)
    if (decoded.entries.length === 0 || decoded.entries.length > MAX_GROUP_BATCH_ENTRIES) {
      return fail('invalid', `membership carries 1 to ${MAX_GROUP_BATCH_ENTRIES} entries`)
    }
    return ok({ kind: 'membership', groupId, entries: decoded.entries })
  }
  if (env.senderKey) {
    const { distribution } = env.senderKey
    if (
      distribution.byteLength === 0 ||
      distribution.byteLength > MAX_SENDER_KEY_DISTRIBUTION_BYTES
    ) {
      return fail('invalid', `a sender key has 1 to ${MAX_SENDER_KEY_DISTRIBUTION_BYTES} bytes`)
    }
    return ok({ kind: 'sender-key', groupId, distribution })
  }
  if (env.groupHave) {
    const held = env.groupHave.held.map(({ sender, seq }) => ({ sender, seq }))
    if (held.length > MAX_GROUP_MEMBERS) return fail('too-large', 'held names too many members')
    if (!held.every((h) => isPeerIdString(h.sender) && h.seq > 0)) {
      return fail('invalid', 'held names no member, or nothing held')
    }
    if (new Set(held.map((h) => h.sender)).size !== held.length) {
      return fail('invalid', 'held names a member twice')
    }
    return ok({ kind: 'have', groupId, held })
  }
  if (env.entriesWanted) {
    const { hashes } = env.entriesWanted
    if (hashes.length === 0 || hashes.length > MAX_GROUP_BATCH_ENTRIES) {
      return fail('invalid', `entries wanted: 1 to ${MAX_GROUP_BATCH_ENTRIES} hashes`)
    }
    if (!hashes.every((h) => h.byteLength === 32))
      return fail('invalid', 'a wanted hash is no SHA-256')
    return ok({ kind: 'want', groupId, hashes: hashes.map((h) => bytesToHex(h)) })
  }
  if (env.groupPhoto) {
    const { photo } = env.groupPhoto
    if (photo.byteLength === 0 || photo.byteLength > MAX_AVATAR_BYTES) {
      return fail('too-large', `a group photo has 1 to ${MAX_AVATAR_BYTES} bytes`)
    }
    return ok({ kind: 'photo', groupId, photo })
  }
  const distributionId = env.senderKeyRequest?.distributionId ?? ''
  if (!UUID.test(distributionId)) return fail('invalid', 'a sender key request names no key')
  return ok({ kind: 'key-request', groupId, distributionId })
}

/** A text body and its mentions, checked. */
function checkText(
  text: Text | undefined,
): { ok: true; content: { text: string; mentions?: Mention[] } } | Failure {
  if (!text) return fail('invalid', 'no text')
  if (utf8Length(text.body) > MAX_TEXT_BYTES) {
    return fail('too-large', `text exceeds ${MAX_TEXT_BYTES} bytes`)
  }
  const problem = mentionsProblem(text.body, text.mentions)
  if (problem) return fail('invalid', problem)
  const mentions = text.mentions.map(({ peerId, start, length }) => ({ peerId, start, length }))
  return { ok: true, content: { text: text.body, ...(mentions.length ? { mentions } : {}) } }
}

type Failure = Extract<DecodeResult, { ok: false }>

function fail(code: FrameErrorCode, reason: string): Failure {
  return { ok: false, error: { code, reason } }
}
