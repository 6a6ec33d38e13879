// A profile's data key: AES-256-GCM over every value stored at rest. Each sealed
// value is `version ‖ nonce ‖ ciphertext ‖ tag`, with a random 96-bit nonce, and
// is bound to a context (its LevelDB key) as associated data, so a value moved
// to another key, or changed by one bit, fails to open instead of being misread.
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type KeyObject,
  randomBytes,
  randomFillSync,
} from 'node:crypto'

const FORMAT = 1
const NONCE_BYTES = 12
const TAG_BYTES = 16
export const KEY_BYTES = 32
/** What sealing adds to a value. */
export const SEAL_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES

/** A value that does not open: tampered with, moved, or sealed under another key. */
export class SealError extends Error {
  constructor(message = 'a stored value does not open with this profile’s key') {
    super(message)
    this.name = 'SealError'
  }
}

export class DataKey {
  readonly #key: Buffer
  /**
   * The same key imported once: a cipher made from a KeyObject costs ~5 µs against
   * ~14 µs from bytes, and every message seals several values. Its native copy
   * cannot be wiped; it goes when the key is dropped.
   */
  readonly #cipherKey: KeyObject
  readonly #nonces = new NoncePool()

  private constructor(key: Buffer) {
    this.#key = key
    this.#cipherKey = createSecretKey(key)
  }

  static generate(): DataKey {
    return new DataKey(randomBytes(KEY_BYTES))
  }

  /** Takes ownership of `bytes` (wiped with the key). */
  static fromBytes(bytes: Buffer): DataKey {
    if (bytes.length !== KEY_BYTES) throw new Error(`a data key is ${KEY_BYTES} bytes`)
    return new DataKey(bytes)
  }

  /** The raw key, for wrapping it in the keyring; never stored or sent as is. */
  exportBytes(): Buffer {
    return Buffer.from(this.#key)
  }

  /**
   * An empty value (an index entry whose key says it all) stays empty: it holds no
   * data to hide, and sealing it would cost a cipher per message for nothing.
   */
  seal(context: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (plaintext.length === 0) return plaintext
    const nonce = this.#nonces.next()
    const cipher = createCipheriv('aes-256-gcm', this.#cipherKey, nonce)
    cipher.setAAD(associatedData(context))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    const out = new Uint8Array(SEAL_OVERHEAD + body.length)
    out[0] = FORMAT
    out.set(nonce, 1)
    out.set(body, 1 + NONCE_BYTES)
    out.set(cipher.getAuthTag(), 1 + NONCE_BYTES + body.length)
    return out
  }

  /** The plaintext, or a SealError. */
  open(context: Uint8Array, sealed: Uint8Array): Uint8Array {
    if (sealed.length === 0) return sealed
    if (sealed.length < SEAL_OVERHEAD || sealed[0] !== FORMAT) throw new SealError()
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES)
    const body = sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)
    const decipher = createDecipheriv('aes-256-gcm', this.#cipherKey, nonce)
    decipher.setAAD(associatedData(context))
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    try {
      return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]))
    } catch {
      throw new SealError()
    }
  }

  /** Zeroes the key bytes; the key is unusable afterwards. */
  wipe(): void {
    this.#key.fill(0)
  }
}

/** Random nonces drawn from the CSPRNG a few hundred at a time rather than one by one. */
class NoncePool {
  private readonly pool = Buffer.alloc(NONCE_BYTES * 256)
  private offset = this.pool.length

  next(): Buffer {
    if (this.offset >= this.pool.length) {
      randomFillSync(this.pool)
      this.offset = 0
    }
    // A copy: the pool is refilled in place later.
    const nonce = Buffer.from(this.pool.subarray(this.offset, this.offset + NONCE_BYTES))
    this.offset += NONCE_BYTES
    return nonce
  }
}

/** The format byte is authenticated too, so a value cannot be passed off as another format. */
function associatedData(context: Uint8Array): Uint8Array {
  const ad = new Uint8Array(1 + context.length)
  ad[0] = FORMAT
  ad.set(context, 1)
  return ad
}
