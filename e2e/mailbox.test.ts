// The relay mailbox (the offline proxy) in a real relay process: raw libp2p nodes
// in this process deposit, fetch and acknowledge through main/core/mail/mailbox.ts, and
// mallory sends what no client would.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailboxRefusal, MailboxSession } from '../main/core/mail/mailbox.ts'
import { MAILBOX_PROTOCOL } from '../protocol/ids.ts'
import { decodeResponse, MAX_ENVELOPE_BYTES } from '../protocol/mailbox.ts'
import { type Relay, startRelay, tempDirs } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { rawNode } from './support/raw-node.ts'

const dirs = tempDirs()
let relayDir: string
let relay: Relay
let alice: Libp2p
let bob: Libp2p
let mallory: Libp2p

const MAIN_RELAY = ['--http', '127.0.0.1:0', '--stun', 'off']
const QUOTA = ['--mailbox-items', '5', '--mailbox-bytes', '100KiB']

beforeAll(async () => {
  relayDir = await dirs.make('relay')
  relay = await startRelay(relayDir, [...MAIN_RELAY, ...QUOTA])
  const node = async () => rawNode(await generateKeyPair('Ed25519'))
  ;[alice, bob, mallory] = await Promise.all([node(), node(), node()])
})

afterAll(async () => {
  await Promise.all([alice, bob, mallory].map((n) => n?.stop()))
  await stopAll()
  await dirs.removeAll()
})

/** Runs `use` on a fresh mailbox session from `node` to `to`, closed afterwards. */
async function session<T>(node: Libp2p, use: (m: MailboxSession) => Promise<T>, to = relay) {
  const mailbox = await MailboxSession.open(node, to.addr)
  try {
    return await use(mailbox)
  } finally {
    await mailbox.close()
  }
}

const envelope = (text: string) => new TextEncoder().encode(text)
const bobId = () => bob.peerId.toString()
const refused = (status: string, reason: RegExp | string) =>
  expect.objectContaining({
    name: 'MailboxRefusal',
    status,
    message: expect.stringMatching(reason),
  })

async function health(to = relay) {
  return (await (await fetch(`${to.http}/healthz`)).json()) as {
    mailbox: { items: number; bytes: number; mailboxes: number }
  }
}

/** Polls `check` until it returns a value, for at most `ms`: waits on the relay's state, not on a clock. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Raw bytes on a mailbox stream; resolves with the relay's decoded answer. */
async function sendRaw(bytes: Uint8Array) {
  const signal = AbortSignal.timeout(10_000)
  const stream = await mallory.dialProtocol(multiaddr(relay.addr), MAILBOX_PROTOCOL, { signal })
  stream.send(bytes)
  const answer = decodeResponse(await lpStream(stream).read({ signal }))
  await stream.close()
  if (!answer.ok) throw new Error(answer.error.reason)
  return answer.response
}

