// The relay's Ed25519 key lives in its data directory, so its peer id (and with it
// every multiaddr clients have pasted) survives restarts.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { ConfigError } from './config.ts'

const keyFile = 'identity.key'

/** Loads the key from `dataDir`, creating the directory (0700) and key (0600) on first run. */
export async function loadOrCreateIdentity(dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, keyFile)
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    return privateKeyFromProtobuf(await readFile(path))
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw new ConfigError(describe(path, err))
  }
  const key = await generateKeyPair('Ed25519')
  try {
    await writeAtomically(path, privateKeyToProtobuf(key))
  } catch (err) {
    throw new ConfigError(describe(path, err))
  }
  return key
}

// A crash mid-write must never leave a truncated key behind: write a private
// temporary file, flush it, then rename it over the final name.
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`
  const file = await open(tmp, 'wx', 0o600)
  try {
    try {
      await file.writeFile(bytes)
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code
}

function describe(path: string, err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err)
  return `cannot use identity key ${path}: ${reason}`
}
