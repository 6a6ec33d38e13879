import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type DirectoryRecord,
  type DirectoryRequest,
  type DirectoryResponse,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  MAX_RECORD_ADDRESSES,
  openRecord,
  readRecord,
  signRecord,
} from './directory.ts'
import { DirectoryRecord as WireRecord } from './wire/directory.ts'

let alice: PrivateKey
let mallory: PrivateKey
let record: DirectoryRecord

beforeAll(async () => {
  alice = await generateKeyPair('Ed25519')
  mallory = await generateKeyPair('Ed25519')
  const peerId = peerIdFromPrivateKey(alice).toString()
  record = {
    handle: 'alice',
    peerId,
    addresses: [
      `/ip4/127.0.0.1/tcp/4001/p2p/${peerIdFromPrivateKey(mallory)}/p2p-circuit/p2p/${peerId}`,
      '/ip4/127.0.0.1/tcp/5001',
    ],
    displayName: 'Alice 爱丽丝',
    seq: Date.now(),
  }
})

const reasonOf = (result: { ok: boolean; error?: { reason: string } }) => result.error?.reason

describe('directory records', () => {
  it('round-trip signed by their owner', async () => {
    const signed = await signRecord(record, alice)
    expect(await openRecord(signed)).toEqual({ ok: true, record })
  })

  it('are refused when signed by another key', async () => {
    const forged = await signRecord(record, mallory)
    const result = await openRecord(forged)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(reasonOf(result)).toMatch(`not signed by ${record.peerId}`)
  })

  it('are refused when any byte changes after signing', async () => {
    const signed = await signRecord(record, alice)
    for (let i = 0; i < signed.record.byteLength; i++) {
      const tampered = { ...signed, record: signed.record.slice() }
      tampered.record[i] = (tampered.record[i] as number) ^ 0x01
      expect((await openRecord(tampered)).ok, `byte ${i}`).toBe(false)
    }
    const badSignature = { ...signed, signature: signed.signature.slice(0, 10) }
    expect((await openRecord(badSignature)).ok).toBe(false)
  })

  it('are refused with a reason when a field is unusable', async () => {
    const check = async (change: Partial<DirectoryRecord>, pattern: RegExp) => {
      const result = await openRecord(await signRecord({ ...record, ...change }, alice))
      expect(result.ok).toBe(false)
      expect(reasonOf(result)).toMatch(pattern)
    }
    await check({ handle: 'Alice' }, /not in normal form \('alice'\)/)
    await check({ handle: 'аlice' }, /U\+0430/)
    await check({ displayName: 'a\u0007b' }, /display name/)
    await check({ displayName: 'x'.repeat(65) }, /display name/)
    await check({ seq: 0 }, /sequence number/)
  })

  it('hold a bounded number of addresses in a bounded size', async () => {
    const many = Array.from(
      { length: MAX_RECORD_ADDRESSES + 1 },
      (_, i) => `/ip4/10.0.0.${i}/tcp/1`,
    )
    const tooMany = await openRecord(await signRecord({ ...record, addresses: many }, alice))
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'too-large' } })
    const huge = { record: new Uint8Array(5000), signature: new Uint8Array(64) }
    expect(readRecord(huge)).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('need an Ed25519 peer id, which carries the key that signs', async () => {
    const rsaStyle = WireRecord.encode({
      handle: 'alice',
      peerId: new Uint8Array([0x12, 0x20, ...new Uint8Array(32)]), // a sha2-256 multihash
      displayName: '',
      seq: 1n,
    })
    const result = readRecord({ record: rsaStyle, signature: new Uint8Array(64) })
    expect(reasonOf(result)).toMatch(/not an Ed25519 peer id/)
  })
})

describe('directory requests and responses', () => {
  it('round-trip', async () => {
    const signed = await signRecord(record, alice)
    const requests: DirectoryRequest[] = [
      { kind: 'claim', signed },
      { kind: 'lookup', handle: '@Alice' },
      { kind: 'release', handle: 'alice' },
    ]
    for (const request of requests) {
      expect(decodeRequest(encodeRequest(request))).toEqual({ ok: true, request })
    }
    const responses: DirectoryResponse[] = [
      { status: 'ok', reason: '', record: signed },
      { status: 'rate-limited', reason: 'slow down' },
    ]
    for (const response of responses) {
      expect(decodeResponse(encodeResponse(response))).toEqual({ ok: true, response })
    }
  })

  it('refuse a missing body or status, and oversized bytes', () => {
    expect(decodeRequest(new Uint8Array())).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(decodeResponse(new Uint8Array())).toMatchObject({ ok: false })
    expect(decodeRequest(new Uint8Array(10_000))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
  })

  it('never throw on arbitrary or mutated bytes', async () => {
    const valid = encodeRequest({ kind: 'claim', signed: await signRecord(record, alice) })
    const mutated = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
      const bytes = valid.slice()
      bytes[at % bytes.length] = byte
      return bytes
    })
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 6000 }), mutated), async (bytes) => {
        decodeResponse(bytes)
        const decoded = decodeRequest(bytes)
        if (decoded.ok && decoded.request.kind === 'claim') {
          const opened = await openRecord(decoded.request.signed)
          if (!opened.ok) expect(['invalid', 'too-large']).toContain(opened.error.code)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
