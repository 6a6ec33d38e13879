import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { crc32 } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ATTR,
  MAGIC_COOKIE,
  MAX_STUN_DATAGRAM,
  parseStunRequest,
  stunResponse,
} from '../protocol/stun.ts'
import { type StunOutcome, startStunServer } from './stun.ts'

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// RFC 5769 §2.1 (the sample request; SOFTWARE "STUN test client"): a binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED,
// USERNAME, MESSAGE-INTEGRITY and FINGERPRINT.
const RFC5769_REQUEST = hex(`
  000100582112a442b7e7a701bc34d686fa87dfae
  802200105354554e207465737420636c69656e74
  002400046e0001ff80290008932ff9b151263b36
  000600096576746a3a68367659202020
  000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2
  80280004e57a3bcf`)

/** The attributes of a STUN message, by type. */
function attributes(msg: Uint8Array): Map<number, Buffer> {
  const buf = Buffer.from(msg)
  const out = new Map<number, Buffer>()
  let at = 20
  while (at < buf.length) {
    const type = buf.readUInt16BE(at)
    const len = buf.readUInt16BE(at + 2)
    out.set(type, buf.subarray(at + 4, at + 4 + len))
    at += 4 + len + ((4 - (len % 4)) % 4)
  }
  return out
}

/** Reads XOR-MAPPED-ADDRESS the way a client does. */
function xorMapped(msg: Uint8Array): { address: string; port: number } {
  const value = attributes(msg).get(ATTR.XOR_MAPPED_ADDRESS)
  if (!value) throw new Error('no XOR-MAPPED-ADDRESS')
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16)
  const mask = Buffer.from(msg).subarray(4, 20)
  const ip = Buffer.from(value.subarray(4).map((b, i) => b ^ (mask[i] as number)))
  const address =
    value[1] === 1
      ? [...ip].join('.')
      : [...Array(8).keys()].map((i) => ip.readUInt16BE(i * 2).toString(16)).join(':')
  return { address, port }
}

function request(opts: { tid?: Buffer; attrs?: Buffer[]; fingerprint?: boolean } = {}): Buffer {
  const tid = opts.tid ?? Buffer.alloc(12, 7)
  const body = Buffer.concat(opts.attrs ?? [])
  const fp = opts.fingerprint ? 8 : 0
  const head = Buffer.alloc(20)
  head.writeUInt16BE(0x0001, 0)
  head.writeUInt16BE(body.length + fp, 2)
  head.writeUInt32BE(MAGIC_COOKIE, 4)
  tid.copy(head, 8)
  const msg = Buffer.concat([head, body])
  if (!opts.fingerprint) return msg
  const f = Buffer.alloc(8)
  f.writeUInt16BE(ATTR.FINGERPRINT, 0)
  f.writeUInt16BE(4, 2)
  f.writeUInt32BE((crc32(msg) ^ 0x5354554e) >>> 0, 4)
  return Buffer.concat([msg, f])
}

function attr(type: number, value: Buffer): Buffer {
  const a = Buffer.alloc(4 + value.length + ((4 - (value.length % 4)) % 4))
  a.writeUInt16BE(type, 0)
  a.writeUInt16BE(value.length, 2)
  value.copy(a, 4)
  return a
}

