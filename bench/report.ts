// Turns the results into a table for people and a JSON file for comparing runs.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { type BenchConfig, targets } from './config.ts'
import { type MailboxResult, mailboxLines } from './mailbox.ts'
import type { PathName, PathResult } from './scenarios.ts'
import { type SignalResult, signalLines } from './signal.ts'
import { type Stats, stats, type UiResult } from './ui.ts'
import type { Unencrypted } from './unencrypted.ts'

const BASELINE: PathName = 'baseline-ws'

const method = [
  'Each side runs in its own process; the timing loop runs in the sending process, next to the API.',
  "Latency: one message at a time, from send() to its 'delivered' event, after a warm-up.",
  'Parley acknowledges after the receiver stored the message in LevelDB; the sender emits "delivered" after recording it in LevelDB.',
  'Throughput: every message sent as fast as send() accepts it, at most `window` unacknowledged; first send to last acknowledgement.',
  "Checked on every run: each message received exactly once ('message' events), in both histories, marked delivered, on the expected path.",
  'The baseline acknowledges on arrival: no persistence, no encryption, routed by a central server.',
  "What an acknowledgement vouches for is fsynced first (group commit): the sender's message and the Signal state of each encryption before it leaves, the receiver's batch before its ack. The sender's outbox deletion is not synced.",
]

const uiMethod = [
  'The UI is built first (npm run build:renderer); the profile is seeded through three real cores (main/cli.ts processes) exchanging',
  '  messages both ways over loopback TCP until all are delivered, then stopped; its display name is set, so the main screen shows.',
  'Chromium is launched and a blank tab opened before any clock starts; before each measurement the CPU is let go idle (< 10 % for 0.5 s).',
  'Cold start: from spawning the host program (node dist/node/host.mjs, as npm start runs it) to the host printing its URL, then to',
  '  the first frame painted with the conversation list visible, in a fresh browser context (no cache), opened as soon as the URL is',
  '  printed (the host prints it before the profile opens; the page waits for the core on its WebSocket). Page times are mapped onto',
  '  the bench clock by round trips. The hosts share a Node compile cache that is empty at the first start: that one is a first launch.',
  'Idle memory: VmRSS once it holds steady (8 samples 250 ms apart within 1 MB), after the CPU went idle: each cold-started host',
  '  with its page showing the list; and a relay (node dist/node/relay.mjs with TCP, WebSocket, --http and STUN, as in the README),',
  '  started as many times on one data folder, with its time from spawn to "ready".',
  'Open: row.click() from page.evaluate; first paint is the first frame, after the DOM holds a message of that conversation, that has run',
  '  its rendering steps (a task posted from its requestAnimationFrame). Opens alternate between the big and the small conversation.',
  'The breakdown uses the RPC WebSocket (instrumented in the page): when the history() call left and when its reply arrived.',
  'Scroll: the big conversation, opened at its newest message, is scrolled up by a fixed step from requestAnimationFrame; the list loads',
  '  older pages as it nears the top, as it does for a user. Every rAF interval is recorded; on a 60 Hz display a frame is 16.7 ms, and',
  '  an interval counts as "over 16.7 ms" above 20 ms, since rAF timestamps sit on the vsync ±0.2 ms.',
  'Percentiles are nearest-rank: the p95 of fewer than 20 samples is their maximum. "DOM → frame painted" includes waiting for the',
  '  next vsync (0–16.7 ms); so does every first paint.',
]

const mailMethod = [
  'Mailbox: a relay process (its LevelDB on disk, rate limits and quotas raised out of the way) and two raw libp2p nodes in the',
  '  bench process, over loopback TCP. Deposit: each envelope one request and its answer, one at a time on one stream, then spread',
  '  over several streams at once; fetch + ack: the recipient collects them a page at a time, acknowledging each page.',
  '  Rates are envelopes over the time from the first request to the last answer; each run must collect every id deposited, once.',
]

