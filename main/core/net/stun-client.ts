// STUN binding requests from the client (RFC 5389): from one UDP socket, ask each
// STUN endpoint which address our datagrams come from. That answers whether a
// relay's STUN responder is reachable, and, compared across endpoints, what kind
// of NAT we are behind (connectivity.ts).
import { randomBytes } from 'node:crypto'
import { createSocket, type RemoteInfo } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { bindingRequest, type Mapped, parseBindingSuccess } from '../../../protocol/stun.ts'

/** Sends of each request, ms after the start (RFC 5389 retransmits too; we stop sooner). */
const RETRANSMIT_AT_MS = [0, 250, 750]
const DEFAULT_TIMEOUT_MS = 2_000

export interface StunTarget {
  host: string
  port: number
}

export interface StunAnswer {
  target: StunTarget
  /** Our address as the endpoint saw it; null when it never answered. */
  mapped: Mapped | null
  rttMs: number | null
}

/**
 * Asks every target from one IPv4 UDP socket, retransmitting a few times, and
 * resolves within `timeoutMs` with one answer per target (in order) and the
 * socket's local port. IPv6 targets get no answer: the NAT question is an IPv4 one.
 */
export async function askStunFrom(
  targets: readonly StunTarget[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<{ localPort: number; answers: StunAnswer[] }> {
  const answers: StunAnswer[] = targets.map((target) => ({ target, mapped: null, rttMs: null }))
  const ids = targets.map(() => randomBytes(12))
  const socket = createSocket('udp4')
  // Send failures (no route, a name that does not resolve) concern one target only.
  socket.on('error', () => {})
  await new Promise<void>((resolve) => socket.bind(0, resolve))
  const localPort = socket.address().port
  const started = performance.now()
  const timers: NodeJS.Timeout[] = []
  try {
    await new Promise<void>((resolve) => {
      let pending = targets.filter((t) => !isIPv6(t.host)).length
      if (pending === 0) return resolve()
      socket.on('message', (msg: Buffer, _from: RemoteInfo) => {
        for (const [i, id] of ids.entries()) {
          const answer = answers[i] as StunAnswer
          if (answer.mapped) continue
          const mapped = parseBindingSuccess(msg, id)
          if (!mapped) continue
          answer.mapped = mapped
          answer.rttMs = Math.round(performance.now() - started)
          if (--pending === 0) resolve()
        }
      })
      for (const delay of RETRANSMIT_AT_MS) {
        timers.push(
          setTimeout(() => {
            for (const [i, t] of targets.entries()) {
              if (answers[i]?.mapped || isIPv6(t.host)) continue
              socket.send(bindingRequest(ids[i] as Uint8Array), t.port, t.host, () => {})
            }
          }, delay),
        )
      }
      timers.push(setTimeout(resolve, timeoutMs))
    })
  } finally {
    for (const t of timers) clearTimeout(t)
    socket.close()
  }
  return { localPort, answers }
}

/** askStunFrom, when only the answers matter. */
export async function askStun(
  targets: readonly StunTarget[],
  timeoutMs?: number,
): Promise<StunAnswer[]> {
  return (await askStunFrom(targets, timeoutMs)).answers
}
