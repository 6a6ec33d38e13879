// `npm run test:chaos`, the group's part: a relay and five clients in one group (the
// others are Alice's contacts, not each other's), three of them sending 1,000 messages
// in all while a seeded supervisor SIGKILLs and restarts every process and takes
// clients away for long stretches. At the end every member holds every message whose
// send() resolved exactly once, all in one order, with the same edits, reactions and
// deletions, and each is delivered to every member. Then a sender goes away for good:
// Carol writes while Dave and Erin are down and is gone before they come back; they
// catch up from the others (members, or their mailboxes) just the same.
// GROUP_CHAOS_SEED=N replays a run.
import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Group } from '../../protocol/api.ts'
import { befriend, type TestClient, tcpAddr, tempDirs } from '../support/parley.ts'
import { type Cluster, chaosTeardown, type Restartable, say, startCluster } from './cluster.ts'
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
/** What the sender who leaves for good writes while two members are down. */
const LAST_WORDS = 30
const LAST_WORDS_MS = 60_000

const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'erin'] as const
const SENDERS = ['alice', 'bob', 'carol'] as const
type Member = (typeof MEMBERS)[number]

const dirs = tempDirs()
const teardown = chaosTeardown(dirs)

describe('group chaos', () => {
  it(
    `delivers every group message to every member exactly once, in order, through kills (seed ${seed})`,
    async () => {
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
      cluster.note(
        `[group chaos ${((sentAt - startedAt) / 1000).toFixed(1)}s] all sent; everyone up`,
      )

      const sides: Side[] = MEMBERS.map((m) => ({
        name: m,
        peerId: first(m).peerId,
        proc: proc(m),
      }))
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
      const gone = await goneForGood(cluster, group, sides, bySender)

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
        goneForGood: gone.report,
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
          `carol, gone for good: ${gone.report.sent} sent while dave and erin were down; lost ${gone.result.lost}, duplicated ${gone.result.duplicated}; ${JSON.stringify(gone.report.caughtUp)}`,
          `GROUP_CHAOS_RESULT ${JSON.stringify(report)}`,
        ].join('\n'),
      )
      await saveLog(cluster, report)

      expect.soft(result.problems, 'histories disagree with what was sent').toEqual([])
      expect.soft(report.lost, 'lost').toBe(0)
      expect.soft(report.duplicated, 'duplicated').toBe(0)
      expect.soft(result.orphans, 'stored without a send resolving for it').toEqual([])
      expect.soft(result.length).toBe(expected.size)
      expect.soft(gone.report.heldBeforeLeaving, 'Alice and Bob before Carol left').toEqual([])
      expect.soft(gone.result.problems, 'after the sender left for good').toEqual([])
      expect.soft(gone.result.lost, 'lost after the sender left for good').toBe(0)
      expect.soft(gone.result.duplicated, 'duplicated after the sender left').toBe(0)
      expect.soft(gone.report.sent).toBe(LAST_WORDS)
      for (const s of senders) {
        expect
          .soft(
            Object.values(s.changes).every((n) => n > 0),
            `${s.label} changed`,
          )
          .toBe(true)
        expect.soft(s.unexpected, `${s.label}: failures while up`).toEqual([])
      }
      // The config's bound, and the sender who leaves for good: two more convergences at most.
    },
    285_000 + 2 * CONVERGE_MS,
  )
})

/**
 * Carol writes while Dave and Erin are down, until Alice and Bob hold it all; then she
 * quits for good, and Dave and Erin come back. The four left must agree on everything,
 * Carol's last words included, each exactly once, in one order.
 */
async function goneForGood(
  cluster: Pick<Cluster, 'crashed'>,
  group: Group,
  sides: Side[],
  senders: { peerId: string; sender: Sender }[],
) {
  const side = (name: Member) => sides.find((s) => s.name === name) as Side
  const carol = side('carol')
  const away = ['dave', 'erin'].map((m) => side(m as Member))
  for (const s of away) await s.proc.kill('SIGKILL')
  const last = new Sender(carol.proc, toGroup(group.id), 'carol-last', LAST_WORDS)
  const startedAt = performance.now()
  await last.run(startedAt, 100, startedAt + LAST_WORDS_MS, teardown.signal)
  const withLast = [...senders, { peerId: carol.peerId, sender: last }]
  // Alice and Bob hold all of it (Carol's statuses wait for Dave and Erin: not asked).
  const staying = sides.filter((s) => s !== carol && !away.includes(s))
  const held = await converge(cluster, staying, withLast, group.conversationId, LAST_WORDS_MS)
  const report = { sent: last.resolved.length, heldBeforeLeaving: held.result.problems }
  // Not reached: what Carol leaves behind may be lost rightly; the run stops here, its log kept.
  if (!held.result.done) return { result: held.result, report: { ...report, caughtUp: {} } }
  await carol.proc.kill('SIGTERM')
  carol.proc.retire()
  for (const s of away) await s.proc.start()
  const left = sides.filter((s) => s !== carol)
  const { result, histories } = await converge(
    cluster,
    left,
    withLast,
    group.conversationId,
    CONVERGE_MS,
  )
  const ids = new Set(last.resolved.map((m) => m.id))
  const caughtUp = Object.fromEntries(
    histories
      .filter((h) => away.some((s) => s.name === h.name))
      .map((h) => [h.name, h.history.filter((m) => ids.has(m.id)).length]),
  )
  return { result, report: { ...report, caughtUp } }
}
