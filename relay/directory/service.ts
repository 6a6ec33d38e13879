// Serves the handle directory on /parley/directory/1.0.0: one length-prefixed
// request per stream, bounded in size and time and rate-limited per peer, answered
// with a typed status and a reason. Who asks is the peer the Noise handshake proved.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import {
  type DirectoryRequest,
  type DirectoryResponse,
  decodeRequest,
  encodeResponse,
  MAX_DIRECTORY_MESSAGE_BYTES,
  refusal,
} from '../../protocol/directory.ts'
import { DIRECTORY_PROTOCOL } from '../../protocol/ids.ts'
import { TokenBuckets } from '../../protocol/rate-limit.ts'
import type { Directory } from './records.ts'

const REQUEST_TIMEOUT_MS = 5_000

type Decoded = ReturnType<typeof decodeRequest>

export type RequestKind = DirectoryRequest['kind'] | 'undecodable'

export interface DirectoryServiceOptions {
  /** Requests each peer earns per minute, lookups included. */
  ratePerMinute: number
  /** Requests a peer may make at once. */
  burst: number
  /** Told of every answer (for metrics). */
  answered?(kind: RequestKind, response: DirectoryResponse): void
}

export async function serveDirectory(
  node: Libp2p,
  directory: Directory,
  options: DirectoryServiceOptions,
): Promise<void> {
  const buckets = new TokenBuckets(options.ratePerMinute, options.burst)

  // Every request costs a token, whatever it is: refusing is work too.
  const respond = async (decoded: Decoded, from: string): Promise<DirectoryResponse> => {
    const take = buckets.take(from)
    if (!take.ok) {
      return refusal(
        'rate-limited',
        `too many directory requests (${options.burst} at once, ${options.ratePerMinute} a minute): ` +
          `try again in ${Math.ceil(take.retryInMs / 1000)} s`,
      )
    }
    if (!decoded.ok) return refusal(decoded.error.code, decoded.error.reason)
    const { request } = decoded
    if (request.kind === 'lookup') return directory.lookup(request.handle)
    if (request.kind === 'release') return directory.release(request.handle, from)
    return directory.claim(request.signed, from)
  }

  const answer = async (stream: Stream, connection: Connection) => {
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    const lp = lpStream(stream, { maxDataLength: MAX_DIRECTORY_MESSAGE_BYTES })
    try {
      const decoded = await lp.read({ signal }).then(decodeRequest, (err: Error): Decoded => {
        // An oversized length (or a prefix too long for any allowed length) is
        // refused before any of the data is buffered.
        if (err.name !== 'InvalidDataLengthError' && err.name !== 'InvalidDataLengthLengthError') {
          throw err
        }
        const reason = `a request is at most ${MAX_DIRECTORY_MESSAGE_BYTES} bytes`
        return { ok: false, error: { code: 'too-large', reason } }
      })
      const response = await respond(decoded, connection.remotePeer.toString())
      options.answered?.(decoded.ok ? decoded.request.kind : 'undecodable', response)
      await lp.write(encodeResponse(response), { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error) // timed out, reset, or gone: nobody to answer
    }
  }

  await node.handle(DIRECTORY_PROTOCOL, answer, { maxInboundStreams: 8 })
}
