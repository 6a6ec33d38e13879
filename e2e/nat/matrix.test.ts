// The NAT matrix: real relay and client processes in network namespaces (see
// e2e/support/natlab.ts), one topology per scenario. Each asserts that messages go
// both ways, that the path both clients report is the one this NAT combination
// allows, and records how long it took. Needs root: `npm run test:nat`.
import { mkdir, writeFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { NatType, Path } from '../../protocol/api.ts'
import {
  type Lab,
  labUnavailable,
  lanLab,
  natLab,
  renumber,
  type Side,
  startTurn,
  TURN_PORT,
} from '../support/natlab.ts'
import {
  befriend,
  type Relay,
  startClient,
  startRelay,
  type TestClient,
  tempDirs,
} from '../support/parley.ts'
import { stopAll } from '../support/process.ts'

const dirs = tempDirs()
/** A WebRTC attempt (dial, ICE, probe) is over well within this. */
const UPGRADE_WAIT_MS = 30_000

interface Row {
  scenario: string
  path: Path
  /** Friend request sent → first path between the two. */
  firstPathMs: number
  /** Friend request sent → the final path. */
  finalPathMs: number
  /** What the WebRTC dialer logged: dial + ICE + first ping. */
  webrtcMs?: number
  /** Send → delivered on the final path, median of 5. */
  deliveredP50Ms: number
  /** The round trip alice's client reported for the final path. */
  rttMs?: number
  /** What "test my connectivity" inferred, alice's / bob's. */
  nat?: string
  note?: string
}
const rows: Row[] = []

let lab: Lab | undefined

beforeAll(async () => {
  const why = await labUnavailable()
  // Never a silent skip: say why, in CI and out.
  if (why) throw new Error(`the NAT matrix cannot run here: ${why}`)
})

/** What each process of the running test printed, shown when it fails. */
const logs: { name: string; lines: string[] }[] = []

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const { name, lines } of logs) console.log(`--- ${name}\n${lines.slice(-60).join('\n')}`)
  }
  logs.length = 0
  await stopAll()
  await lab?.remove()
  lab = undefined
})

afterAll(async () => {
  await dirs.removeAll()
  await printTable()
})

async function relayIn(l: Lab, dataDir?: string): Promise<Relay> {
  const relay = await startRelay(
    dataDir ?? (await dirs.make('relay')),
    // STUN on 3478, and its alternate port on 3479 (the default: the next one).
    ['--announce', `/ip4/${l.relayIp}/tcp/4001`, '--stun', '0.0.0.0:3478'],
    '/ip4/0.0.0.0/tcp/4001',
    l.ns.relay,
  )
  logs.push({ name: 'relay', lines: relay.proc.lines })
  return relay
}

async function client(
  l: Lab,
  who: 'alice' | 'bob',
  relays: string[],
  opts: { mdns?: boolean; upnp?: boolean } = {},
) {
  const c = await startClient({
    dataDir: await dirs.make(who),
    relays,
    listen: ['/ip4/0.0.0.0/tcp/0'],
    mdns: opts.mdns ?? false,
    webrtc: true,
    upnp: opts.upnp ?? false,
    netns: l.ns[who] as string,
  })
  logs.push({ name: who, lines: c.proc.lines })
  return c
}

async function reserved(c: TestClient): Promise<void> {
  const ok = async () => (await c.api.network({})).relays.every((r) => r.reserved)
  if (!(await ok())) {
    await c.events.until('network', (n) => n.at(-1)?.relays.every((r) => r.reserved) ?? false)
  }
}

const pathTo = async (c: TestClient, other: TestClient) =>
  (await c.api.network({})).peers.find((p) => p.peerId === other.peerId)?.path ?? null

/** Resolves when `c` reports `path` to `other`, with the time it happened. */
/** Alice and Bob, each in their namespace of the current lab, both reserved on `relay`. */
async function reservedPair(relay: Relay): Promise<{ alice: TestClient; bob: TestClient }> {
  const bob = await client(lab as Lab, 'bob', [relay.addr])
  const alice = await client(lab as Lab, 'alice', [relay.addr])
  await reserved(bob)
  await reserved(alice)
  return { alice, bob }
}

