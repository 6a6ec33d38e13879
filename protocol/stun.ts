// STUN messages (RFC 5389, and RFC 3489's classic requests), as far as Parley
// speaks them: binding requests and their answers. The relay's responder
// (relay/stun.ts) parses requests and writes answers; the client
// (main/core/net/stun-client.ts) writes requests and reads answers. Decoders never
// throw, whatever the bytes.
import CRC32 from 'crc-32'

export const MAGIC_COOKIE = 0x2112a442
const HEADER = 20
/** Larger datagrams are not binding requests we answer (RFC 5389 asks for < 548 bytes over UDP). */
export const MAX_STUN_DATAGRAM = 1280
const FINGERPRINT_XOR = 0x5354554e
const encoder = new TextEncoder()

const BINDING_REQUEST = 0x0001
const BINDING_SUCCESS = 0x0101
const BINDING_ERROR = 0x0111

export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  CHANGE_REQUEST: 0x0003,
  ERROR_CODE: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  XOR_MAPPED_ADDRESS: 0x0020,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
} as const

/**
 * Comprehension-required attributes (below 0x8000) that a binding request may carry
 * and that we can safely ignore: credentials we do not check, and ICE's own. Any other
 * one (CHANGE-REQUEST, say, which would ask us to answer from another address) gets
 * a 420 Unknown Attribute error, as RFC 5389 §7.3.1 says.
 */
const UNDERSTOOD = new Set([
  0x0006, // USERNAME
  0x0008, // MESSAGE-INTEGRITY
  0x0014, // REALM
  0x0015, // NONCE
  0x001c, // MESSAGE-INTEGRITY-SHA256
  0x001d, // PASSWORD-ALGORITHM
  0x001e, // USERHASH
  0x0024, // PRIORITY (ICE)
  0x0025, // USE-CANDIDATE (ICE)
])

const SOFTWARE = 'parley-relay'

export type StunRequest =
  | {
      kind: 'binding'
      /** Bytes 4..20 of the request: the magic cookie and the 96-bit id (all 128 bits in RFC 3489). */
      transactionId: Uint8Array
      /** RFC 3489 request: no magic cookie, answered with MAPPED-ADDRESS. */
      classic: boolean
      /** The request ended in a valid FINGERPRINT: the answer carries one too. */
      fingerprint: boolean
      /** Comprehension-required attributes we do not understand (answered with 420). */
      unknown: number[]
    }
  | { kind: 'drop'; reason: 'malformed' | 'not-binding-request' }

/** Decodes one datagram; never throws, whatever the bytes. */
export function parseStunRequest(buf: Uint8Array): StunRequest {
  if (buf.length < HEADER || buf.length > MAX_STUN_DATAGRAM) return drop('malformed')
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const type = view.getUint16(0)
  const length = view.getUint16(2)
  // The top two bits of every STUN message are zero; attributes are 4-byte aligned.
  if (type & 0xc000 || length % 4 !== 0 || HEADER + length !== buf.length) return drop('malformed')
  const classic = view.getUint32(4) !== MAGIC_COOKIE
  let fingerprint = false
  const unknown: number[] = []
  let at = HEADER
  while (at < buf.length) {
    if (at + 4 > buf.length) return drop('malformed')
    const attr = view.getUint16(at)
    const len = view.getUint16(at + 2)
    const end = at + 4 + len
    if (end > buf.length) return drop('malformed')
    if (fingerprint) return drop('malformed') // FINGERPRINT must come last
    if (attr === ATTR.FINGERPRINT && !classic) {
      if (len !== 4) return drop('malformed')
      const expected = (CRC32.buf(buf.subarray(0, at)) ^ FINGERPRINT_XOR) >>> 0
      if (view.getUint32(at + 4) !== expected) return drop('malformed')
      fingerprint = true
    } else if (attr < 0x8000 && !UNDERSTOOD.has(attr) && unknown.length < 16) {
      unknown.push(attr)
    }
    at = end + ((4 - (len % 4)) % 4)
  }
  if (at !== buf.length) return drop('malformed')
  if (type !== BINDING_REQUEST) return drop('not-binding-request')
  return { kind: 'binding', transactionId: buf.slice(4, HEADER), classic, fingerprint, unknown }
}

function drop(reason: 'malformed' | 'not-binding-request'): StunRequest {
  return { kind: 'drop', reason }
}

/** An address and port: where a request came from, or what a server saw of us. */
export interface Mapped {
  address: string
  port: number
}