const cryptoMethod = [
  'Signal: two profiles in the bench process, each on its own LevelDB (not sealed); libsignal encrypts on one side and decrypts on',
  '  the other, session state written every time; mean µs per message. One-way stream: symmetric ratchet steps only, as a chat',
  '  whose texts go one way (acknowledgements travel unencrypted); strict turns: a Diffie-Hellman ratchet step with every message.',
  "Encryption's added latency (estimate): one encrypt + one decrypt of the one-way stream per message, as in the latency run where",
  '  each message goes out alone; under load one Signal message carries a batch of envelopes, so the cost per message drops.',
  'Unencrypted figures: the newest clean-tree report in bench/results/ whose commit predates the first with',
  "  main/core/crypto/envelope-cipher.ts, of this run's message count if there is one; else a constant noted by hand (labelled).",
]

interface TargetCheck {
  target: string
  value: string
  /** null: the path failed, so there is nothing to compare. */
  met: boolean | null
}

/** A figure reported with the targets that has no target of its own. */
interface Figure {
  figure: string
  /** null: not measured (the part failed). */
  value: number | null
  unit: string
}

/** The 'mail' part: its figures, or why there are none. */
export interface MailPart {
  mailbox?: MailboxResult
  error?: string
}

/** The 'crypto' part: the Signal cost, or why there is none, and the unencrypted figures to compare with. */
export interface CryptoPart {
  signal?: SignalResult
  error?: string
  unencrypted: Unencrypted
}

export type BenchReport = ReturnType<typeof buildReport>

