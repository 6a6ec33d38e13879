// Seeds the profile the UI benchmark opens: real cores (main/cli.ts processes, real
// LevelDB) exchange the messages over loopback TCP, both ways, then stop. The
// profile ("bench") ends up with a big conversation (with "Alice") and a small one
// (with "Carol"), every message delivered, and its display name set.
import { performance } from 'node:perf_hooks'
import {
  befriend,
  LOOPBACK_TCP,
  startClient,
  type TestClient,
  texts,
} from '../e2e/support/parley.ts'
import { ProfileStore } from '../main/core/store/profile-store.ts'
import { SealedLevel } from '../main/core/vault/sealed-level.ts'
import { Vault } from '../main/core/vault/vault.ts'
import type { Message } from '../protocol/api.ts'
import { MAX_PAGE } from '../protocol/limits.ts'
import { deadlines, type UiConfig, within } from './config.ts'

export interface SeededProfile {
  /** The profile's LevelDB directory; its owner removes it. */
  dataDir: string
  peerId: string
  big: { peerId: string; conversationId: string; messages: number; incoming: number }
  small: { peerId: string; conversationId: string; messages: number; incoming: number }
  /** Sending and delivering everything, all senders at once. */
  seconds: number
  messagesPerSecond: number
  /** Characters per text, over every seeded message. */
  textChars: { min: number; mean: number; max: number }
}

/** history() timed in this process straight on the seeded LevelDB: no RPC, no UI. */
export interface CoreHistoryTiming {
  /** Opening the profile (LevelDB, keyring, sealed store): first after the seeding cores stopped, then once more. */
  openMs: { first: number; again: number }
  /** The newest page, as a conversation opens. */
  newest: { n: number; p50: number; max: number }
  /** Older pages anywhere in the conversation, as scrolling up loads them. */
  older: { n: number; p50: number; max: number }
  pageSize: number
}

const NAMES = { profile: 'Bench', big: 'Alice Example', small: 'Carol' }

export async function seedProfile(
  ui: UiConfig,
  dirs: { profile: string; big: string; small: string },
): Promise<SeededProfile> {
  const started: TestClient[] = []
  const start = async (dataDir: string, displayName: string) => {
    const client = await within(
      deadlines.ui.startMs,
      `starting a core in ${dataDir}`,
      startClient({ dataDir, listen: [LOOPBACK_TCP], mdns: false }),
    )
    started.push(client)
    await client.api.setProfile({ displayName })
    return client
  }
  try {
    const [me, alice, carol] = await Promise.all([
      start(dirs.profile, NAMES.profile),
      start(dirs.big, NAMES.big),
      start(dirs.small, NAMES.small),
    ])
    const addr = tcpAddress((await me.api.identity({})).addresses, me.peerId)
    await Promise.all([alice.api.dial({ addr }), carol.api.dial({ addr })])
    await befriend(alice, me)
    await befriend(carol, me)

    const bigIn = Math.round(ui.messages * ui.incomingShare)
    const smallIn = Math.round(ui.smallMessages * ui.incomingShare)
    const texts = new Texts(ui.textChars.min, ui.textChars.max)
    const deadline = performance.now() + deadlines.ui.seedMs(ui.messages)
    const t0 = performance.now()
    await Promise.all([
      sendAll(alice, me.peerId, bigIn, texts, ui.seedWindow, deadline),
      sendAll(me, alice.peerId, ui.messages - bigIn, texts, ui.seedWindow, deadline),
      sendAll(carol, me.peerId, smallIn, texts, ui.seedWindow, deadline),
      sendAll(me, carol.peerId, ui.smallMessages - smallIn, texts, ui.seedWindow, deadline),
    ])
    const seconds = (performance.now() - t0) / 1000
    const conversations = await me.api.conversations({})
    const conversationOf = async (peerId: string, expected: number) => {
      const c = conversations.find((x) => x.peerId === peerId)
      if (!c) throw new Error(`seeding: no conversation with ${peerId}`)
      const stored = await countHistory(me, c.id)
      if (stored !== expected) {
        throw new Error(`seeding: ${stored} of ${expected} messages stored with ${peerId}`)
      }
      return c.id
    }
    const big = {
      peerId: alice.peerId,
      conversationId: await conversationOf(alice.peerId, ui.messages),
      messages: ui.messages,
      incoming: bigIn,
    }
    const small = {
      peerId: carol.peerId,
      conversationId: await conversationOf(carol.peerId, ui.smallMessages),
      messages: ui.smallMessages,
      incoming: smallIn,
    }
    const total = ui.messages + ui.smallMessages
    return {
      dataDir: dirs.profile,
      peerId: me.peerId,
      big,
      small,
      seconds,
      messagesPerSecond: total / seconds,
      textChars: texts.summary(),
    }
  } finally {
    // SIGTERM: each core closes its LevelDB before exiting, so the host can open it.
    await Promise.all(started.map((c) => c.stop()))
  }
}

