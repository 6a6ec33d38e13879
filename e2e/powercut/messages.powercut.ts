// `npm run test:powercut`: the receiver's profile lives on a filesystem that loses
// every write not yet fsynced when the power is cut (lazyfs.py, like Jepsen's
// LazyFS). A sender writes 500 messages while the test cuts the receiver's power at
// seeded random moments (SIGKILL, then the unsynced writes dropped), mounts the
// filesystem again and restarts the receiver; some outages are long enough for the
// relay mailbox to be used. Every message the sender saw delivered must be in the
// receiver's history, exactly once. POWERCUT_SEED=N replays a run's plan of cuts.
import { randomInt } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { directConversationId } from '../../protocol/ids.ts'
import { Restartable, say } from '../chaos/cluster.ts'
import { prng } from '../chaos/supervisor.ts'
import { fullHistory, nextActivity, Sender, toContact } from '../chaos/traffic.ts'
import { befriend, startClient, startRelay, tcpAddr, tempDirs } from '../support/parley.ts'
import { stopAll } from '../support/process.ts'
import { type Cut, LazyFs } from './lazyfs.ts'

const seed = process.env.POWERCUT_SEED ? Number(process.env.POWERCUT_SEED) : randomInt(2 ** 31)
const MESSAGES = Number(process.env.POWERCUT_MESSAGES ?? 500)
const SEND_MS = 60_000
/** A sender that fell behind during an outage may finish this much after the pace says. */
const SEND_SLACK_MS = 30_000
/** After the last cut, how long everything may take to arrive and be acknowledged. */
const CONVERGE_MS = 60_000

const dirs = tempDirs()
const halt = new AbortController()
let fs: LazyFs | undefined
const running: Restartable<Awaited<ReturnType<typeof startClient>>>[] = []

afterAll(async () => {
  halt.abort()
  for (const p of running) p.retire()
  await stopAll()
  await fs?.unmount()
  await dirs.removeAll()
})

/** Cuts every 3–8 s; most outages short, one in three 5–12 s (the sender then leaves mail). */
function planCuts(): { at: number; downMs: number }[] {
  const rnd = prng(seed)
  const between = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo))
  const cuts: { at: number; downMs: number }[] = []
  for (let at = between(2_000, 5_000); at < SEND_MS - 5_000; ) {
    const downMs = rnd() < 1 / 3 ? between(5_000, 12_000) : between(100, 2_000)
    cuts.push({ at, downMs })
    at += downMs + between(3_000, 8_000)
  }
  return cuts
}