export function buildReport(
  config: BenchConfig,
  results: PathResult[],
  ui: UiResult | null,
  startedAt: Date,
  parts: { mail: MailPart | null; crypto: CryptoPart | null } = { mail: null, crypto: null },
) {
  const { mail, crypto } = parts
  const ok = (path: PathName) => results.find((r) => r.path === path && !r.error)
  const baseline = ok(BASELINE)
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined ? a / b : null
  const check = (
    target: string,
    value: number | undefined,
    unit: string,
    met: (v: number) => boolean,
  ): TargetCheck => ({
    target,
    value:
      value === undefined ? 'n/a' : `${unit === 'ms' ? value.toFixed(3) : count(value)} ${unit}`,
    met: value === undefined ? null : met(value),
  })
  return {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machine(),
    git: git(),
    config,
    method: [
      ...(results.length > 0 ? method : []),
      ...(ui ? uiMethod : []),
      ...(mail ? mailMethod : []),
      ...(crypto ? cryptoMethod : []),
    ],
    results,
    ui,
    mail,
    crypto,
    encryption: encryption(),
    /** Each Parley path's figures divided by the baseline's. */
    ratios: results
      .filter((r) => r.path !== BASELINE)
      .map((r) => ({
        path: r.path,
        p50: ratio(r.latency?.p50, baseline?.latency?.p50),
        p99: ratio(r.latency?.p99, baseline?.latency?.p99),
        throughput: ratio(r.throughput?.perSecond, baseline?.throughput?.perSecond),
      })),
    targets: [...(results.length > 0 ? netTargets() : []), ...(ui ? uiTargets() : [])],
    /** Reported next to the targets; none is set for these. */
    figures: figures(),
  }

  /** What encryption costs the direct path: estimated from the Signal cost, and measured against the unencrypted figures. */
  function encryption() {
    if (!crypto) return null
    const direct = ok('direct')
    const p50 = direct?.latency?.p50 ?? null
    const addedMs = crypto.signal ? crypto.signal.oneWay.total / 1000 : null
    const u = crypto.unencrypted
    const [low, high] = u.runs.p50RangeMs
    const measuredAddedRangeMs: [number, number] | null =
      p50 === null ? null : [p50 - high, p50 - low]
    return {
      /** One encrypt + one decrypt (one-way stream), ms: what Signal adds to a direct send→delivered at low load. */
      estimatedAddedMs: addedMs,
      /** This run's direct figures (encrypted); null without the 'net' part. */
      directP50Ms: p50,
      directPerSecond: direct?.throughput?.perSecond ?? null,
      baselineP50Ms: baseline?.latency?.p50 ?? null,
      baselinePerSecond: baseline?.throughput?.perSecond ?? null,
      /** The estimate's share of this run's direct p50. */
      shareOfDirectP50: addedMs !== null && p50 !== null ? addedMs / p50 : null,
      /** This run's direct p50 minus the unencrypted one: the newest such run's, and over the range of runs counted. */
      measuredAddedMs: p50 !== null && u.p50Ms !== null ? p50 - u.p50Ms : null,
      measuredAddedRangeMs,
      unencrypted: u,
    }
  }

  function figures(): Figure[] {
    const m = mail ? mail.mailbox : undefined
    const s = crypto?.signal
    const fig = (figure: string, value: number | undefined, unit: string): Figure => ({
      figure,
      value: value ?? null,
      unit,
    })
    return [
      ...(mail
        ? [
            fig('mailbox deposit, one stream', m?.deposit.oneStream, 'items/s'),
            fig(
              `mailbox deposit, ${config.mail.streams} streams at once`,
              m?.deposit.parallel,
              'items/s',
            ),
            fig('mailbox fetch + ack', m?.fetchAck, 'items/s'),
          ]
        : []),
      ...(crypto
        ? [
            fig('Signal encrypt+decrypt, one-way stream', s?.oneWay.total, 'µs/msg'),
            fig('Signal encrypt+decrypt, strict turns', s?.turns.total, 'µs/msg'),
            fig(
              'latency encryption adds to direct p50 (est.)',
              s ? s.oneWay.total / 1000 : undefined,
              'ms',
            ),
          ]
        : []),
    ]
  }

  function netTargets(): TargetCheck[] {
    return [
      check(
        `direct send→delivered, encrypted: p50 ≤ ${targets.directP50Ms} ms`,
        ok('direct')?.latency?.p50,
        'ms',
        (v) => v <= targets.directP50Ms,
      ),
      check(
        `relayed p50 ≤ ${targets.relayedP50Ms} ms`,
        ok('relayed')?.latency?.p50,
        'ms',
        (v) => v <= targets.relayedP50Ms,
      ),
      check(
        `direct, encrypted: ≥ ${count(targets.directMsgPerSec)} msg/s`,
        ok('direct')?.throughput?.perSecond,
        'msg/s',
        (v) => v >= targets.directMsgPerSec,
      ),
    ]
  }

  function uiTargets(): TargetCheck[] {
    const paint = ui?.open?.big.firstPaint
    const n = ui?.seed ? count(ui.seed.big.messages) : '?'
    const at = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? undefined : v)
    return [
      check(
        `${n}-message open: first paint median ≤ ${targets.uiFirstPaintMs} ms`,
        at(paint?.median),
        'ms',
        (v) => v <= targets.uiFirstPaintMs,
      ),
      check(
        `${n}-message open: first paint p95 ≤ ${targets.uiFirstPaintMs} ms`,
        at(paint?.p95),
        'ms',
        (v) => v <= targets.uiFirstPaintMs,
      ),
      check(
        `cold start: spawn → list painted, median ≤ ${targets.coldStartMs} ms`,
        at(ui?.coldStart?.total.median),
        'ms',
        (v) => v <= targets.coldStartMs,
      ),
      check(
        `idle core (host, page open): RSS median ≤ ${targets.idleCoreMB} MB`,
        at(ui?.idle?.core.median),
        'MB',
        (v) => v <= targets.idleCoreMB,
      ),
      check(
        `idle relay: RSS median ≤ ${targets.idleRelayMB} MB`,
        at(ui?.idle?.relay.median),
        'MB',
        (v) => v <= targets.idleRelayMB,
      ),
    ]
  }
}

