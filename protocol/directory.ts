// The relay's handle directory on the wire: the typed view of
// protocol/wire/directory.proto. A record is signed by its owner's Ed25519 key over
// a domain-separated encoding, so that a relay cannot forge one and no other
// signed Parley or libp2p message can pass for one. Decoding never throws: bad
// bytes become a DirectoryError with a reason.
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { base58btc } from 'multiformats/bases/base58'
import type { Uint8ArrayList } from 'uint8arraylist'
import { type Decoded, type DecodeError, decodeWire, fail } from './decode.ts'
import { normaliseHandle } from './handle.ts'
import { isDisplayName, MAX_MULTIADDR_LENGTH } from './limits.ts'
import {
  type SignedRecord,
  DirectoryRecord as WireRecord,
  DirectoryRequest as WireRequest,
  DirectoryResponse as WireResponse,
} from './wire/directory.ts'

export type { SignedRecord }

/** Largest encoded record, before its signature. */
export const MAX_RECORD_BYTES = 4096
export const MAX_RECORD_ADDRESSES = 8
/** Largest request or response: a signed record and its framing. */
export const MAX_DIRECTORY_MESSAGE_BYTES = MAX_RECORD_BYTES + 256

const SIGNING_DOMAIN = new TextEncoder().encode('parley-directory-v1')

export interface DirectoryRecord {
  /** Normalised (protocol/handle.ts). */
  handle: string
  peerId: string
  addresses: string[]
  displayName: string
  /** Grows with every claim by the same owner. */
  seq: number
}

export type DirectoryStatus =
  | 'ok'
  | 'not-found'
  | 'taken'
  | 'invalid'
  | 'forbidden'
  | 'rate-limited'
  | 'too-large'
  | 'stale'

export type DirectoryRequest =
  | { kind: 'claim'; signed: SignedRecord }
  | { kind: 'lookup'; handle: string }
  | { kind: 'release'; handle: string }

export interface DirectoryResponse {
  status: DirectoryStatus
  /** Why a request was refused, for humans; empty on success. */
  reason: string
  /** The record a lookup found. */
  record?: SignedRecord
}

export type DirectoryError = DecodeError

type Result<T> = Decoded<T>

const STATUS = {
  ok: WireResponse.Status.OK,
  'not-found': WireResponse.Status.NOT_FOUND,
  taken: WireResponse.Status.TAKEN,
  invalid: WireResponse.Status.INVALID,
  forbidden: WireResponse.Status.FORBIDDEN,
  'rate-limited': WireResponse.Status.RATE_LIMITED,
  'too-large': WireResponse.Status.TOO_LARGE,
  stale: WireResponse.Status.STALE,
} as const satisfies Record<DirectoryStatus, WireResponse.Status>

const STATUS_OF = new Map<WireResponse.Status, DirectoryStatus>(
  Object.entries(STATUS).map(([name, wire]) => [wire, name as DirectoryStatus]),
)

/** Encodes and signs `record` with its owner's key (the key of `record.peerId`). */
export async function signRecord(
  record: DirectoryRecord,
  privateKey: PrivateKey,
): Promise<SignedRecord> {
  const bytes = WireRecord.encode({
    handle: record.handle,
    peerId: peerIdFromString(record.peerId).toMultihash().bytes,
    addresses: record.addresses.map((a) => multiaddr(a).bytes),
    displayName: record.displayName,
    seq: BigInt(record.seq),
  })
  // Copied: protons wants an ArrayBuffer-backed array, sign() may return any view.
  return { record: bytes, signature: new Uint8Array(await privateKey.sign(signedBytes(bytes))) }
}

