// The client side of relay mailboxes (the offline proxy): depositing a sealed
// envelope for a peer who is offline on the relay they collect mail from, and
// collecting our own mail from ours. A session is one stream to one relay, its
// requests sent one after another; the relay knows who collects from the
// connection's Noise handshake, so there is nothing to sign.
import type { Libp2p, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import PQueue from 'p-queue'
import { MAILBOX_PROTOCOL } from '../../../protocol/ids.ts'
import {
  decodeResponse,
  encodeRequest,
  MAX_MAILBOX_RESPONSE_BYTES,
  type MailboxRequest,
  type MailboxResponse,
  type MailboxStatus,
  type MailItem,
} from '../../../protocol/mailbox.ts'

const REQUEST_TIMEOUT_MS = 10_000

/** The relay refused a request: `status` says what kind of refusal, the message says why. */
export class MailboxRefusal extends Error {
  override name = 'MailboxRefusal'

  constructor(
    readonly status: Exclude<MailboxStatus, 'ok'>,
    reason: string,
  ) {
    super(reason)
  }
}

export class MailboxSession {
  /** One request at a time on the stream: an answer belongs to the request before it. */
  private readonly requests = new PQueue({ concurrency: 1 })

  private constructor(
    private readonly stream: Stream,
    private readonly lp: ReturnType<typeof lpStream>,
  ) {}

  /** Opens a mailbox stream to `relay` (a multiaddr ending in /p2p/<relay id>). */
  static async open(node: Libp2p, relay: string): Promise<MailboxSession> {
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    const stream = await node.dialProtocol(multiaddr(relay), MAILBOX_PROTOCOL, { signal })
    return new MailboxSession(
      stream,
      lpStream(stream, { maxDataLength: MAX_MAILBOX_RESPONSE_BYTES }),
    )
  }

  /** Leaves `envelope` for `recipient`; resolves with the id the relay stored it under. */
  async deposit(recipient: string, envelope: Uint8Array<ArrayBuffer>): Promise<string> {
    const { id } = await this.ask({ kind: 'deposit', recipient, envelope })
    if (id === undefined) throw new Error('the relay stored the deposit under no id')
    return id
  }

  /** A page of our mail, oldest first, after the item `after`. */
  async fetch(options: { after?: string; limit?: number } = {}) {
    const { items = [], more = false } = await this.ask({ kind: 'fetch', ...options })
    return { items, more }
  }

  /** Deletes items of ours; resolves with how many there were. */
  async ack(ids: string[]): Promise<number> {
    return (await this.ask({ kind: 'ack', ids })).deleted ?? 0
  }

  /** Leaves our prekey bundle next to our mailbox, for peers with no session with us. */
  async publishKeys(bundle: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.ask({ kind: 'publish-keys', bundle })
  }

  /** The bundle `peer` published on this relay. */
  async fetchKeys(peer: string): Promise<Uint8Array<ArrayBuffer>> {
    const { bundle } = await this.ask({ kind: 'fetch-keys', peer })
    if (bundle === undefined) throw new Error('the relay answered with no bundle')
    return bundle
  }

  /**
   * Collects all our mail: `handle` gets each item in order, and each page is
   * acknowledged once all its items are handled and `durable()` says what they
   * stored is on disk, so an item whose handling failed (or was cut short by a
   * crash, or a power cut) is fetched again next time. Resolves with how many items
   * were handled.
   */
  async collect(
    handle: (item: MailItem) => Promise<void>,
    durable: () => Promise<void> = async () => {},
  ): Promise<number> {
    let handled = 0
    for (;;) {
      const { items, more } = await this.fetch()
      for (const item of items) await handle(item)
      if (items.length > 0) {
        await durable()
        await this.ack(items.map((item) => item.id))
      }
      handled += items.length
      if (!more) return handled
    }
  }

  async close(): Promise<void> {
    await this.requests.onIdle()
    await this.stream.close({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  }

  /** Sends one request after the ones before it; throws MailboxRefusal unless the relay says ok. */
  private ask(request: MailboxRequest): Promise<MailboxResponse> {
    const run = this.requests.add(async () => {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
      try {
        await this.lp.write(encodeRequest(request), { signal })
        const decoded = decodeResponse(await this.lp.read({ signal }))
        if (!decoded.ok) throw new Error(decoded.error.reason)
        return decoded.response
      } catch (err) {
        this.stream.abort(err as Error)
        throw new Error(`the mailbox did not answer: ${(err as Error).message}`)
      }
    })
    return run.then((response) => {
      if (response.status !== 'ok') throw new MailboxRefusal(response.status, response.reason)
      return response
    })
  }
}