export function formatReport(report: BenchReport): string {
  const { config, machine: m, git: g } = report
  const header = [
    'path',
    'p50 ms',
    'p99 ms',
    'mean ms',
    'max ms',
    'msg/s',
    'p50 ÷ ws',
    'p99 ÷ ws',
    'msg/s ÷ ws',
  ]
  const rows = report.results.map((r) => {
    if (r.error || !r.latency || !r.throughput) return [r.path, 'FAILED']
    const x = report.ratios.find((q) => q.path === r.path)
    const { p50, p99, mean, max } = r.latency
    return [
      r.path,
      ms(p50),
      ms(p99),
      ms(mean),
      ms(max),
      count(r.throughput.perSecond),
      times(x?.p50),
      times(x?.p99),
      times(x?.throughput),
    ]
  })
  const costs = report.results.flatMap((r) =>
    r.latency && r.throughput && r.peakRssMB
      ? [
          `  ${r.path}: ${cpuPerMessage(r.latency.cost.cpuMs, config.messages)} / ${cpuPerMessage(r.throughput.cost.cpuMs, config.messages)} µs CPU per message (latency / throughput run);` +
            ` longest event-loop block ${loopMax(r.latency.cost)} / ${loopMax(r.throughput.cost)} ms;` +
            ` peak RSS ${r.peakRssMB.sender.toFixed(0)} / ${r.peakRssMB.receiver.toFixed(0)} MB (sender / receiver)`,
        ]
      : [],
  )
  const machineLine = `${m.cpus} × ${m.cpuModel}, ${(m.totalMemMB / 1024).toFixed(0)} GiB, ${m.platform} ${m.release}, Node ${m.node}${g ? `, commit ${g.commit.slice(0, 10)}${g.dirty ? ' + local changes' : ''}` : ''}`
  const net =
    report.results.length === 0
      ? []
      : [
          `Parley bench: ${count(config.messages)} messages of ${config.textBytes} B per run; latency run after ${count(config.warmup)} warm-up, throughput window ${count(config.window)}${config.quick ? ' (--quick)' : ''}`,
          machineLine,
          '',
          ...table([header, ...rows]),
          '',
          ...report.results.map((r) => `  ${r.path}: ${r.description}`),
          "  ÷ ws: divided by the baseline's figure (latency: above 1 is slower; msg/s: above 1 is faster)",
          '',
          'Cost (sender + receiver processes; the relay is not counted):',
          ...costs,
          '',
        ]
  const ui = report.ui ? [...formatUi(report.ui, config, machineLine, net.length === 0), ''] : []
  const alone = net.length === 0 && ui.length === 0
  const mail = report.mail
    ? [
        ...(alone ? [machineLine, ''] : []),
        ...(report.mail.mailbox ? mailboxLines(report.mail.mailbox) : ['Relay mailbox: FAILED']),
        '',
      ]
    : []
  const crypto = report.crypto
    ? [...(alone && mail.length === 0 ? [machineLine, ''] : []), ...formatCrypto(report), '']
    : []
  const width = Math.max(
    24,
    ...report.targets.map((t) => t.target.length),
    ...report.figures.map((f) => f.figure.length),
  )
  const lines = [
    ...net,
    ...ui,
    ...mail,
    ...crypto,
    'Method:',
    ...report.method.map((line) => `  ${line}`),
    '',
    'Targets (reported, not enforced):',
    ...report.targets.map(
      (t) =>
        `  ${t.target.padEnd(width)} ${t.value.padStart(14)}  ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met'}`,
    ),
    ...report.figures.map(
      (f) =>
        `  ${f.figure.padEnd(width)} ${(f.value === null ? 'n/a' : `${f.unit === 'ms' ? ms(f.value) : f.unit === 'µs/msg' ? f.value.toFixed(1) : count(f.value)} ${f.unit}`).padStart(14)}  ${f.value === null ? 'not measured' : 'no target'}`,
    ),
  ]
  for (const r of report.results) {
    if (r.error) lines.push('', `${r.path} FAILED:`, ...indent(r.error))
    if (r.output.length > 0) {
      lines.push(
        '',
        `${r.path}: the processes printed ${r.output.length} line(s) while measured, first 20:`,
      )
      lines.push(...indent(r.output.slice(0, 20).join('\n')))
    }
  }
  if (report.ui?.error) lines.push('', 'UI FAILED:', ...indent(report.ui.error))
  if (report.mail?.error) lines.push('', 'mail FAILED:', ...indent(report.mail.error))
  if (report.crypto?.error) lines.push('', 'crypto FAILED:', ...indent(report.crypto.error))
  if (report.ui && report.ui.output.length > 0) {
    lines.push('', `UI: the hosts printed ${report.ui.output.length} line(s), first 20:`)
    lines.push(...indent(report.ui.output.slice(0, 20).join('\n')))
  }
  return lines.join('\n')
}

