// The client's STUN requests against the relay's real responder (relay/stun.ts) on
// loopback, and the NAT type inferred from what endpoints report.
import { createSocket } from 'node:dgram'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bindingRequest,
  parseBindingSuccess,
  parseStunRequest,
  stunResponse,
} from '../../../protocol/stun.ts'
import { type StunServer, startStunServer } from '../../../relay/stun.ts'
import { inferNat } from './connectivity.ts'
import { askStunFrom, type StunAnswer } from './stun-client.ts'

const id = Uint8Array.from({ length: 12 }, (_, i) => i + 1)

describe('STUN binding requests', () => {
  it('are what the relay’s responder parses, and read its XOR and classic answers', () => {
    const req = parseStunRequest(bindingRequest(id))
    if (req.kind !== 'binding') throw new Error(`not a binding request: ${req.reason}`)
    expect(req.classic).toBe(false)
    for (const from of [
      { address: '198.51.100.7', port: 40_000 },
      { address: '2001:db8::7', port: 1 },
    ]) {
      expect(parseBindingSuccess(stunResponse(req, from), id)).toEqual(from)
      // RFC 3489's MAPPED-ADDRESS, unmasked.
      const classic = stunResponse({ ...req, classic: true }, from)
      expect(parseBindingSuccess(classic, id)).toEqual(from)
    }
    // Another transaction's answer, an error answer or noise: nothing, and never a throw.
    const other = stunResponse(req, { address: '198.51.100.7', port: 1 })
    expect(parseBindingSuccess(other, new Uint8Array(12))).toBeUndefined()
    expect(
      parseBindingSuccess(
        stunResponse({ ...req, unknown: [3] }, { address: '198.51.100.7', port: 1 }),
        id,
      ),
    ).toBeUndefined()
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void parseBindingSuccess(b, id)),
    )
  })

  it('write any IPv6 address they read back as Node writes it (RFC 5952)', () => {
    const req = parseStunRequest(bindingRequest(id))
    if (req.kind !== 'binding') throw new Error(`not a binding request: ${req.reason}`)
    // Zero groups often, so that runs of them (and ties between runs) come up.
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }))
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const written = new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`)
        const address = written.hostname.slice(1, -1)
        // Node writes an IPv4-mapped address as such; we answer those as IPv4 (tested above).
        fc.pre(!address.startsWith('::ffff:'))
        expect(parseBindingSuccess(stunResponse(req, { address, port: 9 }), id)).toEqual({
          address,
          port: 9,
        })
      }),
    )
  })
})

describe('asking STUN endpoints', () => {
  let servers: StunServer[] = []
  beforeAll(async () => {
    servers = await Promise.all([0, 0].map((port) => startStunServer({ host: '127.0.0.1', port })))
  })
  afterAll(() => Promise.all(servers.map((s) => s.close())))

  it('learns the same mapping from two endpoints; on loopback that is our own address: open', async () => {
    const targets = servers.map((s) => ({ host: '127.0.0.1', port: s.port }))
    const { localPort, answers } = await askStunFrom(targets)
    for (const a of answers) {
      expect(a.mapped).toEqual({ address: '127.0.0.1', port: localPort })
      expect(a.rttMs).toBeGreaterThanOrEqual(0)
    }
    const local = { addresses: new Set(['127.0.0.1']), port: localPort }
    expect(inferNat(answers, local)).toEqual({ nat: 'open' })
  })

  it('gives up on an endpoint that never answers, within the time given', async () => {
    const silent = createSocket('udp4')
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
    try {
      const started = performance.now()
      const { answers } = await askStunFrom(
        [{ host: '127.0.0.1', port: silent.address().port }],
        500,
      )
      expect(performance.now() - started).toBeLessThan(2_000)
      expect(answers).toEqual([expect.objectContaining({ mapped: null, rttMs: null })])
      expect(inferNat(answers, { addresses: new Set(), port: 1 }).nat).toBe('udp-blocked')
    } finally {
      silent.close()
    }
  })
})

describe('the NAT type', () => {
  const answer = (port: number, mapped: string | null): StunAnswer => ({
    target: { host: '198.51.100.10', port },
    mapped:
      mapped === null
        ? null
        : { address: mapped.split(':')[0] as string, port: Number(mapped.split(':')[1]) },
    rttMs: mapped === null ? null : 3,
  })
  const behindNat = { addresses: new Set(['10.0.0.2']), port: 5000 }

  it('is cone when both endpoints see one mapping, symmetric when they see two', () => {
    const cone = [answer(3478, '198.51.100.1:5000'), answer(3479, '198.51.100.1:5000')]
    expect(inferNat(cone, behindNat)).toEqual({ nat: 'cone' })
    const symmetric = [answer(3478, '198.51.100.1:61000'), answer(3479, '198.51.100.1:61001')]
    expect(inferNat(symmetric, behindNat)).toEqual({ nat: 'symmetric' })
  })

  it('is open when the mapping is our own address and port', () => {
    const open = [answer(3478, '10.0.0.2:5000')]
    expect(inferNat(open, behindNat)).toEqual({ nat: 'open' })
  })

  it('is unknown with no endpoint or one answer, udp-blocked with none', () => {
    expect(inferNat([], behindNat).nat).toBe('unknown')
    expect(inferNat([answer(3478, '198.51.100.1:5000'), answer(3479, null)], behindNat).nat).toBe(
      'unknown',
    )
    expect(inferNat([answer(3478, null), answer(3479, null)], behindNat).nat).toBe('udp-blocked')
  })
})
