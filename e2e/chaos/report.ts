// The chaos test's counts: from what the senders saw, the final histories, the events
// of every incarnation and the output of every process (killed ones included).
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { repoRoot } from '../support/process.ts'
import { type Cluster, type Kind, processOf, say } from './cluster.ts'
import type { SupervisorReport } from './supervisor.ts'
import type { Reconciliation, Sender } from './traffic.ts'

/** Log lines of the client core (chat/, mail/courier.ts, groups/): the number they give, or 1. */
export const LINES = {
  collected: /mailbox: collected (\d+) message/,
  duplicatesDropped: /chat: dropped (\d+) duplicate/,
  lettersRefused: /mailbox: refused an? (?:letter|item)/,
  /** Fetched again (a crash between storing it and the relay's acknowledgement): stored already. */
  lettersAgain: /mailbox: a letter from \S+ came again/,
  chatRefused: /chat: refused a message/,
  /** A member's message that came again (directly and through the mailbox, or handed on). */
  groupCopyDropped: /groups: refused a message from \S+ in \S+: a copy/,
}

/** How many times `re` matched in `lines`, each match counting the number it captured, or 1. */
export function countLines(lines: string[], re: RegExp): number {
  return lines.map((line) => line.match(re)).reduce((n, m) => n + (m ? Number(m[1] ?? 1) : 0), 0)
}

export type ChaosReport = ReturnType<typeof chaosReport>

export function chaosReport(p: {
  seed: number
  cluster: Cluster
  ab: Sender
  ba: Sender
  result: Reconciliation
  chaos: SupervisorReport
  lettersLeftOnRelay: number | undefined
  durationMs: { total: number; sending: number; converging: number }
}) {
  const { cluster, ab, ba, result, chaos } = p
  /** Per direction: counted from the sender's side, then the receiver's. */
  const both = (f: (from: 'alice' | 'bob', to: 'alice' | 'bob', s: Sender) => number) => ({
    'a→b': f('alice', 'bob', ab),
    'b→a': f('bob', 'alice', ba),
  })
  const count = (re: RegExp, k: Kind) => countLines(processOf(cluster, k).lines(), re)
  const events = (k: 'alice' | 'bob') =>
    (cluster.clients[k]?.incarnations ?? []).map((c) => c.events)
  const killsOf = (k: Kind) => chaos.kills.filter((x) => x.target === k).length
  return {
    seed: p.seed,
    sent: both((_f, _t, s) => s.resolved.length),
    attempts: both((_f, _t, s) => s.attempts),
    sendsCutByKills: both((_f, _t, s) => [...s.failed.values()].reduce((a, b) => a + b, 0)),
    unexpectedSendErrors: [...ab.unexpected, ...ba.unexpected],
    /** A send() cut short by a kill after the core had stored the message: delivered too. */
    storedThoughSendFailed: result.orphans,
    /** Of the resolved messages, those 'delivered' or 'read' in the sender's history. */
    delivered: both((_f, _t, s) => s.resolved.filter((m) => result.final.has(m.id)).length),
    deliveredEvents: both((f, _t, s) => {
      const ids = new Set(s.resolved.map((m) => m.id))
      const seen = events(f).flatMap((e) => e.of('delivered').map((d) => d.id))
      return new Set(seen.filter((id) => ids.has(id))).size
    }),
    /** Distinct messages the sender's core reported left in a relay mailbox ('stored'). */
    throughMailbox: both(
      (f) =>
        new Set(
          events(f).flatMap((e) =>
            e.of('receipt').flatMap((r) => (r.status === 'stored' ? [r.id] : [])),
          ),
        ).size,
    ),
    mailboxCollected: both((_f, t) => count(LINES.collected, t)),
    lettersRefused: both((_f, t) => count(LINES.lettersRefused, t)),
    lettersAgain: both((_f, t) => count(LINES.lettersAgain, t)),
    lettersLeftOnRelay: p.lettersLeftOnRelay,
    chatRefused: both((_f, t) => count(LINES.chatRefused, t)),
    duplicatesDropped: both((_f, t) => count(LINES.duplicatesDropped, t)),
    lost: result.lost,
    duplicated: result.duplicated,
    statuses: result.statuses,
    kills: {
      relay: killsOf('relay'),
      client: killsOf('alice') + killsOf('bob'),
      alice: killsOf('alice'),
      bob: killsOf('bob'),
      sigkill: chaos.kills.filter((k) => k.signal === 'SIGKILL').length,
      sigterm: chaos.kills.filter((k) => k.signal === 'SIGTERM').length,
      longOutages: chaos.kills.filter((k) => k.long).length,
      skipped: chaos.skipped.length,
      restartMsMax: Math.max(0, ...chaos.kills.map((k) => k.restartMs)),
    },
    durationMs: p.durationMs,
    problems: result.problems,
  }
}

/** A small table, then the whole report as one JSON line. */
export function printReport(r: ChaosReport): void {
  const cols = ['sent', 'delivered', 'via mailbox', 'collected', 'again', 'refused', 'dups dropped']
  const row = (d: 'a→b' | 'b→a') => [
    d,
    r.sent[d],
    r.delivered[d],
    r.throughMailbox[d],
    r.mailboxCollected[d],
    r.lettersAgain[d],
    r.lettersRefused[d],
    r.duplicatesDropped[d],
  ]
  const line = (cells: unknown[]) => cells.map((c) => String(c).padStart(12)).join(' |')
  const k = r.kills
  const s = (ms: number) => (ms / 1000).toFixed(1)
  say(
    [
      line(['', ...cols]),
      line(row('a→b')),
      line(row('b→a')),
      `lost ${r.lost}, duplicated ${r.duplicated}; sends cut by kills ${r.sendsCutByKills['a→b'] + r.sendsCutByKills['b→a']}, of which stored anyway ${r.storedThoughSendFailed.length}`,
      `kills: relay ${k.relay}, alice ${k.alice}, bob ${k.bob} (SIGKILL ${k.sigkill}, SIGTERM ${k.sigterm}, long outages ${k.longOutages}, skipped ${k.skipped})`,
      `duration ${s(r.durationMs.total)} s (sending ${s(r.durationMs.sending)} s, converging ${s(r.durationMs.converging)} s)`,
      `CHAOS_RESULT ${JSON.stringify(r)}`,
    ].join('\n'),
  )
}

/** Every process's output, per incarnation, with the kills in place: the evidence for a failure. */
export async function saveLog(cluster: Cluster, report: { seed: number }): Promise<void> {
  const dir = join(repoRoot, 'test-results', 'chaos')
  await mkdir(dir, { recursive: true })
  const parts = ['relay', ...Object.keys(cluster.clients)].flatMap((k) =>
    processOf(cluster, k).incarnations.map((t, i) =>
      [`== ${k} #${i + 1}`, ...cluster.annotated(t.proc)].join('\n'),
    ),
  )
  const file = join(dir, `seed-${report.seed}.log`)
  await writeFile(file, [JSON.stringify(report, null, 2), ...parts].join('\n\n'))
  say(`process output: ${file}`)
}