/** The crypto part: the Signal cost, and what encryption costs the direct path against the unencrypted figures. */
function formatCrypto(report: BenchReport): string[] {
  const { crypto, encryption: e } = report
  if (!crypto || !e) return []
  const signal = crypto.signal ? signalLines(crypto.signal) : ['Signal protocol cost: FAILED']
  const u = e.unencrypted
  const opt = (v: number | null, f: (v: number) => string) => (v === null ? '—' : f(v))
  const over = (a: number | null, b: number | null) =>
    a !== null && b !== null ? times(a / b) : ''
  const since = u.encryptedSince ?? 'encryption'
  const rows = table([
    ['direct send→delivered', 'p50 ms', 'msg/s', 'p50 ÷ ws', 'msg/s ÷ ws'],
    [
      'encrypted (this run)',
      opt(e.directP50Ms, ms),
      opt(e.directPerSecond, count),
      over(e.directP50Ms, e.baselineP50Ms),
      over(e.directPerSecond, e.baselinePerSecond),
    ],
    [
      '  of which Signal, one encrypt + one decrypt (est.)',
      opt(e.estimatedAddedMs, ms),
      '',
      '',
      '',
    ],
    [
      '  without Signal (est.)',
      e.directP50Ms !== null && e.estimatedAddedMs !== null
        ? ms(e.directP50Ms - e.estimatedAddedMs)
        : '—',
      '',
      '',
      '',
    ],
    [
      `unencrypted (before ${since}; source below)`,
      u.p50Ms !== null ? ms(u.p50Ms) : `${ms(u.runs.p50RangeMs[0])}–${ms(u.runs.p50RangeMs[1])}`,
      count(u.perSecond),
      over(u.p50Ms, u.baselineP50Ms),
      over(u.perSecond, u.baselinePerSecond),
    ],
    [
      'added by encryption, measured (this run − unencrypted)',
      e.measuredAddedMs !== null
        ? signed(e.measuredAddedMs)
        : e.measuredAddedRangeMs
          ? `${signed(e.measuredAddedRangeMs[0])}…${signed(e.measuredAddedRangeMs[1])}`
          : '—',
      '',
      '',
      '',
    ],
  ])
  const notes = [
    `  unencrypted: ${u.label}`,
    ...(u.source === 'results' && u.runs.perSecondRange
      ? [
          `  over ${u.runs.count} clean run(s) of ${count(u.messages)} messages before ${since}: direct p50 ${span(u.runs.p50RangeMs, ms)} ms,` +
            ` ${span(u.runs.perSecondRange, count)} msg/s` +
            (u.skippedDirty > 0 ? `; ${u.skippedDirty} run(s) on a dirty tree left out` : ''),
        ]
      : [
          `  the constant: direct p50 ${ms(u.runs.p50RangeMs[0])}–${ms(u.runs.p50RangeMs[1])} ms, median ${count(u.perSecond)} msg/s over ${count(u.messages)}-message runs; ws baseline ~${count(u.baselinePerSecond ?? 0)} msg/s on an idle machine`,
        ]),
    ...(e.directP50Ms === null
      ? [
          "  this run's direct figures: not measured (the 'net' part did not run, or its direct path failed)",
        ]
      : []),
    '  other load on this machine moves every figure; the ÷ ws columns set each against the WebSocket baseline of its own run',
  ]
  return [
    ...signal,
    '',
    'What encryption costs the direct path (every chat message sealed; at low load one encrypt + one decrypt each):',
    ...rows.map((r) => `  ${r}`),
    ...notes,
  ]
}

