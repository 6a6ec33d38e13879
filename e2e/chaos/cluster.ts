// The chaos tests' processes: a relay and clients that can be killed and come back
// on the same loopback address and data directory, as many times as needed. Every
// incarnation is kept: the output of killed processes still counts.
import { createServer } from 'node:net'
import { afterAll } from 'vitest'
import {
  type Relay,
  startClient,
  startRelay,
  type TestClient,
  type tempDirs,
} from '../support/parley.ts'
import { type RunningProcess, stopAll } from '../support/process.ts'

/** A process of the cluster: 'relay', or a client's name. */
export type Kind = string

/** How long one (re)start may take before the attempt counts as failed. */
const START_TIMEOUT_MS = 30_000
const START_ATTEMPTS = 3

/** A process that comes back on the same address; `current` is unset while it is down. */
export class Restartable<T extends { proc: RunningProcess }> {
  current: T | undefined
  /** Every incarnation, oldest first. */
  readonly incarnations: T[] = []
  private waiters: ((t: T) => void)[] = []
  private busy = false
  private retired = false
  private readonly exitedByItself = Promise.withResolvers<never>()
  /** Rejects when an incarnation exits without being told to: a crash of its own. */
  readonly crashed = this.exitedByItself.promise

  constructor(
    readonly name: Kind,
    private readonly launch: () => Promise<T>,
  ) {
    this.crashed.catch(() => {}) // raced by the test; not unhandled meanwhile
  }

  /** Down, or on its way down or up: the supervisor leaves it alone. */
  get unavailable(): boolean {
    return this.busy || this.current === undefined
  }

  /** Starts it (again); a failed attempt (a port not yet free, a slow start) is retried. */
  async start(): Promise<T> {
    this.busy = true
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const t = await within(this.launch(), START_TIMEOUT_MS, `starting ${this.name}`)
          this.incarnations.push(t)
          this.current = t
          void t.proc.exited.then((code) => {
            // kill() unsets it first: we took it down (or the test is over).
            if (this.current !== t || this.retired) return
            this.current = undefined
            say(`[chaos] ${this.name} exited by itself (${code})`)
            this.exitedByItself.reject(
              new Error(
                `${this.name} exited by itself (${code}):\n${t.proc.lines.slice(-30).join('\n')}`,
              ),
            )
          })
          for (const w of this.waiters.splice(0)) w(t)
          return t
        } catch (err) {
          if (attempt >= START_ATTEMPTS) throw err
          say(`[chaos] ${this.name} failed to start (attempt ${attempt}): ${firstLine(err)}`)
        }
      }
    } finally {
      this.busy = false
    }
  }

  /** Takes it down with `signal` (SIGKILL: a crash; SIGTERM: a clean quit); resolves on exit. */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | string> {
    const t = this.current
    if (!t) throw new Error(`${this.name} is not running`)
    this.busy = true
    // Unset first: a sender sees the process as gone before its calls start failing.
    this.current = undefined
    try {
      return await t.proc.stop(signal, 10_000)
    } finally {
      this.busy = false
    }
  }

  /** The running incarnation, now or once it is back. */
  up(timeoutMs: number): Promise<T> {
    if (this.current && !this.busy) return Promise.resolve(this.current)
    return within(
      new Promise<T>((resolve) => this.waiters.push(resolve)),
      timeoutMs,
      `waiting for ${this.name} to come back`,
    )
  }

  /** The test is ending: exits from now on are the teardown's. */
  retire(): void {
    this.retired = true
  }

  /** Every output line of every incarnation. */
  lines(): string[] {
    return this.incarnations.flatMap((t) => t.proc.lines)
  }
}

export interface Cluster {
  relay: Restartable<Relay>
  /** The clients, by name. */
  clients: Record<string, Restartable<TestClient>>
  /** The relay's full address, the same after every restart. */
  relayAddr: string
  /** Rejects when any process exits without being told to. */
  crashed: Promise<never>
  retire(): void
  /** Prints a line and marks where each running process's output stood at that moment. */
  note(line: string): void
  /** One incarnation's output with the notes made while it ran, in place. */
  annotated(proc: RunningProcess): string[]
}