async function reaches(c: TestClient, other: TestClient, path: Path, timeoutMs = UPGRADE_WAIT_MS) {
  await c.events.until(
    'path',
    (ps) => ps.some((p) => p.peerId === other.peerId && p.path === path),
    timeoutMs,
  )
  return performance.now()
}

/** Five messages each way; every one delivered, on `path`; the median send→delivered. */
async function exchange(a: TestClient, b: TestClient, path: Path): Promise<number> {
  const times: number[] = []
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      const m = await from.api.send({ to: to.peerId, text: `${i} over ${path}` })
      const [ack] = await from.events.until('delivered', (d) => d.some((x) => x.id === m.id))
      const got = await to.events.until('message', (ms) => ms.some((x) => x.id === m.id))
      times.push(performance.now() - t)
      expect(from.events.of('delivered').find((x) => x.id === m.id)?.path).toBe(path)
      expect(got.find((x) => x.id === m.id)?.path).toBe(path)
      expect(ack).toBeDefined()
    }
  }
  times.sort((x, y) => x - y)
  return round(times[Math.floor(times.length / 2)] as number)
}

/** Befriends, waits for `path` on both sides, exchanges messages; returns the row. */
async function scenario(
  name: string,
  alice: TestClient,
  bob: TestClient,
  path: Path,
  settle?: () => Promise<void>,
): Promise<Row> {
  const t0 = performance.now()
  const first = alice.events
    .until('path', (ps) => ps.some((p) => p.peerId === bob.peerId && p.path !== null))
    .then(() => performance.now())
  await befriend(alice, bob)
  const firstAt = await first
  const finalAt = await reaches(alice, bob, path)
  await reaches(bob, alice, path)
  await settle?.()
  expect(await pathTo(alice, bob)).toBe(path)
  expect(await pathTo(bob, alice)).toBe(path)
  const deliveredP50Ms = await exchange(alice, bob, path)
  // Each side pinged the connection the chat uses; WebRTC through a TURN server is told apart.
  const rttMs = await rttOn(alice, bob, path)
  await rttOn(bob, alice, path)
  const webrtc = [...alice.proc.lines, ...bob.proc.lines]
    .map((l) => /^webrtc: connected to \S+ in (\d+) ms/.exec(l)?.[1])
    .find(Boolean)
  const row: Row = {
    scenario: name,
    path,
    firstPathMs: round(Math.min(firstAt, finalAt) - t0),
    finalPathMs: round(finalAt - t0),
    ...(webrtc ? { webrtcMs: Number(webrtc) } : {}),
    deliveredP50Ms,
    rttMs,
  }
  rows.push(row)
  return row
}

/** The RTT `c` reports for its path to `other`, once measured (on a path change, at once). */
async function rttOn(c: TestClient, other: TestClient, path: Path): Promise<number> {
  const [found] = (
    await c.events.until('path', (ps) =>
      ps.some((p) => p.peerId === other.peerId && p.path === path && p.rttMs !== null),
    )
  ).filter((p) => p.peerId === other.peerId && p.path === path && p.rttMs !== null)
  const rtt = found?.rttMs as number
  expect(rtt).toBeGreaterThan(0)
  expect(rtt).toBeLessThan(5_000)
  return rtt
}

/**
 * "Test my connectivity" on each client: the NAT types inferred from STUN on the
 * relay's two ports, and the relay's STUN reachable (asserted by the caller).
 */
async function natTypes(a: TestClient, b: TestClient, expected: [NatType, NatType], row?: Row) {
  const reports = [await a.api.testConnectivity({}), await b.api.testConnectivity({})]
  expect(reports.map((r) => r.nat)).toEqual(expected)
  for (const r of reports) expect(r.servers).toHaveLength(2) // the relay's main and alternate port
  for (const c of [a, b]) {
    expect((await c.api.network({})).relays.map((r) => r.stun)).toEqual(['reachable'])
  }
  if (row) row.nat = expected.join(' / ')
}

