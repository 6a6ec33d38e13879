// The UI part of `npm run bench`: browser mode as a user meets it. The renderer is
// built (`npm run build:renderer`), a profile is seeded through real cores, and
// Debian's Chromium opens the UI served by the host program (main/browser/host.ts,
// run from its bundle) on that profile:
//   cold start   spawning the host until its conversation list is painted, then its
//                memory once idle; and a relay's start and idle memory (bench/idle.ts);
//   open         clicking a conversation until its messages are painted;
//   scroll       scrolling the big conversation up, older pages loading, every frame timed.
// In-page timestamps come from bench/ui-page.js; the CPU is let go idle before each.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test'
import WebSocket from 'ws'
import {
  type BrowserHost,
  LOOPBACK_TCP,
  launchBrowserHost,
  startBrowserHost,
  tempDir,
} from '../e2e/support/parley.ts'
import { repoRoot } from '../e2e/support/process.ts'
import { webSocketPort } from '../protocol/ports.ts'
import { connectApi } from '../protocol/rpc.ts'
import { type BenchConfig, deadlines, type UiConfig, within } from './config.ts'
import { type RelayIdleRun, type RssReading, relayIdle, settledRss } from './idle.ts'
import {
  type CoreHistoryTiming,
  type SeededProfile,
  seedProfile,
  timeCoreHistory,
} from './ui-seed.ts'

/** The UI's page of history (PAGE_SIZE in renderer/src/state/use-conversation.ts). */
const UI_PAGE_SIZE = 50
const FRAME_MS = 1000 / 60
/** rAF timestamps sit on the 60 Hz vsync ±0.2 ms: an interval above this missed at least one. */
const LATE_FRAME_MS = 20
const SLOW_FRAME_MS = 50
const PROFILE = 'bench'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

const pageScript = readFileSync(new URL('./ui-page.js', import.meta.url), 'utf8')

export interface Stats {
  n: number
  median: number
  p95: number
  min: number
  max: number
  mean: number
}

/** One cold start; every time in ms, after `spawnToReady` counted from the host's "ready". */
export interface ColdRun {
  spawnToReady: number
  readyToList: number
  total: number
  /** When the navigation started (Playwright asked Chromium to open the URL). */
  navigationStart: number
  /** The page (index.html) fully received. */
  documentReceived: number
  domContentLoaded: number
  webSocketOpen: number
  /** The core greeted the page on the WebSocket. */
  apiReady: number
  /** The last of the page's first API calls (profile, contacts, conversations, network) answered. */
  initialCallsAnswered: number
  listInDom: number
  listPainted: number
}

export interface OpenRun {
  firstPaint: number
  /** The click handler itself (React renders the chat view synchronously). */
  clickHandler: number
  clickToHistoryCall: number
  /** history() over the WebSocket: page → host → LevelDB → page. */
  historyRoundTrip: number
  /** Reply received until the messages are in the DOM (parse, React render and commit). */
  replyToDom: number
  /** In the DOM until the frame showing them has run style, layout and paint. */
  domToPainted: number
  historyReplyBytes: number
  /** Message elements in the DOM at first paint (the list is virtualized). */
  rendered: number
  /** Messages the list holds at first paint. */
  loaded: number
  /** API calls between the click and the first paint. */
  calls: string[]
}

export interface OpenSummary {
  conversationMessages: number
  firstPaint: Stats
  clickHandler: Stats
  clickToHistoryCall: Stats
  historyRoundTrip: Stats
  replyToDom: Stats
  domToPainted: Stats
  runs: OpenRun[]
}

