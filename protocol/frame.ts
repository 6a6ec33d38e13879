// Chat frames: the typed view of protocol/wire/chat.proto. Decoding never throws:
// a peer's bad bytes become a FrameError that the network layer logs and answers
// with a stream reset.
import type { Uint8ArrayList } from 'uint8arraylist'
import type { HlcTimestamp } from './hlc.ts'
import { CHAT_FRAME_VERSION, isMessageId, isPeerIdString } from './ids.ts'
import {
  isDisplayName,
  isStatusLine,
  MAX_ACK_IDS,
  MAX_FRAME_BYTES,
  MAX_GREETING,
  MAX_TEXT_BYTES,
  utf8Length,
} from './limits.ts'
import { Frame, Presence } from './wire/chat.ts'

/** What an envelope carries: a text, a friend request (text is its greeting), or an acceptance (text is empty). */
export type ContentKind = 'text' | 'request' | 'accept'

export interface ChatEnvelope {
  id: string
  conversationId: string
  sender: string
  hlc: HlcTimestamp
  kind: ContentKind
  text: string
}

export type ChatFrame =
  | { kind: 'envelope'; envelope: ChatEnvelope }
  | { kind: 'ack'; ids: string[] }
  | ({ kind: 'hello' } & Hello)
  | { kind: 'presence'; status: PeerStatus }
  | { kind: 'typing'; active: boolean }

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

const MAX_CONVERSATION_ID = 512

export function encodeFrame(frame: ChatFrame): Uint8Array {
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
    return Frame.encode({ version: CHAT_FRAME_VERSION, typing: { active: frame.active } })
  }
  if (frame.kind === 'hello') {
    const { kind: _, ...hello } = frame
    return Frame.encode({ version: CHAT_FRAME_VERSION, hello })
  }
  const { id, conversationId, sender, hlc, kind, text } = frame.envelope
  return Frame.encode({
    version: CHAT_FRAME_VERSION,
    envelope: {
      id,
      conversationId,
      sender,
      hlc: { wall: BigInt(hlc.wall), counter: hlc.counter },
      ...(kind === 'text' ? { text: { body: text } } : {}),
      ...(kind === 'request' ? { request: { greeting: text } } : {}),
      ...(kind === 'accept' ? { accept: {} } : {}),
    },
  })
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
  if (raw.envelope) return checkEnvelope(raw.envelope)
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
  if (raw.typing) return { ok: true, frame: { kind: 'typing', active: raw.typing.active } }
  return fail('invalid', 'frame has no body')
}

function checkEnvelope(env: NonNullable<Frame['envelope']>): DecodeResult {
  if (!isMessageId(env.id)) return fail('invalid', 'envelope id is not a ULID')
  if (!isPeerIdString(env.sender)) return fail('invalid', 'envelope sender is not a peer id')
  if (env.conversationId.length === 0 || env.conversationId.length > MAX_CONVERSATION_ID) {
    return fail('invalid', 'envelope conversation id is empty or too long')
  }
  if (!env.hlc || env.hlc.wall > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail('invalid', 'envelope has no usable clock reading')
  }
  const content = envelopeContent(env)
  if (!content.ok) return content
  return {
    ok: true,
    frame: {
      kind: 'envelope',
      envelope: {
        id: env.id,
        conversationId: env.conversationId,
        sender: env.sender,
        hlc: { wall: Number(env.hlc.wall), counter: env.hlc.counter },
        kind: content.kind,
        text: content.text,
      },
    },
  }
}

function envelopeContent(
  env: NonNullable<Frame['envelope']>,
): { ok: true; kind: ContentKind; text: string } | Failure {
  if (env.text) {
    if (utf8Length(env.text.body) > MAX_TEXT_BYTES) {
      return fail('too-large', `text exceeds ${MAX_TEXT_BYTES} bytes`)
    }
    return { ok: true, kind: 'text', text: env.text.body }
  }
  if (env.request) {
    if (env.request.greeting.length > MAX_GREETING) {
      return fail('too-large', `greeting exceeds ${MAX_GREETING} characters`)
    }
    return { ok: true, kind: 'request', text: env.request.greeting }
  }
  if (env.accept) return { ok: true, kind: 'accept', text: '' }
  // A content kind from a newer version is refused rather than stored half-understood.
  return fail('invalid', 'envelope has no content this version understands')
}

type Failure = Extract<DecodeResult, { ok: false }>

function fail(code: FrameErrorCode, reason: string): Failure {
  return { ok: false, error: { code, reason } }
}