/** The WebRTC dialer (the smaller peer id) gave up: the pair stays relayed for good. */
async function webrtcGaveUp(alice: TestClient, bob: TestClient): Promise<void> {
  const dialer = alice.peerId < bob.peerId ? alice : bob
  await dialer.proc.waitForLine(/^webrtc: no connection to /, UPGRADE_WAIT_MS)
}

describe('NAT matrix', () => {
  it('same LAN, no relay: mDNS finds the peer, and the path is LAN', async () => {
    lab = await lanLab()
    const bob = await client(lab, 'bob', [], { mdns: true })
    const alice = await client(lab, 'alice', [], { mdns: true })
    // Both hear each other over mDNS first (names make them show as nearby), so
    // each side knows the other's LAN addresses; the invite carries no relays.
    await alice.api.setProfile({ displayName: 'Alice' })
    await bob.api.setProfile({ displayName: 'Bob' })
    for (const [c, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await c.events.until('nearby', (ls) =>
        (ls.at(-1) ?? []).some((p) => p.peerId === other.peerId),
      )
    }
    await scenario('same LAN (mDNS), no relay', alice, bob, 'lan')
  })

  it('both public: direct TCP', async () => {
    lab = await natLab('public', 'public')
    const relay = await relayIn(lab)
    const bob = await client(lab, 'bob', [relay.addr])
    const alice = await client(lab, 'alice', [relay.addr])
    await reserved(bob)
    const row = await scenario('both public', alice, bob, 'direct')
    await natTypes(alice, bob, ['open', 'open'], row)
  })

  for (const run of [1, 2]) {
    it(`cone ↔ cone: WebRTC through both NATs (run ${run})`, async () => {
      lab = await natLab('cone', 'cone')
      const relay = await relayIn(lab)
      const { alice, bob } = await reservedPair(relay)
      const row = await scenario(`cone ↔ cone (run ${run})`, alice, bob, 'webrtc')
      // Hole punched with the relay's STUN: no TURN server in the path.
      expect((await alice.api.network({})).peers.find((p) => p.peerId === bob.peerId)?.turn).toBe(
        false,
      )
      await natTypes(alice, bob, ['cone', 'cone'], row)
    })
  }

  it('cone ↔ cone, then UDP is cut: back to the relay, nothing lost', async () => {
    lab = await natLab('cone', 'cone')
    const relay = await relayIn(lab)
    const { alice, bob } = await reservedPair(relay)
    await scenario('webrtc drop: before', alice, bob, 'webrtc')

    // nat-a stops forwarding UDP: the WebRTC path is dead, TCP to the relay lives.
    const t0 = performance.now()
    await lab.exec(lab.ns['nat-a'] as string, 'iptables', [
      '-I',
      'FORWARD',
      '-p',
      'udp',
      '-j',
      'DROP',
    ])
    const sent = await alice.api.send({ to: bob.peerId, text: 'sent as the path died' })
    await alice.events.until(
      'path',
      (ps) => ps.at(-1)?.peerId === bob.peerId && ps.at(-1)?.path === 'relayed',
      60_000,
    )
    await bob.events.until('message', (ms) => ms.some((m) => m.id === sent.id), 30_000)
    const back = performance.now() - t0
    // "Test my connectivity" now finds no STUN answer: UDP is blocked, the relay's STUN unreachable.
    expect((await alice.api.testConnectivity({})).nat).toBe('udp-blocked')
    expect((await alice.api.network({})).relays.map((r) => r.stun)).toEqual(['unreachable'])
    rows.push({
      scenario: 'webrtc drop: recovery',
      path: 'relayed',
      firstPathMs: 0,
      finalPathMs: round(back),
      deliveredP50Ms: await exchange(alice, bob, 'relayed'),
      note: 'finalPathMs = UDP cut → relayed again, message delivered',
    })
  })

  for (const [a, b] of [
    ['cone', 'symmetric'],
    ['symmetric', 'symmetric'],
  ] as [Side, Side][]) {
    it(`${a} ↔ ${b}: stays relayed (no STUN path through a symmetric NAT)`, async () => {
      lab = await natLab(a, b)
      const relay = await relayIn(lab)
      const { alice, bob } = await reservedPair(relay)
      const row = await scenario(`${a} ↔ ${b}`, alice, bob, 'relayed', () =>
        webrtcGaveUp(alice, bob),
      )
      // No phantom WebRTC connection was taken for a path on either side.
      expect(await pathTo(alice, bob)).toBe('relayed')
      expect(await pathTo(bob, alice)).toBe('relayed')
      await natTypes(alice, bob, [a, b] as [NatType, NatType], row)
    })
  }

  it('symmetric ↔ symmetric, then TURN (coturn) set in Settings: WebRTC through the TURN server', async () => {
    lab = await natLab('symmetric', 'symmetric')
    const turn = await startTurn(lab, await dirs.make('turn'))
    logs.push({ name: 'turnserver', lines: turn.lines })
    const relay = await relayIn(lab)
    const { alice, bob } = await reservedPair(relay)
    await scenario('TURN: relayed before', alice, bob, 'relayed', () => webrtcGaveUp(alice, bob))

    // Settings replace the TURN list while the network runs: the relayed pair is tried again.
    const t0 = performance.now()
    for (const c of [alice, bob]) {
      // Never shown back with its credential.
      expect(await c.api.setTurnServers({ servers: [turn.server] })).toEqual([
        { urls: turn.server.urls, username: 'parley' },
      ])
    }
    // TURN comes after the relay's STUN; no credentials in the status.
    const ice = (await alice.api.network({})).iceServers ?? []
    expect(ice.at(-1)).toBe(`turn:${lab.relayIp}:${TURN_PORT}`)
    const finalAt = await reaches(alice, bob, 'webrtc')
    await reaches(bob, alice, 'webrtc')
    // Both allocated a relay address on coturn and let the other's in: the path runs
    // through it, and both clients say so.
    for (const [c, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const peer = (await c.api.network({})).peers.find((p) => p.peerId === other.peerId)
      expect([peer?.path, peer?.turn]).toEqual(['webrtc', true])
    }
    const allocations = turn.lines.filter((l) => /ALLOCATE processed, success/.test(l))
    expect(allocations.length).toBeGreaterThanOrEqual(2)
    expect(turn.lines.some((l) => /CREATE_PERMISSION processed, success/.test(l))).toBe(true)
    const webrtc = [...alice.proc.lines, ...bob.proc.lines]
      .map((l) => /^webrtc: connected to \S+ in (\d+) ms/.exec(l)?.[1])
      .find(Boolean)
    rows.push({
      scenario: 'TURN set in Settings → webrtc via TURN',
      path: 'webrtc',
      firstPathMs: 0,
      finalPathMs: round(finalAt - t0),
      ...(webrtc ? { webrtcMs: Number(webrtc) } : {}),
      deliveredP50Ms: await exchange(alice, bob, 'webrtc'),
      rttMs: await rttOn(alice, bob, 'webrtc'),
      note: 'finalPathMs = TURN servers set → WebRTC through coturn',
    })
    await turn.stop()
  })

  it("UPnP on alice's router (miniupnpd): her mapped port makes her directly reachable", async () => {
    lab = await natLab('upnp', 'cone')
    const relay = await relayIn(lab)
    // Bob's router has no UPnP: searching for a gateway that is not there costs nothing.
    const t0 = performance.now()
    const bob = await client(lab, 'bob', [relay.addr], { upnp: true })
    const bobUp = performance.now() - t0
    const alice = await client(lab, 'alice', [relay.addr], { upnp: true })
    await reserved(bob)
    // Alice's router forwards her TCP port and she announces it: her router's address.
    const mapped = (addresses: string[]) =>
      addresses.some((a) => a.startsWith(`/ip4/${lab?.wan.alice}/tcp/`))
    if (!mapped((await alice.api.network({})).addresses)) {
      await alice.events.until('network', (ns) => mapped(ns.at(-1)?.addresses ?? []), 30_000)
    }
    const mappedMs = round(performance.now() - t0 - bobUp)
    expect(lab.upnpd['nat-a']?.some((l) => /redirecting port \d+ to 10\.99\.1\.2/.test(l))).toBe(
      true,
    )
    // Two cone NATs would end on WebRTC; the forwarded port wins it for direct TCP,
    // dialed by bob from outside to alice's router.
    const row = await scenario('UPnP (alice) ↔ cone', alice, bob, 'direct')
    const toAlice = (await bob.api.network({})).peers.find((p) => p.peerId === alice.peerId)
    expect(toAlice?.remoteAddr).toMatch(new RegExp(`^/ip4/${lab.wan.alice}/tcp/`))
    row.note = `mapped ${mappedMs} ms after alice started; bob (no gateway) started in ${round(bobUp)} ms`
    // The router maps TCP only: for UDP (STUN) it is the cone NAT it always was.
    await natTypes(alice, bob, ['cone', 'cone'], row)
  })

  it('the relay restarts mid-conversation: relayed chat recovers within 10 s', async () => {
    lab = await natLab('symmetric', 'symmetric')
    const dataDir = await dirs.make('relay')
    let relay = await relayIn(lab, dataDir)
    const { alice, bob } = await reservedPair(relay)
    await scenario('relay restart: before', alice, bob, 'relayed', () => webrtcGaveUp(alice, bob))

    await relay.proc.stop()
    await alice.events.until('path', (ps) => ps.at(-1)?.path === null)
    // Written while the relay is down: waits in the outbox.
    const during = await alice.api.send({ to: bob.peerId, text: 'while the relay was away' })
    const t0 = performance.now()
    relay = await relayIn(lab, dataDir)
    const back = performance.now()
    await bob.events.until('message', (ms) => ms.some((m) => m.id === during.id), 10_000)
    const after = await bob.api.send({ to: alice.peerId, text: 'and back again' })
    await alice.events.until('message', (ms) => ms.some((m) => m.id === after.id), 10_000)
    const recovered = performance.now() - back
    expect(recovered).toBeLessThan(10_000)
    rows.push({
      scenario: 'relay restart: recovery',
      path: 'relayed',
      firstPathMs: round(back - t0),
      finalPathMs: round(recovered),
      deliveredP50Ms: await exchange(alice, bob, 'relayed'),
      note: 'finalPathMs = relay ready → queued message delivered and answered',
    })
  })

  it("a client's address changes: the chat recovers on a new connection", async () => {
    lab = await natLab('cone', 'symmetric')
    const relay = await relayIn(lab)
    const { alice, bob } = await reservedPair(relay)
    await scenario('address change: before', alice, bob, 'relayed', () => webrtcGaveUp(alice, bob))

    const t0 = performance.now()
    await renumber(lab, 'alice', 7)
    const m = await alice.api.send({ to: bob.peerId, text: 'from my new address' })
    await bob.events.until('message', (ms) => ms.some((x) => x.id === m.id), 60_000)
    const r = await bob.api.send({ to: alice.peerId, text: 'got it' })
    await alice.events.until('message', (ms) => ms.some((x) => x.id === r.id), 30_000)
    rows.push({
      scenario: 'address change: recovery',
      path: 'relayed',
      firstPathMs: 0,
      finalPathMs: round(performance.now() - t0),
      deliveredP50Ms: await exchange(alice, bob, 'relayed'),
      note: 'finalPathMs = renumbered → message delivered and answered',
    })
  })
})

function round(ms: number): number {
  return Math.round(ms)
}

async function printTable(): Promise<void> {
  if (rows.length === 0) return
  const header = [
    'scenario',
    'path',
    'first path ms',
    'final path ms',
    'webrtc ms',
    'p50 ms',
    'rtt ms',
    'NAT (alice / bob)',
  ]
  const body = rows.map((r) => [
    r.scenario,
    r.path,
    String(r.firstPathMs),
    String(r.finalPathMs),
    r.webrtcMs === undefined ? '' : String(r.webrtcMs),
    String(r.deliveredP50Ms),
    r.rttMs === undefined ? '' : String(r.rttMs),
    r.nat ?? '',
  ])
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (b[i] as string).length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n'))
  await mkdir('test-results', { recursive: true })
    .then(() => writeFile('test-results/nat-matrix.json', `${JSON.stringify(rows, null, 2)}\n`))
    .catch(() => {})
}
