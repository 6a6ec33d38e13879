// `npm run test:chaos`: a relay and two clients, each a real process, exchange
// thousands of messages while a seeded supervisor SIGKILLs and restarts them all and
// takes one client away for long stretches (so the relay mailbox is used). At the end
// every message whose send() resolved is in both histories exactly once, in one order,
// delivered, and the edits, reactions and deletions mixed into the traffic left both
// sides with the same messages. CHAOS_SEED=N replays a run's plan of kills.
import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { directConversationId } from '../../protocol/ids.ts'
import { befriend, type TestClient, tcpAddr, tempDirs } from '../support/parley.ts'
import { chaosTeardown, type Restartable, say, startCluster } from './cluster.ts'
import { chaosReport, printReport, saveLog } from './report.ts'
import { plan, runChaos, sayPlan } from './supervisor.ts'
import { converge, Sender, toContact } from './traffic.ts'

const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : randomInt(2 ** 31)
/** Per direction. Smaller runs (CHAOS_MESSAGES, CHAOS_SEND_SECONDS) are for trying things out. */
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 2_000)
const SEND_MS = Number(process.env.CHAOS_SEND_SECONDS ?? 120) * 1000
/** After the last kill, how long everything may take to arrive and be acknowledged. */
const CONVERGE_MS = 60_000
/** Senders that fell behind during an outage may finish this much after the pace says. */
const SEND_SLACK_MS = 30_000

const dirs = tempDirs()
const teardown = chaosTeardown(dirs)

describe('chaos', () => {
  it(`delivers every message exactly once, in order, through kills and outages (seed ${seed})`, async () => {
    const t0 = performance.now()
    say(`chaos seed ${seed} (replay: CHAOS_SEED=${seed} npm run test:chaos)`)
    const cluster = await startCluster({
      relay: await dirs.make('chaos-relay'),
      clients: { alice: await dirs.make('chaos-alice'), bob: await dirs.make('chaos-bob') },
    })
    teardown.track(cluster)
    const { alice: aliceProc, bob: bobProc } = cluster.clients as Record<
      'alice' | 'bob',
      Restartable<TestClient>
    >
    const [alice, bob] = [aliceProc.current, bobProc.current]
    if (!alice || !bob) throw new Error('clients did not start')
    await alice.api.setProfile({ displayName: 'Alice' })
    await bob.api.setProfile({ displayName: 'Bob' })
    await bob.api.dial({ addr: await tcpAddr(alice) })
    await befriend(bob, alice)
    const conversationId = directConversationId(alice.peerId, bob.peerId)

    const actions = plan(seed, SEND_MS - 10_000, ['alice', 'bob'])
    sayPlan(actions)
    const ab = new Sender(aliceProc, toContact(bob.peerId), 'a→b', MESSAGES)
    const ba = new Sender(bobProc, toContact(alice.peerId), 'b→a', MESSAGES)
    const { chaos, startedAt } = await runChaos(
      cluster,
      actions,
      [ab, ba],
      { sendMs: SEND_MS, slackMs: SEND_SLACK_MS },
      teardown.signal,
    )
    const sentAt = performance.now()
    cluster.note(`[chaos ${((sentAt - startedAt) / 1000).toFixed(1)}s] all sent; everyone up`)

    // Events of killed processes are gone with them: the histories are the record.
    const sides = [
      { name: 'alice', peerId: alice.peerId, proc: aliceProc },
      { name: 'bob', peerId: bob.peerId, proc: bobProc },
    ]
    const senders = [
      { peerId: alice.peerId, sender: ab },
      { peerId: bob.peerId, sender: ba },
    ]
    const { result, at: lastRead } = await converge(
      cluster,
      sides,
      senders,
      conversationId,
      CONVERGE_MS,
    )
    cluster.note(`[chaos ${((lastRead - startedAt) / 1000).toFixed(1)}s] histories read`)
    // Letters nobody collected: the recipient had everything directly by then.
    const relay = await cluster.relay.up(10_000)
    const health = await fetch(`${relay.http}/healthz`, { signal: AbortSignal.timeout(10_000) })
    const { mailbox } = (await health.json()) as { mailbox?: { items: number } }

    const report = chaosReport({
      seed,
      cluster,
      ab,
      ba,
      result,
      chaos,
      lettersLeftOnRelay: mailbox?.items,
      durationMs: {
        total: Math.round(performance.now() - t0),
        sending: Math.round(sentAt - startedAt),
        converging: Math.round(lastRead - sentAt),
      },
    })
    printReport(report)
    const changes = (s: Sender) =>
      Object.entries(s.changes)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')
    say(`changes made: a→b ${changes(ab)}; b→a ${changes(ba)}`)
    await saveLog(cluster, report)

    // Soft: every failure is reported, not only the first.
    expect.soft(result.problems, 'histories disagree with what was sent').toEqual([])
    expect.soft(report.lost, 'lost').toBe(0)
    expect.soft(report.duplicated, 'duplicated').toBe(0)
    // Every send is retried with its own id until it resolves: nothing is stored twice.
    expect.soft(result.orphans, 'stored without a send resolving for it').toEqual([])
    expect.soft(result.length).toBe(ab.resolved.length + ba.resolved.length)
    // Edits, reactions and deletions travelled with the texts (and reconcile() found both sides alike).
    for (const s of [ab, ba]) {
      expect
        .soft(
          Object.values(s.changes).every((n) => n > 0),
          `${s.label} made every kind of change`,
        )
        .toBe(true)
    }
    expect
      .soft(report.throughMailbox['a→b'] + report.throughMailbox['b→a'], 'through the mailbox')
      .toBeGreaterThan(0)
    // Letters wait in a session of their own: however far the chat has moved on, they open.
    expect
      .soft(report.lettersRefused['a→b'] + report.lettersRefused['b→a'], 'letters refused')
      .toBe(0)
  })
})
