// `npm run bench:group [-- --quick] [-- --members N --messages M]`: a message to a
// big group. The sender is a real client process (its LevelDB, libsignal, the
// outbox); the other members are lightweight protocol peers in this process
// (e2e/support/raw-peer.ts: a libp2p node and Signal sessions each), contacts of
// the sender, which open and acknowledge what comes. Messages go one at a time;
// each is timed from send to the last member's acknowledgement (the 'delivered'
// event whose count reaches every member). Also: the sender's CPU per message, the
// sealed bytes each member receives per message, and whether every member got the
// same group ciphertext (the message was sealed once, not once per member). The
// same run with one other member is the baseline. Prints a table and writes JSON
// under bench/results/.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { ulid } from 'ulid'
import {
  LOOPBACK_TCP,
  startClient,
  type TestClient,
  tcpAddr,
  tempDirs,
} from '../e2e/support/parley.ts'
import { repoRoot, stopAll } from '../e2e/support/process.ts'
import { RawPeer } from '../e2e/support/raw-peer.ts'
import type { ChatEnvelope } from '../protocol/frame.ts'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    members: { type: 'string' },
    messages: { type: 'string' },
  },
})
/** Everyone in the group, the sender included. */
const MEMBERS = Number(args.members ?? (args.quick ? 20 : 100))
const MESSAGES = Number(args.messages ?? (args.quick ? 20 : 100))
const WARM_UP = 5
/** Setting up: befriending, the group's log and keys reaching every member. */
const SETUP_MS = 120_000
/** One message reaching every member. */
const MESSAGE_MS = 30_000
const TARGET_P50_MS = 100
/**
 * Members dial the sender one after another, at least this far apart: all come from
 * 127.0.0.1, and libp2p takes at most 5 new connections a second from one host.
 */
const DIAL_EVERY_MS = 250

interface Run {
  members: number
  messages: number
  lastAck: { p50: number; p99: number; max: number }
  senderCpuUsPerMessage: number
  sealedBytesPerMemberPerMessage: number
  sealedOnce: boolean
}

const dirs = tempDirs()
const deadline = setTimeout(
  () => {
    console.error('bench:group: not done in time; stopping')
    void stopAll().then(() => process.exit(1))
  },
  2 * SETUP_MS + 2 * (MESSAGES + WARM_UP) * MESSAGE_MS,
)
try {
  const baseline = await measure(2)
  const group = await measure(MEMBERS)
  await report(baseline, group)
} finally {
  clearTimeout(deadline)
  await stopAll()
  await dirs.removeAll()
}
process.exit(0)

async function measure(members: number): Promise<Run> {
  const sender = await startClient({ dataDir: await dirs.make('sender'), listen: [LOOPBACK_TCP] })
  const peers: RawPeer[] = []
  try {
    const addr = await tcpAddr(sender)
    /** Per message id: each member's group ciphertext (as hex), and the sealed bytes it came in. */
    const got = new Map<string, { ciphertexts: Set<string>; bytes: number }>()
    const hasLog = new Map<string, Promise<void>>()
    for (let i = 1; i < members; i++) {
      const next = sleep(DIAL_EVERY_MS)
      const peer = await RawPeer.start(await dirs.make('member'))
      peers.push(peer)
      const log = Promise.withResolvers<void>()
      hasLog.set(peer.peerId, log.promise)
      await peer.serveChat((envelopes, sealedBytes) =>
        took(envelopes, sealedBytes, got, log.resolve),
      )
      const chat = await peer.chat(addr, sender.peerId)
      await chat.openSession()
      await chat.sendAcked([peer.envelope(sender.peerId, ulid(), { kind: 'request', text: 'hi' })])
      await next
    }
    for (const peer of peers) await sender.api.acceptContact({ peerId: peer.peerId })
    const { id: groupId } = await sender.api.createGroup({
      name: 'Bench',
      members: peers.map((p) => p.peerId),
    })
    await within(Promise.all(hasLog.values()), SETUP_MS, 'the group reaching every member')

    const send = async () => {
      const t = performance.now()
      const m = await sender.api.sendGroup({ groupId, text: `${'x'.repeat(190)} ${t}` })
      await within(
        sender.events.until('delivered', (ds) =>
          ds.some((d) => d.id === m.id && (d.delivery?.delivered ?? 0) >= members - 1),
        ),
        MESSAGE_MS,
        `message ${m.id} reaching every member`,
      )
      return { id: m.id, ms: performance.now() - t }
    }
    for (let i = 0; i < WARM_UP; i++) await send()
    const cpuBefore = await cpuMs(sender)
    const timed: { id: string; ms: number }[] = []
    for (let i = 0; i < MESSAGES; i++) timed.push(await send())
    const cpu = (await cpuMs(sender)) - cpuBefore
    const times = timed.map((t) => t.ms).sort((a, b) => a - b)
    const q = (p: number) => round(times[Math.min(times.length - 1, Math.floor(p * times.length))])
    const seen = timed.map((t) => got.get(t.id))
    return {
      members,
      messages: MESSAGES,
      lastAck: { p50: q(0.5), p99: q(0.99), max: round(times.at(-1)) },
      senderCpuUsPerMessage: Math.round((cpu * 1000) / MESSAGES),
      sealedBytesPerMemberPerMessage: Math.round(
        seen.reduce((n, s) => n + (s?.bytes ?? 0), 0) / MESSAGES / (members - 1),
      ),
      sealedOnce: seen.every((s) => s?.ciphertexts.size === 1),
    }
  } finally {
    await sender.stop()
    await Promise.all(peers.map((p) => p.stop()))
  }
}

