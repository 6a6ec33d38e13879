// The cost of the Signal protocol per message: the 'crypto' part of `npm run bench`,
// and on its own `npm run bench:signal [-- N]`. Two profiles, each on its own
// LevelDB in a temporary folder, exchange N texts of 200 bytes: encrypt on one
// side, decrypt on the other, session state written to disk every time. Two
// patterns: a one-way stream (symmetric ratchet steps only), and strict turns (a
// Diffie-Hellman ratchet step with every message).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Level } from 'level'
import { SignalSessions } from '../main/core/crypto/signal/sessions.ts'
import { signalSublevel } from '../main/core/crypto/signal/stores.ts'
import { deadlines, parseConfig, within } from './config.ts'

export interface SignalOptions {
  /** Messages in each pattern. */
  messages: number
  textBytes: number
}

/** µs per message, mean over the run. */
export interface SignalCost {
  encrypt: number
  decrypt: number
  /** encrypt + decrypt. */
  total: number
}

export interface SignalResult extends SignalOptions {
  /** One side sends, the other only receives: the pattern of a burst, or of acknowledged texts. */
  oneWay: SignalCost
  /** The sides take turns: a Diffie-Hellman ratchet step with every message. */
  turns: SignalCost
}

async function profile(dir: string) {
  const key = await generateKeyPair('Ed25519')
  const db = new Level<string, Uint8Array>(join(dir, key.publicKey.toString()), {
    valueEncoding: 'view',
  })
  const peerId = peerIdFromPrivateKey(key).toString()
  // A sublevel of the profile's database, as the client keeps its sessions.
  const signal = await SignalSessions.open({
    db: signalSublevel(db),
    peerId,
    libp2pKey: key,
  })
  return { peerId, signal, db }
}

type Profile = Awaited<ReturnType<typeof profile>>

/** Measures libsignal encrypt + decrypt per message; throws on a failed round trip or past `deadlineMs`. */
export async function measureSignal(
  options: SignalOptions,
  deadlineMs: number,
): Promise<SignalResult> {
  const { messages: count } = options
  const text = new Uint8Array(options.textBytes).fill(0x61)
  const dbs: Level<string, Uint8Array>[] = []

  /** Encrypts `text` on one side and decrypts it on the other; returns the µs each took. */
  const relay = async (from: Profile, to: Profile): Promise<[number, number]> => {
    const start = performance.now()
    const sent = await from.signal.encrypt(to.peerId, text)
    if (!sent.ok) throw new Error(sent.error.reason)
    const encrypted = performance.now()
    const got = await to.signal.decrypt(from.peerId, sent.ciphertext)
    if (!got.ok || got.plaintext.byteLength !== text.byteLength) throw new Error('bad round trip')
    return [(encrypted - start) * 1000, (performance.now() - encrypted) * 1000]
  }
  /** µs per message over `count` messages, the sender of each chosen by `turn`. */
  const measure = async (turn: (i: number) => [Profile, Profile]): Promise<SignalCost> => {
    let encrypt = 0
    let decrypt = 0
    for (let i = 0; i < count; i++) {
      const [e, d] = await relay(...turn(i))
      encrypt += e
      decrypt += d
    }
    return {
      encrypt: encrypt / count,
      decrypt: decrypt / count,
      total: (encrypt + decrypt) / count,
    }
  }
  const run = async (dir: string): Promise<SignalResult> => {
    const alice = await profile(dir)
    dbs.push(alice.db)
    const bob = await profile(dir)
    dbs.push(bob.db)
    const opened = await alice.signal.addBundle(
      bob.peerId,
      await bob.signal.bundle({ oneTime: true }),
    )
    if (!opened.ok) throw new Error(opened.error.reason)
    await relay(alice, bob)
    await relay(bob, alice)
    const oneWay = await measure(() => [alice, bob])
    const turns = await measure((i) => (i % 2 === 0 ? [alice, bob] : [bob, alice]))
    return { ...options, oneWay, turns }
  }

  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-signal-'))
  try {
    return await within(deadlineMs, 'signal', run(dir))
  } finally {
    await Promise.all(dbs.map((db) => db.close().catch(() => {})))
    await rm(dir, { recursive: true, force: true })
  }
}

/** What was measured, one line each, for people. */
export function signalLines(r: SignalResult): string[] {
  const us = (c: SignalCost) =>
    `${c.total.toFixed(1)} µs/message (encrypt ${c.encrypt.toFixed(1)} + decrypt ${c.decrypt.toFixed(1)})`
  return [
    `Signal encrypt+decrypt (libsignal), ${r.textBytes} B text, ${r.messages.toLocaleString('en-US')} messages, state on LevelDB:`,
    `  one-way stream: ${us(r.oneWay)}`,
    `  strict turns:   ${us(r.turns)}`,
  ]
}

if (import.meta.main) {
  const { crypto } = parseConfig([])
  const messages = Number(process.argv[2] ?? crypto.messages)
  const result = await measureSignal({ ...crypto, messages }, deadlines.cryptoMs(messages))
  console.log(signalLines(result).join('\n'))
}
