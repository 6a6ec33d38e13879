// Serves the mailbox on /parley/mailbox/1.0.0: requests one after another on a
// stream, each bounded in size and rate-limited per peer (the same token buckets
// as the handle directory), each answered with a typed status and a reason.
// Fetches and acknowledgements act on the mailbox of the peer the Noise handshake
// proved; nothing a peer sends can name another's. Malformed requests are
// answered, logged, and cost a token like any other.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { MAILBOX_PROTOCOL } from '../../protocol/ids.ts'
import {
  decodeRequest,
  encodeResponse,
  MAX_MAILBOX_REQUEST_BYTES,
  type MailboxRequest,
  type MailboxResponse,
  refusal,
} from '../../protocol/mailbox.ts'
import { TokenBuckets } from '../../protocol/rate-limit.ts'
import type { Mailbox } from './store.ts'

/** A stream with no request for this long is closed. */
const IDLE_TIMEOUT_MS = 30_000
const WRITE_TIMEOUT_MS = 10_000

type Decoded = ReturnType<typeof decodeRequest>

export type MailboxRequestKind = MailboxRequest['kind'] | 'undecodable'

export interface MailboxServiceOptions {
  /** Requests each peer earns per minute, deposits, fetches and acknowledgements alike. */
  ratePerMinute: number
  /** Requests a peer may make at once. */
  burst: number
  /** Told of every answer (for metrics). */
  answered?(kind: MailboxRequestKind, response: MailboxResponse): void
}

export async function serveMailbox(
  node: Libp2p,
  mailbox: Mailbox,
  options: MailboxServiceOptions,
): Promise<void> {
  const buckets = new TokenBuckets(options.ratePerMinute, options.burst)

  const respond = async (decoded: Decoded, from: string): Promise<MailboxResponse> => {
    const take = buckets.take(from)
    if (!take.ok) {
      return refusal(
        'rate-limited',
        `too many mailbox requests (${options.burst} at once, ${options.ratePerMinute} a minute): ` +
          `try again in ${Math.ceil(take.retryInMs / 1000)} s`,
      )
    }
    if (!decoded.ok) {
      console.error(
        `parley-relay: mailbox: refused a request from ${from}: ${decoded.error.reason}`,
      )
      return refusal(decoded.error.code, decoded.error.reason)
    }
    const { request } = decoded
    if (request.kind === 'deposit') return mailbox.deposit(request.recipient, request.envelope)
    if (request.kind === 'fetch') return mailbox.fetch(from, request.after, request.limit)
    if (request.kind === 'publish-keys') return mailbox.publishKeys(from, request.bundle)
    if (request.kind === 'fetch-keys') return mailbox.fetchKeys(request.peer)
    return mailbox.ack(from, request.ids)
  }

  const serve = async (stream: Stream, connection: Connection) => {
    const from = connection.remotePeer.toString()
    const lp = lpStream(stream, { maxDataLength: MAX_MAILBOX_REQUEST_BYTES })
    // After an oversized length prefix the rest of the stream cannot be framed.
    let framed = true
    try {
      while (framed) {
        const read = await lp
          .read({ signal: AbortSignal.timeout(IDLE_TIMEOUT_MS) })
          .then(decodeRequest, (err: Error): Decoded | 'end' => {
            if (err.name === 'UnexpectedEOFError') return 'end'
            // An oversized length (or a prefix too long for any allowed length) is
            // refused before any of the data is buffered.
            if (
              err.name !== 'InvalidDataLengthError' &&
              err.name !== 'InvalidDataLengthLengthError'
            ) {
              throw err
            }
            framed = false
            const reason = `a request is at most ${MAX_MAILBOX_REQUEST_BYTES} bytes`
            return { ok: false, error: { code: 'too-large', reason } }
          })
        if (read === 'end') break
        const response = await respond(read, from)
        options.answered?.(read.ok ? read.request.kind : 'undecodable', response)
        await lp.write(encodeResponse(response), { signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) })
      }
      await stream.close({ signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) })
    } catch (err) {
      stream.abort(err as Error) // idle, reset, or gone: nobody to answer
    }
  }

  await node.handle(MAILBOX_PROTOCOL, serve, { maxInboundStreams: 8 })
}
