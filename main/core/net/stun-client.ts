// STUN binding requests from the client (RFC 5389): from one UDP socket, ask each
// STUN endpoint which address our datagrams come from. That answers whether a
// relay's STUN responder is reachable, and, compared across endpoints, what kind
// of NAT we are behind (connectivity.ts).
import { randomBytes } from 'node:crypto'
import { createSocket, type RemoteInfo } from 'node:dgram'
import { isIPv6 } from 'node:net'

const MAGIC_COOKIE = 0x2112a442
const HEADER = 20
const BINDING_REQUEST = 0x0001
const BINDING_SUCCESS = 0x0101
const MAPPED_ADDRESS = 0x0001
const XOR_MAPPED_ADDRESS = 0x0020
/** Sends of each request, ms after the start (RFC 5389 retransmits too; we stop sooner). */
const RETRANSMIT_AT_MS = [0, 250, 750]
const DEFAULT_TIMEOUT_MS = 2_000

export interface StunTarget {
  host: string
  port: number
}

export interface Mapped {
  address: string
  port: number
}

export interface StunAnswer {
  target: StunTarget
  /** Our address as the endpoint saw it; null when it never answered. */
  mapped: Mapped | null
  rttMs: number | null
}

/** A binding request with no attributes: header only, with a random transaction id. */
export function bindingRequest(transactionId: Uint8Array): Uint8Array {
  const msg = new Uint8Array(HEADER)
  const view = new DataView(msg.buffer)
  view.setUint16(0, BINDING_REQUEST)
  view.setUint32(4, MAGIC_COOKIE)
  msg.set(transactionId.subarray(0, 12), 8)
  return msg
}

/**
 * The mapped address of a binding success answering `transactionId`, or undefined
 * for anything else (another transaction, an error, garbage); never throws.
 */
export function parseBindingSuccess(
  buf: Uint8Array,
  transactionId: Uint8Array,
): Mapped | undefined {
  if (buf.length < HEADER) return undefined
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (view.getUint16(0) !== BINDING_SUCCESS || view.getUint32(4) !== MAGIC_COOKIE) return undefined
  if (HEADER + view.getUint16(2) !== buf.length) return undefined
  for (let i = 0; i < 12; i++) if (buf[8 + i] !== transactionId[i]) return undefined
  let plain: Mapped | undefined
  for (let at = HEADER; at + 4 <= buf.length; ) {
    const type = view.getUint16(at)
    const len = view.getUint16(at + 2)
    const value = buf.subarray(at + 4, at + 4 + len)
    if (value.length !== len) return undefined
    // XOR-MAPPED-ADDRESS is what RFC 5389 servers send; MAPPED-ADDRESS is RFC 3489's.
    if (type === XOR_MAPPED_ADDRESS) return readAddress(value, buf.subarray(4, HEADER))
    if (type === MAPPED_ADDRESS) plain ??= readAddress(value, null)
    at += 4 + len + ((4 - (len % 4)) % 4)
  }
  return plain
}

/** An address attribute's value, un-XORed with the cookie and transaction id when given. */
function readAddress(value: Uint8Array, mask: Uint8Array | null): Mapped | undefined {
  const family = value[1]
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0
  if (size === 0 || value.length !== 4 + size) return undefined
  const ip = value.slice(4)
  let port = ((value[2] as number) << 8) | (value[3] as number)
  if (mask) {
    port ^= MAGIC_COOKIE >>> 16
    for (let i = 0; i < size; i++) ip[i] = (ip[i] as number) ^ (mask[i] as number)
  }
  if (size === 4) return { address: [...ip].join('.'), port }
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((ip[2 * i] as number) * 256 + (ip[2 * i + 1] as number)).toString(16),
  )
  // The URL parser writes an IPv6 address the canonical way (RFC 5952): 2001:db8::7.
  return { address: new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1), port }
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
