// Relay mailboxes from the client's side. Our mail is collected from every relay we
// use (at start, whenever a relay is regained, and every minute), and our prekey
// bundle is published next to it. Messages for a peer we cannot reach are sealed
// and left in the mailbox of a relay that peer uses; they stay in our outbox, marked
// 'stored', until the peer acknowledges them directly.
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { ChatEnvelope } from '../../../protocol/frame.ts'
import type { LetterOutcome } from '../chat/inbox.ts'
import { type EnvelopeCipher, intoBatches } from '../crypto/envelope-cipher.ts'
import type { SignalSessions } from '../crypto/signal/sessions.ts'
import { relayOf } from '../net/addrs.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import { MailboxRefusal, MailboxSession } from './mailbox.ts'

const COLLECT_EVERY_MS = 60_000

export interface CourierComponents {
  node: Libp2p
  /** Our relays: where our mail waits, and where we leave theirs when we know no other. */
  relays: string[]
  signal: SignalSessions
  cipher: EnvelopeCipher
  store: Pick<ProfileStore, 'outbox' | 'db'>
  events: Emitter<ParleyEvents>
  /** Takes in a letter's ciphertext (written, not yet synced: the courier syncs before it acknowledges). */
  deliver(sender: string, ciphertext: Uint8Array): Promise<LetterOutcome>
  log(line: string): void
}

export class Courier {
  private readonly sessions = new Map<string, Promise<MailboxSession>>()
  /** Relays being collected from right now: one visit per relay at a time. */
  private readonly visiting = new Map<string, Promise<void>>()
  private readonly published = new Set<string>()
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly c: CourierComponents) {}

  start(): void {
    this.collectAll()
    this.timer = setInterval(() => this.collectAll(), COLLECT_EVERY_MS)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await Promise.allSettled(this.visiting.values())
    const sessions = await Promise.allSettled(this.sessions.values())
    for (const s of sessions) if (s.status === 'fulfilled') await s.value.close().catch(() => {})
  }

  /** Collects our mail from every relay (again: a relay came back, or we did). */
  collectAll(): void {
    for (const relay of this.c.relays) {
      if (this.visiting.has(relay)) continue
      const visit = this.visit(relay)
        .catch((err: Error) => this.c.log(`mailbox: ${relay}: ${err.message}`))
        .finally(() => this.visiting.delete(relay))
      this.visiting.set(relay, visit)
    }
  }

  /**
   * Leaves `envelopes` for `peer` in a relay mailbox it uses (its relays first, then
   * ours), each batch as one sealed letter; resolves once they are marked stored, or
   * with them still pending if no relay would take them (logged; tried again later).
   */
  async deposit(peer: string, envelopes: ChatEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return
    const errors: string[] = []
    for (const relay of await this.relaysOf(peer)) {
      try {
        return await this.use(relay, (session) => this.depositAt(session, peer, envelopes))
      } catch (err) {
        const why =
          err instanceof MailboxRefusal ? `${err.status}: ${err.message}` : (err as Error).message
        errors.push(`${relay}: ${why}`)
      }
    }
    this.c.log(`mailbox: could not leave messages for ${peer}: ${errors.join('; ') || 'no relay'}`)
  }

  private async depositAt(session: MailboxSession, peer: string, envelopes: ChatEnvelope[]) {
    // Letters go in a session of their own (see Channel in signal/sessions.ts).
    if (!(await this.c.signal.hasSession(peer, 'mail'))) {
      const added = await this.c.signal.addBundle(peer, await session.fetchKeys(peer), 'mail')
      if (!added.ok) throw new Error(`their published keys: ${added.error.reason}`)
    }
    for (const batch of intoBatches(envelopes)) {
      const sealed = await this.c.cipher.seal(peer, batch, 'mail')
      if (!sealed.ok) throw new Error(sealed.error.reason)
      const letter = await this.c.cipher.letter(peer, sealed.ciphertext)
      if (!letter) throw new Error(`no identity key known for ${peer}`)
      await session.deposit(peer, letter)
      const stored = await this.c.store.outbox.markStored(
        peer,
        batch.map((e) => e.id),
      )
      for (const m of stored) this.c.events.emit('receipt', { status: 'stored', ...m })
    }
  }

  private async visit(relay: string): Promise<void> {
    await this.use(relay, async (session) => {
      let messages = 0
      await session.collect(
        async (item) => {
          const opened = this.c.cipher.openLetter(item.envelope)
          if (!opened.ok) {
            return this.c.log(`mailbox: refused an item on ${relay}: ${opened.error.reason}`)
          }
          const { sender, ciphertext } = opened.letter
          const outcome = await this.c.deliver(sender, ciphertext)
          if ('stored' in outcome) messages += outcome.stored
          else if ('duplicate' in outcome) {
            this.c.log(`mailbox: a letter from ${sender} came again: stored already`)
          } else this.c.log(`mailbox: refused a letter from ${sender}: ${outcome.refused}`)
        },
        () => this.c.store.db.sync(),
      )
      if (messages > 0) this.c.log(`mailbox: collected ${messages} message(s) from ${relay}`)
      if (!this.published.has(relay)) {
        await session.publishKeys(
          (await this.c.signal.bundle({ oneTime: false })) as Uint8Array<ArrayBuffer>,
        )
        this.published.add(relay)
        this.c.log(`mailbox: published our keys on ${relay}`)
      }
    })
  }

  /** Runs `work` on the relay's mailbox session, opened on first use and dropped when it fails. */
  private async use<T>(relay: string, work: (session: MailboxSession) => Promise<T>): Promise<T> {
    let session = this.sessions.get(relay)
    if (!session) {
      session = MailboxSession.open(this.c.node, relay)
      this.sessions.set(relay, session)
    }
    try {
      return await work(await session)
    } catch (err) {
      if (this.sessions.get(relay) === session) {
        this.sessions.delete(relay)
        session.then((s) => s.close()).catch(() => {})
      }
      this.published.delete(relay)
      throw err
    }
  }

  /** The relays `peer` is reachable through (from its circuit addresses), then ours. */
  private async relaysOf(peer: string): Promise<string[]> {
    const theirs: string[] = []
    try {
      const known = await this.c.node.peerStore.get(peerIdFromString(peer))
      for (const { multiaddr } of known.addresses) {
        const relay = relayOf(multiaddr)
        if (relay) theirs.push(relay)
      }
    } catch {
      // Not in the peer store: our relays are all we know.
    }
    return [...new Set([...theirs, ...this.c.relays])]
  }
}