describe('power cuts', () => {
  it(`keep every message the sender saw delivered, exactly once (seed ${seed})`, async () => {
    say(`power-cut seed ${seed} (replay: POWERCUT_SEED=${seed} npm run test:powercut)`)
    const relay = await startRelay(await dirs.make('powercut-relay'))
    const aliceDir = await dirs.make('powercut-alice')
    const sending = new Restartable('alice', () =>
      startClient({ dataDir: aliceDir, relays: [relay.addr] }),
    )
    running.push(sending)
    const alice = await sending.start()
    const root = await dirs.make('powercut-bob')
    const lazy = new LazyFs(`${root}/backing`, `${root}/mnt`)
    fs = lazy
    const bobDir = `${lazy.mountpoint}/profile`
    // The receiver comes back on the same port, where the sender's peer store expects it.
    let port = 0
    const bob = new Restartable('bob', async () => {
      if (!lazy.mounted) await lazy.mount()
      const started = await startClient({
        dataDir: bobDir,
        relays: [relay.addr],
        listen: [`/ip4/127.0.0.1/tcp/${port}`],
      })
      port ||= Number((await tcpAddr(started)).split('/tcp/')[1]?.split('/')[0])
      return started
    })
    running.push(bob)
    const first = await bob.start()
    await first.api.dial({ addr: await tcpAddr(alice) })
    await befriend(first, alice)
    const conversationId = directConversationId(alice.peerId, first.peerId)

    // Alice is never cut: her events are the record of what she saw delivered.
    const delivered = new Set<string>()
    alice.api.on('delivered', (d) => delivered.add(d.id))
    const sender = new Sender(sending, toContact(first.peerId), 'a→b', MESSAGES)
    const plan = planCuts()
    say(`plan: ${plan.map((c) => `${(c.at / 1000).toFixed(1)}s ${c.downMs}ms`).join(', ')}`)
    const cuts: (Cut & { deliveredBefore: number })[] = []
    const startedAt = performance.now()
    const cutting = (async () => {
      for (const { at, downMs } of plan) {
        await delay(Math.max(0, startedAt + at - performance.now()), undefined, halt)
        await bob.kill('SIGKILL')
        const cut = await lazy.cut()
        cuts.push({ ...cut, deliveredBefore: delivered.size })
        say(
          `[powercut ${((performance.now() - startedAt) / 1000).toFixed(1)}s] cut: ${cut.writes} unsynced write(s), ${cut.bytes} B in ${cut.files} file(s) dropped; ${delivered.size} delivered so far`,
        )
        await delay(downMs, undefined, halt)
        await bob.start()
      }
    })()
    await Promise.race([
      Promise.all([
        cutting,
        sender.run(startedAt, SEND_MS / MESSAGES, startedAt + SEND_MS + SEND_SLACK_MS, halt.signal),
      ]),
      bob.crashed,
      sending.crashed,
    ])

    // Converged: Bob holds everything Alice sent, and Alice has seen it all delivered.
    const expected = new Set(sender.resolved.map((m) => m.id))
    let history = await fullHistory(await bob.up(10_000), conversationId)
    for (const deadline = performance.now() + CONVERGE_MS; performance.now() < deadline; ) {
      const moved = nextActivity([alice, bob.current], 2_000)
      history = await fullHistory(await bob.up(10_000), conversationId)
      const held = new Set(history.map((m) => m.id))
      if ([...expected].every((id) => held.has(id) && delivered.has(id))) break
      await moved
    }

    const texts = history.filter((m) => m.kind === undefined && m.sender === alice.peerId)
    const copies = new Map<string, number>()
    for (const m of texts) copies.set(m.id, (copies.get(m.id) ?? 0) + 1)
    const lost = [...delivered].filter((id) => expected.has(id) && !copies.has(id))
    const twice = [...copies].filter(([, n]) => n > 1).map(([id]) => id)
    const dropped = cuts.reduce((n, c) => n + c.writes, 0)
    const report = {
      seed,
      sent: sender.resolved.length,
      delivered: [...expected].filter((id) => delivered.has(id)).length,
      inHistory: copies.size,
      lostAfterDelivered: lost.length,
      duplicated: twice.length,
      cuts: cuts.length,
      writesDropped: dropped,
      bytesDropped: cuts.reduce((n, c) => n + c.bytes, 0),
      sendErrors: sender.unexpected.length,
    }
    say(
      [
        `sent ${report.sent}, delivered ${report.delivered}, in the receiver's history ${report.inHistory}`,
        `cuts ${report.cuts}: ${report.writesDropped} unsynced writes (${report.bytesDropped} B) dropped`,
        `lost after delivered ${report.lostAfterDelivered}, duplicated ${report.duplicated}`,
        `POWERCUT_RESULT ${JSON.stringify(report)}`,
      ].join('\n'),
    )

    expect.soft(lost, 'delivered, then lost to a power cut').toEqual([])
    expect.soft(twice, 'stored twice').toEqual([])
    expect.soft(report.sent).toBe(MESSAGES)
    expect.soft(report.delivered, 'delivered in the end').toBe(report.sent)
    expect.soft(report.inHistory, 'in the history in the end').toBe(report.sent)
    // A run whose cuts dropped nothing tested nothing.
    expect.soft(report.cuts).toBeGreaterThan(0)
    expect.soft(report.writesDropped, 'unsynced writes dropped by the cuts').toBeGreaterThan(0)
  })
})
