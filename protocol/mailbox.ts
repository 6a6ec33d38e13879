// The relay mailbox on the wire: the typed view of protocol/wire/mailbox.proto.
// Decoding never throws: bad bytes become a MailboxError with a reason, and every
// field is bounded.
//
// What the relay learns: for each item, its recipient, its size and when it came;
// the envelope is sealed by the sender for the recipient (the chat layer puts the
// sender's identity inside it), and the relay stores no depositor with the item.
// It still sees which peer id deposits, from which address and when, on the
// connection that carries the deposit, and could log that; see
// relay/mailbox/store.ts for what hides more.
import { peerIdFromString } from '@libp2p/peer-id'
import type { Uint8ArrayList } from 'uint8arraylist'
import { type Decoded, type DecodeError, decodeWire, fail } from './decode.ts'
import { ed25519PeerId } from './directory.ts'
import { isMessageId } from './ids.ts'
import { MAX_SIGNAL_CIPHERTEXT_BYTES } from './limits.ts'
import { MAX_BUNDLE_BYTES } from './prekeys.ts'
import {
  Letter as WireLetter,
  MailboxRequest as WireRequest,
  MailboxResponse as WireResponse,
} from './wire/mailbox.ts'

/** Largest envelope: a Signal ciphertext, sealed again with its sender inside. */
export const MAX_ENVELOPE_BYTES = MAX_SIGNAL_CIPHERTEXT_BYTES + 1024
/** Most ids one acknowledgement may carry (the wire format's limit too). */
export const MAX_ACK_IDS = 256
/** Most items, and most envelope bytes, in one page of a fetch. */
export const MAX_PAGE_ITEMS = 100
export const MAX_PAGE_BYTES = 1024 * 1024
/** Largest request: a deposit of the largest envelope, or a full acknowledgement. */
export const MAX_MAILBOX_REQUEST_BYTES = MAX_ENVELOPE_BYTES + 1024
/** Largest response: a full page and its framing (the largest envelope fits in any page). */
export const MAX_MAILBOX_RESPONSE_BYTES = MAX_PAGE_BYTES + 16 * 1024

export type MailboxStatus =
  | 'ok'
  | 'invalid'
  | 'rate-limited'
  | 'too-large'
  | 'over-quota'
  | 'unknown-recipient'

export type MailboxRequest =
  | { kind: 'deposit'; recipient: string; envelope: Uint8Array<ArrayBuffer> }
  | { kind: 'fetch'; after?: string; limit?: number }
  | { kind: 'ack'; ids: string[] }
  | { kind: 'publish-keys'; bundle: Uint8Array<ArrayBuffer> }
  | { kind: 'fetch-keys'; peer: string }

export interface MailItem {
  id: string
  envelope: Uint8Array<ArrayBuffer>
  /** When the relay stored it, in ms since 1970. */
  storedAt: number
}

export interface MailboxResponse {
  status: MailboxStatus
  /** Why a request was refused, for humans; empty on success. */
  reason: string
  /** Deposit: the stored item's id. */
  id?: string
  /** Fetch: a page, and whether more follow. */
  items?: MailItem[]
  more?: boolean
  /** Ack: how many items went. */
  deleted?: number
  /** FetchKeys: the peer's published prekey bundle. */
  bundle?: Uint8Array<ArrayBuffer>
}

/** A deposit's envelope once opened by its recipient: who sent it, and the Signal ciphertext. */
export interface Letter {
  sender: string
  ciphertext: Uint8Array<ArrayBuffer>
}

export type MailboxError = DecodeError

type Result<T> = Decoded<T>

const STATUS = {
  ok: WireResponse.Status.OK,
  invalid: WireResponse.Status.INVALID,
  'rate-limited': WireResponse.Status.RATE_LIMITED,
  'too-large': WireResponse.Status.TOO_LARGE,
  'over-quota': WireResponse.Status.OVER_QUOTA,
  'unknown-recipient': WireResponse.Status.UNKNOWN_RECIPIENT,
} as const satisfies Record<MailboxStatus, WireResponse.Status>

const STATUS_OF = new Map<WireResponse.Status, MailboxStatus>(
  Object.entries(STATUS).map(([name, wire]) => [wire, name as MailboxStatus]),
)

/** A refusal: the status says what kind, the reason says why, for humans. */
export function refusal(status: Exclude<MailboxStatus, 'ok'>, reason: string): MailboxResponse {
  return { status, reason }
}

export function encodeRequest(request: MailboxRequest): Uint8Array {
  if (request.kind === 'deposit') {
    const recipient = peerIdFromString(request.recipient).toMultihash().bytes
    return WireRequest.encode({ deposit: { recipient, envelope: request.envelope } })
  }
  if (request.kind === 'fetch') {
    return WireRequest.encode({ fetch: { after: request.after ?? '', limit: request.limit ?? 0 } })
  }
  if (request.kind === 'publish-keys') {
    return WireRequest.encode({ publishKeys: { bundle: request.bundle } })
  }
  if (request.kind === 'fetch-keys') {
    return WireRequest.encode({
      fetchKeys: { peer: peerIdFromString(request.peer).toMultihash().bytes },
    })
  }
  return WireRequest.encode({ ack: { ids: request.ids } })
}

