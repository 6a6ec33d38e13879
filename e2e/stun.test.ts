// The relay's STUN responder as a real process on loopback: it answers binding
// requests with the sender's address, counts what it gets, and tells clients its
// port, which they turn into their only ICE servers.

import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startClient, startRelay, tempDirs } from './support/parley.ts'
import { startProgram, stopAll } from './support/process.ts'

const dirs = tempDirs()

afterEach(() => stopAll())
afterAll(() => dirs.removeAll())

/** A binding request with the given transaction id byte, and the port its answer maps to. */
async function bind(port: number, payload?: Buffer): Promise<{ mapped: string; local: number }> {
  const socket = createSocket('udp4')
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    const request = Buffer.alloc(20)
    request.writeUInt16BE(0x0001, 0)
    request.writeUInt32BE(0x2112a442, 4)
    request.fill(9, 8)
    socket.send(payload ?? request, port, '127.0.0.1')
    if (payload) socket.send(request, port, '127.0.0.1')
    const [answer] = (await once(socket, 'message', { signal: AbortSignal.timeout(5_000) })) as [
      Buffer,
    ]
    expect(answer.readUInt16BE(0)).toBe(0x0101)
    expect(answer.subarray(8, 20)).toEqual(request.subarray(8, 20))
    // XOR-MAPPED-ADDRESS is the first attribute.
    expect(answer.readUInt16BE(20)).toBe(0x0020)
    const mappedPort = answer.readUInt16BE(26) ^ 0x2112
    const ip = [...answer.subarray(28, 32)].map((b, i) => b ^ (answer[4 + i] as number)) // the magic cookie
    return { mapped: `${ip.join('.')}:${mappedPort}`, local: socket.address().port }
  } finally {
    socket.close()
  }
}

describe('STUN on the relay', () => {
  it('answers binding requests with the source address and counts them in /metrics', async () => {
    const relay = await startRelay(await dirs.make('relay'), ['--http', '127.0.0.1:0'])
    expect(relay.stun).toMatch(/^127\.0\.0\.1:\d+$/)
    const port = Number(relay.stun?.split(':')[1])
    const { mapped, local } = await bind(port, Buffer.from('not stun at all, just noise'))
    expect(mapped).toBe(`127.0.0.1:${local}`)

    const metrics = await (await fetch(`${relay.http}/metrics`)).text()
    expect(metrics).toMatch(/^parley_relay_stun_requests_total\{result="answered"\} 1$/m)
    expect(metrics).toMatch(/^parley_relay_stun_requests_total\{result="malformed"\} 1$/m)
    const health = (await (await fetch(`${relay.http}/healthz`)).json()) as { stun: string }
    expect(health.stun).toBe(relay.stun)
  })

  it('gives clients its STUN address as their only ICE server; no relay, no ICE server', async () => {
    const relay = await startRelay(await dirs.make('relay'))
    const client = await startClient({ dataDir: await dirs.make('alice'), relays: [relay.addr] })
    const expected = `stun:${relay.stun}`
    const learned = async () => (await client.api.network({})).iceServers ?? []
    // Identify and one relay-info stream follow the connection to the relay; no event
    // tells of it, so poll (bounded).
    const deadline = Date.now() + 10_000
    while (!(await learned()).includes(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(await learned()).toEqual([expected])

    const alone = await startClient({ dataDir: await dirs.make('bob') })
    expect((await alone.api.network({})).iceServers).toEqual([])
  })

  it('refuses a --stun address it cannot use, and --stun off turns it off', async () => {
    const bad = startProgram('relay', ['--data-dir', await dirs.make('r1'), '--stun', 'x'])
    expect((await once(bad.child, 'close'))[0]).toBe(2)
    expect(bad.lines).toEqual([expect.stringMatching(/^parley-relay: --stun: expected HOST:PORT/)])

    const first = await startRelay(await dirs.make('r2'))
    const taken = startProgram('relay', [
      '--data-dir',
      await dirs.make('r3'),
      '--listen',
      '/ip4/127.0.0.1/tcp/0',
      '--stun',
      first.stun as string,
    ])
    expect((await once(taken.child, 'close'))[0]).toBe(2)
    expect(taken.lines.at(-1)).toMatch(/^parley-relay: --stun: cannot listen on udp 127\.0\.0\.1:/)

    const off = await startRelay(await dirs.make('r4'), ['--stun', 'off'])
    expect(off.stun).toBeUndefined()
    expect(off.stunAlt).toBeUndefined()

    // The alternate port: a port or off, nothing else; off leaves the main one alone.
    const badAlt = startProgram('relay', ['--data-dir', await dirs.make('r5'), '--stun-alt', 'x'])
    expect((await once(badAlt.child, 'close'))[0]).toBe(2)
    expect(badAlt.lines).toEqual([
      expect.stringMatching(/^parley-relay: --stun-alt: expected a UDP port or 'off', got 'x'$/),
    ])
    const noAlt = await startRelay(await dirs.make('r6'), ['--stun-alt', 'off'])
    expect([noAlt.stun === undefined, noAlt.stunAlt]).toEqual([false, undefined])
  })
})
