// Signing and checking membership-log entries with libp2p keys: an entry's author
// is a peer id, and an Ed25519 peer id holds its public key, so checking needs
// nothing but the entry (protocol/group-entry.ts says why this key).
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import type { GroupSigner, GroupVerifier } from '../../../protocol/group-entry.ts'

export function groupSigner(key: PrivateKey): GroupSigner {
  return {
    peerId: peerIdFromPrivateKey(key).toString(),
    // Copied: libp2p's sign() may return any view, protons wants an ArrayBuffer-backed array.
    sign: async (message) => new Uint8Array(await key.sign(message)),
  }
}

export const verifyGroupEntry: GroupVerifier = async (peerId, message, signature) => {
  try {
    const { publicKey } = peerIdFromString(peerId)
    return publicKey !== undefined && (await publicKey.verify(message, signature))
  } catch {
    return false // not a key, or a signature of the wrong length: as bad as a wrong one
  }
}
