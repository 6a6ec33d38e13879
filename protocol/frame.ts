// Chat frames: the typed view of protocol/wire/chat.proto. Decoding never throws:
// a peer's bad bytes become a FrameError that the network layer logs and answers
// with a stream reset.
import type { Uint8ArrayList } from 'uint8arraylist'
import type { HlcTimestamp } from './hlc.ts'
import { CHAT_FRAME_VERSION, isMessageId, isPeerIdString } from './ids.ts'
import {
  isDisplayName,
  MAX_ACK_IDS,
  MAX_FRAME_BYTES,
  MAX_TEXT_BYTES,
  utf8Length,
} from './limits.ts'
import { Frame, Presence } from './wire/chat.ts'

export interface ChatEnvelope {
  id: string
  conversationId: string
  sender: string
  hlc: HlcTimestamp
  text: string
}

export type ChatFrame =
  | { kind: 'envelope'; envelope: ChatEnvelope }
  | { kind: 'ack'; ids: string[] }
  | { kind: 'hello'; displayName: string }
  | { kind: 'presence'; status: PeerStatus }
  | { kind: 'typing'; active: boolean }

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
    return Frame.encode({ version: CHAT_FRAME_VERSION, hello: { displayName: frame.displayName } })
  }
  const { id, conversationId, sender, hlc, text } = frame.envelope
  return Frame.encode({
    version: CHAT_FRAME_VERSION,
    envelope: {
      id,
      conversationId,
      sender,
      hlc: { wall: BigInt(hlc.wall), counter: hlc.counter },
      text: { body: text },
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
    const name = raw.hello.displayName
    if (!isDisplayName(name)) {
      return fail('invalid', 'hello carries an unusable display name')
    }
    return { ok: true, frame: { kind: 'hello', displayName: name } }
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
  // A content kind from a newer version is refused rather than stored half-understood.
  if (!env.text) return fail('invalid', 'envelope has no content this version understands')
  if (utf8Length(env.text.body) > MAX_TEXT_BYTES) {
    return fail('too-large', `text exceeds ${MAX_TEXT_BYTES} bytes`)
  }
  return {
    ok: true,
    frame: {
      kind: 'envelope',
      envelope: {
        id: env.id,
        conversationId: env.conversationId,
        sender: env.sender,
        hlc: { wall: Number(env.hlc.wall), counter: env.hlc.counter },
        text: env.text.body,
      },
    },
  }
}

function fail(code: FrameErrorCode, reason: string): DecodeResult {
  return { ok: false, error: { code, reason } }
}
