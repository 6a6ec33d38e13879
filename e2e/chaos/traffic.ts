// The chaos tests' traffic: paced senders that survive their own process being
// killed, and the end-of-run reconciliation of every side's history.

import { setTimeout as delay } from 'node:timers/promises'
import { ulid } from 'ulid'
import type { Message } from '../../protocol/api.ts'
import { compareHlc } from '../../protocol/hlc.ts'
import { MAX_PAGE } from '../../protocol/limits.ts'
import type { TestClient } from '../support/parley.ts'
import { type Cluster, firstLine, type Restartable, within } from './cluster.ts'

const SEND_TIMEOUT_MS = 20_000
const HISTORY_PAGE_TIMEOUT_MS = 20_000

/** Sends one text with the id every attempt at it shares. */
export type Send = (client: TestClient, text: string, id: string) => Promise<Message>

/** Texts to a contact. */
export function toContact(peerId: string): Send {
  return (client, text, id) => client.api.send({ to: peerId, text, id })
}

/** Texts to a group. */
export function toGroup(groupId: string): Send {
  return (client, text, id) => client.api.sendGroup({ groupId, text, id })
}

/** Writes `count` unique texts from one client (to a contact, or a group), one at a time, at a pace. */
export class Sender {
  /** Messages whose send() resolved, in that order: each must arrive, exactly once. */
  readonly resolved: Message[] = []
  /**
   * Texts with a failed attempt, and how many. A send cut short by a kill may still
   * have been stored (the kill came after the write, before the answer): such a
   * message must be delivered too, next to the retry that resolved.
   */
  readonly failed = new Map<string, number>()
  /** Failures while the process was up: the core refused or hung; a kill is not one. */
  readonly unexpected: string[] = []
  attempts = 0
  /** Changes whose call resolved (or found them done already), by kind. */
  readonly changes = { edit: 0, reaction: 0, delete: 0 }

  constructor(
    readonly from: Restartable<TestClient>,
    private readonly send: Send,
    readonly label: string,
    readonly count: number,
  ) {}

  text(i: number): string {
    return `${this.label} ${String(i).padStart(4, '0')}`
  }

  /** Message i is due i × paceMs after `startedAt`; after an outage the sender catches up. */
  async run(startedAt: number, paceMs: number, deadline: number, signal: AbortSignal) {
    for (let i = 1; i <= this.count; i++) {
      await delay(Math.max(0, startedAt + i * paceMs - performance.now()), undefined, { signal })
      const text = this.text(i)
      // One id for every attempt: a send cut short after it stored is not stored twice.
      const id = ulid()
      for (;;) {
        signal.throwIfAborted()
        const left = deadline - performance.now()
        if (left <= 0) throw new Error(`${this.label}: "${text}" not sent by the deadline`)
        const client = await this.from.up(left)
        this.attempts++
        try {
          const sent = this.send(client, text, id)
          this.resolved.push(await within(sent, SEND_TIMEOUT_MS, `sending "${text}"`))
          break
        } catch (err) {
          this.failed.set(text, (this.failed.get(text) ?? 0) + 1)
          // A kill unsets `current` before the signal: the same client still current means
          // the core itself failed. Retry after a moment instead of spinning on it.
          if (this.from.current === client) {
            this.unexpected.push(`${text}: ${firstLine(err)}`)
            await delay(250, undefined, { signal })
          }
        }
      }
      const change = this.changeAt(i)
      if (change) await this.retry(change, deadline, signal)
    }
  }

  /**
   * Mixed into the texts: every tenth message edits one of ours sent before, every
   * seventh reacts to one (reactions cycle, some taken back), every 25th deletes one
   * for everyone. Targets never overlap, so each change applies to a live message.
   */
  private changeAt(i: number): Change | undefined {
    const target = (back: number) => this.resolved.at(-1 - back)?.id
    if (i % 25 === 0 && target(2)) return { kind: 'delete', id: target(2) as string }
    if (i % 10 === 0 && target(4)) {
      return { kind: 'edit', id: target(4) as string, text: `${this.text(i - 4)} (edited)` }
    }
    if (i % 7 === 0 && target(1)) {
      const emoji = REACTIONS[(i / 7) % REACTIONS.length] ?? null
      return { kind: 'reaction', id: target(1) as string, emoji }
    }
    return undefined
  }

  /** A change, tried until it resolves: again after a kill it is the same change (same result). */
  private async retry(change: Change, deadline: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted()
      const left = deadline - performance.now()
      if (left <= 0)
        throw new Error(`${this.label}: ${change.kind} of ${change.id} not done by the deadline`)
      const client = await this.from.up(left)
      try {
        await within(apply(client, change), SEND_TIMEOUT_MS, `${change.kind} of ${change.id}`)
        this.changes[change.kind]++
        return
      } catch (err) {
        // A deletion cut short by a kill after it was stored finds the message deleted: done.
        if (change.kind === 'delete' && /was deleted/.test(firstLine(err))) {
          this.changes.delete++
          return
        }
        if (this.from.current === client) {
          this.unexpected.push(`${change.kind} of ${change.id}: ${firstLine(err)}`)
          await delay(250, undefined, { signal })
        }
      }
    }
  }
}

