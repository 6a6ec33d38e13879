// `npm run bench:signal [-- N]`: the cost of the Signal protocol per message. Two
// profiles, each on its own LevelDB in a temporary folder, exchange N texts of 200
// bytes: encrypt on one side, decrypt on the other, session state written to disk
// every time. Two patterns: a one-way stream (symmetric ratchet steps only), and
// strict turns (a Diffie-Hellman ratchet step with every message).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Level } from 'level'
import { SignalSessions } from '../main/core/signal/sessions.ts'

const count = Number(process.argv[2] ?? 5000)
const text = new Uint8Array(200).fill(0x61)

async function profile(dir: string) {
  const key = await generateKeyPair('Ed25519')
  const db = new Level<string, Uint8Array>(join(dir, key.publicKey.toString()), {
    valueEncoding: 'view',
  })
  const peerId = peerIdFromPrivateKey(key).toString()
  const signal = await SignalSessions.open({ db, peerId, libp2pKey: key })
  return { peerId, signal, db }
}

type Profile = Awaited<ReturnType<typeof profile>>

async function relay(from: Profile, to: Profile): Promise<void> {
  const sent = await from.signal.encrypt(to.peerId, text)
  if (!sent.ok) throw new Error(sent.error.reason)
  const got = await to.signal.decrypt(from.peerId, sent.ciphertext)
  if (!got.ok || got.plaintext.byteLength !== text.byteLength) throw new Error('bad round trip')
}

/** µs per message (encrypt + decrypt) over `count` messages, the sender of each chosen by `turn`. */
async function measure(turn: (i: number) => [Profile, Profile]): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) await relay(...turn(i))
  return ((performance.now() - start) * 1000) / count
}

const dir = await mkdtemp(join(tmpdir(), 'parley-bench-signal-'))
try {
  const alice = await profile(dir)
  const bob = await profile(dir)
  const opened = await alice.signal.addBundle(
    bob.peerId,
    await bob.signal.bundle({ oneTime: true }),
  )
  if (!opened.ok) throw new Error(opened.error.reason)
  await relay(alice, bob)
  await relay(bob, alice)
  const oneWay = await measure(() => [alice, bob])
  const turns = await measure((i) => (i % 2 === 0 ? [alice, bob] : [bob, alice]))
  console.log(`Signal encrypt+decrypt, 200 B text, ${count} messages, state on LevelDB:`)
  console.log(`  one-way stream: ${oneWay.toFixed(1)} µs/message`)
  console.log(`  strict turns:   ${turns.toFixed(1)} µs/message`)
  await Promise.all([alice.db.close(), bob.db.close()])
} finally {
  await rm(dir, { recursive: true, force: true })
}