/**
 * Notes (kills, restarts) placed in each process's output where they happened, so a
 * log line can be read against the chaos that preceded it.
 */
class Timeline {
  private readonly notes: { line: string; marks: Map<RunningProcess, number> }[] = []

  constructor(private readonly procs: () => RunningProcess[]) {}

  note(line: string): void {
    say(line)
    const running = this.procs().filter((p) => p.child.exitCode === null && !p.child.signalCode)
    this.notes.push({ line, marks: new Map(running.map((p) => [p, p.lines.length])) })
  }

  annotated(proc: RunningProcess): string[] {
    const out: string[] = []
    const notes = this.notes.filter((n) => n.marks.has(proc))
    proc.lines.forEach((line, i) => {
      for (const n of notes) if (n.marks.get(proc) === i) out.push(`-- ${n.line}`)
      out.push(line)
    })
    for (const n of notes) if (n.marks.get(proc) === proc.lines.length) out.push(`-- ${n.line}`)
    return out
  }
}

/** The relay or a client of the cluster, by the name a plan gives it. */
export function processOf(
  cluster: Cluster,
  kind: Kind,
): Restartable<Relay> | Restartable<TestClient> {
  const proc = kind === 'relay' ? cluster.relay : cluster.clients[kind]
  if (!proc) throw new Error(`no process ${kind}`)
  return proc
}

/**
 * Starts the relay and the clients (by name: their data directories), each on a
 * fixed loopback port so that a restart comes back where the others (and their
 * peer stores) expect it.
 */
export async function startCluster(dirs: { relay: string; clients: Record<string, string> }) {
  const names = Object.keys(dirs.clients)
  const [relayPort, ...clientPorts] = await freePorts(1 + names.length)
  const relay = new Restartable('relay', () =>
    // /healthz tells how much mail is left at the end.
    startRelay(dirs.relay, ['--http', '127.0.0.1:0'], `/ip4/127.0.0.1/tcp/${relayPort}`),
  )
  const relayAddr = (await relay.start()).addr
  const clients = Object.fromEntries(
    names.map((name, i) => [
      name,
      new Restartable(name, () =>
        startClient({
          dataDir: dirs.clients[name] as string,
          relays: [relayAddr],
          listen: [`/ip4/127.0.0.1/tcp/${clientPorts[i]}`],
        }),
      ),
    ]),
  )
  await Promise.all(Object.values(clients).map((c) => c.start()))
  const all = [relay, ...Object.values(clients)]
  const crashed = Promise.race(all.map((p) => p.crashed))
  crashed.catch(() => {})
  const retire = () => {
    for (const p of all) p.retire()
  }
  const timeline = new Timeline(() =>
    all.flatMap((r) => r.incarnations.map((t) => t.proc as RunningProcess)),
  )
  return {
    relay,
    clients,
    relayAddr,
    crashed,
    retire,
    note: (line) => timeline.note(line),
    annotated: (proc) => timeline.annotated(proc),
  } satisfies Cluster
}

/**
 * A chaos test's teardown: stops its senders and supervisor (through `signal`, when
 * the test ends early), then every process, and removes the data unless CHAOS_KEEP.
 */
export function chaosTeardown(dirs: ReturnType<typeof tempDirs>) {
  const halt = new AbortController()
  let running: Cluster | undefined
  afterAll(async () => {
    halt.abort()
    running?.retire()
    await stopAll()
    if (!process.env.CHAOS_KEEP) await dirs.removeAll()
  })
  return {
    signal: halt.signal,
    /** The test's processes, for the teardown. */
    track(cluster: Cluster): void {
      running = cluster
    },
  }
}

/**
 * Free loopback ports below the kernel's ephemeral range (32768 and up), so that no
 * outgoing connection borrows one while its owner is down.
 */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = []
  while (ports.length < n) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (!ports.includes(port) && (await canListen(port))) ports.push(port)
  }
  return ports
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** `promise`, or an error naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** One line straight to the terminal: vitest would put a header over each console.log. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
}