export interface ScrollSummary {
  pxPerFrame: number
  durationMs: number
  scrolledPx: number
  frames: number
  frameMs: { p50: number; p95: number; p99: number; max: number; mean: number }
  /** Intervals longer than one 60 Hz frame (counted above LATE_FRAME_MS), and above 50 ms. */
  over16_7: number
  over50: number
  /** Vsyncs without a new frame: each interval of k vsyncs drops k - 1. */
  droppedFrames: number
  /** Frames spent at the very top waiting for the previous page to arrive. */
  waitingAtTop: number
  loadedAtStart: number
  loadedAtEnd: number
  loaded: number
  historyCalls: number
  historyRoundTrip: Stats | null
  reachedStart: boolean
  /** Long animation frames (≥ 50 ms) as Chromium attributes them; the longest few. */
  longFrames: { count: number; longest: PageLongFrame[] }
  /** Messages loaded over time: [ms since the scroll started, messages held]. */
  loads: [number, number][]
  intervals: number[]
}

export interface UiResult {
  description: string
  browser?: string
  buildSeconds?: number
  seed?: Omit<SeededProfile, 'dataDir'>
  coreHistory?: CoreHistoryTiming
  /** history() of the newest page over the host's WebSocket from this process: no page involved. */
  hostHistory?: Stats
  coldStart?: {
    runs: ColdRun[]
    spawnToReady: Stats
    readyToList: Stats
    total: Stats
    /** Medians of each step, in ms since the host printed its URL. */
    medianSteps: Omit<ColdRun, 'spawnToReady' | 'readyToList' | 'total'>
  }
  /**
   * Resident memory (MB) once idle: each cold-started host with its page showing the
   * list, and a relay started as the README runs it (with its time to "ready", ms).
   */
  idle?: {
    core: Stats
    relay: Stats
    relaySpawnToReady: Stats
    /** Readings taken although the process never held steady within the wait. */
    unsettled: number
    relayRuns: RelayIdleRun[]
  }
  open?: { big: OpenSummary; small: OpenSummary }
  scroll?: ScrollSummary
  /** Measurements taken although the CPU did not go idle within the wait (other load?). */
  unsettled: number
  loadAverageAtStart: number[]
  error?: string
  /** What the hosts printed after start-up: warnings and errors worth a look. */
  output: string[]
}

// What bench/ui-page.js hands back.
interface PageCall {
  id: number
  method: string
  sent: number
  replied?: number
  bytes?: number
}
interface PageOpen {
  t0: number
  clicked: number
  dom: number
  raf: number
  painted: number
  rendered: number
  loaded: number
  rpc: PageCall[]
}
interface PageLongFrame {
  start: number
  duration: number
  blocking: number
  styleAndLayout: number
  scripts: { invoker: string; duration: number; forcedStyleAndLayout: number; source: string }[]
}
interface PageScroll {
  durationMs: number
  intervals: number[]
  loads: { at: number; count: number }[]
  loadedAtStart: number
  loadedAtEnd: number
  reachedStart: boolean
  scrolledPx: number
  waitingAtTop: number
  rpc: PageCall[]
  longFrames: PageLongFrame[]
}
interface PageColdStart {
  origin: number
  list: { dom: number; raf: number; painted: number }
  wsOpen?: number
  wsReady?: number
  rpc: PageCall[]
  nav?: { responseEnd: number; domContentLoaded: number }
}

let current: UiScope | undefined

/** Tears down whatever the UI part is running (browser, hosts, directories): for the watchdog. */
export async function abortUi(): Promise<void> {
  await current?.close()
}