export function decodeRequest(
  bytes: Uint8Array | Uint8ArrayList,
): Result<{ request: MailboxRequest }> {
  const decoded = decodeWire(
    bytes,
    MAX_MAILBOX_REQUEST_BYTES,
    'request',
    (b) => WireRequest.decode(b),
    `an acknowledgement carries at most ${MAX_ACK_IDS} ids`,
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  if (wire.deposit) {
    const recipient = ed25519PeerId(wire.deposit.recipient)
    if (recipient === undefined) return fail('invalid', 'the recipient is not an Ed25519 peer id')
    const { envelope } = wire.deposit
    if (envelope.byteLength === 0) return fail('invalid', 'the envelope is empty')
    if (envelope.byteLength > MAX_ENVELOPE_BYTES) {
      return fail('too-large', `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`)
    }
    return { ok: true, request: { kind: 'deposit', recipient, envelope } }
  }
  if (wire.fetch) {
    const { after, limit } = wire.fetch
    if (after !== '' && !isMessageId(after)) return fail('invalid', 'fetch after an invalid id')
    const request: MailboxRequest = { kind: 'fetch' }
    if (after !== '') request.after = after
    if (limit !== 0) request.limit = Math.min(limit, MAX_PAGE_ITEMS)
    return { ok: true, request }
  }
  if (wire.ack) {
    if (!wire.ack.ids.every(isMessageId)) return fail('invalid', 'acknowledges an invalid id')
    return { ok: true, request: { kind: 'ack', ids: wire.ack.ids } }
  }
  if (wire.publishKeys) {
    const { bundle } = wire.publishKeys
    if (bundle.byteLength === 0 || bundle.byteLength > MAX_BUNDLE_BYTES) {
      return fail('invalid', `a bundle has 1 to ${MAX_BUNDLE_BYTES} bytes`)
    }
    return { ok: true, request: { kind: 'publish-keys', bundle } }
  }
  if (wire.fetchKeys) {
    const peer = ed25519PeerId(wire.fetchKeys.peer)
    if (peer === undefined) return fail('invalid', 'the peer is not an Ed25519 peer id')
    return { ok: true, request: { kind: 'fetch-keys', peer } }
  }
  return fail('invalid', 'request has no body')
}

export function encodeResponse(response: MailboxResponse): Uint8Array {
  return WireResponse.encode({
    status: STATUS[response.status],
    reason: response.reason,
    id: response.id ?? '',
    items: (response.items ?? []).map((item) => ({ ...item, storedAt: BigInt(item.storedAt) })),
    more: response.more ?? false,
    deleted: response.deleted ?? 0,
    bundle: response.bundle ?? new Uint8Array(0),
  })
}

export function decodeResponse(
  bytes: Uint8Array | Uint8ArrayList,
): Result<{ response: MailboxResponse }> {
  const decoded = decodeWire(bytes, MAX_MAILBOX_RESPONSE_BYTES, 'response', (b) =>
    WireResponse.decode(b),
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  const status = STATUS_OF.get(wire.status)
  if (status === undefined) return fail('invalid', 'response has no status')
  const items: MailItem[] = []
  for (const item of wire.items) {
    if (!isMessageId(item.id)) return fail('invalid', 'response carries an invalid item id')
    if (
      item.envelope.byteLength > MAX_ENVELOPE_BYTES ||
      item.storedAt > BigInt(Number.MAX_SAFE_INTEGER)
    ) {
      return fail('invalid', 'response carries an unusable item')
    }
    items.push({ id: item.id, envelope: item.envelope, storedAt: Number(item.storedAt) })
  }
  if (wire.id !== '' && !isMessageId(wire.id))
    return fail('invalid', 'response carries an invalid id')
  const response: MailboxResponse = { status, reason: wire.reason }
  if (wire.id !== '') response.id = wire.id
  if (items.length > 0) response.items = items
  if (wire.more) response.more = true
  if (wire.deleted !== 0) response.deleted = wire.deleted
  if (wire.bundle.byteLength > MAX_BUNDLE_BYTES) return fail('invalid', 'the bundle is too large')
  if (wire.bundle.byteLength > 0) response.bundle = wire.bundle
  return { ok: true, response }
}

/** Letter bytes, which the sender then seals to the recipient's identity key. */
export function encodeLetter(letter: Letter): Uint8Array<ArrayBuffer> {
  const sender = peerIdFromString(letter.sender).toMultihash().bytes
  return WireLetter.encode({ sender, ciphertext: letter.ciphertext }) as Uint8Array<ArrayBuffer>
}

export function decodeLetter(bytes: Uint8Array): Result<{ letter: Letter }> {
  const decoded = decodeWire(bytes, MAX_ENVELOPE_BYTES, 'letter', (b) => WireLetter.decode(b))
  if (!decoded.ok) return decoded
  const sender = ed25519PeerId(decoded.wire.sender)
  if (sender === undefined) return fail('invalid', 'the letter names no Ed25519 sender')
  const { ciphertext } = decoded.wire
  if (ciphertext.byteLength === 0 || ciphertext.byteLength > MAX_SIGNAL_CIPHERTEXT_BYTES) {
    return fail('invalid', `a letter's ciphertext has 1 to ${MAX_SIGNAL_CIPHERTEXT_BYTES} bytes`)
  }
  return { ok: true, letter: { sender, ciphertext } }
}
