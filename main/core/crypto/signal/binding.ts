// The identity binding (see protocol/prekeys.ts for why there is one): signing
// ours with both keys, and checking a peer's, XEdDSA half included.
import type { PrivateKey as Libp2pKey } from '@libp2p/interface'
import { type IdentityKeyPair, PublicKey } from '@signalapp/libsignal-client'
import { bindingMessage, type IdentityBinding, peerSigned } from '../../../../protocol/prekeys.ts'

export async function signBinding(
  peerId: string,
  libp2pKey: Libp2pKey,
  identity: IdentityKeyPair,
): Promise<IdentityBinding> {
  const identityKey = identity.publicKey.serialize()
  const message = bindingMessage(peerId, identityKey)
  return {
    peerId,
    identityKey,
    // Copied: libp2p's sign() may return any view, protons wants an ArrayBuffer-backed array.
    peerSignature: new Uint8Array(await libp2pKey.sign(message)),
    identitySignature: identity.privateKey.sign(message),
  }
}

export type BindingCheck = { ok: true; identityKey: PublicKey } | { ok: false; reason: string }

/** Whether `binding` ties its identity key to `peer`, signed both ways. Never rejects. */
export async function checkBinding(binding: IdentityBinding, peer: string): Promise<BindingCheck> {
  if (binding.peerId !== peer) {
    return { ok: false, reason: `the identity binding is for ${binding.peerId}, not ${peer}` }
  }
  if (!(await peerSigned(binding))) {
    return { ok: false, reason: `the identity key is not signed by ${peer}'s key` }
  }
  try {
    const identityKey = PublicKey.deserialize(binding.identityKey)
    const message = bindingMessage(peer, binding.identityKey)
    if (identityKey.verify(message, binding.identitySignature)) return { ok: true, identityKey }
  } catch {
    // not a usable key: as bad as a wrong signature
  }
  return { ok: false, reason: `the identity key did not sign its binding to ${peer}` }
}
