// Turns the results into a table for people and a JSON file for comparing runs.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { type BenchConfig, targets } from './config.ts'
import type { PathName, PathResult } from './scenarios.ts'

const BASELINE: PathName = 'baseline-ws'

const method = [
  'Each side runs in its own process; the timing loop runs in the sending process, next to the API.',
  "Latency: one message at a time, from send() to its 'delivered' event, after a warm-up.",
  'Parley acknowledges after the receiver stored the message in LevelDB; the sender emits "delivered" after recording it in LevelDB.',
  'Throughput: every message sent as fast as send() accepts it, at most `window` unacknowledged; first send to last acknowledgement.',
  "Checked on every run: each message received exactly once ('message' events), in both histories, marked delivered, on the expected path.",
  'The baseline acknowledges on arrival: no persistence, no encryption, routed by a central server.',
  'LevelDB writes are not fsynced (classic-level default): "stored" means handed to the OS.',
]

interface TargetCheck {
  target: string
  value: string
  /** null: the path failed, so there is nothing to compare. */
  met: boolean | null
}

export type BenchReport = ReturnType<typeof buildReport>

export function buildReport(config: BenchConfig, results: PathResult[], startedAt: Date) {
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
    method,
    results,
    /** Each Parley path's figures divided by the baseline's. */
    ratios: results
      .filter((r) => r.path !== BASELINE)
      .map((r) => ({
        path: r.path,
        p50: ratio(r.latency?.p50, baseline?.latency?.p50),
        p99: ratio(r.latency?.p99, baseline?.latency?.p99),
        throughput: ratio(r.throughput?.perSecond, baseline?.throughput?.perSecond),
      })),
    targets: [
      check(
        `direct p50 ≤ ${targets.directP50Ms} ms`,
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
        `direct ≥ ${count(targets.directMsgPerSec)} msg/s`,
        ok('direct')?.throughput?.perSecond,
        'msg/s',
        (v) => v >= targets.directMsgPerSec,
      ),
    ],
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
  const lines = [
    `Parley bench: ${count(config.messages)} messages of ${config.textBytes} B per run; latency run after ${count(config.warmup)} warm-up, throughput window ${count(config.window)}${config.quick ? ' (--quick)' : ''}`,
    `${m.cpus} × ${m.cpuModel}, ${(m.totalMemMB / 1024).toFixed(0)} GiB, ${m.platform} ${m.release}, Node ${m.node}${g ? `, commit ${g.commit.slice(0, 10)}${g.dirty ? ' + local changes' : ''}` : ''}`,
    '',
    ...table([header, ...rows]),
    '',
    ...report.results.map((r) => `  ${r.path}: ${r.description}`),
    "  ÷ ws: divided by the baseline's figure (latency: above 1 is slower; msg/s: above 1 is faster)",
    '',
    'Cost (sender + receiver processes; the relay is not counted):',
    ...costs,
    '',
    'Method:',
    ...method.map((line) => `  ${line}`),
    '',
    'Targets (reported, not enforced):',
    ...report.targets.map(
      (t) =>
        `  ${t.target.padEnd(24)} ${t.value.padStart(14)}  ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met'}`,
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
  return lines.join('\n')
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
const times = (v: number | null | undefined) =>
  v === null || v === undefined ? '' : `${v.toFixed(2)}×`
const count = (v: number) => Math.round(v).toLocaleString('en-US')
const cpuPerMessage = (cpuMs: number, n: number) => ((cpuMs * 1000) / n).toFixed(0)
const loopMax = (c: { eventLoopMaxMs: { sender: number; receiver: number } }) =>
  Math.max(c.eventLoopMaxMs.sender, c.eventLoopMaxMs.receiver).toFixed(0)
const indent = (text: string) => text.split('\n').map((l) => `  ${l}`)
