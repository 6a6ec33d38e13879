// A profile's keyring and sealed data on a real LevelDB: the passphrase check,
// sealing a legacy profile, changing the passphrase, finishing a change a crash
// interrupted, and refusing a tampered key file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DataKey } from './data-key.ts'
import { KEYRING_FILE, readKeyring, WrappingKey, WrongPassphrase, writeKeyring } from './keyring.ts'
import { SealedLevel } from './sealed-level.ts'
import { Vault } from './vault.ts'

const OLD = 'correct horse battery'
const NEW = 'staple 2 the horse!'

let dir: string
let vault: Vault | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-vault-'))
})

afterEach(async () => {
  await vault?.close()
  vault = undefined
  await rm(dir, { recursive: true, force: true })
})

async function reopen(): Promise<Vault> {
  await vault?.close()
  vault = await Vault.open(dir)
  return vault
}

/** Reads `key` through the sealed store, as the client does. */
async function read(v: Vault, key: DataKey, name: string): Promise<string | undefined> {
  const db = new SealedLevel(v.db, key)
  try {
    return await db.get(name)
  } finally {
    await db.close()
  }
}

async function write(v: Vault, key: DataKey, name: string, value: string): Promise<void> {
  const db = new SealedLevel(v.db, key)
  await db.put(name, value)
  await db.close()
}

const keyringText = () => readFile(join(dir, KEYRING_FILE), 'utf8')

/** Every byte LevelDB wrote, as one string to search. */
async function levelFiles(): Promise<string> {
  const names = (await readdir(dir)).filter((n) => /\.(log|ldb)$/.test(n))
  const contents = await Promise.all(names.map((n) => readFile(join(dir, n))))
  return Buffer.concat(contents).toString('latin1')
}

describe('Vault', () => {
  it('opens for the right passphrase only, and a wrong one changes nothing', async () => {
    let v = await reopen()
    expect(v.isNew).toBe(true)
    const key = await v.create(OLD)
    await write(v, key, 'note', 'the secret plans')
    const file = await readKeyring(dir)
    expect(file).toMatchObject({ protected: true, kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } })
    expect(file?.resealing).toBeUndefined()

    v = await reopen()
    expect(v).toMatchObject({ isNew: false, protected: true })
    const before = await keyringText()
    for (const wrong of ['correct horse batterY', '', null]) {
      await expect(v.unlock(wrong)).rejects.toBeInstanceOf(WrongPassphrase)
    }
    expect(await keyringText()).toBe(before)
    expect(await read(v, await v.unlock(OLD), 'note')).toBe('the secret plans')
  })

  it('without a passphrase: sealed all the same, opened by none, marked unprotected', async () => {
    let v = await reopen()
    const key = await v.create(null)
    await write(v, key, 'note', 'plain sight')
    v = await reopen()
    expect(v.protected).toBe(false)
    await expect(v.unlock('anything at all')).rejects.toBeInstanceOf(WrongPassphrase)
    expect(await read(v, await v.unlock(null), 'note')).toBe('plain sight')
    expect(await levelFiles()).not.toContain('plain sight')
  })

  it('seals a profile from before keyrings, leaving no plaintext in its files', async () => {
    const legacy = new Level(dir)
    await legacy.put('!m!01A', JSON.stringify({ text: 'written before sealing' }))
    await legacy.close()
    const v = await reopen()
    expect(v.isNew).toBe(true)
    const key = await v.create(OLD)
    expect(await read(v, key, '!m!01A')).toContain('written before sealing')
    expect(await levelFiles()).not.toContain('written before sealing')
  })

  it('changes the passphrase: the data moves to a new key, the old passphrase stops working', async () => {
    let v = await reopen()
    await write(v, await v.create(OLD), 'note', 'kept across the change')
    let quiesced = false
    const key = await v.change(OLD, NEW, async () => {
      quiesced = true
    })
    expect(quiesced).toBe(true)
    expect(await read(v, key, 'note')).toBe('kept across the change')

    v = await reopen()
    await expect(v.unlock(OLD)).rejects.toBeInstanceOf(WrongPassphrase)
    expect(await read(v, await v.unlock(NEW), 'note')).toBe('kept across the change')
    // Removing the passphrase is a change too.
    await v.change(NEW, null, async () => {})
    v = await reopen()
    expect(v.protected).toBe(false)
    expect(await read(v, await v.unlock(null), 'note')).toBe('kept across the change')
  })

  it('refuses a wrong current passphrase before stopping anything', async () => {
    const v = await reopen()
    await v.create(OLD)
    const before = await keyringText()
    await expect(
      v.change('not it at all', NEW, async () => {
        throw new Error('must not quiesce')
      }),
    ).rejects.toBeInstanceOf(WrongPassphrase)
    expect(await keyringText()).toBe(before)
  })

  it('finishes a change that stopped after the new key file was in place', async () => {
    let v = await reopen()
    const old = await v.create(OLD)
    await write(v, old, 'note', 'survives the crash')
    // The first step of a change, as a crash would leave it: the key file names
    // the new key and the old one it is moving from; no value is resealed yet.
    const wrapping = await WrappingKey.create(NEW)
    await writeKeyring(dir, wrapping, DataKey.generate(), old)
    wrapping.wipe()

    v = await reopen()
    await expect(v.unlock(OLD)).rejects.toBeInstanceOf(WrongPassphrase)
    const key = await v.unlock(NEW)
    expect(await read(v, key, 'note')).toBe('survives the crash')
    expect((await readKeyring(dir))?.resealing).toBeUndefined()
    await expect(read(v, old, 'note')).rejects.toThrow(/does not open/)
  })

  it('refuses a key file whose parameters were changed, or that belongs to other data', async () => {
    let v = await reopen()
    await v.create(OLD)
    const original = await keyringText()
    const file = JSON.parse(original)
    await writeFile(
      join(dir, KEYRING_FILE),
      JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 16 } }),
    )
    v = await reopen()
    await expect(v.unlock(OLD)).rejects.toBeInstanceOf(WrongPassphrase)

    await writeFile(
      join(dir, KEYRING_FILE),
      JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 30 } }),
    )
    await expect(reopen()).rejects.toThrow(/keyring.json is damaged/)
    vault = undefined

    // A key file from another profile, with the same passphrase.
    const otherDir = await mkdtemp(join(tmpdir(), 'parley-vault-other-'))
    const other = await Vault.open(otherDir)
    await other.create(OLD)
    await other.close()
    await writeFile(join(dir, KEYRING_FILE), await readFile(join(otherDir, KEYRING_FILE)))
    await rm(otherDir, { recursive: true, force: true })
    v = await reopen()
    await expect(v.unlock(OLD)).rejects.toThrow(/does not open with the key in keyring.json/)
  })
})