export async function measureUi(config: BenchConfig): Promise<UiResult> {
  const ui = config.ui
  const result: UiResult = {
    description:
      'browser mode: the host program (main/browser/host.ts, bundled) on a profile seeded through real cores (LevelDB), ' +
      `the built UI in headless Chromium (--disable-gpu) at ${ui.viewport.width}×${ui.viewport.height}`,
    unsettled: 0,
    loadAverageAtStart: loadavg(),
    output: [],
  }
  const scope = new UiScope()
  current = scope
  const settle = async () => {
    if (!(await waitForIdle(deadlines.ui.idleMs))) result.unsettled++
  }
  try {
    log('building the renderer')
    result.buildSeconds = await buildRenderer()
    log(`seeding ${ui.messages.toLocaleString('en-US')} + ${ui.smallMessages} messages`)
    const dirs = {
      profile: await scope.dir('ui-profile'),
      big: await scope.dir('ui-alice'),
      small: await scope.dir('ui-carol'),
    }
    const { dataDir: _, ...seed } = await within(
      deadlines.ui.seedMs(ui.messages) + 30_000,
      'seeding',
      seedProfile(ui, dirs),
    )
    result.seed = seed
    result.coreHistory = await timeCoreHistory(dirs.profile, seed.big.conversationId, UI_PAGE_SIZE)
    const browser = await scope.launch()
    result.browser = `Chromium ${browser.version()}`
    const spec = { dataDir: dirs.profile, profile: PROFILE, listen: [LOOPBACK_TCP], mdns: false }

    log(`cold start ×${ui.coldStarts}`)
    // A compile cache of their own, empty at first: the first start is a first launch.
    const coldSpec = { ...spec, env: { NODE_COMPILE_CACHE: await scope.dir('compile-cache') } }
    const runs: ColdRun[] = []
    const coreRss: RssReading[] = []
    for (let i = 0; i < ui.coldStarts; i++) {
      const { run, rss } = await coldStart(scope, browser, ui, coldSpec, settle)
      runs.push(run)
      coreRss.push(rss)
    }
    result.coldStart = summarizeColdStarts(runs)
    log(`relay start ×${ui.coldStarts}`)
    const relayDir = await scope.dir('relay')
    const relayRuns: RelayIdleRun[] = []
    for (let i = 0; i < ui.coldStarts; i++) {
      await settle()
      relayRuns.push(await relayIdle(relayDir, settle, deadlines.ui.idleMs))
    }
    const readings = [...coreRss, ...relayRuns.map((r) => r.rss)]
    result.idle = {
      core: stats(coreRss.map((r) => r.mb)),
      relay: stats(relayRuns.map((r) => r.rss.mb)),
      relaySpawnToReady: stats(relayRuns.map((r) => r.spawnToReady)),
      unsettled: readings.filter((r) => !r.settled).length,
      relayRuns,
    }

    log(`opening ×${ui.opens} each, then scrolling`)
    const page = await scope.page(browser, ui)
    const host = scope.host(
      await within(deadlines.ui.startMs, 'starting the host', startBrowserHost(spec)),
    )
    await settle()
    result.hostHistory = await within(
      deadlines.ui.openMs,
      'history() over the WebSocket',
      hostHistory(host, seed.big.conversationId),
    )
    await page.goto(host.url, { timeout: deadlines.ui.startMs })
    await listPainted(page)
    const runsOf = { big: [] as OpenRun[], small: [] as OpenRun[] }
    for (let i = 0; i < ui.opens; i++) {
      for (const which of ['big', 'small'] as const) {
        await settle()
        runsOf[which].push(await open(page, seed[which].peerId))
      }
    }
    result.open = {
      big: summarizeOpens(runsOf.big, seed.big.messages),
      small: summarizeOpens(runsOf.small, seed.small.messages),
    }
    await settle()
    await open(page, seed.big.peerId)
    await settle()
    const scrolled = await page.evaluate<PageScroll>(
      `window.__bench.scroll(${JSON.stringify(seed.big.peerId)}, ${ui.scrollPxPerFrame}, ${ui.scrollMaxMs})`,
    )
    result.scroll = summarizeScroll(scrolled, ui.scrollPxPerFrame)
  } catch (err) {
    result.error = err instanceof Error ? (err.stack ?? err.message) : String(err)
  } finally {
    result.output = await scope.close()
    current = undefined
  }
  return result
}

