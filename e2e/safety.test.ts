// Safety numbers between two real clients in separate processes: once they have
// exchanged a message (so an encrypted session exists), both compute the same
// number, a matching code marks the contact verified (kept across a restart), and
// a wrong one is refused, changing nothing.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { befriend, startClient, tcpAddr, tempDirs, texts } from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()

afterAll(async () => {
  await stopAll()
  await dirs.removeAll()
})

/** `code` (base64) with one bit flipped near its end, inside the second key. */
function tampered(code: string): string {
  const bytes = Buffer.from(code, 'base64')
  bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01
  return bytes.toString('base64')
}

describe('safety numbers', () => {
  it('are the same on both sides after a message; a matching code verifies, a wrong one is refused', async () => {
    const aliceDir = await dirs.make('alice')
    let alice = await startClient({ dataDir: aliceDir })
    const bob = await startClient({ dataDir: await dirs.make('bob') })
    await alice.api.dial({ addr: await tcpAddr(bob) })
    await befriend(alice, bob)
    const hello = await alice.api.send({ to: bob.peerId, text: 'hello bob' })
    await bob.events.until('message', (m) => texts(m).some((x) => x.id === hello.id))
    const reply = await bob.api.send({ to: alice.peerId, text: 'hello alice' })
    await alice.events.until('message', (m) => texts(m).some((x) => x.id === reply.id))

    const atAlice = await alice.api.safetyNumber({ peerId: bob.peerId })
    const atBob = await bob.api.safetyNumber({ peerId: alice.peerId })
    expect(atAlice.digits).toMatch(/^\d{60}$/)
    expect(atBob.digits).toBe(atAlice.digits)
    expect([atAlice.verified, atBob.verified]).toEqual([false, false])

    const refused = [
      [tampered(atBob.scannable), /^the codes differ: theirs is made from other identity keys/],
      [atAlice.scannable, /^the codes differ: this is your own code/],
      ['not base64!', /verifyContact: .*the code is not base64/s],
    ] as const
    for (const [scanned, reason] of refused) {
      await expect(
        alice.api.verifyContact({ peerId: bob.peerId, verified: true, scanned }),
      ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(reason) })
    }
    expect(alice.events.of('contact').filter((c) => c.verified)).toEqual([])

    // Bob sends his code (copied from his screen); Alice pastes it, wrapped as a chat would.
    const wrapped = atBob.scannable.replace(/(.{40})/g, '$1\n')
    const verified = await alice.api.verifyContact({
      peerId: bob.peerId,
      verified: true,
      scanned: wrapped,
    })
    expect(verified).toMatchObject({ peerId: bob.peerId, state: 'accepted', verified: true })
    await alice.events.until('contact', (cs) => cs.some((c) => c.verified === true))
    expect(await alice.api.safetyNumber({ peerId: bob.peerId })).toEqual({
      ...atAlice,
      verified: true,
    })
    // Bob compared the digits by eye.
    await bob.api.verifyContact({ peerId: alice.peerId, verified: true, digits: atBob.digits })
    expect((await bob.api.contacts({})).find((c) => c.peerId === alice.peerId)?.verified).toBe(true)

    // Keys and verification live with the profile.
    expect(await alice.stop()).toBe(0)
    alice = await startClient({ dataDir: aliceDir })
    expect((await alice.api.contacts({})).find((c) => c.peerId === bob.peerId)?.verified).toBe(true)
    expect(await alice.api.safetyNumber({ peerId: bob.peerId })).toEqual({
      ...atAlice,
      verified: true,
    })
    const cleared = await alice.api.verifyContact({ peerId: bob.peerId, verified: false })
    expect(cleared).not.toHaveProperty('verified')

    // No session with someone never met: no number to show.
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    await expect(alice.api.safetyNumber({ peerId: stranger })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/exchange a message first/),
    })
  })
})
