// Passphrase-locked profiles, with real client processes and LevelDB on disk:
// a locked profile answers nothing but its lock, keeps nothing readable on disk,
// refuses a wrong passphrase without touching anything, and survives a SIGKILL
// at any moment of a passphrase change with exactly one passphrase opening it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { KEYRING_FILE } from '../main/core/vault/keyring.ts'
import { SealedLevel } from '../main/core/vault/sealed-level.ts'
import { Vault } from '../main/core/vault/vault.ts'
import { encodeInvite } from '../protocol/invite.ts'
import type { RemoteParley } from '../protocol/rpc.ts'
import {
  befriend,
  type CoreProcess,
  startClient,
  startCore,
  tcpAddr,
  tempDirs,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { filesOf } from './support/profile-files.ts'

const OLD = 'plum blossom 1987'
const NEW = 'a much longer passphrase, now'
/** Someone who is never online: what we send them waits in the outbox, in history. */
const ABSENT = '12D3KooWDaPJ1XwpVG3m6Vyrqf1wUVFvSvpxi4sQjZ3zfEC8Fbrb'

const dirs = tempDirs()
const dataDir = dirs.make

afterEach(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** The profile's identity key as stored (sealed), read with the passphrase while no process has it open. */
async function identityKey(dir: string, passphrase: string): Promise<Buffer> {
  const vault = await Vault.open(dir)
  try {
    const db = new SealedLevel(vault.db, await vault.unlock(passphrase))
    const meta = db.sublevel<string, Uint8Array>('meta', { valueEncoding: 'view' })
    const key = await meta.get('identity')
    await db.close()
    if (!key) throw new Error('no identity key in the profile')
    return Buffer.from(key)
  } finally {
    await vault.close()
  }
}

async function texts(api: RemoteParley, conversationId: string): Promise<string[]> {
  return (await api.history({ conversationId })).filter((m) => !m.kind).map((m) => m.text)
}

/** Asks ABSENT to be a contact: what we then write them waits in the outbox. */
async function askAbsent(api: RemoteParley): Promise<void> {
  await api.addContact({
    code: encodeInvite({ peerId: ABSENT, displayName: 'Absent', relays: [] }),
  })
}

describe('a passphrase-locked profile', () => {
  it('chats, seals everything on disk, locks on restart, and refuses a wrong passphrase changing nothing', async () => {
    const aliceDir = await dataDir('alice')
    let alice = await startClient({ dataDir: aliceDir, passphrase: OLD })
    const bob = await startClient({ dataDir: await dataDir('bob') })
    expect(await alice.api.lockState({})).toEqual({ state: 'unlocked', protected: true })
    expect(await bob.api.lockState({})).toEqual({ state: 'unlocked', protected: false })
    await expect(alice.api.createLock({ passphrase: NEW })).rejects.toMatchObject({
      code: 'bad-request',
    })

    await alice.api.setProfile({ displayName: 'Alice Quartermaine' })
    await alice.api.dial({ addr: await tcpAddr(bob) })
    await befriend(alice, bob)
    const sent = await alice.api.send({ to: bob.peerId, text: 'the eagle lands at dawn' })
    await alice.events.until('delivered', (d) => d.some((x) => x.id === sent.id))
    const reply = await bob.api.send({ to: alice.peerId, text: 'copy that, over and out' })
    await alice.events.until('message', (m) => m.some((x) => x.id === reply.id))
    const aliceId = alice.peerId
    expect(await alice.stop()).toBe(0)

    // On disk: no message, name or key in the clear anywhere in the folder.
    const onDisk = await filesOf(aliceDir)
    const key = await identityKey(aliceDir, OLD)
    for (const secret of ['the eagle lands at dawn', 'copy that, over and out', 'Quartermaine']) {
      expect(onDisk.includes(secret), secret).toBe(false)
    }
    expect(key.length).toBeGreaterThan(32)
    expect(onDisk.includes(key)).toBe(false)
    // The Ed25519 seed alone (the protobuf's data field starts 4 bytes in).
    expect(onDisk.includes(key.subarray(4, 36))).toBe(false)

    // Restarted, the profile is locked: only the lock answers.
    const locked: CoreProcess = await startCore({ dataDir: aliceDir, locked: true })
    expect(await locked.api.lockState({})).toEqual({ state: 'locked', protected: true })
    for (const call of [
      () => locked.api.identity({}),
      () => locked.api.history({ conversationId: sent.conversationId }),
      () => locked.api.send({ to: bob.peerId, text: 'let me in' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'locked' })
    }
    // Even while locked, no second process can open the profile.
    await expect(startCore({ dataDir: aliceDir, locked: true })).rejects.toThrow(/exited \(2\)/)

    const keyring = await readFile(join(aliceDir, KEYRING_FILE))
    for (const wrong of ['plum blossom 1986', 'PLUM BLOSSOM 1987', '', 'x']) {
      await expect(locked.api.unlock({ passphrase: wrong })).rejects.toMatchObject({
        code: 'wrong-passphrase',
      })
    }
    expect(await locked.api.lockState({})).toEqual({ state: 'locked', protected: true })
    await expect(locked.api.profile({})).rejects.toMatchObject({ code: 'locked' })
    expect(await readFile(join(aliceDir, KEYRING_FILE))).toEqual(keyring)

    // The right passphrase opens it on the same connection, history intact,
    // and the client's events come through that connection from then on.
    expect(await locked.api.unlock({ passphrase: OLD })).toEqual({
      state: 'unlocked',
      protected: true,
    })
    expect(locked.events.of('lock')).toEqual([{ state: 'unlocked', protected: true }])
    expect(await locked.api.profile({})).toMatchObject({
      peerId: aliceId,
      displayName: 'Alice Quartermaine',
    })
    expect(await texts(locked.api, sent.conversationId)).toEqual([
      'copy that, over and out',
      'the eagle lands at dawn',
    ])
    alice = { ...locked, peerId: aliceId }
    await alice.api.dial({ addr: await tcpAddr(bob) })
    const after = await bob.api.send({ to: aliceId, text: 'welcome back' })
    await alice.events.until('message', (m) => m.some((x) => x.id === after.id))
  })

  it('changes its passphrase only given the current one, and locks again on demand', async () => {
    const dir = await dataDir('carol')
    const carol = await startClient({ dataDir: dir, passphrase: OLD })
    await askAbsent(carol.api)
    const m = await carol.api.send({ to: ABSENT, text: 'kept through every change' })

    await expect(
      carol.api.changePassphrase({ current: 'not the passphrase', next: NEW }),
    ).rejects.toMatchObject({ code: 'wrong-passphrase' })
    await expect(carol.api.changePassphrase({ current: OLD, next: 'short' })).rejects.toMatchObject(
      { code: 'bad-request', message: expect.stringMatching(/at least 8 characters/) },
    )
    expect(await carol.api.changePassphrase({ current: OLD, next: NEW })).toEqual({
      state: 'unlocked',
      protected: true,
    })
    expect(await texts(carol.api, m.conversationId)).toEqual(['kept through every change'])

    expect(await carol.api.lock({})).toEqual({ state: 'locked', protected: true })
    await expect(carol.api.conversations({})).rejects.toMatchObject({ code: 'locked' })
    await expect(carol.api.unlock({ passphrase: OLD })).rejects.toMatchObject({
      code: 'wrong-passphrase',
    })
    await carol.api.unlock({ passphrase: NEW })
    expect(await texts(carol.api, m.conversationId)).toEqual(['kept through every change'])

    // Without a passphrase: it opens by itself on the next start, and cannot be locked.
    await carol.api.changePassphrase({ current: NEW, next: null })
    await expect(carol.api.lock({})).rejects.toMatchObject({ code: 'bad-request' })
    await carol.stop()
    const again = await startCore({ dataDir: dir, locked: true })
    expect(await again.api.lockState({})).toEqual({ state: 'unlocked', protected: false })
    expect(await texts(again.api, m.conversationId)).toEqual(['kept through every change'])
  })
})

describe('a passphrase change killed part-way', () => {
  /** A profile with history, protected by OLD; the process is stopped. */
  async function profileWithHistory(name: string) {
    const dir = await dataDir(name)
    const client = await startClient({ dataDir: dir, passphrase: OLD })
    const sent = []
    await askAbsent(client.api)
    for (const text of ['first', 'second', 'third']) {
      sent.push(await client.api.send({ to: ABSENT, text }))
    }
    await client.stop()
    return { dir, conversationId: sent[0]?.conversationId as string }
  }

  /** Which of OLD and NEW opens the profile now: the other must be refused first. */
  async function opensWith(dir: string, conversationId: string): Promise<string> {
    const core = await startCore({ dataDir: dir, locked: true })
    expect((await core.api.lockState({})).state).toBe('locked')
    let opened: string | undefined
    for (const passphrase of [OLD, NEW]) {
      try {
        await core.api.unlock({ passphrase })
        opened = passphrase
        break
      } catch (err) {
        expect(err).toMatchObject({ code: 'wrong-passphrase' })
      }
    }
    expect(opened, 'neither passphrase opens the profile').toBeDefined()
    expect(await texts(core.api, conversationId)).toEqual(['third', 'second', 'first'])
    await core.stop()
    return opened as string
  }

  const steps = [
    { step: 'before-rename:keyring.json', opens: OLD },
    { step: 'resealing', opens: NEW },
    { step: 'resealed', opens: NEW },
  ]
  for (const { step, opens } of steps) {
    it(`at "${step}" leaves a profile the ${opens === OLD ? 'old' : 'new'} passphrase opens, intact`, async () => {
      const { dir, conversationId } = await profileWithHistory('killed')
      const client = await startClient({
        dataDir: dir,
        passphrase: OLD,
        env: { PARLEY_TEST_PAUSE_AT: step },
      })
      const change = client.api.changePassphrase({ current: OLD, next: NEW }).catch((e) => e)
      await client.proc.waitForLine(new RegExp(`^test-pause: ${step}$`), 20_000)
      expect(await client.proc.stop('SIGKILL')).toBe('SIGKILL')
      expect(await change).toMatchObject({ code: 'unreachable' })

      expect(await opensWith(dir, conversationId)).toBe(opens)
      // Opening finished whatever was left: the same passphrase opens it again.
      expect(await opensWith(dir, conversationId)).toBe(opens)
    })
  }

  it('at random moments of back-to-back changes, each time leaves exactly one passphrase opening it, intact', async () => {
    const { dir, conversationId } = await profileWithHistory('random')
    let current = OLD
    for (let round = 0; round < 3; round++) {
      const client = await startClient({ dataDir: dir, passphrase: current })
      let stop = false
      const changes = (async () => {
        while (!stop) {
          const next = current === OLD ? NEW : OLD
          await client.api.changePassphrase({ current, next })
          current = next
        }
      })().catch(() => {})
      const delay = 300 + Math.floor(Math.random() * 2_000)
      await new Promise((resolve) => setTimeout(resolve, delay))
      stop = true
      await client.proc.stop('SIGKILL')
      await changes
      // Whether the change in flight landed is for the profile to say.
      current = await opensWith(dir, conversationId)
    }
  })
})
