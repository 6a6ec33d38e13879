// keyring.json: the profile's data key, wrapped (AES-256-GCM) by a key derived
// from the passphrase with scrypt. The GCM tag of the wrapped key is the
// passphrase check: a wrong passphrase fails to unwrap it, before any data is
// read. A profile without a passphrase wraps its key with NO_PASSPHRASE_KEK, a
// fixed and public key, and says `"protected": false`: its data is readable by
// anyone who can read the folder, and the UI says so.
//
// While a reseal is under way (sealing a new or legacy profile, or moving to a
// new data key on a passphrase change), `resealing` says what the values were
// sealed under before: `{ "from": "key", "key": … }`, the previous data key
// wrapped by the same key as the current one, or `{ "from": "plaintext" }` for
// a profile from before keyrings. Each wrapped key is bound to its slot and to
// the file's kdf parameters (associated data), so none can be swapped or downgraded.
import { createHash, randomBytes, scrypt } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as z from 'zod'
import { replaceFile } from './atomic-file.ts'
import { DataKey, KEY_BYTES, SealError } from './data-key.ts'

export const KEYRING_FILE = 'keyring.json'

/** scrypt for new passphrases: 128 MiB of memory, about 0.3 s on a laptop core. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const
/** The fixed key that wraps the data key of a profile without a passphrase. */
export const NO_PASSPHRASE_KEK = createHash('sha256')
  .update('parley keyring v1: no passphrase')
  .digest()

const SALT_BYTES = 16

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)
/** A data key sealed (format of DataKey.seal) under the wrapping key. */
const wrappedKey = base64.min(1)
// Bounds on stored parameters: a tampered file must not make unlocking take more
// than 1 GiB (128·N·r bytes) or run for minutes.
const scryptKdf = z
  .object({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N is a power of two'),
    r: z.number().int().min(1).max(8),
    p: z.number().int().min(1).max(4),
    salt: base64.min(22),
  })
  .strict()
const noKdf = z.object({ name: z.literal('none') }).strict()

const keyringFile = z
  .object({
    type: z.literal('parley-keyring'),
    version: z.literal(1),
    protected: z.boolean(),
    kdf: z.discriminatedUnion('name', [scryptKdf, noKdf]),
    key: wrappedKey,
    resealing: z
      .discriminatedUnion('from', [
        z.object({ from: z.literal('plaintext') }).strict(),
        z.object({ from: z.literal('key'), key: wrappedKey }).strict(),
      ])
      .optional(),
  })
  .strict()
  .refine((k) => k.protected === (k.kdf.name === 'scrypt'), 'protected means a scrypt kdf')

export type KeyringFile = z.infer<typeof keyringFile>
export type Kdf = KeyringFile['kdf']
type WrappedKey = z.infer<typeof wrappedKey>

/** The passphrase does not unwrap the profile's key. */
export class WrongPassphrase extends Error {
  constructor() {
    super('wrong passphrase')
    this.name = 'WrongPassphrase'
  }
}

/** The key-encryption key of a keyring: derived from a passphrase, or the fixed one. */
export class WrappingKey {
  private constructor(
    readonly kdf: Kdf,
    private readonly kek: Buffer,
  ) {}

  /** A new salt and today's parameters for `passphrase`; the fixed key for none. */
  static async create(passphrase: string | null): Promise<WrappingKey> {
    if (passphrase === null) return WrappingKey.none()
    const kdf: Kdf = { name: 'scrypt', ...SCRYPT_PARAMS, salt: b64(randomBytes(SALT_BYTES)) }
    return new WrappingKey(kdf, await derive(passphrase, kdf))
  }

  /** The key for `passphrase` under a stored keyring's parameters. */
  static async forKeyring(file: KeyringFile, passphrase: string | null): Promise<WrappingKey> {
    if (file.kdf.name === 'none') {
      if (passphrase !== null) throw new WrongPassphrase()
      return WrappingKey.none()
    }
    if (passphrase === null) throw new WrongPassphrase()
    return new WrappingKey(file.kdf, await derive(passphrase, file.kdf))
  }

  private static none(): WrappingKey {
    return new WrappingKey({ name: 'none' }, Buffer.from(NO_PASSPHRASE_KEK))
  }

  get protected(): boolean {
    return this.kdf.name === 'scrypt'
  }

  wrap(slot: Slot, key: DataKey): WrappedKey {
    const kek = DataKey.fromBytes(Buffer.from(this.kek))
    const raw = key.exportBytes()
    try {
      return b64(kek.seal(slotContext(slot, this.kdf), raw))
    } finally {
      raw.fill(0)
      kek.wipe()
    }
  }

  unwrap(slot: Slot, wrapped: WrappedKey): DataKey {
    const kek = DataKey.fromBytes(Buffer.from(this.kek))
    try {
      const bytes = kek.open(slotContext(slot, this.kdf), Buffer.from(wrapped, 'base64'))
      if (bytes.length !== KEY_BYTES) throw new WrongPassphrase()
      return DataKey.fromBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    } catch (err) {
      if (err instanceof SealError) throw new WrongPassphrase()
      throw err
    } finally {
      kek.wipe()
    }
  }

  wipe(): void {
    this.kek.fill(0)
  }
}

/** Which wrapped key: the current one, or the one a reseal is moving away from. */
type Slot = 'key' | 'from'

/** The associated data of a wrapped key: its slot and the file's kdf parameters. */
function slotContext(slot: Slot, kdf: Kdf): Uint8Array {
  const params =
    kdf.name === 'scrypt' ? `scrypt N=${kdf.N} r=${kdf.r} p=${kdf.p} salt=${kdf.salt}` : 'none'
  return new TextEncoder().encode(`parley-keyring v1 ${slot} ${params}`)
}

async function derive(passphrase: string, kdf: Extract<Kdf, { name: 'scrypt' }>): Promise<Buffer> {
  // NFC: the same passphrase typed on another system (or keyboard) gives the same bytes.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8')
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(
        secret,
        Buffer.from(kdf.salt, 'base64'),
        KEY_BYTES,
        { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
        (err, key) => (err ? reject(err) : resolve(key)),
      ),
    )
  } finally {
    secret.fill(0)
  }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

/** The keyring in a profile folder, or null for a profile that has none yet. */
export async function readKeyring(dir: string): Promise<KeyringFile | null> {
  let text: string
  try {
    text = await readFile(join(dir, KEYRING_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${KEYRING_FILE} is damaged: not JSON`)
  }
  const parsed = keyringFile.safeParse(json)
  if (!parsed.success) {
    throw new Error(
      `${KEYRING_FILE} is damaged or from a newer Parley: ${z.prettifyError(parsed.error)}`,
    )
  }
  return parsed.data
}

/** Wraps `key` (and, during a reseal, `from`) under `wrapping` and replaces the keyring atomically. */
export async function writeKeyring(
  dir: string,
  wrapping: WrappingKey,
  key: DataKey,
  from?: DataKey | 'plaintext',
): Promise<KeyringFile> {
  const file: KeyringFile = {
    type: 'parley-keyring',
    version: 1,
    protected: wrapping.protected,
    kdf: wrapping.kdf,
    key: wrapping.wrap('key', key),
    ...(from && { resealing: resealingFrom(wrapping, from) }),
  }
  await replaceFile(join(dir, KEYRING_FILE), `${JSON.stringify(file, null, 2)}\n`)
  return file
}

function resealingFrom(wrapping: WrappingKey, from: DataKey | 'plaintext') {
  return from === 'plaintext'
    ? { from: 'plaintext' as const }
    : { from: 'key' as const, key: wrapping.wrap('from', from) }
}
