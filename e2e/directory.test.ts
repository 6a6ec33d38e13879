// Handles (@alice) in a real relay's directory: real clients claim and look them up
// through the typed API, and a raw libp2p node (mallory) sends what no client
// would: forged and replayed records, others' releases, garbage, bursts.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askDirectory } from '../main/core/people/directory.ts'
import {
  type DirectoryRecord,
  type DirectoryRequest,
  decodeResponse,
  signRecord,
} from '../protocol/directory.ts'
import { DIRECTORY_PROTOCOL } from '../protocol/ids.ts'
import { type Relay, startClient, startRelay, type TestClient, tempDir } from './support/parley.ts'
import { stopAll } from './support/process.ts'
import { rawNode } from './support/raw-node.ts'

const dirs: Awaited<ReturnType<typeof tempDir>>[] = []
let relayDir: string
let relay: Relay
let alice: TestClient
let bob: TestClient
let malloryKey: PrivateKey
let mallory: Libp2p
let trent: Libp2p

beforeAll(async () => {
  for (const name of ['relay', 'alice', 'bob', 'limited', 'carol']) dirs.push(await tempDir(name))
  relayDir = dirs[0]?.path as string
  relay = await startRelay(relayDir, ['--http', '127.0.0.1:0'])
  alice = await startClient({ dataDir: dirs[1]?.path as string, relays: [relay.addr], listen: [] })
  bob = await startClient({ dataDir: dirs[2]?.path as string, relays: [relay.addr], listen: [] })
  malloryKey = await generateKeyPair('Ed25519')
  mallory = await rawNode(malloryKey)
  trent = await rawNode(await generateKeyPair('Ed25519'))
})

afterAll(async () => {
  await Promise.all([mallory?.stop(), trent?.stop()])
  await stopAll()
  await Promise.all(dirs.map((d) => d.remove()))
})

/** One request from a raw node, the way a client sends it. */
function ask(request: DirectoryRequest, node = mallory, to = relay.addr) {
  return askDirectory(node, to, request)
}

/** A record signed by mallory's key; by default for mallory's own peer id. */
function malloryRecord(change: Partial<DirectoryRecord>) {
  const record = {
    handle: 'mallory',
    peerId: mallory.peerId.toString(),
    addresses: [],
    displayName: 'Mallory',
    seq: Date.now(),
    ...change,
  }
  return signRecord(record, malloryKey)
}

/** Raw bytes on a directory stream; resolves with the relay's decoded answer. */
async function sendRaw(bytes: Uint8Array) {
  const signal = AbortSignal.timeout(10_000)
  const stream = await mallory.dialProtocol(multiaddr(relay.addr), DIRECTORY_PROTOCOL, { signal })
  stream.send(bytes)
  const answer = decodeResponse(await lpStream(stream).read({ signal }))
  await stream.close()
  if (!answer.ok) throw new Error(answer.error.reason)
  return answer.response
}

async function reserved(client: TestClient): Promise<void> {
  const isReserved = (relays: { reserved: boolean }[]) => relays.every((r) => r.reserved)
  if (isReserved((await client.api.network({})).relays)) return
  await client.events.until('network', (ns) => isReserved(ns.at(-1)?.relays ?? []))
}

