// The three paths the benchmark compares. Each is set up from fresh processes and
// temporary directories, measured the same way, checked for lost or duplicated
// messages, and torn down whatever happens.
import { LOOPBACK_TCP, startRelay, tempDir } from '../e2e/support/parley.ts'
import { type RunningProcess, startScript } from '../e2e/support/process.ts'
import { type BenchConfig, deadlines } from './config.ts'
import {
  type Call,
  caller,
  type EventReport,
  type PeerInfo,
  type PeerSpec,
  type Usage,
} from './ipc.ts'
import type { LatencyStats, ThroughputStats } from './measure.ts'
import { arrivalProblem, type Expected, type Phase } from './workload.ts'

export type PathName = 'direct' | 'relayed' | 'baseline-ws'

/** What both processes spent on a phase. */
export interface PhaseCost {
  /** CPU time of sender plus receiver (the relay's is not counted). */
  cpuMs: number
  /** Longest event-loop block in the sender and in the receiver. */
  eventLoopMaxMs: { sender: number; receiver: number }
}

export interface PathResult {
  path: PathName
  description: string
  persistence: boolean
  latency?: LatencyStats & { cost: PhaseCost }
  throughput?: ThroughputStats & { cost: PhaseCost }
  peakRssMB?: { sender: number; receiver: number }
  /** What the API reported on each side: paths, events per path, repeated acknowledgements. */
  events?: { sender: EventReport; receiver: EventReport }
  /** Why the path could not be measured, or what its checks found wrong. */
  error?: string
  /** What the processes printed after start-up: warnings and errors worth a look. */
  output: string[]
}

interface Peer {
  label: string
  call: Call
  info: PeerInfo
}

interface Pair {
  sender: Peer
  receiver: Peer
}

interface Setup {
  description: string
  persistence: boolean
  /** The path the API must report throughout (null: the baseline has none). */
  expectedPath: string | null
  start(scope: Scope): Promise<Pair & { addr: string }>
}

const parleyPeer = (dataDir: string, listen: string[], relays: string[]): PeerSpec => ({
  kind: 'parley',
  dataDir,
  listen,
  relays,
})

const setups: Record<PathName, Setup> = {
  direct: {
    description:
      'Parley, sender dials receiver over loopback TCP (Noise, yamux), LevelDB both sides',
    persistence: true,
    expectedPath: 'direct',
    async start(scope) {
      const peers = await scope.pair(async (label) =>
        parleyPeer(await scope.dir(label), [LOOPBACK_TCP], []),
      )
      const { addresses } = peers.receiver.info
      const addr = addresses.find((a) => a.includes('/tcp/') && !a.includes('/ws'))
      if (!addr) throw new Error(`receiver has no TCP address among ${addresses.join(', ')}`)
      return { ...peers, addr }
    },
  },
  relayed: {
    description:
      'Parley, both peers without listeners, circuit through a relay process, LevelDB both sides',
    persistence: true,
    expectedPath: 'relayed',
    async start(scope) {
      const relay = await startRelay(await scope.dir('relay'))
      scope.track('relay', relay.proc)
      // No listeners: the circuit through the relay is the only way between them.
      const peers = await scope.pair(async (label) =>
        parleyPeer(await scope.dir(label), [], [relay.addr]),
      )
      return { ...peers, addr: `${relay.addr}/p2p-circuit/p2p/${peers.receiver.info.id}` }
    },
  },
  'baseline-ws': {
    description:
      'ws server process forwarding JSON frames between two ws clients; no persistence, no encryption',
    persistence: false,
    expectedPath: null,
    async start(scope) {
      const server = scope.track('ws-server', startScript('bench/ws-server.ts', [], { ipc: true }))
      const url = (await server.waitForLine(/^listening (ws:\S+)$/, deadlines.setupMs))[1] as string
      const peers = await scope.pair(async (name) => ({ kind: 'ws', server: url, name }))
      return { ...peers, addr: url }
    },
  },
}

export const pathNames = Object.keys(setups) as PathName[]

/** Sets up one path, measures latency then throughput, checks the results, and tears down. */
export async function measurePath(path: PathName, config: BenchConfig): Promise<PathResult> {
  const setup = setups[path]
  const result: PathResult = {
    path,
    description: setup.description,
    persistence: setup.persistence,
    output: [],
  }
  const scope = new Scope()
  try {
    const { addr, ...pair } = await setup.start(scope)
    const { sender, receiver } = pair
    scope.quiet()
    const connected = await sender.call(
      'connect',
      { to: receiver.info.id, addr },
      deadlines.setupMs,
    )
    const latencyMs = deadlines.latencyMs(config.messages)
    const sequential = (phase: Phase, count: number) =>
      sender.call(
        'sequential',
        { phase, count, bytes: config.textBytes, deadlineMs: latencyMs },
        latencyMs + deadlines.checkMs,
      )
    await sequential('warmup', config.warmup)
    result.latency = await costed(pair, () => sequential('latency', config.messages))
    const { throughputMs } = deadlines
    result.throughput = await costed(pair, () =>
      sender.call(
        'windowed',
        {
          count: config.messages,
          bytes: config.textBytes,
          window: config.window,
          deadlineMs: throughputMs,
        },
        throughputMs + deadlines.checkMs,
      ),
    )
    const [s, r] = await usage(pair)
    result.peakRssMB = { sender: s.maxRssMB, receiver: r.maxRssMB }
    const problems = await check(pair, config)
    const [se, re] = await Promise.all([
      sender.call('events', {}, deadlines.checkMs),
      receiver.call('events', {}, deadlines.checkMs),
    ])
    result.events = { sender: se, receiver: re }
    problems.push(...eventProblems(setup.expectedPath, pair, result.events, connected.path))
    if (problems.length > 0) throw new Error(problems.join('\n'))
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
  } finally {
    result.output = await scope.close()
  }
  return result
}

