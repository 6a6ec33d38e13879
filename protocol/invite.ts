// Invite codes: `parley:` plus base32 of a small protobuf (peer id, display name,
// relays) and a 4-byte checksum, so that a truncated or mistyped code is caught
// and named as such rather than half-read. The same text goes into the QR code.
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { sha256 } from '@noble/hashes/sha2.js'
import { base32 } from 'multiformats/bases/base32'
import { base58btc } from 'multiformats/bases/base58'
import { Invite as WireInvite } from './wire/invite.ts'

export const INVITE_PREFIX = 'parley:'
export const MAX_INVITE_LENGTH = 2048
export const MAX_INVITE_RELAYS = 8
const CHECKSUM_BYTES = 4

export interface Invite {
  peerId: string
  displayName: string
  /** Relay multiaddrs, each ending in /p2p/<relay id>. */
  relays: string[]
}

export type InviteResult = { ok: true; invite: Invite } | { ok: false; reason: string }

export function encodeInvite(invite: Invite): string {
  const payload = WireInvite.encode({
    peerId: peerIdFromString(invite.peerId).toMultihash().bytes,
    displayName: invite.displayName,
    relays: invite.relays.slice(0, MAX_INVITE_RELAYS).map((r) => multiaddr(r).bytes),
  })
  const sealed = new Uint8Array(payload.length + CHECKSUM_BYTES)
  sealed.set(payload)
  sealed.set(checksum(payload), payload.length)
  return INVITE_PREFIX + base32.baseEncode(sealed)
}

export function decodeInvite(text: string): InviteResult {
  const code = text.trim()
  if (code.length > MAX_INVITE_LENGTH) return fail('the invite code is too long')
  if (!code.toLowerCase().startsWith(INVITE_PREFIX)) {
    return fail(`this is not a Parley invite code (it starts with "${INVITE_PREFIX}")`)
  }
  const body = code.slice(INVITE_PREFIX.length).toLowerCase()
  if (!/^[a-z2-7]+$/.test(body))
    return fail('the invite code contains characters that do not belong in it')
  const incomplete = 'the invite code is incomplete or mistyped: copy it again in full'
  let sealed: Uint8Array
  try {
    sealed = base32.baseDecode(body)
  } catch {
    return fail(incomplete) // a cut-off code can leave a partial base32 group
  }
  if (sealed.length <= CHECKSUM_BYTES) return fail(incomplete)
  const payload = sealed.subarray(0, -CHECKSUM_BYTES)
  if (!equal(sealed.subarray(-CHECKSUM_BYTES), checksum(payload))) return fail(incomplete)
  try {
    const wire = WireInvite.decode(payload, { limits: { relays: MAX_INVITE_RELAYS } })
    // A peer id's text form is the base58btc of its multihash; parsing it validates it.
    const peerId = peerIdFromString(base58btc.baseEncode(wire.peerId)).toString()
    const relays = wire.relays.map((bytes) => multiaddr(bytes).toString())
    return { ok: true, invite: { peerId, displayName: wire.displayName, relays } }
  } catch {
    return fail('the invite code is damaged')
  }
}

function checksum(payload: Uint8Array): Uint8Array {
  return sha256(payload).subarray(0, CHECKSUM_BYTES)
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

function fail(reason: string): InviteResult {
  return { ok: false, reason }
}