describe('the relay mailbox', () => {
  it('keeps mail for its recipient only, who fetches it in pages and acknowledges it away', async () => {
    // No mailbox until bob first fetches from this relay.
    await expect(session(alice, (m) => m.deposit(bobId(), envelope('too early')))).rejects.toEqual(
      refused('unknown-recipient', /has no mailbox on this relay/),
    )
    expect(await session(bob, (m) => m.fetch())).toEqual({ items: [], more: false })

    const before = Date.now()
    const ids = await session(alice, async (m) => [
      await m.deposit(bobId(), envelope('one')),
      await m.deposit(bobId(), envelope('two')),
      await m.deposit(bobId(), envelope('three')),
    ])
    // Mallory reaches only her own mailbox, and cannot delete bob's items.
    await session(mallory, async (m) => {
      expect(await m.fetch()).toEqual({ items: [], more: false })
      expect(await m.ack(ids)).toBe(0)
    })

    await session(bob, async (m) => {
      const first = await m.fetch({ limit: 2 })
      expect(first.more).toBe(true)
      expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 2))
      expect(new TextDecoder().decode(first.items[0]?.envelope)).toBe('one')
      expect(first.items[0]?.storedAt).toBeGreaterThanOrEqual(before - 1000)
      const rest = await m.fetch({ after: first.items[1]?.id as string })
      expect(rest).toMatchObject({ more: false, items: [{ id: ids[2] }] })

      expect(await m.ack([ids[0] as string, ids[0] as string, ids[1] as string])).toBe(2)
      const seen: string[] = []
      expect(await m.collect(async (item) => void seen.push(item.id))).toBe(1)
      expect(seen).toEqual([ids[2]])
      expect(await m.fetch()).toEqual({ items: [], more: false })
    })
    expect((await health()).mailbox).toEqual({ items: 0, bytes: 0, mailboxes: 2 })
  })

  it('refuses deposits over the quota of items or bytes, and oversized ones', async () => {
    await session(alice, async (m) => {
      for (let i = 0; i < 5; i++) await m.deposit(bobId(), envelope(`quota ${i}`))
      await expect(m.deposit(bobId(), envelope('sixth'))).rejects.toEqual(
        refused('over-quota', `the mailbox of ${bobId()} is full: 5 items`),
      )
    })
    await session(bob, (m) => m.collect(async () => {}))
    await session(alice, async (m) => {
      await m.deposit(bobId(), new Uint8Array(60 * 1024))
      await expect(m.deposit(bobId(), new Uint8Array(60 * 1024))).rejects.toEqual(
        refused('over-quota', /full: 61440 of 102400 bytes used/),
      )
      await expect(m.deposit(bobId(), new Uint8Array(MAX_ENVELOPE_BYTES + 1))).rejects.toEqual(
        refused('too-large', `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`),
      )
    })
    expect(await session(bob, (m) => m.collect(async () => {}))).toBe(1)
  })

  it('keeps mail across a relay restart', async () => {
    const ids = await session(alice, async (m) => [
      await m.deposit(bobId(), envelope('before the restart 1')),
      await m.deposit(bobId(), envelope('before the restart 2')),
    ])
    expect(await relay.proc.stop()).toBe(0)
    // The same data directory and TCP address: the relay's address stays good.
    relay = await startRelay(
      relayDir,
      [...MAIN_RELAY, ...QUOTA],
      relay.addr.replace(/\/p2p\/\w+$/, ''),
    )
    expect((await health()).mailbox).toMatchObject({ items: 2, mailboxes: 2 })
    // The quota's count survived too: three more fit, not five.
    await session(alice, async (m) => {
      for (let i = 0; i < 3; i++) await m.deposit(bobId(), envelope(`after ${i}`))
      await expect(m.deposit(bobId(), envelope('one too many'))).rejects.toBeInstanceOf(
        MailboxRefusal,
      )
    })
    const items = await session(bob, (m) => m.fetch())
    expect(items.items.map((i) => i.id).slice(0, 2)).toEqual(ids)
    expect(new TextDecoder().decode(items.items[1]?.envelope)).toBe('before the restart 2')
    expect(await session(bob, (m) => m.collect(async () => {}))).toBe(5)
  })

  it('answers malformed requests, logs them, and keeps serving', async () => {
    expect(await sendRaw(new Uint8Array([3, 0xff, 0xff, 0xff]))).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/undecodable request/),
    })
    await relay.proc.waitForLine(
      new RegExp(`mailbox: refused a request from ${mallory.peerId}: undecodable request`),
    )
    // A length prefix of 1 MiB: refused before any of it is buffered.
    expect(await sendRaw(new Uint8Array([0x80, 0x80, 0x40, 1, 2, 3]))).toMatchObject({
      status: 'too-large',
    })
    // Well-framed, but naming no peer, or acknowledging what cannot be an id.
    expect(await sendRaw(new Uint8Array([6, 0x0a, 4, 0x0a, 2, 0, 1]))).toMatchObject({
      status: 'invalid',
      reason: 'the recipient is not an Ed25519 peer id',
    })
    expect(await sendRaw(new Uint8Array([5, 0x1a, 3, 0x0a, 1, 0x41]))).toMatchObject({
      status: 'invalid',
      reason: 'acknowledges an invalid id',
    })
    // Everyone is served as before, mallory included.
    const id = await session(alice, (m) => m.deposit(bobId(), envelope('still here')))
    expect(await session(mallory, (m) => m.fetch())).toEqual({ items: [], more: false })
    expect(await session(bob, (m) => m.fetch())).toMatchObject({ items: [{ id }] })
    await session(bob, (m) => m.ack([id]))
  })

  it('rate-limits each peer, and keeps serving others', async () => {
    const limited = await startRelay(await dirs.make('limited'), [
      ...MAIN_RELAY,
      '--mailbox-rate',
      '1',
      '--mailbox-burst',
      '3',
    ])
    await session(
      mallory,
      async (m) => {
        for (let i = 0; i < 3; i++) await m.fetch()
        await expect(m.fetch()).rejects.toEqual(
          refused('rate-limited', /too many mailbox requests.*try again in \d+ s/),
        )
      },
      limited,
    )
    expect(await session(bob, (m) => m.fetch(), limited)).toEqual({ items: [], more: false })
    const metrics = await (await fetch(`${limited.http}/metrics`)).text()
    expect(metrics).toMatch(
      /^parley_relay_mailbox_requests_total\{request="fetch",status="rate-limited"\} 1$/m,
    )
    expect(metrics).toMatch(
      /^parley_relay_mailbox_requests_total\{request="fetch",status="ok"\} 4$/m,
    )
  })

  it('deletes mail its recipient did not fetch within the TTL', async () => {
    const short = await startRelay(await dirs.make('ttl'), [...MAIN_RELAY, '--mailbox-ttl', '2s'])
    await session(bob, (m) => m.fetch(), short)
    const id = await session(alice, (m) => m.deposit(bobId(), envelope('soon gone')), short)
    expect((await health(short)).mailbox.items).toBe(1)
    // Bob sees it until it expires, and never after.
    expect(await session(bob, (m) => m.fetch(), short)).toMatchObject({ items: [{ id }] })
    await until('the item to expire', async () => {
      const { items } = await session(bob, (m) => m.fetch(), short)
      return items.length === 0 ? true : undefined
    })
    // And it is deleted from the relay's disk, not just hidden.
    await until('the sweep', async () =>
      (await health(short)).mailbox.items === 0 ? true : undefined,
    )
    const metrics = await (await fetch(`${short.http}/metrics`)).text()
    expect(metrics).toMatch(/^parley_relay_mailbox_expired_total 1$/m)
  })
})