/** Times history() on the stopped profile's LevelDB, in this process. */
export async function timeCoreHistory(
  dataDir: string,
  conversationId: string,
  pageSize: number,
): Promise<CoreHistoryTiming> {
  let t = performance.now()
  await (await openStore(dataDir)).close()
  const first = performance.now() - t
  t = performance.now()
  const { store, close } = await openStore(dataDir)
  const again = performance.now() - t
  try {
    const newest: number[] = []
    for (let i = 0; i < 30; i++) {
      const t = performance.now()
      await store.history(conversationId, pageSize)
      newest.push(performance.now() - t)
    }
    // Anchors spread through the conversation, walked the way scrolling up does.
    const anchors: string[] = []
    let before: string | undefined
    for (;;) {
      const page: Message[] = await store.history(conversationId, MAX_PAGE, before)
      const last = page.at(-1)
      if (!last) break
      anchors.push(last.id)
      before = last.id
      if (page.length < MAX_PAGE) break
    }
    const older: number[] = []
    for (let round = 0; round < 3; round++) {
      for (const anchor of anchors) {
        const t = performance.now()
        await store.history(conversationId, pageSize, anchor)
        older.push(performance.now() - t)
      }
    }
    return { openMs: { first, again }, newest: brief(newest), older: brief(older), pageSize }
  } finally {
    await close()
  }
}

/** The seeded profile has no passphrase; its values are sealed all the same. */
async function openStore(
  dataDir: string,
): Promise<{ store: ProfileStore; close(): Promise<void> }> {
  const vault = await Vault.open(dataDir)
  try {
    const store = await ProfileStore.open(new SealedLevel(vault.db, await vault.unlock(null)))
    return {
      store,
      async close() {
        await store.close()
        await vault.close()
      },
    }
  } catch (err) {
    await vault.close()
    throw err
  }
}

function brief(samples: number[]): { n: number; p50: number; max: number } {
  const sorted = samples.toSorted((a, b) => a - b)
  return {
    n: sorted.length,
    p50: sorted[Math.max(0, Math.ceil(0.5 * sorted.length) - 1)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  }
}

/** Sends `count` texts to `to`, at most `window` unacknowledged; resolves once all are delivered. */
async function sendAll(
  from: TestClient,
  to: string,
  count: number,
  texts: Texts,
  window: number,
  deadline: number,
): Promise<void> {
  const acked = new Set<string>()
  let wake: () => void = () => {}
  const stop = from.api.on('delivered', (d) => {
    if (d.peerId !== to) return
    acked.add(d.id)
    wake()
  })
  const progress = () =>
    new Promise<void>((resolve, reject) => {
      const left = deadline - performance.now()
      const timer = setTimeout(
        () => reject(new Error(`seeding: ${acked.size} of ${count} delivered to ${to} in time`)),
        Math.max(0, left),
      )
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  try {
    for (let i = 0; i < count; i++) {
      while (i - acked.size >= window) await progress()
      await from.api.send({ to, text: texts.next() })
    }
    while (acked.size < count) await progress()
  } finally {
    stop()
  }
}

async function countHistory(client: TestClient, conversationId: string): Promise<number> {
  let total = 0
  let before: string | undefined
  for (;;) {
    const page = await client.api.history({
      conversationId,
      limit: MAX_PAGE,
      ...(before ? { before } : {}),
    })
    total += texts(page).length
    before = page.at(-1)?.id
    if (page.length < MAX_PAGE) return total
  }
}

function tcpAddress(addresses: string[], peerId: string): string {
  const addr = addresses.find((a) => a.includes('/tcp/') && !a.includes('/ws'))
  if (!addr) throw new Error(`seeding: no TCP address among ${addresses.join(', ')}`)
  return addr.includes('/p2p/') ? addr : `${addr}/p2p/${peerId}`
}

const WORDS = (
  'the be to of and a in that have I it for not on with he as you do at this but his by ' +
  'from they we say her she or an will my one all would there their what so up out if ' +
  'about who get which go me when make can like time no just him know take people into ' +
  'year your good some could them see other than then now look only come its over think ' +
  'also back after use two how our work first well way even new want because any these ' +
  'give day most us tomorrow tonight lunch meeting train coffee weekend photos ok thanks ' +
  'sounds great maybe later call yes sure haha really link address keys flight'
).split(' ')

/** Chat-like texts of a uniformly random length, from a fixed seed (the same on every run). */
class Texts {
  private state = 0x9e3779b9
  private count = 0
  private chars = 0
  private min = Number.POSITIVE_INFINITY
  private max = 0

  constructor(
    private readonly minChars: number,
    private readonly maxChars: number,
  ) {}

  next(): string {
    const length = this.minChars + Math.floor(this.random() * (this.maxChars - this.minChars + 1))
    let text = ''
    while (text.length < length) {
      const word = WORDS[Math.floor(this.random() * WORDS.length)] ?? 'ok'
      const end = this.random() < 0.12 ? (this.random() < 0.3 ? '?' : '.') : ''
      text += `${text === '' ? word[0]?.toUpperCase() + word.slice(1) : ` ${word}`}${end}`
    }
    text = text.slice(0, length)
    if (text.endsWith(' ')) text = `${text.slice(0, -1)}.`
    this.count++
    this.chars += text.length
    this.min = Math.min(this.min, text.length)
    this.max = Math.max(this.max, text.length)
    return text
  }

  summary() {
    return { min: this.min, mean: this.chars / Math.max(1, this.count), max: this.max }
  }

  /** mulberry32 */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