/** Decodes and checks a record, without its signature: for records already verified. */
export function readRecord(signed: SignedRecord): Result<{ record: DirectoryRecord }> {
  // protons refuses too many addresses before the list is built.
  const decoded = decodeWire(
    signed.record,
    MAX_RECORD_BYTES,
    'record',
    (b) => WireRecord.decode(b),
    `a record holds at most ${MAX_RECORD_ADDRESSES} addresses`,
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  const handle = normaliseHandle(wire.handle)
  if (!handle.ok) return fail('invalid', handle.reason)
  if (handle.handle !== wire.handle) {
    return fail('invalid', `handle '${wire.handle}' is not in normal form ('${handle.handle}')`)
  }
  const peerId = ed25519PeerId(wire.peerId)
  if (peerId === undefined) return fail('invalid', 'record peer id is not an Ed25519 peer id')
  const addresses: string[] = []
  for (const bytes of wire.addresses) {
    const addr = multiaddrText(bytes)
    if (addr === undefined) return fail('invalid', 'record carries an unusable address')
    addresses.push(addr)
  }
  if (!isDisplayName(wire.displayName)) {
    return fail('invalid', 'record carries an unusable display name')
  }
  if (wire.seq < 1n || wire.seq > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail('invalid', 'record sequence number is out of range')
  }
  const record = { handle: wire.handle, peerId, addresses, displayName: wire.displayName }
  return { ok: true, record: { ...record, seq: Number(wire.seq) } }
}

/** Decodes and checks a record, and verifies that its owner signed it. Never rejects. */
export async function openRecord(
  signed: SignedRecord,
): Promise<Result<{ record: DirectoryRecord }>> {
  const read = readRecord(signed)
  if (!read.ok) return read
  const { publicKey } = peerIdFromString(read.record.peerId)
  let valid = false
  try {
    valid =
      publicKey !== undefined &&
      (await publicKey.verify(signedBytes(signed.record), signed.signature))
  } catch {
    // a signature of the wrong length: as good as a wrong one
  }
  if (!valid) return fail('invalid', `record is not signed by ${read.record.peerId}`)
  return read
}

/** A refusal: the status says what kind, the reason says why, for humans. */
export function refusal(status: Exclude<DirectoryStatus, 'ok'>, reason: string): DirectoryResponse {
  return { status, reason }
}

export function encodeRequest(request: DirectoryRequest): Uint8Array {
  if (request.kind === 'claim') return WireRequest.encode({ claim: request.signed })
  if (request.kind === 'lookup') return WireRequest.encode({ lookup: { handle: request.handle } })
  return WireRequest.encode({ release: { handle: request.handle } })
}

export function decodeRequest(
  bytes: Uint8Array | Uint8ArrayList,
): Result<{ request: DirectoryRequest }> {
  const decoded = decodeWire(bytes, MAX_DIRECTORY_MESSAGE_BYTES, 'request', (b) =>
    WireRequest.decode(b),
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  if (wire.claim) return { ok: true, request: { kind: 'claim', signed: wire.claim } }
  if (wire.lookup) return { ok: true, request: { kind: 'lookup', handle: wire.lookup.handle } }
  if (wire.release) return { ok: true, request: { kind: 'release', handle: wire.release.handle } }
  return fail('invalid', 'request has no body')
}

export function encodeResponse(response: DirectoryResponse): Uint8Array {
  return WireResponse.encode({ ...response, status: STATUS[response.status] })
}

export function decodeResponse(
  bytes: Uint8Array | Uint8ArrayList,
): Result<{ response: DirectoryResponse }> {
  const decoded = decodeWire(bytes, MAX_DIRECTORY_MESSAGE_BYTES, 'response', (b) =>
    WireResponse.decode(b),
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  const status = STATUS_OF.get(wire.status)
  if (status === undefined) return fail('invalid', 'response has no status')
  const response: DirectoryResponse = { status, reason: wire.reason }
  if (wire.record) response.record = wire.record
  return { ok: true, response }
}

function signedBytes(record: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIGNING_DOMAIN.byteLength + record.byteLength)
  out.set(SIGNING_DOMAIN)
  out.set(record, SIGNING_DOMAIN.byteLength)
  return out
}

/** The Ed25519 peer id in multihash `bytes`, or undefined if they are not one. */
export function ed25519PeerId(bytes: Uint8Array): string | undefined {
  try {
    // A peer id's text form is the base58btc of its multihash; parsing it validates it.
    const id = peerIdFromString(base58btc.baseEncode(bytes))
    return id.type === 'Ed25519' ? id.toString() : undefined
  } catch {
    return undefined
  }
}

function multiaddrText(bytes: Uint8Array): string | undefined {
  try {
    const text = multiaddr(bytes).toString()
    return text.length <= MAX_MULTIADDR_LENGTH ? text : undefined
  } catch {
    return undefined
  }
}
