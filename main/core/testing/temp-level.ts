// For unit tests: a real LevelDB on disk (keys and values as bytes, as a profile's
// raw database is), in a temporary folder of its own that remove() deletes.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import type { RawLevel } from '../vault/sealed-level.ts'

export interface TempLevel {
  dir: string
  raw: RawLevel
  /** Closes the database and deletes its folder. */
  remove(): Promise<void>
}

export async function tempLevel(name: string): Promise<TempLevel> {
  const dir = await mkdtemp(join(tmpdir(), `parley-${name}-`))
  const raw = new Level<Uint8Array, Uint8Array>(dir, {
    keyEncoding: 'view',
    valueEncoding: 'view',
  }) as RawLevel
  await raw.open()
  return {
    dir,
    raw,
    async remove() {
      await raw.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