/** The answer to a binding request from `from`: its reflexive address, or a 420 error. */
export function stunResponse(
  req: Extract<StunRequest, { kind: 'binding' }>,
  from: Mapped,
): Uint8Array {
  const attrs: Uint8Array[] = []
  if (req.unknown.length > 0) {
    const reason = encoder.encode('Unknown Attribute')
    const code = new Uint8Array(4 + reason.length)
    code.set([0, 0, 4, 20])
    code.set(reason, 4)
    attrs.push(attribute(ATTR.ERROR_CODE, code))
    const list = new Uint8Array(req.unknown.length * 2)
    const lv = new DataView(list.buffer)
    for (const [i, a] of req.unknown.entries()) lv.setUint16(i * 2, a)
    attrs.push(attribute(ATTR.UNKNOWN_ATTRIBUTES, list))
  } else {
    if (req.classic) attrs.push(attribute(ATTR.MAPPED_ADDRESS, address(from, null)))
    else attrs.push(attribute(ATTR.XOR_MAPPED_ADDRESS, address(from, req.transactionId)))
  }
  attrs.push(attribute(ATTR.SOFTWARE, encoder.encode(SOFTWARE)))
  const type = req.unknown.length > 0 ? BINDING_ERROR : BINDING_SUCCESS
  const body = concat(attrs)
  const withFingerprint = req.fingerprint ? 8 : 0
  const msg = new Uint8Array(HEADER + body.length + withFingerprint)
  const view = new DataView(msg.buffer)
  view.setUint16(0, type)
  view.setUint16(2, body.length + withFingerprint)
  msg.set(req.transactionId, 4)
  msg.set(body, HEADER)
  if (req.fingerprint) {
    const at = HEADER + body.length
    view.setUint16(at, ATTR.FINGERPRINT)
    view.setUint16(at + 2, 4)
    view.setUint32(at + 4, (CRC32.buf(msg.subarray(0, at)) ^ FINGERPRINT_XOR) >>> 0)
  }
  return msg
}

/** MAPPED-ADDRESS, or XOR-MAPPED-ADDRESS when given the transaction id to XOR with. */
function address(from: Mapped, transactionId: Uint8Array | null): Uint8Array {
  const ip = from.address.includes(':') ? ipv6Bytes(from.address) : ipv4Bytes(from.address)
  const v4 = ip.length === 4
  const out = new Uint8Array(4 + ip.length)
  const view = new DataView(out.buffer)
  view.setUint8(1, v4 ? 0x01 : 0x02)
  if (transactionId === null) {
    view.setUint16(2, from.port)
    out.set(ip, 4)
    return out
  }
  view.setUint16(2, from.port ^ (MAGIC_COOKIE >>> 16))
  // The request's bytes 4..20 are the magic cookie and the transaction id: the mask.
  const mask = transactionId
  for (let i = 0; i < ip.length; i++) out[4 + i] = (ip[i] as number) ^ (mask[i] as number)
  return out
}

function attribute(type: number, value: Uint8Array): Uint8Array {
  const padded = new Uint8Array(4 + value.length + ((4 - (value.length % 4)) % 4))
  const view = new DataView(padded.buffer)
  view.setUint16(0, type)
  view.setUint16(2, value.length)
  padded.set(value, 4)
  return padded
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function ipv4Bytes(ip: string): Uint8Array {
  return Uint8Array.from(ip.split('.').map(Number))
}

function ipv6Bytes(ip: string): Uint8Array {
  // An IPv4-mapped address on a dual-stack socket is answered as the IPv4 it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return ipv4Bytes(mapped[1] as string)
  const [head = '', tail = ''] = ip.split('::')
  const groups = (s: string) => (s === '' ? [] : s.split(':'))
  const h = groups(head)
  const t = groups(tail)
  const all = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  const out = new Uint8Array(16)
  const view = new DataView(out.buffer)
  for (const [i, g] of all.slice(0, 8).entries()) view.setUint16(i * 2, Number.parseInt(g, 16) || 0)
  return out
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
    if (type === ATTR.XOR_MAPPED_ADDRESS) return readAddress(value, buf.subarray(4, HEADER))
    if (type === ATTR.MAPPED_ADDRESS) plain ??= readAddress(value, null)
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
  const groups = Array.from(
    { length: 8 },
    (_, i) => (ip[2 * i] as number) * 256 + (ip[2 * i + 1] as number),
  )
  return { address: ipv6Text(groups), port }
}

/** An IPv6 address's eight groups, written the canonical way (RFC 5952): 2001:db8::7. */
function ipv6Text(groups: number[]): string {
  // The longest run of two or more zero groups (the first of equals) becomes '::'.
  let best = { at: -1, length: 1 }
  for (let at = 0; at < 8; ) {
    let end = at
    while (end < 8 && groups[end] === 0) end++
    if (end - at > best.length) best = { at, length: end - at }
    at = end + 1
  }
  const hex = (part: number[]) => part.map((g) => g.toString(16)).join(':')
  if (best.at < 0) return hex(groups)
  return `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`
}
