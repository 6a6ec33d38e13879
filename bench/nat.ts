// `npm run bench:nat [-- N]` (root): connect time and message latency on each path,
// in the NAT lab of the NAT matrix (e2e/support/natlab.ts), with real relay and
// client processes in network namespaces:
//   lan      same LAN, no relay (mDNS)
//   direct   both clients public
//   webrtc   both behind cone NATs
//   relayed  both behind symmetric NATs
// For each path: the two become friends and settle on the path; then alice's client
// restarts, and "connect" is the time from her client being up to her reporting
// that path to bob again (for WebRTC, also what the dialer logged for dial + ICE +
// first ping). Latency: N texts (default 200) sent one after another, send →
// delivered, p50 and p99. Prints a table and writes JSON under bench/results/.
import { mkdir, writeFile } from 'node:fs/promises'
import { type Lab, labUnavailable, lanLab, natLab, RELAY_IP } from '../e2e/support/natlab.ts'
import {
  befriend,
  startClient,
  startRelay,
  type TestClient,
  tempDirs,
} from '../e2e/support/parley.ts'
import { stopAll } from '../e2e/support/process.ts'
import type { Path } from '../protocol/api.ts'

const count = Number(process.argv[2] ?? 200)
const TARGETS: Partial<Record<Path, number>> = { lan: 500, webrtc: 1000, relayed: 500 }

interface Result {
  path: Path
  connectMs: number
  webrtcDialMs?: number
  latency: { p50: number; p99: number; max: number; count: number }
  target?: number
}

const why = await labUnavailable()
if (why) {
  console.error(`bench:nat cannot run here: ${why}`)
  process.exit(1)
}

const dirs = tempDirs()
const results: Result[] = []
let lab: Lab | undefined
try {
  for (const path of ['lan', 'direct', 'webrtc', 'relayed'] as Path[]) {
    lab = path === 'lan' ? await lanLab() : await natLabFor(path)
    try {
      results.push(await measure(lab, path))
    } finally {
      await stopAll()
      await lab.remove()
    }
  }
} finally {
  await stopAll()
  await dirs.removeAll()
}
await report()
process.exit(0)

function natLabFor(path: Path): Promise<Lab> {
  if (path === 'direct') return natLab('public', 'public')
  if (path === 'webrtc') return natLab('cone', 'cone')
  return natLab('symmetric', 'symmetric')
}

async function measure(l: Lab, path: Path): Promise<Result> {
  let relays: string[] = []
  if (path !== 'lan') {
    const relay = await startRelay(
      await dirs.make('relay'),
      ['--announce', `/ip4/${RELAY_IP}/tcp/4001`, '--stun', '0.0.0.0:3478'],
      '/ip4/0.0.0.0/tcp/4001',
      l.ns.relay,
    )
    relays = [relay.addr]
  }
  const aliceDir = await dirs.make('alice')
  const start = (who: 'alice' | 'bob', dataDir: string) =>
    startClient({
      dataDir,
      relays,
      listen: ['/ip4/0.0.0.0/tcp/0'],
      mdns: path === 'lan',
      webrtc: true,
      netns: l.ns[who] as string,
    })
  const bob = await start('bob', await dirs.make('bob'))
  let alice = await start('alice', aliceDir)
  if (path === 'lan') {
    await bob.api.setProfile({ displayName: 'Bob' })
    await alice.api.setProfile({ displayName: 'Alice' })
  } else {
    await reserved(bob)
  }
  await befriend(alice, bob)
  await on(alice, bob, path)

  // Connect: alice's client comes back and finds bob on the same path.
  await alice.stop()
  await on(bob, alice, null)
  alice = await start('alice', aliceDir)
  const up = performance.now()
  await on(alice, bob, path)
  const connectMs = Math.round(performance.now() - up)
  await on(bob, alice, path)
  const logged = [...alice.proc.lines, ...bob.proc.lines]
    .map((line) => /^webrtc: connected to \S+ in (\d+) ms/.exec(line)?.[1])
    .filter(Boolean)
    .at(-1)

  const times: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now()
      const m = await alice.api.send({ to: bob.peerId, text: `${i} ${'x'.repeat(190)}` })
      const [ack] = (
        await alice.events.until('delivered', (d) => d.some((x) => x.id === m.id))
      ).filter((x) => x.id === m.id)
      times.push(performance.now() - t)
      if (ack?.path !== path) throw new Error(`message ${i} went ${ack?.path}, not ${path}`)
    }
  } catch (err) {
    // The processes' own words are the evidence: they are gone with the lab.
    const tail = (c: TestClient) =>
      c.proc.lines
        .slice(-40)
        .map((l) => `  ${l}`)
        .join('\n')
    throw new Error(
      `${path}: after ${times.length} of ${count} messages: ${(err as Error).message}\nalice:\n${tail(alice)}\nbob:\n${tail(bob)}`,
    )
  }
  times.sort((a, b) => a - b)
  const q = (p: number) =>
    round(times[Math.min(times.length - 1, Math.floor(p * times.length))] as number)
  return {
    path,
    connectMs,
    ...(logged ? { webrtcDialMs: Number(logged) } : {}),
    latency: { p50: q(0.5), p99: q(0.99), max: round(times.at(-1) as number), count },
    ...(TARGETS[path] ? { target: TARGETS[path] } : {}),
  }
}

async function reserved(c: TestClient): Promise<void> {
  const ok = async () => (await c.api.network({})).relays.every((r) => r.reserved)
  if (!(await ok())) {
    await c.events.until('network', (n) => n.at(-1)?.relays.every((r) => r.reserved) ?? false)
  }
}

/** Until `c` reports `path` (null: no connection) to `other`. */
async function on(c: TestClient, other: TestClient, path: Path | null): Promise<void> {
  const now = (await c.api.network({})).peers.find((p) => p.peerId === other.peerId)?.path ?? null
  if (now === path) return
  const seen = c.events.of('path').length
  await c.events.until(
    'path',
    (ps) => ps.slice(seen).some((p) => p.peerId === other.peerId && p.path === path),
    30_000,
  )
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}

async function report(): Promise<void> {
  const rows = results.map((r) => [
    r.path,
    String(r.connectMs),
    r.webrtcDialMs === undefined ? '' : String(r.webrtcDialMs),
    r.target === undefined ? '' : `≤ ${r.target}`,
    String(r.latency.p50),
    String(r.latency.p99),
  ])
  const header = ['path', 'connect ms', 'webrtc dial ms', 'target', 'p50 ms', 'p99 ms']
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'))
  const file = `bench/results/nat-${new Date().toISOString().replaceAll(':', '-')}.json`
  await mkdir('bench/results', { recursive: true })
  await writeFile(
    file,
    `${JSON.stringify(
      {
        method:
          'NAT lab namespaces; connect = client restart → same path reported again; latency = sequential send → delivered of 200 B texts',
        messages: count,
        results,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`JSON: ${file}`)
}
