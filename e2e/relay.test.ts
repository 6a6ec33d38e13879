// Runs the relay as a real process (npm run relay) on loopback and checks what an
// operator and a client see: printed addresses, HTTP endpoints, a stable identity,
// reservations, unlimited relayed connections, and clean config errors.
import { once } from 'node:events'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import type { Libp2p } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningProcess, startProgram, stopAll } from './support/process.ts'

interface Relay {
  proc: RunningProcess
  peerId: string
  addrs: string[]
  http: string
}

let dataDir: string
const clients: Libp2p[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-relay-'))
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()))
  await stopAll()
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function startRelay(): Promise<Relay> {
  const proc = startProgram('relay', [
    '--data-dir',
    dataDir,
    '--listen',
    '/ip4/127.0.0.1/tcp/0',
    '--listen',
    '/ip4/127.0.0.1/tcp/0/ws',
    '--http',
    '127.0.0.1:0',
    '--stun',
    '127.0.0.1:0',
  ])
  await proc.waitForLine(/^ready$/)
  const peerId = (await proc.waitForLine(/^Parley relay (\S+)$/))[1] as string
  const http = (await proc.waitForLine(/^HTTP (http:\/\/127\.0\.0\.1:\d+)$/))[1] as string
  const addrs = proc.lines.filter((l) => l.startsWith('  /')).map((l) => l.trim())
  return { proc, peerId, addrs, http }
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

async function getMetrics(relay: Relay): Promise<string> {
  const res = await fetch(`${relay.http}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
  return res.text()
}

/** The value of an unlabelled sample in Prometheus text, or undefined. */
function sample(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : undefined
}

/** Polls /metrics until `check` holds; relayed streams close asynchronously. */
async function waitForMetrics(relay: Relay, check: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const text = await getMetrics(relay)
    if (check(text)) return text
    if (Date.now() > deadline) throw new Error(`metrics never satisfied ${check}:\n${text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A client that reserves a slot on the relay and is reachable through it. */
async function startClient(relayAddr: string): Promise<{ node: Libp2p; circuitAddr: Multiaddr }> {
  const node = await createLibp2p({
    addresses: { listen: [`${relayAddr}/p2p-circuit`] },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  })
  clients.push(node)
  const signal = AbortSignal.timeout(15_000)
  const circuitAddr = () => node.getMultiaddrs().find((a) => a.toString().includes('/p2p-circuit'))
  // The relayed address appears once the relay has granted the reservation.
  while (circuitAddr() === undefined) await once(node, 'self:peer:update', { signal })
  return { node, circuitAddr: circuitAddr() as Multiaddr }
}

describe('relay process', () => {
  it('prints its addresses and serves /healthz and /metrics', async () => {
    const relay = await startRelay()
    expect(relay.peerId).toMatch(/^12D3KooW/)
    expect(relay.addrs).toContainEqual(
      expect.stringMatching(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${relay.peerId}$`)),
    )
    expect(relay.addrs).toContainEqual(
      expect.stringMatching(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws/p2p/${relay.peerId}$`)),
    )

    const health = await getJson(`${relay.http}/healthz`)
    expect(health).toMatchObject({ status: 'ok', peerId: relay.peerId, reservations: 0 })
    expect(health.uptimeSeconds).toBeTypeOf('number')
    expect(health.connections).toBeTypeOf('number')

    const metrics = await getMetrics(relay)
    for (const name of [
      'parley_relay_connections',
      'parley_relay_reservations',
      'parley_relay_circuits_opened_total',
      'parley_relay_circuits_open',
      'parley_relay_relayed_bytes_total',
    ]) {
      expect(sample(metrics, name), name).toBe(0)
    }
    expect(metrics).toMatch(/^libp2p_circuit_relay_server_reservations_total 0$/m)
    expect(metrics).toMatch(/^libp2p_connection_manager_connections\{/m)

    expect((await fetch(`${relay.http}/nope`)).status).toBe(404)
  })

  it('keeps its peer id across a restart', async () => {
    const first = await startRelay()
    expect(await first.proc.stop('SIGTERM')).toBe(0)
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dataDir, 'identity.key'))).mode & 0o777).toBe(0o600)

    const second = await startRelay()
    expect(second.peerId).toBe(first.peerId)
    expect(await second.proc.stop('SIGINT')).toBe(0)
  })

  it('grants reservations and relays more than 128 KiB between two clients', async () => {
    const relay = await startRelay()
    const relayAddr = relay.addrs.find((a) => !a.includes('/ws/')) as string
    const alice = await startClient(relayAddr)
    const bob = await startClient(relayAddr)

    const health = await getJson(`${relay.http}/healthz`)
    expect(health.reservations).toBe(2)
    expect(health.connections).toBeGreaterThanOrEqual(2)
    const before = await getMetrics(relay)
    expect(sample(before, 'parley_relay_reservations')).toBe(2)
    expect(sample(before, 'parley_relay_connections')).toBeGreaterThanOrEqual(2)
    expect(sample(before, 'libp2p_circuit_relay_server_reservations_total')).toBe(2)

    // Alice counts what she receives and answers with the total.
    const protocol = '/parley-test/count/1.0.0'
    await alice.node.handle(
      protocol,
      async (stream) => {
        let received = 0
        for await (const chunk of stream) received += chunk.byteLength
        stream.send(new TextEncoder().encode(String(received)))
        await stream.close()
      },
      { runOnLimitedConnection: true },
    )

    const conn = await bob.node.dial(alice.circuitAddr)
    expect(conn.remoteAddr.toString()).toContain('/p2p-circuit')
    // The relay sets no limit, so the relayed connection is not a limited one.
    expect(conn.limits).toBeUndefined()

    const total = 256 * 1024
    const chunk = new Uint8Array(16 * 1024).fill(7)
    const stream = await conn.newStream(protocol, { runOnLimitedConnection: true })
    for (let sent = 0; sent < total; sent += chunk.byteLength) {
      if (!stream.send(chunk)) await stream.onDrain()
    }
    await stream.close()
    let reply = ''
    for await (const part of stream) reply += new TextDecoder().decode(part.subarray())
    expect(Number(reply)).toBe(total)

    const during = await getMetrics(relay)
    expect(sample(during, 'parley_relay_circuits_opened_total')).toBe(1)
    expect(sample(during, 'parley_relay_circuits_open')).toBe(1)
    expect(sample(during, 'parley_relay_relayed_bytes_total')).toBeGreaterThan(total)

    await conn.close()
    await waitForMetrics(relay, (text) => sample(text, 'parley_relay_circuits_open') === 0)
  })

  it.each([
    ['an unknown flag', ['--frobnicate']],
    ['an unparsable multiaddr', ['--listen', 'not-a-multiaddr']],
    ['a bad --http address', ['--http', 'nonsense']],
    ['a non-positive number', ['--max-reservations', '0']],
  ])('rejects %s with exit code 2 and one error line', async (_, args) => {
    const proc = startProgram('relay', ['--data-dir', dataDir, ...args])
    // 'close' rather than 'exit': it comes after all output has been read.
    const [code] = await once(proc.child, 'close')
    expect(code).toBe(2)
    expect(proc.lines).toHaveLength(1)
    expect(proc.lines[0]).toMatch(/^parley-relay: \S/)
  })
})
