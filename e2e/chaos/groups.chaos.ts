// `npm run test:chaos`, the group's part: a relay and five clients in one group (the
// others are Alice's contacts, not each other's), three of them sending 1,000 messages
// in all while a seeded supervisor SIGKILLs and restarts every process and takes
// clients away for long stretches. At the end every member holds every message whose
// send() resolved exactly once, all in one order, with the same edits, reactions and
// deletions, and each is delivered to every member. GROUP_CHAOS_SEED=N replays a run.
import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Group } from '../../protocol/api.ts'
import { befriend, type TestClient, tcpAddr, tempDirs } from '../support/parley.ts'
import { chaosTeardown, type Restartable, say, startCluster } from './cluster.ts'
import { countLines, LINES, saveLog } from './report.ts'
import { plan, runChaos, sayPlan } from './supervisor.ts'
import { converge, Sender, type Side, toGroup } from './traffic.ts'

const seed = process.env.GROUP_CHAOS_SEED
  ? Number(process.env.GROUP_CHAOS_SEED)
  : randomInt(2 ** 31)
/** In all, over the three senders. */
const MESSAGES = Number(process.env.GROUP_CHAOS_MESSAGES ?? 1_000)
const SEND_MS = Number(process.env.GROUP_CHAOS_SEND_SECONDS ?? 90) * 1000
const CONVERGE_MS = 60_000
const SEND_SLACK_MS = 30_000

const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'erin'] as const
const SENDERS = ['alice', 'bob', 'carol'] as const
type Member = (typeof MEMBERS)[number]

const dirs = tempDirs()
const teardown = chaosTeardown(dirs)

describe('group chaos', () => {
  it(`delivers every group message to every member exactly once, in order, through kills (seed ${seed})`, async () => {
    const t0 = performance.now()
    say(`group chaos seed ${seed} (replay: GROUP_CHAOS_SEED=${seed} npm run test:chaos)`)
    const clientDirs: Record<string, string> = {}
    for (const m of MEMBERS) clientDirs[m] = await dirs.make(`group-chaos-${m}`)
    const cluster = await startCluster({
      relay: await dirs.make('group-chaos-relay'),
      clients: clientDirs,
    })
    teardown.track(cluster)
    const proc = (m: Member) => cluster.clients[m] as Restartable<TestClient>
    const first = (m: Member) => proc(m).current as TestClient
    const alice = first('alice')
    for (const m of MEMBERS.slice(1)) {
      await first(m).api.dial({ addr: await tcpAddr(alice) })
      await befriend(first(m), alice)
    }
    const group: Group = await alice.api.createGroup({
      name: 'Chaos',
      members: MEMBERS.slice(1).map((m) => first(m).peerId),
    })
    for (const m of MEMBERS.slice(1)) {
      await first(m).events.until('group', (gs) => gs.some((g) => g.id === group.id))
    }

    const actions = plan(seed, SEND_MS - 10_000, MEMBERS)
    sayPlan(actions)
    const each = Math.ceil(MESSAGES / SENDERS.length)
    const senders = SENDERS.map((m) => new Sender(proc(m), toGroup(group.id), m, each))
    const { chaos, startedAt } = await runChaos(
      cluster,
      actions,
      senders,
      { sendMs: SEND_MS, slackMs: SEND_SLACK_MS },
      teardown.signal,
    )
    const sentAt = performance.now()
    cluster.note(`[group chaos ${((sentAt - startedAt) / 1000).toFixed(1)}s] all sent; everyone up`)

    const sides: Side[] = MEMBERS.map((m) => ({ name: m, peerId: first(m).peerId, proc: proc(m) }))
    const bySender = senders.map((sender, i) => ({
      peerId: first(SENDERS[i] as Member).peerId,
      sender,
    }))
    const { result, histories } = await converge(
      cluster,
      sides,
      bySender,
      group.conversationId,
      CONVERGE_MS,
    )

    // Per member: what came from the others, how, and what was dropped as a copy.
    const expected = new Set(senders.flatMap((s) => s.resolved.map((m) => m.id)))
    const allLines = MEMBERS.flatMap((m) => proc(m).lines())
    const rows = histories.map((side) => {
      const lines = side.proc.lines()
      const held = new Set(side.history.filter((m) => m.kind === undefined).map((m) => m.id))
      const handedTo = new RegExp(
        `groups: handing (\\d+) message\\(s\\) of \\S+ on to ${side.peerId}`,
      )
      return {
        member: side.name,
        received: side.history.filter((m) => m.kind === undefined && m.sender !== side.peerId)
          .length,
        viaMailbox: countLines(lines, LINES.collected),
        handedOn: countLines(allLines, handedTo),
        copiesDropped: countLines(lines, LINES.groupCopyDropped),
        lost: [...expected].filter((id) => !held.has(id)).length,
      }
    })
    const report = {
      seed,
      sent: Object.fromEntries(senders.map((s) => [s.label, s.resolved.length])),
      members: rows,
      lost: result.lost,
      duplicated: result.duplicated,
      statuses: result.statuses,
      kills: chaos.kills.length,
      longOutages: chaos.kills.filter((k) => k.long).length,
      skipped: chaos.skipped.length,
      durationMs: Math.round(performance.now() - t0),
      problems: result.problems,
    }
    const cols = ['received', 'via mailbox', 'handed on', 'copies dropped', 'lost']
    const line = (cells: unknown[]) => cells.map((c) => String(c).padStart(14)).join(' |')
    say(
      [
        line(['', ...cols]),
        ...rows.map((r) =>
          line([r.member, r.received, r.viaMailbox, r.handedOn, r.copiesDropped, r.lost]),
        ),
        `sent ${JSON.stringify(report.sent)}; lost ${report.lost}, duplicated ${report.duplicated}; kills ${report.kills} (long outages ${report.longOutages}, skipped ${report.skipped}); ${(report.durationMs / 1000).toFixed(1)} s`,
        `GROUP_CHAOS_RESULT ${JSON.stringify(report)}`,
      ].join('\n'),
    )
    await saveLog(cluster, report)

    expect.soft(result.problems, 'histories disagree with what was sent').toEqual([])
    expect.soft(report.lost, 'lost').toBe(0)
    expect.soft(report.duplicated, 'duplicated').toBe(0)
    expect.soft(result.orphans, 'stored without a send resolving for it').toEqual([])
    expect.soft(result.length).toBe(expected.size)
    for (const s of senders) {
      expect
        .soft(
          Object.values(s.changes).every((n) => n > 0),
          `${s.label} changed`,
        )
        .toBe(true)
      expect.soft(s.unexpected, `${s.label}: failures while up`).toEqual([])
    }
  })
})