/** The UI part: a table of timings, one of scroll frame times, and what explains them. */
function formatUi(
  ui: UiResult,
  config: BenchConfig,
  machineLine: string,
  alone: boolean,
): string[] {
  const c = config.ui
  const seeded = ui.seed ? count(ui.seed.big.messages) : count(c.messages)
  const small = ui.seed ? count(ui.seed.small.messages) : count(c.smallMessages)
  const head = [
    `Parley UI bench: ${ui.description}${config.quick ? ' (--quick)' : ''}`,
    `${ui.browser ?? 'Chromium'}; profile of ${seeded} + ${small} messages in two conversations`,
    ...(alone ? [machineLine] : []),
    '',
  ]
  const timing = (label: string, s: Stats | undefined) =>
    s ? [label, String(s.n), ms(s.median), ms(s.p95), ms(s.min), ms(s.max)] : [label, '—']
  const cold = ui.coldStart
  const first = cold?.runs[0]
  const idle = ui.idle
  const big = ui.open?.big
  const timings = table([
    ['ms', 'n', 'median', 'p95', 'min', 'max'],
    timing('cold start: spawn → host printed its URL', cold?.spawnToReady),
    timing('cold start: URL → conversation list painted', cold?.readyToList),
    timing('cold start: spawn → conversation list painted', cold?.total),
    timing('  the first of them (empty compile cache)', first && stats([first.total])),
    timing('relay: spawn → ready', idle?.relaySpawnToReady),
    timing(`open ${seeded}-message conversation: first paint`, big?.firstPaint),
    timing('  click handler (React renders the chat view)', big?.clickHandler),
    timing('  click → history() call sent', big?.clickToHistoryCall),
    timing('  history() sent → reply handled by the page', big?.historyRoundTrip),
    timing('  reply → messages in the DOM (parse, React)', big?.replyToDom),
    timing('  DOM → frame painted (style, layout, paint)', big?.domToPainted),
    timing(`open ${small}-message conversation: first paint`, ui.open?.small.firstPaint),
  ])
  const mb = (label: string, m: Stats | undefined) =>
    m ? [label, String(m.n), count(m.median), count(m.min), count(m.max)] : [label, '—']
  const memory = idle
    ? table([
        ['idle RSS, MB', 'n', 'median', 'min', 'max'],
        mb('core: host with its page showing the list', idle.core),
        mb('relay: TCP, WebSocket, HTTP, STUN', idle.relay),
      ])
    : []
  const s = ui.scroll
  const scroll = s
    ? table([
        [
          'scroll up',
          'frames',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          '> 16.7 ms',
          '> 50 ms',
          'messages loaded',
          'history() calls',
          'call p50 ms',
        ],
        [
          `${(s.durationMs / 1000).toFixed(1)} s at ${s.pxPerFrame} px/frame`,
          count(s.frames),
          ms(s.frameMs.p50),
          ms(s.frameMs.p95),
          ms(s.frameMs.p99),
          ms(s.frameMs.max),
          count(s.over16_7),
          count(s.over50),
          `${count(s.loaded)} (${count(s.loadedAtStart)} → ${count(s.loadedAtEnd)})`,
          count(s.historyCalls),
          s.historyRoundTrip ? ms(s.historyRoundTrip.median) : '—',
        ],
      ])
    : []
  const notes: string[] = []
  if (cold) {
    const st = cold.medianSteps
    notes.push(
      `  cold start after the URL, medians in ms: navigation starts ${ms(st.navigationStart)}, index.html received ${ms(st.documentReceived)},` +
        ` DOMContentLoaded ${ms(st.domContentLoaded)}, WebSocket open ${ms(st.webSocketOpen)}, API greeting ${ms(st.apiReady)},` +
        ` first calls answered ${ms(st.initialCallsAnswered)}, list in DOM ${ms(st.listInDom)}, painted ${ms(st.listPainted)}`,
    )
  }
  if (big) {
    const first = big.runs[0]
    notes.push(
      `  opens: ${count(big.runs[0]?.rendered ?? 0)} message elements rendered of ${count(big.runs[0]?.loaded ?? 0)} loaded at first paint;` +
        ` history() reply ${count((first?.historyReplyBytes ?? 0) / 1024)} KiB; the very first open (cold JIT) ${ms(first?.firstPaint ?? Number.NaN)} ms`,
    )
  }
  if (ui.coreHistory) {
    const h = ui.coreHistory
    const viaHost = ui.hostHistory
      ? `; over the host's WebSocket from Node (no page) p50 ${ms(ui.hostHistory.median)} ms (max ${ms(ui.hostHistory.max)})`
      : ''
    notes.push(
      `  history(${h.pageSize}) in the core, in-process on the seeded LevelDB: newest page p50 ${ms(h.newest.p50)} ms (max ${ms(h.newest.max)}),` +
        ` older pages p50 ${ms(h.older.p50)} ms (max ${ms(h.older.max)})${viaHost}`,
      `  LevelDB open of the profile: ${ms(h.openMs.first)} ms the first time after seeding, ${ms(h.openMs.again)} ms the next`,
    )
  }
  if (s) {
    const longest = s.longFrames.longest[0]
    const script = longest?.scripts.toSorted((a, b) => b.duration - a.duration)[0]
    notes.push(
      `  scroll: ${count(s.droppedFrames)} vsyncs dropped in ${count(s.frames)} frames; ${count(s.waitingAtTop)} frames at the top waiting for a page;` +
        ` ${count(s.scrolledPx)} px scrolled; ${s.reachedStart ? 'reached the first message' : 'stopped before the first message'}`,
      `  long animation frames (≥ 50 ms): ${count(s.longFrames.count)}` +
        (longest
          ? `; longest ${ms(longest.duration)} ms (style and layout ${ms(longest.styleAndLayout)} ms${script ? `, script ${script.invoker} ${ms(script.duration)} ms` : ''})`
          : ''),
    )
  }
  if (ui.seed) {
    const t = ui.seed.textChars
    notes.push(
      `  seeding: ${count(ui.seed.big.messages + ui.seed.small.messages)} messages (${count(ui.seed.big.incoming)} + ${count(ui.seed.small.incoming)} received, the rest sent)` +
        ` of ${t.min}–${t.max} chars (mean ${t.mean.toFixed(0)}) in ${ui.seed.seconds.toFixed(1)} s; renderer build ${(ui.buildSeconds ?? 0).toFixed(1)} s`,
    )
  }
  if (idle && idle.unsettled > 0) {
    notes.push(
      `  WARNING: ${idle.unsettled} memory reading(s) taken although the process never held steady within the wait`,
    )
  }
  if (ui.unsettled > 0) {
    notes.push(
      `  WARNING: ${ui.unsettled} measurement(s) started without the CPU going idle (load average at start ${ui.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')})`,
    )
  }
  const blocks = [timings, memory, scroll].filter((b) => b.length > 0).flatMap((b) => [...b, ''])
  return [...head, ...blocks, ...notes]
}

