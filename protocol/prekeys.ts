// Signal prekey bundles and ciphertexts on the wire: the typed view of
// protocol/wire/prekeys.proto. Decoding never throws: bad bytes become a
// PrekeyError with a reason. Decoding checks shapes and sizes and the libp2p
// half of an identity binding (Ed25519, pure JS); what only libsignal can check
// (the XEdDSA signatures) is checked in main/core/crypto/signal.
//
// Why a binding: a libp2p peer id is an Ed25519 key, while Signal's identity is a
// Curve25519 key used with XEdDSA. Rather than convert one key into the other (one
// key for two protocols, and libsignal takes no Ed25519 key), each profile keeps a
// separate Signal identity key, and the two keys sign each other's claim: the
// libp2p key says "this identity key is mine", and the identity key says "I belong
// to this peer id". A bundle or a session-opening message from the mailbox, where
// no Noise handshake proves who sent it, is thus tied to a peer id.
import { peerIdFromString } from '@libp2p/peer-id'
import type { Uint8ArrayList } from 'uint8arraylist'
import { type Decoded, type DecodeError, decodeWire, fail } from './decode.ts'
import { ed25519PeerId } from './directory.ts'
import { MAX_SIGNAL_CIPHERTEXT_BYTES } from './limits.ts'
import {
  type IdentityBinding as WireBinding,
  PreKeyBundle as WireBundle,
  SignalCiphertext as WireCiphertext,
} from './wire/prekeys.ts'

/** libsignal's serialised Curve25519 public key: a type byte (5) and 32 bytes. */
export const EC_KEY_BYTES = 33
/** libsignal's serialised ML-KEM-1024 (Kyber) public key: a type byte (8) and 1568 bytes. */
export const KYBER_KEY_BYTES = 1569
/** Ed25519 and XEdDSA signatures alike. */
export const SIGNATURE_BYTES = 64
/** Prekey ids are 24-bit, as Signal's; 0 means none. */
export const MAX_PREKEY_ID = 0xff_ffff
/** Registration ids are 14-bit, as Signal's. */
export const MAX_REGISTRATION_ID = 0x3fff
/** Largest encoded bundle: the keys above and their framing, with room to spare. */
export const MAX_BUNDLE_BYTES = 4096

const EC_KEY_TYPE = 5
const KYBER_KEY_TYPE = 8
const BINDING_DOMAIN = new TextEncoder().encode('parley-signal-binding-v1')

export interface IdentityBinding {
  /** An Ed25519 peer id. */
  peerId: string
  identityKey: Uint8Array<ArrayBuffer>
  peerSignature: Uint8Array<ArrayBuffer>
  identitySignature: Uint8Array<ArrayBuffer>
}