async function coldStart(
  scope: UiScope,
  browser: Browser,
  ui: UiConfig,
  spec: Parameters<typeof startBrowserHost>[0],
  settle: () => Promise<void>,
): Promise<{ run: ColdRun; rss: RssReading }> {
  // The browser is up and the tab open (its renderer idle) before the clock starts:
  // only Parley is timed.
  const page = await scope.page(browser, ui)
  await settle()
  const spawned = epochNow()
  // Opened as soon as the URL is printed, as a person would.
  const host = scope.host(
    await within(deadlines.ui.startMs, 'starting the host', launchBrowserHost(spec)),
  )
  const ready = epochNow()
  await page.goto(host.url, { waitUntil: 'commit', timeout: deadlines.ui.startMs })
  await listPainted(page)
  const offset = await clockOffset(page)
  const got = await page.evaluate<PageColdStart>(`(() => {
    const b = window.__bench
    const nav = performance.getEntriesByType('navigation')[0]
    return {
      origin: performance.timeOrigin,
      list: b.marks.list,
      wsOpen: b.wsOpen,
      wsReady: b.wsReady,
      rpc: b.rpc,
      nav: nav && { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd },
    }
  })()`)
  // The host at rest with its page open: what a user's core holds.
  await settle()
  const rss = await settledRss(host.proc.child.pid, deadlines.ui.idleMs)
  await page.context().close()
  await host.proc.stop()
  // Page times → ms since "ready", on this process's clock.
  const since = (t: number | undefined) =>
    t === undefined ? Number.NaN : got.origin + t - offset - ready
  const initial = got.rpc.filter((c) =>
    ['profile', 'contacts', 'conversations', 'network'].includes(c.method),
  )
  const readyToList = since(got.list.painted)
  const run = {
    spawnToReady: ready - spawned,
    readyToList,
    total: ready - spawned + readyToList,
    navigationStart: since(0),
    documentReceived: since(got.nav?.responseEnd),
    domContentLoaded: since(got.nav?.domContentLoaded),
    webSocketOpen: since(got.wsOpen),
    apiReady: since(got.wsReady),
    initialCallsAnswered: since(Math.max(...initial.map((c) => c.replied ?? Number.NaN))),
    listInDom: since(got.list.dom),
    listPainted: readyToList,
  }
  return { run, rss }
}

function summarizeColdStarts(runs: ColdRun[]): NonNullable<UiResult['coldStart']> {
  const median = (key: keyof ColdRun) => stats(runs.map((r) => r[key])).median
  return {
    runs,
    spawnToReady: stats(runs.map((r) => r.spawnToReady)),
    readyToList: stats(runs.map((r) => r.readyToList)),
    total: stats(runs.map((r) => r.total)),
    medianSteps: {
      navigationStart: median('navigationStart'),
      documentReceived: median('documentReceived'),
      domContentLoaded: median('domContentLoaded'),
      webSocketOpen: median('webSocketOpen'),
      apiReady: median('apiReady'),
      initialCallsAnswered: median('initialCallsAnswered'),
      listInDom: median('listInDom'),
      listPainted: median('listPainted'),
    },
  }
}

async function open(page: Page, peerId: string): Promise<OpenRun> {
  const r = await page.evaluate<PageOpen>(
    `window.__bench.open(${JSON.stringify(peerId)}, ${deadlines.ui.openMs})`,
  )
  const history = r.rpc.find((c) => c.method === 'history')
  const replied = history?.replied ?? Number.NaN
  return {
    firstPaint: r.painted - r.t0,
    clickHandler: r.clicked - r.t0,
    clickToHistoryCall: (history?.sent ?? Number.NaN) - r.t0,
    historyRoundTrip: replied - (history?.sent ?? Number.NaN),
    replyToDom: r.dom - replied,
    domToPainted: r.painted - r.dom,
    historyReplyBytes: history?.bytes ?? 0,
    rendered: r.rendered,
    loaded: r.loaded,
    calls: r.rpc.map((c) => c.method),
  }
}

