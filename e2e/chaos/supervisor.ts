// The chaos supervisor: a plan of kills drawn from a seeded PRNG before anything runs
// (so a seed names the same plan on every machine), carried out on the cluster.
import { setTimeout as delay } from 'node:timers/promises'
import { type Cluster, firstLine, type Kind, processOf, say } from './cluster.ts'
import type { Sender } from './traffic.ts'

/** mulberry32: small, fast, and the same sequence everywhere for one seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export interface Action {
  /** Milliseconds after the chaos starts. */
  at: number
  target: Kind
  signal: 'SIGKILL' | 'SIGTERM'
  /** How long it stays down before it is started again. */
  downMs: number
  /** A long outage: the other client keeps writing, so the relay mailbox is used. */
  long: boolean
}

/**
 * Long outages of one client (10–20 s, killed or cleanly stopped) every 15–30 s, and
 * between them crashes (SIGKILL, down 0.2–3 s) of any process, the relay included,
 * every 3–8 s. A crash never falls inside the same process's long outage.
 */
export function plan(seed: number, windowMs: number, clients: readonly string[]): Action[] {
  const rnd = prng(seed)
  const between = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo))
  const actions: Action[] = []
  for (let at = between(4_000, 10_000); ; ) {
    const downMs = between(10_000, 20_000)
    if (at + downMs > windowMs) break
    const target = clients[Math.floor(rnd() * clients.length)] as string
    const signal = rnd() < 0.5 ? 'SIGKILL' : 'SIGTERM'
    actions.push({ at, target, signal, downMs, long: true })
    at += downMs + between(15_000, 30_000)
  }
  const outages = [...actions]
  const kinds: Kind[] = ['relay', ...clients]
  for (let at = between(2_000, 5_000); at < windowMs; at += between(3_000, 8_000)) {
    const target = kinds[Math.floor(rnd() * kinds.length)] as Kind
    const downMs = between(200, 3_000)
    // Leave room for the restart before and after a long outage of the same process.
    const clash = outages.some(
      (o) => o.target === target && at + downMs + 5_000 > o.at && at < o.at + o.downMs + 5_000,
    )
    if (!clash) actions.push({ at, target, signal: 'SIGKILL', downMs, long: false })
  }
  return actions.sort((a, b) => a.at - b.at)
}

/** The plan, on one line. */
export function sayPlan(actions: Action[]): void {
  const one = (a: Action) =>
    `${(a.at / 1000).toFixed(1)}s ${a.signal === 'SIGTERM' ? 'stop' : 'kill'} ${a.target}${a.long ? ` ${(a.downMs / 1000).toFixed(0)}s` : ''}`
  say(`plan: ${actions.map(one).join(', ')}`)
}

export interface KillRecord extends Action {
  /** When it actually went down, after the chaos started. */
  tookMs: number
  exit: number | string
  /** How long the restart took. */
  restartMs: number
}

export interface SupervisorReport {
  kills: KillRecord[]
  skipped: Action[]
}

/**
 * Runs the plan: each action at its time, concurrently with the others (a relay can
 * crash while a client is away). One whose target is already down is skipped and said.
 * Resolves once every action is done and every process is up again.
 */
export async function supervise(
  cluster: Cluster,
  actions: Action[],
  startedAt: number,
  signal: AbortSignal,
): Promise<SupervisorReport> {
  const report: SupervisorReport = { kills: [], skipped: [] }
  const at = () => `${((performance.now() - startedAt) / 1000).toFixed(1)}s`
  await Promise.all(
    actions.map(async (action) => {
      await delay(Math.max(0, startedAt + action.at - performance.now()), undefined, { signal })
      const proc = processOf(cluster, action.target)
      if (proc.unavailable) {
        cluster.note(`[chaos ${at()}] skip ${action.signal} ${action.target}: it is down`)
        report.skipped.push(action)
        return
      }
      const what = action.long ? 'offline' : 'crash'
      cluster.note(
        `[chaos ${at()}] ${action.signal} ${action.target} (${what}, down ${action.downMs} ms)`,
      )
      const tookMs = Math.round(performance.now() - startedAt)
      const exit = await proc.kill(action.signal)
      await delay(action.downMs, undefined, { signal })
      const t0 = performance.now()
      await proc.start().catch((err: unknown) => {
        cluster.note(`[chaos ${at()}] ${action.target} did not come back: ${firstLine(err)}`)
        throw err
      })
      const restartMs = Math.round(performance.now() - t0)
      cluster.note(`[chaos ${at()}] ${action.target} back (exit ${exit}, restart ${restartMs} ms)`)
      report.kills.push({ ...action, tookMs, exit, restartMs })
    }),
  )
  return report
}

/**
 * The chaos itself: the plan carried out while every sender sends its count at a
 * pace that spreads it over `sendMs` (and may run `slackMs` over, catching up after
 * an outage). A process that dies by itself fails it at once, not at a deadline.
 */
export async function runChaos(
  cluster: Cluster,
  actions: Action[],
  senders: Sender[],
  times: { sendMs: number; slackMs: number },
  signal: AbortSignal,
): Promise<{ chaos: SupervisorReport; startedAt: number }> {
  const startedAt = performance.now()
  const deadline = startedAt + times.sendMs + times.slackMs
  const [chaos] = await Promise.race([
    Promise.all([
      supervise(cluster, actions, startedAt, signal),
      ...senders.map((s) => s.run(startedAt, times.sendMs / s.count, deadline, signal)),
    ]),
    cluster.crashed,
  ])
  return { chaos, startedAt }
}
