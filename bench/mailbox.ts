// `npm run bench:mailbox [-- N]`: relay mailbox rates on loopback. A real relay
// process (its LevelDB on disk, rate limits raised out of the way) and two raw
// libp2p nodes: one deposits N envelopes of 512 bytes (about a short text, sealed),
// on one stream and then on eight at once; the other collects them, a page at a
// time, acknowledging each page.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { startRelay, tempDir } from '../e2e/support/parley.ts'
import { stopAll } from '../e2e/support/process.ts'
import { rawNode } from '../e2e/support/raw-node.ts'
import { MailboxSession } from '../main/core/mailbox.ts'

const count = Number(process.argv[2] ?? 5000)
const STREAMS = 8
const envelope = new Uint8Array(512).fill(0x65)

const dir = await tempDir('bench-mailbox')
const nodes: Libp2p[] = []
try {
  const relay = await startRelay(dir.path, [
    '--stun',
    'off',
    '--mailbox-rate',
    '10000000',
    '--mailbox-burst',
    '10000000',
    '--mailbox-items',
    String(2 * count),
  ])
  const node = async () => rawNode(await generateKeyPair('Ed25519'))
  const [sender, recipient] = await Promise.all([node(), node()])
  nodes.push(sender, recipient)
  const to = recipient.peerId.toString()

  /** Items per second for `items` items through `run`. */
  const rate = async (items: number, run: () => Promise<unknown>) => {
    const start = performance.now()
    await run()
    return Math.round(items / ((performance.now() - start) / 1000))
  }
  const depositAll = async (streams: number) => {
    const sessions = await Promise.all(
      Array.from({ length: streams }, () => MailboxSession.open(sender, relay.addr)),
    )
    await Promise.all(
      sessions.map(async (session, s) => {
        for (let i = s; i < count; i += streams) await session.deposit(to, envelope)
      }),
    )
    await Promise.all(sessions.map((session) => session.close()))
  }
  const collectAll = async () => {
    const session = await MailboxSession.open(recipient, relay.addr)
    const collected = await session.collect(async () => {})
    await session.close()
    if (collected !== count) throw new Error(`collected ${collected} of ${count}`)
  }

  // The recipient's first fetch opens its mailbox.
  const opening = await MailboxSession.open(recipient, relay.addr)
  await opening.fetch()
  await opening.close()
  const oneStream = await rate(count, () => depositAll(1))
  const fetchRate = await rate(count, collectAll)
  const parallel = await rate(count, () => depositAll(STREAMS))
  await collectAll()
  console.log(`Relay mailbox on loopback, ${count} envelopes of ${envelope.byteLength} B:`)
  console.log(`  deposit, one stream:          ${oneStream} items/s`)
  console.log(`  deposit, ${STREAMS} streams at once:   ${parallel} items/s`)
  console.log(`  fetch + ack, pages of 100:    ${fetchRate} items/s`)
} finally {
  await Promise.all(nodes.map((n) => n.stop()))
  await stopAll()
  await dir.remove()
}