export interface SignedPreKey {
  id: number
  publicKey: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export interface PreKeyBundle {
  binding: IdentityBinding
  registrationId: number
  signedPreKey: SignedPreKey
  kyberPreKey: SignedPreKey
  preKey?: { id: number; publicKey: Uint8Array<ArrayBuffer> }
}

export type SignalCiphertext =
  | { type: 'prekey'; body: Uint8Array<ArrayBuffer>; binding: IdentityBinding }
  | { type: 'whisper'; body: Uint8Array<ArrayBuffer> }

export type PrekeyError = DecodeError

type Result<T> = Decoded<T>

/** The bytes both keys of a binding sign. */
export function bindingMessage(peerId: string, identityKey: Uint8Array): Uint8Array<ArrayBuffer> {
  const id = peerIdFromString(peerId).toMultihash().bytes
  const out = new Uint8Array(BINDING_DOMAIN.byteLength + id.byteLength + identityKey.byteLength)
  out.set(BINDING_DOMAIN)
  out.set(id, BINDING_DOMAIN.byteLength)
  out.set(identityKey, BINDING_DOMAIN.byteLength + id.byteLength)
  return out
}

/** Whether the peer id's own key signed the binding. Never rejects. */
export async function peerSigned(binding: IdentityBinding): Promise<boolean> {
  try {
    const { publicKey } = peerIdFromString(binding.peerId)
    const message = bindingMessage(binding.peerId, binding.identityKey)
    return publicKey !== undefined && (await publicKey.verify(message, binding.peerSignature))
  } catch {
    return false
  }
}

export function encodeBundle(bundle: PreKeyBundle): Uint8Array<ArrayBuffer> {
  return WireBundle.encode({ ...bundle, binding: wireBinding(bundle.binding) })
}

export function decodeBundle(bytes: Uint8Array | Uint8ArrayList): Result<{ bundle: PreKeyBundle }> {
  const decoded = decodeWire(bytes, MAX_BUNDLE_BYTES, 'bundle', (b) => WireBundle.decode(b))
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  const binding = readBinding(wire.binding)
  if (!binding.ok) return binding
  if (wire.registrationId < 1 || wire.registrationId > MAX_REGISTRATION_ID) {
    return fail('invalid', 'bundle registration id is out of range')
  }
  const signedPreKey = readSignedKey('signed prekey', wire.signedPreKey, EC_KEY_TYPE, EC_KEY_BYTES)
  if (!signedPreKey.ok) return signedPreKey
  const kyberPreKey = readSignedKey(
    'Kyber prekey',
    wire.kyberPreKey,
    KYBER_KEY_TYPE,
    KYBER_KEY_BYTES,
  )
  if (!kyberPreKey.ok) return kyberPreKey
  const bundle: PreKeyBundle = {
    binding: binding.binding,
    registrationId: wire.registrationId,
    signedPreKey: signedPreKey.key,
    kyberPreKey: kyberPreKey.key,
  }
  if (wire.preKey) {
    const { id, publicKey } = wire.preKey
    if (!isPrekeyId(id)) return fail('invalid', 'one-time prekey id is out of range')
    if (!isKey(publicKey, EC_KEY_TYPE, EC_KEY_BYTES)) {
      return fail('invalid', 'one-time prekey is not a Curve25519 key')
    }
    bundle.preKey = { id, publicKey }
  }
  return { ok: true, bundle }
}

export function encodeCiphertext(ciphertext: SignalCiphertext): Uint8Array<ArrayBuffer> {
  if (ciphertext.type === 'whisper') {
    return WireCiphertext.encode({ type: WireCiphertext.Type.WHISPER, body: ciphertext.body })
  }
  return WireCiphertext.encode({
    type: WireCiphertext.Type.PREKEY,
    body: ciphertext.body,
    binding: wireBinding(ciphertext.binding),
  })
}

export function decodeCiphertext(
  bytes: Uint8Array | Uint8ArrayList,
): Result<{ ciphertext: SignalCiphertext }> {
  const decoded = decodeWire(bytes, MAX_SIGNAL_CIPHERTEXT_BYTES, 'ciphertext', (b) =>
    WireCiphertext.decode(b),
  )
  if (!decoded.ok) return decoded
  const wire = decoded.wire
  if (wire.body.byteLength === 0) return fail('invalid', 'ciphertext has no body')
  if (wire.type === WireCiphertext.Type.WHISPER) {
    if (wire.binding) return fail('invalid', 'only a session-opening message carries a binding')
    return { ok: true, ciphertext: { type: 'whisper', body: wire.body } }
  }
  if (wire.type !== WireCiphertext.Type.PREKEY) return fail('invalid', 'ciphertext has no type')
  const binding = readBinding(wire.binding)
  if (!binding.ok) return binding
  return { ok: true, ciphertext: { type: 'prekey', body: wire.body, binding: binding.binding } }
}

function readBinding(wire: WireBinding | undefined): Result<{ binding: IdentityBinding }> {
  if (!wire) return fail('invalid', 'no identity binding')
  const peerId = ed25519PeerId(wire.peerId)
  if (peerId === undefined) return fail('invalid', 'binding peer id is not an Ed25519 peer id')
  if (!isKey(wire.identityKey, EC_KEY_TYPE, EC_KEY_BYTES)) {
    return fail('invalid', 'binding identity key is not a Curve25519 key')
  }
  if (
    wire.peerSignature.byteLength !== SIGNATURE_BYTES ||
    wire.identitySignature.byteLength !== SIGNATURE_BYTES
  ) {
    return fail('invalid', `binding signatures must be ${SIGNATURE_BYTES} bytes`)
  }
  return { ok: true, binding: { ...wire, peerId } }
}

function readSignedKey(
  name: string,
  wire: SignedPreKey | undefined,
  type: number,
  length: number,
): Result<{ key: SignedPreKey }> {
  if (!wire) return fail('invalid', `bundle has no ${name}`)
  if (!isPrekeyId(wire.id)) return fail('invalid', `${name} id is out of range`)
  if (!isKey(wire.publicKey, type, length)) return fail('invalid', `${name} is malformed`)
  if (wire.signature.byteLength !== SIGNATURE_BYTES) {
    return fail('invalid', `${name} signature must be ${SIGNATURE_BYTES} bytes`)
  }
  return { ok: true, key: wire }
}

function wireBinding(binding: IdentityBinding): WireBinding {
  return { ...binding, peerId: peerIdFromString(binding.peerId).toMultihash().bytes }
}

function isKey(bytes: Uint8Array, type: number, length: number): boolean {
  return bytes.byteLength === length && bytes[0] === type
}

function isPrekeyId(id: number): boolean {
  return id >= 1 && id <= MAX_PREKEY_ID
}