/** Writes bench/results/bench-<timestamp>.json and bench/results/latest.json; returns the first. */
export async function writeReport(report: BenchReport): Promise<string> {
  const dir = new URL('./results/', import.meta.url)
  await mkdir(dir, { recursive: true })
  const json = `${JSON.stringify(report, null, 2)}\n`
  const file = new URL(`bench-${report.startedAt.replaceAll(':', '-')}.json`, dir)
  await writeFile(file, json)
  await writeFile(new URL('latest.json', dir), json)
  return file.pathname
}

function machine() {
  const cpus = os.cpus()
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    node: process.version,
    /** 1, 5 and 15 minute load when the report was written: other load skews the figures. */
    loadAverage: os.loadavg(),
  }
}

function git(): { commit: string; dirty: boolean } | null {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
    return { commit: run('rev-parse', 'HEAD'), dirty: run('status', '--porcelain').length > 0 }
  } catch {
    return null
  }
}

/** Left-aligns the first column, right-aligns the others. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? []
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  '),
  )
}

const ms = (v: number) => v.toFixed(v < 10 ? 3 : 1)
/** `low–high`, or one figure when they are the same. */
const span = ([low, high]: [number, number], f: (v: number) => string) =>
  low === high ? f(low) : `${f(low)}–${f(high)}`
const signed = (v: number) => `${v < 0 ? '−' : '+'}${ms(Math.abs(v))}`
const times = (v: number | null | undefined) =>
  v === null || v === undefined ? '' : `${v.toFixed(2)}×`
const count = (v: number) => Math.round(v).toLocaleString('en-US')
const cpuPerMessage = (cpuMs: number, n: number) => ((cpuMs * 1000) / n).toFixed(0)
const loopMax = (c: { eventLoopMaxMs: { sender: number; receiver: number } }) =>
  Math.max(c.eventLoopMaxMs.sender, c.eventLoopMaxMs.receiver).toFixed(0)
const indent = (text: string) => text.split('\n').map((l) => `  ${l}`)