describe('handles in the relay directory', () => {
  it('claims a handle that others look up and reach', async () => {
    await alice.api.setProfile({ displayName: 'Alice' })
    expect(await alice.api.claimHandle({ handle: '@Alice' })).toEqual({
      handle: 'alice',
      relay: relay.addr,
    })
    expect(await alice.api.myHandles({})).toEqual([{ handle: 'alice', relay: relay.addr }])
    const found = await bob.api.lookupHandle({ handle: 'ALICE' })
    expect(found).toMatchObject({
      handle: 'alice',
      peerId: alice.peerId,
      displayName: 'Alice',
      relay: relay.addr,
    })
    expect(found.addresses[0]).toBe(`${relay.addr}/p2p-circuit/p2p/${alice.peerId}`)

    await reserved(alice)
    expect(await bob.api.dial({ addr: found.addresses[0] as string })).toMatchObject({
      peerId: alice.peerId,
      path: 'relayed',
    })
    await expect(bob.api.lookupHandle({ handle: 'nobody' })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no one holds @nobody/),
    })
    // Adding by handle: a friend request, reached and named as the record says.
    expect(await bob.api.addHandle({ handle: '@alice', greeting: 'found you!' })).toMatchObject({
      peerId: alice.peerId,
      displayName: 'Alice',
      state: 'requested',
    })
    const requests = await alice.events.until('contact', (cs) =>
      cs.some((c) => c.peerId === bob.peerId && c.state === 'pending'),
    )
    expect(requests.find((c) => c.peerId === bob.peerId)?.greeting).toBe('found you!')
    await alice.api.acceptContact({ peerId: bob.peerId })
    const m = await bob.api.send({ to: alice.peerId, text: 'found you by your handle' })
    await alice.events.until('message', (ms) => ms.some((x) => x.id === m.id))
    await expect(alice.api.addHandle({ handle: 'alice' })).rejects.toMatchObject({
      code: 'bad-request',
    })
  })

  it('refuses a handle someone holds, and look-alikes of it', async () => {
    const taken = { code: 'conflict', message: expect.stringMatching(/@alice is taken/) }
    await expect(bob.api.claimHandle({ handle: 'alice' })).rejects.toMatchObject(taken)
    // Fullwidth letters fold (NFKC) into the very handle they imitate.
    await expect(bob.api.claimHandle({ handle: 'ａｌｉｃｅ' })).rejects.toMatchObject(taken)
    expect(await bob.api.lookupHandle({ handle: 'ＡＬＩＣＥ' })).toMatchObject({
      peerId: alice.peerId,
    })
    // A Cyrillic 'а' folds into nothing: it is refused, and named.
    const cyrillic = {
      code: 'bad-request',
      message: expect.stringMatching(/'а' \(U\+0430\) is not allowed/),
    }
    await expect(bob.api.claimHandle({ handle: '@аlice' })).rejects.toMatchObject(cyrillic)
    await expect(bob.api.lookupHandle({ handle: 'аlice' })).rejects.toMatchObject(cyrillic)
  })

  it.each([
    ['too short', 'al', /at least 3 characters/],
    ['too long', 'a'.repeat(33), /at most 32 characters/],
    ['with a space', 'al ice', /' ' \(U\+0020\) is not allowed/],
    ['with an invisible character', 'ali\u200Bce', /U\+200B is not allowed/],
    ['badly shaped', 'alice.', /must start and end with a letter or digit/],
  ])('refuses a handle %s, saying why', async (_, handle, reason) => {
    const refused = { code: 'bad-request', message: expect.stringMatching(reason) }
    await expect(bob.api.claimHandle({ handle })).rejects.toMatchObject(refused)
    // The relay applies the same rule to anyone who skips the client's check.
    expect(await ask({ kind: 'lookup', handle }, trent)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(reason),
    })
  })

  it('lets the owner update and move a handle', async () => {
    await alice.api.setProfile({ displayName: 'Alice Liddell' })
    await alice.api.claimHandle({ handle: 'alice' })
    expect(await bob.api.lookupHandle({ handle: 'alice' })).toMatchObject({
      displayName: 'Alice Liddell',
    })
    // One handle per peer: a new one frees the old.
    await alice.api.claimHandle({ handle: 'alice.l' })
    expect(await bob.api.lookupHandle({ handle: 'alice.l' })).toMatchObject({
      peerId: alice.peerId,
    })
    await expect(bob.api.lookupHandle({ handle: 'alice' })).rejects.toMatchObject({
      code: 'not-found',
    })
    await alice.api.claimHandle({ handle: 'alice' })
    await expect(bob.api.lookupHandle({ handle: 'alice.l' })).rejects.toMatchObject({
      code: 'not-found',
    })
  })

  it('refuses forged, replayed and stale records, and releases by anyone but the owner', async () => {
    const genuine = (await ask({ kind: 'lookup', handle: 'alice' })).record
    if (!genuine) throw new Error('the relay returned no record for @alice')
    // Alice's own signed record, sent by mallory: only its owner may claim with it.
    expect(await ask({ kind: 'claim', signed: genuine })).toMatchObject({
      status: 'forbidden',
      reason: expect.stringMatching(`the record is for ${alice.peerId}, not ${mallory.peerId}`),
    })
    // A record naming alice, signed by mallory's key.
    const forged = await malloryRecord({ handle: 'alice', peerId: alice.peerId })
    expect(await ask({ kind: 'claim', signed: forged })).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(`record is not signed by ${alice.peerId}`),
    })
    // A good signature over tampered bytes.
    const tampered = await malloryRecord({ handle: 'alice' })
    tampered.record[3] = (tampered.record[3] as number) ^ 1
    expect(await ask({ kind: 'claim', signed: tampered })).toMatchObject({ status: 'invalid' })
    // Mallory's own, genuine record for alice's handle.
    expect(
      await ask({ kind: 'claim', signed: await malloryRecord({ handle: 'alice' }) }),
    ).toMatchObject({ status: 'taken' })
    // A record must carry the handle in normal form.
    expect(
      await ask({ kind: 'claim', signed: await malloryRecord({ handle: 'Mallory' }) }),
    ).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/not in normal form/) })
    expect(await ask({ kind: 'release', handle: 'alice' })).toMatchObject({
      status: 'forbidden',
      reason: expect.stringMatching(/@alice is not yours/),
    })

    // An update must carry a higher seq than the last.
    const seq = Date.now()
    expect(await ask({ kind: 'claim', signed: await malloryRecord({ seq }) })).toMatchObject({
      status: 'ok',
    })
    expect(
      await ask({ kind: 'claim', signed: await malloryRecord({ seq: seq - 1 }) }),
    ).toMatchObject({ status: 'stale', reason: expect.stringMatching(/is not above/) })
    expect(await ask({ kind: 'release', handle: 'mallory' })).toMatchObject({ status: 'ok' })

    expect(await bob.api.lookupHandle({ handle: 'alice' })).toMatchObject({
      peerId: alice.peerId,
      displayName: 'Alice Liddell',
    })
  })

  it('answers garbage and oversized requests with a typed refusal', async () => {
    expect(await sendRaw(new Uint8Array([3, 0xff, 0xff, 0xff]))).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/undecodable request/),
    })
    // A length prefix of 1 MiB: refused before any of it is buffered.
    expect(await sendRaw(new Uint8Array([0x80, 0x80, 0x40, 1, 2, 3]))).toMatchObject({
      status: 'too-large',
    })
  })

  it('releases a handle only for its owner, and then it is free', async () => {
    await expect(bob.api.releaseHandle({})).rejects.toMatchObject({
      code: 'not-found',
      message: 'you hold no handle',
    })
    expect(await alice.api.releaseHandle({})).toEqual({ handle: 'alice', relay: relay.addr })
    expect(await alice.api.myHandles({})).toEqual([])
    await expect(bob.api.lookupHandle({ handle: 'alice' })).rejects.toMatchObject({
      code: 'not-found',
    })
    await bob.api.setProfile({ displayName: 'Bob' })
    expect(await bob.api.claimHandle({ handle: 'alice' })).toEqual({
      handle: 'alice',
      relay: relay.addr,
    })
    await alice.api.claimHandle({ handle: 'alice.l' })
  })

  it('keeps handles across a relay restart', async () => {
    expect(await relay.proc.stop()).toBe(0)
    // The same data directory and TCP address: the clients' relay address stays good.
    relay = await startRelay(
      relayDir,
      ['--http', '127.0.0.1:0'],
      relay.addr.replace(/\/p2p\/\w+$/, ''),
    )
    expect(await alice.api.lookupHandle({ handle: 'alice' })).toMatchObject({
      peerId: bob.peerId,
      displayName: 'Bob',
    })
    expect(await bob.api.lookupHandle({ handle: 'alice.l' })).toMatchObject({
      peerId: alice.peerId,
    })
    expect(
      await ask({ kind: 'claim', signed: await malloryRecord({ handle: 'alice' }) }),
    ).toMatchObject({ status: 'taken' })
    // Each owner's last seq survived too: updates still go through, old records do not.
    await bob.api.claimHandle({ handle: 'alice' })
    const health = await (await fetch(`${relay.http}/healthz`)).json()
    expect(health).toMatchObject({ handles: 2 })
  })

  it('rate-limits each peer, and keeps serving others', async () => {
    const limited = await startRelay(dirs[3]?.path as string, [
      '--directory-rate',
      '1',
      '--directory-burst',
      '3',
      '--http',
      '127.0.0.1:0',
    ])
    const carol = await startClient({
      dataDir: dirs[4]?.path as string,
      relays: [limited.addr],
      listen: [],
    })
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => carol.api.lookupHandle({ handle: 'someone' })),
    )
    const codes = results.map((r) => (r.status === 'rejected' ? r.reason.code : 'found'))
    expect(codes.sort()).toEqual(['not-found', 'not-found', 'not-found', 'rate-limited'])
    const limitedError = results.find(
      (r) => r.status === 'rejected' && r.reason.code === 'rate-limited',
    ) as PromiseRejectedResult
    expect(limitedError.reason.message).toMatch(/too many directory requests.*try again in \d+ s/)

    // Others are served as before.
    expect(await ask({ kind: 'lookup', handle: 'someone' }, trent, limited.addr)).toMatchObject({
      status: 'not-found',
    })
    const metrics = await (await fetch(`${limited.http}/metrics`)).text()
    expect(metrics).toMatch(
      /^parley_relay_directory_requests_total\{request="lookup",status="rate-limited"\} 1$/m,
    )
    expect(metrics).toMatch(
      /^parley_relay_directory_requests_total\{request="lookup",status="not-found"\} 4$/m,
    )
  })
})