describe('STUN binding requests', () => {
  it('parses the RFC 5769 sample request, FINGERPRINT checked, ICE attributes understood', () => {
    const req = parseStunRequest(RFC5769_REQUEST)
    expect(req).toMatchObject({ kind: 'binding', classic: false, fingerprint: true, unknown: [] })
    const bad = Buffer.from(RFC5769_REQUEST)
    bad.writeUInt8((bad.at(-1) as number) ^ 1, bad.length - 1)
    expect(parseStunRequest(bad)).toEqual({ kind: 'drop', reason: 'malformed' })
  })

  it('answers with the XOR-MAPPED-ADDRESS of RFC 5769 §2.2, and a valid FINGERPRINT', () => {
    const req = parseStunRequest(RFC5769_REQUEST)
    if (req.kind !== 'binding') throw new Error('not parsed')
    const res = stunResponse(req, { address: '192.0.2.1', port: 32853 })
    expect(Buffer.from(res).readUInt16BE(0)).toBe(0x0101)
    expect(Buffer.from(res).subarray(4, 20)).toEqual(RFC5769_REQUEST.subarray(4, 20))
    expect(attributes(res).get(ATTR.XOR_MAPPED_ADDRESS)).toEqual(hex('0001a147e112a643'))
    const fpAt = res.length - 8
    expect(Buffer.from(res).readUInt32BE(fpAt + 4)).toBe(
      (crc32(Buffer.from(res).subarray(0, fpAt)) ^ 0x5354554e) >>> 0,
    )
    expect(res.length % 4).toBe(0)
  })

  it('maps IPv6 sources, and IPv4-mapped ones as IPv4', () => {
    const req = parseStunRequest(request())
    if (req.kind !== 'binding') throw new Error('not parsed')
    expect(xorMapped(stunResponse(req, { address: '2001:db8::1', port: 4444 }))).toEqual({
      address: '2001:db8:0:0:0:0:0:1',
      port: 4444,
    })
    expect(xorMapped(stunResponse(req, { address: '::ffff:10.0.0.7', port: 9 }))).toEqual({
      address: '10.0.0.7',
      port: 9,
    })
  })

  it('answers a classic RFC 3489 request with MAPPED-ADDRESS', () => {
    const msg = request()
    msg.writeUInt32BE(0xdeadbeef, 4)
    const req = parseStunRequest(msg)
    expect(req).toMatchObject({ kind: 'binding', classic: true })
    if (req.kind !== 'binding') return
    const res = stunResponse(req, { address: '203.0.113.9', port: 5000 })
    expect(attributes(res).get(ATTR.MAPPED_ADDRESS)).toEqual(hex('00011388cb007109'))
    expect(Buffer.from(res).subarray(4, 20)).toEqual(msg.subarray(4, 20))
  })

  it('refuses CHANGE-REQUEST and other unknown required attributes with 420', () => {
    const msg = request({
      attrs: [attr(ATTR.CHANGE_REQUEST, Buffer.alloc(4)), attr(0x8123, Buffer.from('opt'))],
    })
    const req = parseStunRequest(msg)
    expect(req).toMatchObject({ kind: 'binding', unknown: [ATTR.CHANGE_REQUEST] })
    if (req.kind !== 'binding') return
    const res = Buffer.from(stunResponse(req, { address: '127.0.0.1', port: 1 }))
    expect(res.readUInt16BE(0)).toBe(0x0111)
    const a = attributes(res)
    expect(a.get(ATTR.ERROR_CODE)?.subarray(2, 4)).toEqual(Buffer.from([4, 20]))
    expect(a.get(ATTR.UNKNOWN_ATTRIBUTES)).toEqual(hex('0003'))
    expect(a.has(ATTR.XOR_MAPPED_ADDRESS)).toBe(false)
  })

  it('drops what is not a well-formed binding request', () => {
    const drop = (b: Buffer) => parseStunRequest(b)
    expect(drop(Buffer.alloc(19))).toEqual({ kind: 'drop', reason: 'malformed' })
    expect(drop(Buffer.alloc(MAX_STUN_DATAGRAM + 1))).toMatchObject({ kind: 'drop' })
    const wrongLength = request()
    wrongLength.writeUInt16BE(4, 2)
    expect(drop(wrongLength)).toMatchObject({ reason: 'malformed' })
    const highBits = request()
    highBits.writeUInt16BE(0xc001, 0)
    expect(drop(highBits)).toMatchObject({ reason: 'malformed' })
    const overrun = request({ attrs: [attr(0x8022, Buffer.from('abcd'))] })
    overrun.writeUInt16BE(200, 22)
    expect(drop(overrun)).toMatchObject({ reason: 'malformed' })
    const indication = request()
    indication.writeUInt16BE(0x0011, 0)
    expect(drop(indication)).toEqual({ kind: 'drop', reason: 'not-binding-request' })
    const response = request()
    response.writeUInt16BE(0x0101, 0)
    expect(drop(response)).toEqual({ kind: 'drop', reason: 'not-binding-request' })
    // Anything after FINGERPRINT is an error.
    const after = Buffer.concat([request({ fingerprint: true }), attr(0x8022, Buffer.from('x'))])
    after.writeUInt16BE(after.length - 20, 2)
    expect(drop(after)).toMatchObject({ reason: 'malformed' })
  })

  it('never throws on arbitrary bytes, and answers only small messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1400 }), (bytes) => {
        const req = parseStunRequest(bytes)
        if (req.kind === 'binding') {
          expect(stunResponse(req, { address: '198.51.100.1', port: 1 }).length).toBeLessThan(120)
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('parses any well-formed request: random attributes, mutated bytes never throw', () => {
    const anyAttr = fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 }))
      .filter(([t]) => t !== ATTR.FINGERPRINT)
      .map(([t, v]) => attr(t, Buffer.from(v)))
    fc.assert(
      fc.property(
        fc.array(anyAttr, { maxLength: 8 }),
        fc.boolean(),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (attrs, fingerprint, tid, pos, flip) => {
          const msg = request({ attrs, fingerprint, tid: Buffer.from(tid) })
          if (msg.length > MAX_STUN_DATAGRAM) return
          const req = parseStunRequest(msg)
          expect(req.kind).toBe('binding')
          if (req.kind !== 'binding') return
          expect(req.fingerprint).toBe(fingerprint)
          const res = stunResponse(req, { address: '192.0.2.77', port: 6543 })
          if (req.unknown.length === 0) {
            expect(xorMapped(res)).toEqual({ address: '192.0.2.77', port: 6543 })
          }
          const mutated = Buffer.from(msg)
          mutated.writeUInt8((mutated[pos % mutated.length] as number) ^ flip, pos % mutated.length)
          parseStunRequest(mutated) // must not throw
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('STUN server', () => {
  it('answers over UDP with the source address, rate-limits each source, counts outcomes', async () => {
    const outcomes: StunOutcome[] = []
    const sixSeen = Promise.withResolvers<void>()
    const server = await startStunServer({
      host: '127.0.0.1',
      port: 0,
      perMinute: 60,
      burst: 3,
      onRequest: (o) => {
        if (outcomes.push(o) === 6) sixSeen.resolve()
      },
    })
    const client = createSocket('udp4')
    try {
      await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve))
      const answers: Buffer[] = []
      client.on('message', (m) => answers.push(m))
      client.send(Buffer.from('garbage that is not STUN'), server.port, '127.0.0.1')
      for (let i = 0; i < 5; i++) {
        client.send(request({ tid: Buffer.alloc(12, i) }), server.port, '127.0.0.1')
      }
      await sixSeen.promise
      while (answers.length < 3) await once(client, 'message')
      expect(outcomes.filter((o) => o === 'answered')).toHaveLength(3)
      expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(2)
      expect(outcomes).toContain('malformed')
      expect(answers.length).toBe(3)
      expect(xorMapped(answers[0] as Buffer)).toEqual({
        address: '127.0.0.1',
        port: client.address().port,
      })
    } finally {
      client.close()
      await server.close()
    }
  })
})