/** What a member took: the group's log came, or a group message (its ciphertext, and what it cost). */
function took(
  envelopes: ChatEnvelope[],
  sealedBytes: number,
  got: Map<string, { ciphertexts: Set<string>; bytes: number }>,
  logCame: () => void,
): void {
  for (const e of envelopes) {
    const content = e.group
    if (content?.kind === 'membership') logCame()
    if (content?.kind !== 'message') continue
    const entry = got.get(e.id) ?? { ciphertexts: new Set<string>(), bytes: 0 }
    entry.ciphertexts.add(Buffer.from(content.ciphertext).toString('hex'))
    // A frame with one message in it, in the timed runs (one message at a time).
    entry.bytes += sealedBytes / envelopes.length
    got.set(e.id, entry)
  }
}

/** The CPU time a client process has used, in ms (Linux's /proc: utime + stime). */
async function cpuMs(client: TestClient): Promise<number> {
  const stat = await readFile(`/proc/${client.proc.child.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / 100 // USER_HZ
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench:group: ${what} took over ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function round(n: number | undefined): number {
  return Math.round((n ?? Number.NaN) * 100) / 100
}

async function report(baseline: Run, group: Run): Promise<void> {
  const rows = [baseline, group].map((r) => [
    `${r.members} members`,
    String(r.lastAck.p50),
    String(r.lastAck.p99),
    String(r.lastAck.max),
    String(r.senderCpuUsPerMessage),
    String(r.sealedBytesPerMemberPerMessage),
    r.sealedOnce ? 'yes' : 'NO',
  ])
  const header = [
    'group',
    'last ack p50 ms',
    'p99 ms',
    'max ms',
    'sender CPU µs/msg',
    'sealed B/member/msg',
    'sealed once',
  ]
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`)
  const met = group.lastAck.p50 <= TARGET_P50_MS
  console.log(
    [
      `Parley group bench: ${MESSAGES} messages of ~200 B, one at a time, after ${WARM_UP} warm-up; loopback TCP`,
      '',
      ...table,
      '',
      `  sender: a client process; members: raw protocol peers in the bench process, each acknowledging what it opens`,
      `  last ack: send() until the 'delivered' event that counts every member; baseline: a group of 2`,
      `  target: last member's ack p50 ≤ ${TARGET_P50_MS} ms with ${group.members} members: ${met ? 'met' : 'NOT met'} (${group.lastAck.p50} ms)`,
      `  sealed once: every member received the same group ciphertext for each message (one groupEncrypt per message)`,
    ].join('\n'),
  )
  const dir = join(repoRoot, 'bench', 'results')
  await mkdir(dir, { recursive: true })
  const file = join(dir, `group-${new Date().toISOString().replaceAll(':', '-')}.json`)
  await writeFile(
    file,
    JSON.stringify({ baseline, group, targetP50Ms: TARGET_P50_MS, met }, null, 2),
  )
  console.log(`JSON: ${file}`)
}
