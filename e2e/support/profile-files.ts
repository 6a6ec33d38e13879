// What a profile (or a relay) leaves on disk, read the way an attacker with the
// files, or with the files and the data key, would: for tests that a text is not
// there. Read only while no process has the profile open (LevelDB's lock).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SealedLevel } from '../../main/core/vault/sealed-level.ts'
import { Vault } from '../../main/core/vault/vault.ts'

/** Every byte in a folder's files. */
export async function filesOf(dir: string): Promise<Buffer> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = names.filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name))
  return Buffer.concat(await Promise.all(files.map((f) => readFile(f))))
}

/** Every live key and value of a profile, unsealed with its data key (`passphrase`: null for none). */
export async function unsealedValues(dir: string, passphrase: string | null): Promise<Buffer> {
  const vault = await Vault.open(dir)
  try {
    const db = new SealedLevel(vault.db, await vault.unlock(passphrase))
    const entries: Buffer[] = []
    for await (const [key, value] of db.iterator({ keyEncoding: 'view', valueEncoding: 'view' })) {
      entries.push(Buffer.from(key), Buffer.from(value))
    }
    await db.close()
    return Buffer.concat(entries)
  } finally {
    await vault.close()
  }
}

/** A profile's value under `key` as it is on disk: sealed. */
export async function sealedValue(dir: string, key: string): Promise<Buffer | undefined> {
  const vault = await Vault.open(dir)
  try {
    const value = await vault.db.get(new TextEncoder().encode(key))
    return value === undefined ? undefined : Buffer.from(value)
  } finally {
    await vault.close()
  }
}

/**
 * How many of `value`'s 16-byte pieces are in `files`. Whole pieces, because LevelDB's
 * log cuts records into 32 KiB blocks: a value that is there may be split, once.
 */
export function piecesIn(files: Buffer, value: Buffer): number {
  let found = 0
  for (let at = 0; at + 16 <= value.length; at += 16) {
    if (files.includes(value.subarray(at, at + 16))) found++
  }
  return found
}