function summarizeOpens(runs: OpenRun[], conversationMessages: number): OpenSummary {
  const of = (key: keyof OpenRun) => stats(runs.map((r) => r[key] as number))
  return {
    conversationMessages,
    firstPaint: of('firstPaint'),
    clickHandler: of('clickHandler'),
    clickToHistoryCall: of('clickToHistoryCall'),
    historyRoundTrip: of('historyRoundTrip'),
    replyToDom: of('replyToDom'),
    domToPainted: of('domToPainted'),
    runs,
  }
}

function summarizeScroll(s: PageScroll, pxPerFrame: number): ScrollSummary {
  const sorted = s.intervals.toSorted((a, b) => a - b)
  const history = s.rpc.filter((c) => c.method === 'history')
  const trips = history.flatMap((c) => (c.replied === undefined ? [] : [c.replied - c.sent]))
  return {
    pxPerFrame,
    durationMs: s.durationMs,
    scrolledPx: s.scrolledPx,
    frames: sorted.length,
    frameMs: {
      p50: rank(sorted, 0.5),
      p95: rank(sorted, 0.95),
      p99: rank(sorted, 0.99),
      max: sorted.at(-1) ?? Number.NaN,
      mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    },
    over16_7: sorted.filter((ms) => ms > LATE_FRAME_MS).length,
    over50: sorted.filter((ms) => ms > SLOW_FRAME_MS).length,
    droppedFrames: sorted.reduce((n, ms) => n + Math.max(0, Math.round(ms / FRAME_MS) - 1), 0),
    waitingAtTop: s.waitingAtTop,
    loadedAtStart: s.loadedAtStart,
    loadedAtEnd: s.loadedAtEnd,
    loaded: s.loadedAtEnd - s.loadedAtStart,
    historyCalls: history.length,
    historyRoundTrip: trips.length > 0 ? stats(trips) : null,
    reachedStart: s.reachedStart,
    longFrames: {
      count: s.longFrames.length,
      longest: s.longFrames.toSorted((a, b) => b.duration - a.duration).slice(0, 5),
    },
    loads: s.loads.map((l) => [round(l.at), l.count]),
    intervals: s.intervals.map(round),
  }
}

/** Times history() of the newest page as the page asks for it, over the host's WebSocket from here. */
async function hostHistory(host: BrowserHost, conversationId: string): Promise<Stats> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
    headers: { origin: host.origin },
  })
  // A connection that fails is closed after its error: api.ready rejects then.
  ws.on('error', () => {})
  try {
    // Listening from the start: the greeting can come in the same read as the upgrade,
    // and ws emits it before a continuation of the 'open' event could listen.
    const api = connectApi(webSocketPort(ws as never))
    await api.ready
    const samples: number[] = []
    for (let i = 0; i < 30; i++) {
      const t = performance.now()
      await api.history({ conversationId, limit: UI_PAGE_SIZE })
      samples.push(performance.now() - t)
    }
    api.close()
    return stats(samples)
  } finally {
    ws.close()
  }
}

/** Resolves once the page painted its conversation list (evaluated, as the CSP forbids eval). */
async function listPainted(page: Page): Promise<void> {
  await within(
    deadlines.ui.startMs,
    'showing the conversation list',
    page.evaluate('window.__bench.listPainted.then(() => true)'),
  )
}

const epochNow = () => performance.timeOrigin + performance.now()

/** The page's clock minus ours (both are epoch ms), from the quickest of a few round trips. */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 }
  for (let i = 0; i < 7; i++) {
    const before = epochNow()
    const theirs = await page.evaluate<number>('performance.timeOrigin + performance.now()')
    const after = epochNow()
    if (after - before < best.rtt)
      best = { rtt: after - before, offset: theirs - (before + after) / 2 }
  }
  return best.offset
}

/**
 * Waits until both cores have been nearly idle (under 10 % overall) for half a second,
 * so seeding, a host's start-up or the previous measurement is over; false if the
 * CPU stayed busy for `timeoutMs` (the measurement goes ahead, and is counted).
 */