type Change =
  | { kind: 'edit'; id: string; text: string }
  | { kind: 'reaction'; id: string; emoji: string | null }
  | { kind: 'delete'; id: string }

/** The chaos test's reactions in turn; null takes the last one back. */
const REACTIONS = ['👍', '❤️', null, '🎉', '😂']

function apply(client: TestClient, change: Change): Promise<unknown> {
  switch (change.kind) {
    case 'edit':
      return client.api.editMessage({ id: change.id, text: change.text })
    case 'reaction':
      return client.api.react({ id: change.id, emoji: change.emoji })
    case 'delete':
      return client.api.deleteMessage({ id: change.id, forEveryone: true })
  }
}

/** A conversation's whole history, oldest first, read in pages of MAX_PAGE. */
export async function fullHistory(client: TestClient, conversationId: string): Promise<Message[]> {
  const all: Message[] = []
  let before: string | undefined
  for (;;) {
    const page = await within(
      client.api.history({ conversationId, limit: MAX_PAGE, ...(before ? { before } : {}) }),
      HISTORY_PAGE_TIMEOUT_MS,
      'reading history',
    )
    all.push(...page)
    const last = page.at(-1)
    if (page.length < MAX_PAGE || !last) return all.reverse()
    before = last.id
  }
}

export interface Reconciliation {
  /** Every message that must be in both histories is there, in one order, with its final state. */
  done: boolean
  problems: string[]
  lost: number
  duplicated: number
  /** Stored by a send() that was cut short by a kill, and delivered like any other. */
  orphans: string[]
  /** Ids of the messages in a final receipt state in their sender's history. */
  final: Set<string>
  /** Per direction: the sender's messages by their status in the sender's history. */
  statuses: Record<string, Record<string, number>>
  /** The common sequence of text ids (when both sides agree). */
  length: number
}

const FINAL = new Set(['delivered', 'read'])

/**
 * Compares every side's history with what the senders know was sent: every resolved
 * message exactly once on each side, all sides in the same order (by HLC, then id),
 * each sender's messages in the order it sent them, and every one in a final receipt
 * state (a group's: every member has it).
 */
export function reconcile(
  sides: { name: string; peerId: string; history: Message[] }[],
  senders: { peerId: string; sender: Sender }[],
): Reconciliation {
  const problems: string[] = []
  const expected = new Map<string, Message>()
  for (const { sender } of senders) for (const m of sender.resolved) expected.set(m.id, m)
  const senderOf = new Map(senders.map((s) => [s.peerId, s.sender]))
  const lostIds = new Set<string>()
  const duplicates = new Set<string>()
  const orphans = new Map<string, string>()
  let notFinal = 0
  const final = new Set<string>()
  const statuses: Reconciliation['statuses'] = {}
  const sequences: string[][] = []

  for (const side of sides) {
    const texts = side.history.filter((m) => m.kind === undefined)
    sequences.push(texts.map((m) => m.id))
    const byId = countBy(texts, (m) => m.id)
    const missing = [...expected.values()].filter((m) => !byId.has(m.id))
    for (const m of missing) lostIds.add(m.id)
    if (missing.length > 0) {
      problems.push(`${side.name} lacks ${missing.length}: ${sample(missing.map(describe))}`)
    }
    const twice = [...byId].filter(([, n]) => n > 1)
    // The same text under another id is a duplicate too, unless an attempt at it failed.
    const distinct = [...new Map(texts.map((m) => [m.id, m])).values()].filter((m) => !m.deleted)
    const textTwice = [...countBy(distinct, (m) => m.text)].filter(
      ([text, n]) => n > 1 + (failedAttempts(senders, text) ?? 0),
    )
    for (const [id] of twice) duplicates.add(id)
    for (const [text] of textTwice) duplicates.add(text)
    if (twice.length > 0) problems.push(`${side.name} holds ids twice: ${sample(twice)}`)
    if (textTwice.length > 0) problems.push(`${side.name} holds texts twice: ${sample(textTwice)}`)
    const extras = texts.filter((m) => !expected.has(m.id))
    const unknown = extras.filter((m) => !senderOf.get(m.sender)?.failed.has(m.text))
    for (const m of extras) if (!unknown.includes(m)) orphans.set(m.id, describe(m))
    if (unknown.length > 0) {
      problems.push(`${side.name} holds messages nobody sent: ${sample(unknown.map(describe))}`)
    }
    const unsorted = texts.findIndex((m, i) => i > 0 && order(texts[i - 1] as Message, m) >= 0)
    if (unsorted >= 0) {
      problems.push(
        `${side.name}'s history is out of HLC order at ${unsorted}: ${describe(texts[unsorted] as Message)}`,
      )
    }
    // Each sender's messages keep the order it sent them in.
    const position = new Map(texts.map((m, i) => [m.id, i]))
    for (const { sender } of senders) {
      const seen = sender.resolved.map((m) => position.get(m.id)).filter((p) => p !== undefined)
      const back = seen.findIndex((p, i) => i > 0 && p < (seen[i - 1] as number))
      if (back >= 0) problems.push(`${side.name} shows ${sender.label} out of sending order`)
    }
    const own = texts.filter((m) => m.sender === side.peerId)
    const label = senderOf.get(side.peerId)?.label ?? side.name
    statuses[label] = Object.fromEntries(countBy(own, (m) => m.status))
    for (const m of own) if (FINAL.has(m.status)) final.add(m.id)
    const waiting = own.filter((m) => !FINAL.has(m.status))
    notFinal += waiting.length
    if (waiting.length > 0) {
      problems.push(
        `${side.name} has ${waiting.length} not delivered: ${sample(waiting.map(describe))}`,
      )
    }
  }
  // Every message the same on every side: its text, its edits, deleted or not, its reactions.
  const [one, ...others] = sides.map((s) => new Map(s.history.map((m) => [m.id, shape(m)])))
  const unlike = others.flatMap((other, k) =>
    [...(one ?? [])].flatMap(([id, m]) =>
      other.has(id) && other.get(id) !== m
        ? [`${id} (${sides[0]?.name} ${m}, ${sides[k + 1]?.name} ${other.get(id)})`]
        : [],
    ),
  )
  if (unlike.length > 0) {
    problems.push(`the sides differ on ${unlike.length} message(s): ${sample(unlike)}`)
  }
  const [first = [], ...rest] = sequences
  let diverged = unlike.length > 0
  for (const [i, seq] of rest.entries()) {
    const at = firstDifference(first, seq)
    if (at < 0) continue
    diverged = true
    const name = (k: number) => sides[k]?.name
    problems.push(
      `${name(0)} and ${name(i + 1)} differ from position ${at} (${first.length} vs ${seq.length} texts): ${first[at]} vs ${seq[at]}`,
    )
  }
  return {
    done: lostIds.size === 0 && !diverged && notFinal === 0,
    problems,
    lost: lostIds.size,
    duplicated: duplicates.size,
    orphans: [...orphans.values()],
    final,
    statuses,
    length: first.length,
  }
}

