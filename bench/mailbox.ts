// Relay mailbox rates on loopback: the 'mail' part of `npm run bench`, and on its
// own `npm run bench:mailbox [-- N]`. A real relay process (its LevelDB on disk,
// rate limits and quotas raised out of the way) and two raw libp2p nodes in this
// process: one deposits N envelopes of 512 bytes (about a short text, sealed), on
// one stream and then on eight at once; the other collects them, a page at a
// time, acknowledging each page.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { startRelay, tempDir } from '../e2e/support/parley.ts'
import { type RunningProcess, stopAll } from '../e2e/support/process.ts'
import { rawNode } from '../e2e/support/raw-node.ts'
import { MailboxSession } from '../main/core/mail/mailbox.ts'
import { MAX_PAGE_ITEMS } from '../protocol/mailbox.ts'
import { deadlines, parseConfig, within } from './config.ts'

export interface MailboxOptions {
  /** Envelopes deposited in each deposit run, and collected after it. */
  envelopes: number
  envelopeBytes: number
  /** Deposit streams at once in the parallel run. */
  streams: number
}

export interface MailboxResult extends MailboxOptions {
  /** Items per second. */
  deposit: { oneStream: number; parallel: number }
  /** Items per second fetched and acknowledged, a page (MAX_PAGE_ITEMS) at a time. */
  fetchAck: number
  pageItems: number
}

/**
 * Measures the relay mailbox's deposit and fetch+ack rates. Throws when a run
 * loses an envelope, fails, or is not done within `deadlineMs` (setup included);
 * the relay, the nodes and the data folder are removed whatever happens.
 */
export async function measureMailbox(
  options: MailboxOptions,
  deadlineMs: number,
): Promise<MailboxResult> {
  const { envelopes: count, envelopeBytes, streams } = options
  const envelope = new Uint8Array(envelopeBytes).fill(0x65)
  const quota = String(Math.max(32 * 2 ** 20, 4 * count * envelopeBytes))
  const dir = await tempDir('bench-mailbox')
  const nodes: Libp2p[] = []
  let relayProc: RunningProcess | undefined
  /** Set once the deadline passed and the clean-up ran: what starts later is stopped at once. */
  let over = false
  const run = async (): Promise<MailboxResult> => {
    const relay = await startRelay(dir.path, [
      '--stun',
      'off',
      '--mailbox-rate',
      '10000000',
      '--mailbox-burst',
      '10000000',
      '--mailbox-items',
      String(2 * count),
      '--mailbox-bytes',
      quota,
      '--mailbox-total-bytes',
      quota,
    ])
    relayProc = relay.proc
    const node = async () => rawNode(await generateKeyPair('Ed25519'))
    const [sender, recipient] = await Promise.all([node(), node()])
    nodes.push(sender, recipient)
    if (over) {
      await Promise.all([sender.stop(), recipient.stop(), relay.proc.stop('SIGTERM', 5_000)])
      throw new Error('mailbox: set up after its deadline')
    }
    const to = recipient.peerId.toString()

    /** Items per second for `items` items through `step`. */
    const rate = async (items: number, step: () => Promise<unknown>) => {
      const start = performance.now()
      await step()
      return items / ((performance.now() - start) / 1000)
    }
    /** The ids the relay stored the last run's envelopes under. */
    let deposited = new Set<string>()
    const depositAll = async (n: number) => {
      deposited = new Set()
      const sessions = await Promise.all(
        Array.from({ length: n }, () => MailboxSession.open(sender, relay.addr)),
      )
      await Promise.all(
        sessions.map(async (session, s) => {
          for (let i = s; i < count; i += n) deposited.add(await session.deposit(to, envelope))
        }),
      )
      await Promise.all(sessions.map((session) => session.close()))
    }
    const collectAll = async () => {
      const session = await MailboxSession.open(recipient, relay.addr)
      const collected = new Set<string>()
      let items = 0
      await session.collect(async (item) => {
        items++
        if (deposited.has(item.id)) collected.add(item.id)
      })
      await session.close()
      if (deposited.size !== count || items !== count || collected.size !== count) {
        throw new Error(
          `${count} deposited under ${deposited.size} ids; collected ${items} items, ${collected.size} of those ids`,
        )
      }
    }

    // The recipient's first fetch opens its mailbox.
    const opening = await MailboxSession.open(recipient, relay.addr)
    await opening.fetch()
    await opening.close()
    const oneStream = await rate(count, () => depositAll(1))
    const fetchAck = await rate(count, collectAll)
    const parallel = await rate(count, () => depositAll(streams))
    await collectAll()
    return { ...options, deposit: { oneStream, parallel }, fetchAck, pageItems: MAX_PAGE_ITEMS }
  }
  try {
    return await within(deadlineMs, 'mailbox', run())
  } finally {
    over = true
    await Promise.all(nodes.map((n) => n.stop()))
    await relayProc?.stop('SIGTERM', 5_000)
    await dir.remove()
  }
}

/** What was measured, one line each, for people. */
export function mailboxLines(r: MailboxResult): string[] {
  const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')} items/s`
  return [
    `Relay mailbox on loopback (real relay process, LevelDB; raw libp2p nodes), ${r.envelopes.toLocaleString('en-US')} envelopes of ${r.envelopeBytes} B:`,
    `  deposit, one stream:          ${rate(r.deposit.oneStream)}`,
    `  deposit, ${r.streams} streams at once:   ${rate(r.deposit.parallel)}`,
    `  fetch + ack, pages of ${r.pageItems}:    ${rate(r.fetchAck)}`,
  ]
}

if (import.meta.main) {
  const { mail } = parseConfig([])
  const envelopes = Number(process.argv[2] ?? mail.envelopes)
  try {
    const result = await measureMailbox({ ...mail, envelopes }, deadlines.mailMs(envelopes))
    console.log(mailboxLines(result).join('\n'))
  } finally {
    await stopAll()
  }
}
