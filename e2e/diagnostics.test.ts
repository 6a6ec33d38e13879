// Network diagnostics through the typed API, with real relay and client processes on
// loopback: each contact's path with its RTT, each relay's reservation and STUN
// reachability, "test my connectivity", and the TURN list from Settings. The NAT
// types a NAT gives (cone, symmetric) and TURN in use are in the NAT matrix.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { NetworkStatus, RelayStatus } from '../protocol/api.ts'
import {
  befriend,
  startClient,
  startRelay,
  type TestClient,
  tcpAddr,
  tempDirs,
} from './support/parley.ts'
import { stopAll } from './support/process.ts'

const dirs = tempDirs()
afterEach(() => stopAll())
afterAll(() => dirs.removeAll())

/** Resolves with the relay statuses once `done` holds (now, or at a later 'network' event). */
async function relaysWhen(c: TestClient, done: (r: RelayStatus[]) => boolean) {
  const now = (await c.api.network({})).relays
  if (done(now)) return now
  const events = await c.events.until('network', (ns) => {
    const last = ns.at(-1)
    return last !== undefined && done(last.relays)
  })
  return (events.at(-1) as NetworkStatus).relays
}

describe('network diagnostics', () => {
  it('report each contact’s path with its RTT, and the relay’s reservation and STUN', async () => {
    const relay = await startRelay(await dirs.make('relay'))
    expect(relay.stunAlt).toMatch(/^127\.0\.0\.1:\d+$/)
    const [alice, bob] = await Promise.all(
      ['alice', 'bob'].map(async (who) =>
        startClient({ dataDir: await dirs.make(who), relays: [relay.addr] }),
      ),
    )
    for (const c of [alice, bob] as TestClient[]) {
      const [status] = await relaysWhen(
        c,
        (r) => r[0]?.reserved === true && r[0].stun !== 'unknown',
      )
      expect(status).toEqual({ addr: relay.addr, reserved: true, stun: 'reachable' })
    }
    const a = alice as TestClient
    const b = bob as TestClient
    await b.api.dial({ addr: await tcpAddr(a) })
    await befriend(b, a)
    // The path is reported at once; its RTT follows as soon as a ping crossed it.
    const [measured] = (
      await b.events.until('path', (ps) =>
        ps.some((p) => p.peerId === a.peerId && p.path === 'direct' && p.rttMs !== null),
      )
    ).filter((p) => p.rttMs !== null)
    expect(measured?.rttMs).toBeGreaterThan(0)
    expect(measured?.rttMs).toBeLessThan(1_000)
    expect(measured?.turn).toBe(false)
    // The relay is infrastructure, never a contact's path.
    expect((await b.api.network({})).peers.map((p) => p.peerId)).toEqual([a.peerId])

    // On loopback the STUN servers see our own address: no NAT.
    const report = await a.api.testConnectivity({})
    expect(report.nat).toBe('open')
    expect(report.servers.map((s) => s.server)).toEqual([
      `stun:${relay.stun}`,
      `stun:${relay.stunAlt}`,
    ])
    for (const s of report.servers) expect(s.mapped).toBe(report.publicAddress)
  })

  it('say when a relay runs no STUN, or its STUN cannot be reached; with no relay, unknown', async () => {
    const off = await startRelay(await dirs.make('relay-off'), ['--stun', 'off'])
    // Reached at 127.0.0.2 while its STUN listens on 127.0.0.1 only: nothing answers there.
    const far = await startRelay(await dirs.make('relay-far'), [], '/ip4/127.0.0.2/tcp/0')
    const [carol, dave, frank] = await Promise.all(
      [[off.addr], [far.addr], []].map(async (relays, i) =>
        startClient({ dataDir: await dirs.make(`c${i}`), relays }),
      ),
    )
    for (const [c, stun] of [
      [carol, 'none'],
      [dave, 'unreachable'],
    ] as const) {
      const [status] = await relaysWhen(c as TestClient, (r) => r[0]?.stun !== 'unknown')
      expect(status?.stun).toBe(stun)
    }
    expect(await (carol as TestClient).api.testConnectivity({})).toMatchObject({
      nat: 'unknown',
      servers: [],
    })
    const started = performance.now()
    const report = await (dave as TestClient).api.testConnectivity({})
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(report).toMatchObject({ nat: 'udp-blocked', publicAddress: null })
    expect(report.servers).toHaveLength(2)
    expect(report.servers.every((s) => s.mapped === null)).toBe(true)
    expect(await (frank as TestClient).api.testConnectivity({})).toMatchObject({
      nat: 'unknown',
      detail: 'no STUN server: add a relay',
    })
  })

  it('keep TURN servers from Settings, never showing a credential back, and refuse bad ones', async () => {
    const dataDir = await dirs.make('erin')
    const cli = 'turn:cli-user:cli-pass@198.51.100.9:3478'
    let erin = await startClient({ dataDir, turn: [cli] })
    expect(await erin.api.turnServers({})).toEqual([
      { urls: ['turn:198.51.100.9:3478'], username: 'cli-user' },
    ])
    const added = {
      urls: ['turns:turn.example:5349?transport=tcp'],
      username: 'u',
      credential: 'p',
    }
    // The first server is given back without its credential: the saved one stays.
    const saved = await erin.api.setTurnServers({
      servers: [{ urls: ['turn:198.51.100.9:3478'], username: 'cli-user' }, added],
    })
    expect(saved).toEqual([
      { urls: ['turn:198.51.100.9:3478'], username: 'cli-user' },
      { urls: added.urls, username: 'u' },
    ])
    expect(JSON.stringify(saved)).not.toMatch(/cli-pass|"p"/)
    expect((await erin.api.network({})).iceServers).toEqual([
      'turn:198.51.100.9:3478',
      'turns:turn.example:5349?transport=tcp',
    ])
    for (const [servers, message] of [
      [[{ urls: ['stun:198.51.100.9:3478'], username: 'u', credential: 'p' }], /not a TURN URL/],
      [[{ urls: ['turn:198.51.100.10'], username: 'new' }], /needs a credential/],
      [Array(9).fill(added), /at most 8 TURN servers/],
    ] as const) {
      await expect(erin.api.setTurnServers({ servers: [...servers] })).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringMatching(message),
      })
    }
    expect(await erin.api.turnServers({})).toHaveLength(2) // nothing changed

    // Saved in the profile: there after a restart, credentials included.
    await erin.stop()
    erin = await startClient({ dataDir })
    expect((await erin.api.turnServers({})).map((t) => t.username)).toEqual(['cli-user', 'u'])
    expect(await erin.api.setTurnServers({ servers: [] })).toEqual([])
  })
})
