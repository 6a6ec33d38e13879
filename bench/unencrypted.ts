// The last messaging figures measured before chat messages were encrypted, to set
// this run's (encrypted) figures against. They come from the JSON reports in
// bench/results/ whose commit predates encryption and whose tree was clean (a run
// on a dirty tree may have had encryption half-built in it), or, where there are
// none (bench/results/ is not in git, so a fresh clone has none), from a constant
// noted by hand.
import { execFileSync } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { repoRoot } from '../e2e/support/process.ts'

/** Chat envelopes have been sealed with the Signal protocol since the commit that added this file (followed through renames). */
const ENCRYPTION_FILE = 'main/core/crypto/envelope-cipher.ts'

/** Noted by hand in the closing note of the session before encryption, from its bench runs. */
const LAST_KNOWN = {
  label:
    'last known unencrypted figures (constant, from the closing note of the session before encryption; commits 886ed74..2b68e36, 2026-11-23)',
  p50RangeMs: [0.48, 0.69] as [number, number],
  /** The median of that session's runs of 10,000 messages. */
  perSecond: 11_590,
  /** The WebSocket baseline on an idle machine then, roughly. */
  baselinePerSecond: 48_000,
  messages: 10_000,
}

export interface Unencrypted {
  source: 'results' | 'constant'
  /** Where the figures come from, for people. */
  label: string
  /** The commit that brought encryption (short), when git could tell. */
  encryptedSince: string | null
  /** Messages per run the figures were measured with. */
  messages: number
  /** Direct p50 of the newest such run; null when only a range is known. */
  p50Ms: number | null
  /** Direct msg/s of the newest such run, or the median the constant gives. */
  perSecond: number
  /** The WebSocket baseline's p50 and msg/s measured with it (the constant knows msg/s only). */
  baselineP50Ms: number | null
  baselinePerSecond: number | null
  /** Over every run counted: how many, the lowest and highest direct p50, and msg/s. */
  runs: {
    count: number | null
    p50RangeMs: [number, number]
    perSecondRange: [number, number] | null
  }
  /** Reports at commits before encryption left out because their tree was dirty. */
  skippedDirty: number
}

interface Run {
  file: string
  commit: string
  startedAt: string
  messages: number
  p50: number
  perSecond: number
  baselineP50Ms: number | null
  baselinePerSecond: number | null
}

/** The unencrypted figures to compare with, preferring runs of `messages` messages. */
export async function unencryptedFigures(messages: number): Promise<Unencrypted> {
  const since = encryptionCommit()
  const fallback = (why: string): Unencrypted => ({
    source: 'constant',
    label: `${LAST_KNOWN.label}; ${why}`,
    encryptedSince: since?.slice(0, 7) ?? null,
    messages: LAST_KNOWN.messages,
    p50Ms: null,
    perSecond: LAST_KNOWN.perSecond,
    baselineP50Ms: null,
    baselinePerSecond: LAST_KNOWN.baselinePerSecond,
    runs: { count: null, p50RangeMs: LAST_KNOWN.p50RangeMs, perSecondRange: null },
    skippedDirty: 0,
  })
  if (since === null) return fallback(`git cannot tell when ${ENCRYPTION_FILE} arrived`)

  const { runs, skippedDirty } = await runsBefore(since)
  const same = runs.filter((r) => r.messages === messages)
  const counted = same.length > 0 ? same : runs
  const newest = counted.toSorted((a, b) => b.startedAt.localeCompare(a.startedAt))[0]
  if (!newest) {
    const dirty = skippedDirty > 0 ? ` (${skippedDirty} on a dirty tree left out)` : ''
    return fallback(`no clean run before ${since.slice(0, 7)} in bench/results/${dirty}`)
  }
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)]
  return {
    source: 'results',
    label: `newest clean run before encryption: ${newest.file}, commit ${newest.commit.slice(0, 7)}, ${newest.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    encryptedSince: since.slice(0, 7),
    messages: newest.messages,
    p50Ms: newest.p50,
    perSecond: newest.perSecond,
    baselineP50Ms: newest.baselineP50Ms,
    baselinePerSecond: newest.baselinePerSecond,
    runs: {
      count: counted.length,
      p50RangeMs: range(counted.map((r) => r.p50)),
      perSecondRange: range(counted.map((r) => r.perSecond)),
    },
    skippedDirty,
  }
}

/** The (oldest) commit that added ENCRYPTION_FILE, or null when git cannot tell. */
function encryptionCommit(): string | null {
  const added = git('log', '--follow', '--diff-filter=A', '--format=%H', '--', ENCRYPTION_FILE)
  return added?.split('\n').filter(Boolean).at(-1) ?? null
}

/** Clean-tree reports with direct figures whose commit is an ancestor of `since` (not `since` itself). */
async function runsBefore(since: string): Promise<{ runs: Run[]; skippedDirty: number }> {
  const dir = new URL('./results/', import.meta.url)
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
    /^bench-.*\.json$/.test(f),
  )
  const before = new Map<string, boolean>()
  const isBefore = (commit: string) => {
    let known = before.get(commit)
    if (known === undefined) {
      known = commit !== since && git('merge-base', '--is-ancestor', commit, since) !== null
      before.set(commit, known)
    }
    return known
  }
  const runs: Run[] = []
  let skippedDirty = 0
  for (const file of files) {
    const report = await readFile(new URL(file, dir), 'utf8')
      .then((text) => JSON.parse(text) as OldReport)
      .catch(() => null)
    const commit = report?.git?.commit
    if (!report || typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) continue
    const direct = report.results?.find((r) => r.path === 'direct' && !r.error)
    const p50 = direct?.latency?.p50
    const perSecond = direct?.throughput?.perSecond
    if (typeof p50 !== 'number' || typeof perSecond !== 'number' || !isBefore(commit)) continue
    if (report.git?.dirty !== false) {
      skippedDirty++
      continue
    }
    const baseline = report.results?.find((r) => r.path === 'baseline-ws' && !r.error)
    runs.push({
      file,
      commit,
      startedAt: String(report.startedAt),
      messages: Number(report.config?.messages),
      p50,
      perSecond,
      baselineP50Ms: baseline?.latency?.p50 ?? null,
      baselinePerSecond: baseline?.throughput?.perSecond ?? null,
    })
  }
  return { runs, skippedDirty }
}

/** What this code reads of a report written by any earlier version of the bench. */
interface OldReport {
  startedAt?: string
  git?: { commit?: unknown; dirty?: unknown } | null
  config?: { messages?: unknown }
  results?: {
    path?: string
    error?: string
    latency?: { p50?: number }
    throughput?: { perSecond?: number }
  }[]
}

/** git's output, or null when it fails (not a repository, unknown commit, not an ancestor). */
function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return null
  }
}
