import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_SIGNAL_CIPHERTEXT_BYTES } from './limits.ts'
import {
  bindingMessage,
  decodeBundle,
  decodeCiphertext,
  EC_KEY_BYTES,
  encodeBundle,
  encodeCiphertext,
  type IdentityBinding,
  KYBER_KEY_BYTES,
  MAX_BUNDLE_BYTES,
  type PreKeyBundle,
  peerSigned,
  SIGNATURE_BYTES,
} from './prekeys.ts'
import {
  type IdentityBinding as WireBinding,
  PreKeyBundle as WireBundle,
  SignalCiphertext as WireCiphertext,
} from './wire/prekeys.ts'

let alice: PrivateKey
let mallory: PrivateKey
let binding: IdentityBinding
let bundle: PreKeyBundle

/** Random bytes shaped like a libsignal key: its type byte, then the key. */
function key(type: number, length: number): Uint8Array<ArrayBuffer> {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  bytes[0] = type
  return bytes
}

const signature = () => crypto.getRandomValues(new Uint8Array(SIGNATURE_BYTES))

beforeAll(async () => {
  alice = await generateKeyPair('Ed25519')
  mallory = await generateKeyPair('Ed25519')
  const peerId = peerIdFromPrivateKey(alice).toString()
  const identityKey = key(5, EC_KEY_BYTES)
  binding = {
    peerId,
    identityKey,
    peerSignature: new Uint8Array(await alice.sign(bindingMessage(peerId, identityKey))),
    // The XEdDSA half is libsignal's to check (main/core/crypto/signal): any 64 bytes do here.
    identitySignature: signature(),
  }
  bundle = {
    binding,
    registrationId: 4242,
    signedPreKey: { id: 7, publicKey: key(5, EC_KEY_BYTES), signature: signature() },
    kyberPreKey: { id: 8, publicKey: key(8, KYBER_KEY_BYTES), signature: signature() },
    preKey: { id: 9, publicKey: key(5, EC_KEY_BYTES) },
  }
})

describe('prekey bundles', () => {
  it('round-trip, with and without a one-time prekey', () => {
    expect(decodeBundle(encodeBundle(bundle))).toEqual({ ok: true, bundle })
    const { preKey: _, ...published } = bundle
    expect(decodeBundle(encodeBundle(published))).toEqual({ ok: true, bundle: published })
    expect(encodeBundle(bundle).byteLength).toBeLessThan(MAX_BUNDLE_BYTES)
  })

  it('carry a binding that only the peer id’s own key can sign', async () => {
    expect(await peerSigned(binding)).toBe(true)
    const identityKey = key(5, EC_KEY_BYTES)
    expect(await peerSigned({ ...binding, identityKey })).toBe(false)
    const forged = new Uint8Array(await mallory.sign(bindingMessage(binding.peerId, identityKey)))
    expect(await peerSigned({ ...binding, identityKey, peerSignature: forged })).toBe(false)
    const malloryId = peerIdFromPrivateKey(mallory).toString()
    expect(await peerSigned({ ...binding, peerId: malloryId })).toBe(false)
  })

  it.each([
    ['a registration id of 0', { registrationId: 0 }, /registration id/],
    ['no signed prekey', { signedPreKey: undefined }, /no signed prekey/],
    [
      'a Kyber key for a signed prekey',
      { signedPreKey: { id: 1, publicKey: key(8, KYBER_KEY_BYTES), signature: signature() } },
      /signed prekey is malformed/,
    ],
    [
      'a short Kyber key',
      { kyberPreKey: { id: 1, publicKey: key(8, 1000), signature: signature() } },
      /Kyber prekey is malformed/,
    ],
    [
      'a prekey id of 0',
      { preKey: { id: 0, publicKey: key(5, EC_KEY_BYTES) } },
      /id is out of range/,
    ],
    [
      'a truncated signature',
      { kyberPreKey: { id: 1, publicKey: key(8, KYBER_KEY_BYTES), signature: new Uint8Array(63) } },
      /signature must be 64 bytes/,
    ],
  ])('are refused with %s', (_, change, reason) => {
    const result = decodeBundle(encodeBundle({ ...bundle, ...change } as PreKeyBundle))
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid', reason: expect.stringMatching(reason) },
    })
  })

  it('are refused when the binding is malformed, or when oversized', () => {
    const wire = (change: Partial<WireBinding>) =>
      WireBundle.encode({
        ...bundle,
        binding: { ...binding, peerId: peerIdFromPrivateKey(alice).toMultihash().bytes, ...change },
      })
    expect(decodeBundle(wire({ peerId: new Uint8Array([0, 1, 2]) }))).toMatchObject({
      ok: false,
      error: { reason: expect.stringMatching(/not an Ed25519 peer id/) },
    })
    expect(decodeBundle(wire({ identityKey: key(5, 32) }))).toMatchObject({
      ok: false,
      error: { reason: expect.stringMatching(/identity key is not a Curve25519 key/) },
    })
    expect(decodeBundle(WireBundle.encode({ ...bundle, binding: undefined }))).toMatchObject({
      ok: false,
      error: { reason: 'no identity binding' },
    })
    const oversized = new Uint8Array(MAX_BUNDLE_BYTES + 1)
    expect(decodeBundle(oversized)).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('never throw on arbitrary or mutated bytes (fuzz)', () => {
    const valid = encodeBundle(bundle)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(typeof decodeBundle(bytes).ok).toBe('boolean')
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.byteLength - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(valid.byteLength),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(cut, valid.byteLength - 64))
          for (const [at, value] of edits) if (at < bytes.byteLength) bytes[at] = value
          const result = decodeBundle(bytes)
          // Whatever gets through still has the shapes libsignal expects.
          if (result.ok) {
            expect(result.bundle.binding.identityKey.byteLength).toBe(EC_KEY_BYTES)
            expect(result.bundle.kyberPreKey.publicKey.byteLength).toBe(KYBER_KEY_BYTES)
            expect(result.bundle.signedPreKey.signature.byteLength).toBe(SIGNATURE_BYTES)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('Signal ciphertexts', () => {
  it('round-trip; only a session opening carries a binding', () => {
    const body = new Uint8Array([0x44, 1, 2, 3])
    const opening = { type: 'prekey', body, binding } as const
    expect(decodeCiphertext(encodeCiphertext(opening))).toEqual({ ok: true, ciphertext: opening })
    const whisper = { type: 'whisper', body } as const
    expect(decodeCiphertext(encodeCiphertext(whisper))).toEqual({ ok: true, ciphertext: whisper })
    const unbound = WireCiphertext.encode({ type: WireCiphertext.Type.PREKEY, body })
    expect(decodeCiphertext(unbound)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(decodeCiphertext(new Uint8Array(MAX_SIGNAL_CIPHERTEXT_BYTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
  })

  it('never throw on arbitrary bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        expect(typeof decodeCiphertext(bytes).ok).toBe('boolean')
      }),
      { numRuns: 2000 },
    )
  })
})