async function waitForIdle(timeoutMs: number): Promise<boolean> {
  const sample = () => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/)
      const n = (fields ?? []).slice(1).map(Number)
      return { idle: (n[3] ?? 0) + (n[4] ?? 0), total: n.reduce((a, b) => a + b, 0) }
    } catch {
      return null
    }
  }
  const deadline = performance.now() + timeoutMs
  let previous = sample()
  if (!previous) {
    await sleep(1_000) // not Linux: a fixed pause instead
    return true
  }
  let quiet = 0
  while (performance.now() < deadline) {
    await sleep(250)
    const now = sample()
    if (!now || !previous) return true
    const total = now.total - previous.total
    const busy = total > 0 ? 1 - (now.idle - previous.idle) / total : 0
    previous = now
    quiet = busy < 0.1 ? quiet + 1 : 0
    if (quiet >= 2) return true
  }
  return false
}

/** `npm run build:renderer`; resolves with the seconds it took. */
async function buildRenderer(): Promise<number> {
  const t0 = performance.now()
  const vite = `${repoRoot}node_modules/vite/bin/vite.js`
  const child = spawn(
    process.execPath,
    [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (d: Buffer) => {
    output += d
  })
  child.stderr.on('data', (d: Buffer) => {
    output += d
  })
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlines.ui.buildMs)
    child.on('exit', (c, signal) => {
      clearTimeout(timer)
      resolve(c ?? signal ?? 'unknown')
    })
  })
  if (code !== 0) throw new Error(`npm run build:renderer failed (${code}):\n${output.trim()}`)
  return (performance.now() - t0) / 1000
}

/** The browser, pages, hosts and directories of the UI part, all removed by close(). */
class UiScope {
  private browser: Browser | undefined
  private readonly contexts = new Set<BrowserContext>()
  private readonly hosts: BrowserHost[] = []
  private readonly dirs: { remove(): Promise<void> }[] = []
  private closed: Promise<string[]> | undefined

  async dir(name: string): Promise<string> {
    const dir = await tempDir(`bench-${name}`)
    this.dirs.push(dir)
    return dir.path
  }

  async launch(): Promise<Browser> {
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      timeout: deadlines.ui.startMs,
    })
    return this.browser
  }

  /** A fresh context (no cache, no storage) with the instrumentation, and a blank tab in it. */
  async page(browser: Browser, ui: UiConfig): Promise<Page> {
    const context = await browser.newContext({ viewport: ui.viewport, locale: 'en-US' })
    this.contexts.add(context)
    context.on('close', () => this.contexts.delete(context))
    await context.addInitScript({ content: pageScript })
    return context.newPage()
  }

  host(host: BrowserHost): BrowserHost {
    this.hosts.push(host)
    return host
  }

  close(): Promise<string[]> {
    this.closed ??= (async () => {
      const bounded = (p: Promise<unknown>) => within(10_000, 'closing', p).catch(() => {})
      await bounded(Promise.all([...this.contexts].map((c) => c.close())))
      await bounded(this.browser?.close() ?? Promise.resolve())
      await Promise.all(this.hosts.map((h) => h.proc.stop('SIGTERM', 5_000)))
      await Promise.all(this.dirs.map((d) => d.remove()))
      return this.hosts.flatMap((h, i) => {
        const from = h.proc.lines.indexOf('ready') + 1
        return h.proc.lines
          .slice(from)
          .filter((line) => !/^stopping \(SIGTERM\)$/.test(line))
          .map((line) => `host ${i + 1}: ${line}`)
      })
    })()
    return this.closed
  }
}

export function stats(samples: number[]): Stats {
  const sorted = samples.filter((v) => !Number.isNaN(v)).toSorted((a, b) => a - b)
  return {
    n: sorted.length,
    median: rank(sorted, 0.5),
    p95: rank(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  }
}

/** Nearest-rank percentile of sorted samples. */
function rank(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
}

const round = (v: number) => Math.round(v * 10) / 10
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (what: string) => console.error(`bench: ui: ${what}…`)