/** What both sides must agree on of a message, as one string. */
function shape(m: Message): string {
  const reactions = (m.reactions ?? []).map((r) => `${r.peerId}:${r.emoji}`).sort()
  return JSON.stringify([m.text, m.edits?.map((e) => e.text), m.deleted ?? false, reactions])
}

function failedAttempts(senders: { sender: Sender }[], text: string): number | undefined {
  for (const { sender } of senders) {
    const n = sender.failed.get(text)
    if (n !== undefined) return n
  }
  return undefined
}

function order(a: Message, b: Message): number {
  return compareHlc(a.hlc, b.hlc) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

function firstDifference(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return -1
}

function describe(m: Message): string {
  return `"${m.text}" (${m.id}, ${m.status})`
}

function sample(items: unknown[]): string {
  const shown = items.slice(0, 5).map((i) => (Array.isArray(i) ? i.join(' ×') : String(i)))
  return shown.join(', ') + (items.length > 5 ? `, … ${items.length - 5} more` : '')
}

/**
 * Resolves on the next message, change, delivery or receipt event of any of `clients`, or after
 * `ms`: the end-of-run check reads the histories again when something moved.
 */
export function nextActivity(clients: (TestClient | undefined)[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = []
    const done = () => {
      clearTimeout(timer)
      for (const off of offs) off()
      resolve()
    }
    const timer = setTimeout(done, ms)
    for (const c of clients) {
      if (!c) continue
      for (const name of ['message', 'changed', 'delivered', 'receipt'] as const)
        offs.push(c.api.on(name, done))
    }
  })
}

/** A side of the end-of-run check: a member whose history is read. */
export interface Side {
  name: string
  peerId: string
  proc: Restartable<TestClient>
}

/**
 * Reads every side's history of `conversationId` until they reconcile with what
 * `senders` sent, or `ms` have passed; again each time something moves.
 */
export async function converge(
  cluster: Pick<Cluster, 'crashed'>,
  sides: Side[],
  senders: { peerId: string; sender: Sender }[],
  conversationId: string,
  ms: number,
): Promise<{ result: Reconciliation; histories: (Side & { history: Message[] })[]; at: number }> {
  let last: Awaited<ReturnType<typeof converge>> | undefined
  for (const deadline = performance.now() + ms; performance.now() < deadline; ) {
    // Listening from before the read: what moves while it runs wakes the next one.
    const moved = nextActivity(
      sides.map((s) => s.proc.current),
      2_000,
    )
    const histories = await Promise.race([
      Promise.all(
        sides.map(async (s) => ({
          ...s,
          history: await fullHistory(await s.proc.up(10_000), conversationId),
        })),
      ),
      cluster.crashed,
    ])
    last = { result: reconcile(histories, senders), histories, at: performance.now() }
    if (last.result.done) break
    await moved
  }
  if (!last) throw new Error('no history was read')
  return last
}
