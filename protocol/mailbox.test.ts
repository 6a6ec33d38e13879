import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { ulid } from 'ulid'
import { describe, expect, it } from 'vitest'
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  MAX_ACK_IDS,
  MAX_ENVELOPE_BYTES,
  MAX_MAILBOX_REQUEST_BYTES,
  MAX_PAGE_ITEMS,
  type MailboxRequest,
  type MailboxResponse,
} from './mailbox.ts'
import { MailboxRequest as WireRequest } from './wire/mailbox.ts'

const recipient = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()

describe('mailbox requests', () => {
  it.each<MailboxRequest>([
    { kind: 'deposit', recipient, envelope: new Uint8Array([1, 2, 3]) },
    { kind: 'fetch' },
    { kind: 'fetch', after: ulid(), limit: 10 },
    { kind: 'ack', ids: [ulid(), ulid()] },
  ])('round-trip: %o', (request) => {
    expect(decodeRequest(encodeRequest(request))).toEqual({ ok: true, request })
  })

  it('are refused with a reason when malformed or too large', () => {
    const deposit = (envelope: Uint8Array<ArrayBuffer>) =>
      encodeRequest({ kind: 'deposit', recipient, envelope })
    expect(decodeRequest(deposit(new Uint8Array()))).toMatchObject({
      ok: false,
      error: { code: 'invalid', reason: 'the envelope is empty' },
    })
    expect(decodeRequest(deposit(new Uint8Array(MAX_ENVELOPE_BYTES + 1)))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect(decodeRequest(new Uint8Array(MAX_MAILBOX_REQUEST_BYTES + 1))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    const tooMany = Array.from({ length: MAX_ACK_IDS + 1 }, () => ulid())
    expect(decodeRequest(WireRequest.encode({ ack: { ids: tooMany } }))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect(decodeRequest(WireRequest.encode({ fetch: { after: 'x', limit: 0 } }))).toMatchObject({
      ok: false,
      error: { reason: 'fetch after an invalid id' },
    })
    expect(decodeRequest(WireRequest.encode({}))).toMatchObject({
      ok: false,
      error: { reason: 'request has no body' },
    })
    // A page never exceeds what the relay serves, whatever the asker wants.
    const greedy = WireRequest.encode({ fetch: { after: '', limit: 1_000_000 } })
    expect(decodeRequest(greedy)).toEqual({
      ok: true,
      request: { kind: 'fetch', limit: MAX_PAGE_ITEMS },
    })
  })

  it('never throw on arbitrary bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(typeof decodeRequest(bytes).ok).toBe('boolean')
        expect(typeof decodeResponse(bytes).ok).toBe('boolean')
      }),
      { numRuns: 3000 },
    )
  })
})

describe('mailbox responses', () => {
  it.each<MailboxResponse>([
    { status: 'ok', reason: '', id: ulid() },
    {
      status: 'ok',
      reason: '',
      items: [{ id: ulid(), envelope: new Uint8Array([9]), storedAt: Date.now() }],
      more: true,
    },
    { status: 'ok', reason: '', deleted: 3 },
    { status: 'over-quota', reason: 'full' },
  ])('round-trip: %o', (response) => {
    expect(decodeResponse(encodeResponse(response))).toEqual({ ok: true, response })
  })

  it('are refused when they carry no status or bad ids', () => {
    expect(decodeResponse(new Uint8Array())).toMatchObject({
      ok: false,
      error: { reason: 'response has no status' },
    })
    const badId = encodeResponse({ status: 'ok', reason: '', id: 'not-an-id' })
    expect(decodeResponse(badId)).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })
})
