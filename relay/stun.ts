// A STUN binding responder (RFC 5389, and RFC 3489's classic requests): it tells
// each client the address and port its datagrams arrive from, which is all WebRTC
// needs to find its public (server-reflexive) candidate behind a NAT. No
// authentication, no TURN, no state kept per client beyond a rate-limit bucket.
//
// Robustness: a datagram is answered only when it is a well-formed binding request;
// anything else is dropped without a reply (RFC 5389 §7.3). Answers are never larger
// than a few dozen bytes, each source address is rate-limited, and the limiter's
// memory is bounded, so the responder cannot be used to amplify traffic.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { TokenBuckets } from '../protocol/rate-limit.ts'
import { parseStunRequest, stunResponse } from '../protocol/stun.ts'

/** What happened to each datagram, for the relay's metrics. */
export type StunOutcome =
  | 'answered'
  | 'unknown-attribute'
  | 'malformed'
  | 'not-binding-request'
  | 'rate-limited'

export interface StunServerOptions {
  host: string
  port: number
  /** Requests each source address may make per minute, and at once. */
  perMinute?: number
  burst?: number
  onRequest?(outcome: StunOutcome): void
}

export interface StunServer {
  host: string
  /** The port actually bound (when asked for port 0). */
  port: number
  close(): Promise<void>
}

/** Binds the UDP socket and answers binding requests until closed. */
export async function startStunServer(opts: StunServerOptions): Promise<StunServer> {
  const socket: Socket = createSocket({ type: isIPv6(opts.host) ? 'udp6' : 'udp4' })
  const limits = new TokenBuckets(opts.perMinute ?? 600, opts.burst ?? 50)
  const count = (o: StunOutcome) => opts.onRequest?.(o)
  socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    const req = parseStunRequest(msg)
    if (req.kind === 'drop') return count(req.reason)
    if (!limits.take(rinfo.address).ok) return count('rate-limited')
    socket.send(stunResponse(req, rinfo), rinfo.port, rinfo.address)
    count(req.unknown.length > 0 ? 'unknown-attribute' : 'answered')
  })
  // Errors on a bound UDP socket (an ICMP unreachable for an earlier answer, say)
  // concern one datagram; the responder carries on.
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(opts.port, opts.host, () => {
      socket.off('error', reject)
      socket.on('error', () => {})
      resolve()
    })
  })
  return {
    host: opts.host,
    port: socket.address().port,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  }
}