function usage({ sender, receiver }: Pair): Promise<[Usage, Usage]> {
  return Promise.all([
    sender.call('usage', {}, deadlines.checkMs),
    receiver.call('usage', {}, deadlines.checkMs),
  ])
}

/** Runs a phase and adds what it cost both processes. */
async function costed<T>(pair: Pair, run: () => Promise<T>): Promise<T & { cost: PhaseCost }> {
  const before = await usage(pair)
  const stats = await run()
  const after = await usage(pair)
  const cpuMs = after[0].cpuMs - before[0].cpuMs + after[1].cpuMs - before[1].cpuMs
  const eventLoopMaxMs = { sender: after[0].eventLoopMaxMs, receiver: after[1].eventLoopMaxMs }
  return { ...stats, cost: { cpuMs, eventLoopMaxMs } }
}

/** Every message lost, duplicated, not stored or not acknowledged. */
async function check({ sender, receiver }: Pair, config: BenchConfig): Promise<string[]> {
  const expected: Expected = {
    warmup: config.warmup,
    latency: config.messages,
    throughput: config.messages,
  }
  const problems: (string | undefined)[] = []
  const received = await receiver.call('received', { expected }, deadlines.checkMs)
  for (const [phase, arrivals] of Object.entries(received)) {
    problems.push(arrivalProblem(`receiver 'message' events, ${phase}`, arrivals))
  }
  for (const [side, other] of [
    [receiver, sender],
    [sender, receiver],
  ] as const) {
    const stored = await side.call('stored', { peer: other.info.id, expected }, deadlines.checkMs)
    for (const [phase, s] of Object.entries(stored ?? {})) {
      problems.push(arrivalProblem(`${side.label} LevelDB history, ${phase}`, s))
      if (s.undelivered > 0)
        problems.push(`${side.label}: ${s.undelivered} ${phase} messages not marked delivered`)
    }
  }
  return problems.filter((p) => p !== undefined)
}

/** Repeated acknowledgements, and any path other than the expected one in what either side reported. */
function eventProblems(
  expected: string | null,
  { sender, receiver }: Pair,
  events: { sender: EventReport; receiver: EventReport },
  connectedPath: string | null,
): string[] {
  const problems: string[] = []
  if (connectedPath !== expected)
    problems.push(`dial reported path ${connectedPath}, expected ${expected}`)
  for (const [side, other, report] of [
    [sender, receiver, events.sender],
    [receiver, sender, events.receiver],
  ] as const) {
    if (report.repeatedAcks > 0)
      problems.push(`${side.label}: ${report.repeatedAcks} repeated 'delivered' events`)
    if (expected === null) continue
    const seen = report.paths.filter((p) => p.peerId === other.info.id).map((p) => p.path)
    if (seen.length === 0 || seen.some((p) => p !== expected)) {
      problems.push(`${side.label} reported paths [${seen.join(', ')}], expected only ${expected}`)
    }
    const stray = Object.entries(report.byPath).filter(([key]) => !key.endsWith(` by ${expected}`))
    if (stray.length > 0) {
      problems.push(
        `${side.label} events off the ${expected} path: ${JSON.stringify(Object.fromEntries(stray))}`,
      )
    }
  }
  return problems
}

/** The processes and directories of one path, all removed by close(). */
class Scope {
  private readonly procs: { label: string; proc: RunningProcess; from: number }[] = []
  private readonly dirs: { remove(): Promise<void> }[] = []
  /** Rejects when any process exits before close(): every call fails at once rather than at its deadline. */
  private readonly died = Promise.withResolvers<never>()
  private closing = false

  constructor() {
    this.died.promise.catch(() => {})
  }

  async dir(name: string): Promise<string> {
    const dir = await tempDir(`bench-${name}`)
    this.dirs.push(dir)
    return dir.path
  }

  track(label: string, proc: RunningProcess): RunningProcess {
    this.procs.push({ label, proc, from: 0 })
    proc.exited.then((code) => {
      if (this.closing) return
      const last = proc.lines.slice(-10).join('\n')
      this.died.reject(
        new Error(`${label} exited (${code}) during the run; its last lines:\n${last}`),
      )
    })
    return proc
  }

  async peer(label: string, spec: PeerSpec): Promise<Peer> {
    const proc = this.track(label, startScript('bench/peer.ts', [], { ipc: true }))
    const direct = caller(proc.child, label)
    const call: Call = (op, params, timeoutMs) =>
      Promise.race([direct(op, params, timeoutMs), this.died.promise])
    return { label, call, info: await call('start', spec, deadlines.setupMs) }
  }

  /** Starts the sender and the receiver side by side. */
  async pair(spec: (label: string) => Promise<PeerSpec>): Promise<Pair> {
    const start = async (label: string) => this.peer(label, await spec(label))
    const [sender, receiver] = await Promise.all([start('sender'), start('receiver')])
    return { sender, receiver }
  }

  /** Start-up is over: what the processes print from now on is worth reporting. */
  quiet(): void {
    for (const p of this.procs) p.from = p.proc.lines.length
  }

  /** Stops the processes, removes the directories; returns what was printed since quiet(). */
  async close(): Promise<string[]> {
    this.closing = true
    await Promise.all(this.procs.map((p) => p.proc.stop('SIGTERM', 5_000)))
    await Promise.all(this.dirs.map((d) => d.remove()))
    return this.procs.flatMap(({ label, proc, from }) =>
      proc.lines
        .slice(from)
        .filter((line) => !/^stopping \(SIGTERM\)$/.test(line))
        .map((line) => `${label}: ${line}`),
    )
  }
}
