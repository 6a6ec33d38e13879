// What peers send us, taken in: sealed batches from chat streams and letters from
// our relay mailboxes. Decrypting a batch, storing its messages (and the sender's
// contact as it changes) and advancing the Signal session that revealed them are one
// write: a crash keeps all of it or none, so a letter that libsignal has decrypted
// before is one whose messages are stored. A chat batch is acknowledged once that
// write is on disk; letters are synced before the courier acknowledges them on the
// relay. Duplicates (a message re-sent on a new stream, a letter fetched twice) are
// acknowledged again and stored once.
import type { Message, ParleyEvents, Path } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { ChatEnvelope } from '../../../protocol/frame.ts'
import type { HybridClock } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import { MAX_ACK_IDS } from '../../../protocol/limits.ts'
import { type OpenError, openIn } from '../crypto/envelope-cipher.ts'
import type { Channel, PeerSessions, SignalSessions } from '../crypto/signal/sessions.ts'
import type { GroupService } from '../groups/group-service.ts'
import type { Contacts } from '../people/contacts.ts'
import { isChange } from '../store/changes.ts'
import type { Changed } from '../store/messages.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import type { KeyExchange } from './key-exchange.ts'
import type { ChatLink } from './link.ts'

export interface InboxComponents {
  self: string
  store: ProfileStore
  signal: SignalSessions
  contacts: Contacts
  keys: Pick<KeyExchange, 'undecryptable' | 'identityChanged'>
  /** Group traffic (kind 'group'): taken by the group service, from members only. */
  groups: Pick<GroupService, 'receive'>
  clock: HybridClock
  events: Emitter<ParleyEvents>
  /** The display name a peer last gave in its Hello, for a stranger's request. */
  nameOf(peer: string): string
  log(line: string): void
}

/** What came of a batch once stored. */
interface Taken {
  acked: string[]
  stored: number
  tell(): Promise<void>
}

/** What came of a letter: how many of its messages were new, or that it came before. */
export type LetterOutcome = { stored: number } | { duplicate: true } | { refused: string }

export class Inbox {
  constructor(private readonly c: InboxComponents) {}

  /**
   * Sealed batches from a chat link, in the order they came: stored (on disk), then
   * acknowledged. A batch that cannot be decrypted is dropped (its sender gets new
   * keys and sends again); one that should never have been sent resets the stream.
   */
  async fromLink(link: ChatLink, ciphertexts: Uint8Array[]): Promise<void> {
    const peer = link.peerId
    // The gater refuses blocked peers' connections; this covers one blocked while open.
    if (this.c.contacts.isBlocked(peer)) return link.reset('blocked', 'peer is blocked')
    const { taken, refusal } = await this.c.signal.atomically(peer, async (sessions) => {
      const envelopes: ChatEnvelope[] = []
      let refusal: OpenError | undefined
      for (const ciphertext of ciphertexts) {
        const opened = await this.open(sessions, peer, ciphertext, 'chat')
        if (!opened.ok) {
          refusal = opened.error
          // What came after a refused batch may depend on it: the stream is reset, or the peer sends again.
          if (refusal.code !== 'duplicate') break
          continue
        }
        envelopes.push(...opened.envelopes)
      }
      const taken = await this.store(sessions, peer, envelopes, link.path, true)
      return { taken, refusal }
    })
    const { acked } = taken
    for (let i = 0; i < acked.length; i += MAX_ACK_IDS) {
      link.write({ kind: 'ack', ids: acked.slice(i, i + MAX_ACK_IDS) }).catch(() => {})
    }
    await taken.tell()
    if (refusal) await this.refused(link, refusal)
  }

  /**
   * A letter `sender` left in our relay mailbox. Its messages are written but not
   * synced: the courier syncs once before it acknowledges a page of letters. They are
   * acknowledged to the sender when it next sends them directly, as duplicates.
   */
  async fromMail(sender: string, ciphertext: Uint8Array): Promise<LetterOutcome> {
    if (this.c.contacts.isBlocked(sender)) return { refused: 'the sender is blocked' }
    const outcome = await this.c.signal.atomically(sender, async (sessions) => {
      const opened = await this.open(sessions, sender, ciphertext, 'mail')
      if (!opened.ok) return opened
      const taken = await this.store(sessions, sender, opened.envelopes, 'relayed', false)
      return { ok: true as const, taken }
    })
    if (outcome.ok) {
      await outcome.taken.tell()
      return { stored: outcome.taken.stored }
    }
    const { code, reason } = outcome.error
    // Stored with the session step that decrypted it: fetched again after a crash, nothing is missing.
    if (code === 'duplicate') return { duplicate: true }
    if (code === 'identity-changed') await this.c.keys.identityChanged(sender, outcome.error)
    return { refused: `${code}: ${reason}` }
  }

  private open(sessions: PeerSessions, peer: string, ciphertext: Uint8Array, channel: Channel) {
    return openIn(sessions, ciphertext, channel, (env) => this.misaddressed(peer, env))
  }

  /** An envelope must come from the peer that sealed it, in our conversation with it. */
  private misaddressed(peer: string, env: ChatEnvelope): string | undefined {
    if (env.sender !== peer) return `sender ${env.sender} is not the peer that sent it (${peer})`
    // Group traffic names its group's conversation (checked with the frame); the group service checks the rest.
    if (env.kind === 'group') return undefined
    if (env.conversationId !== directConversationId(env.sender, this.c.self)) {
      return `conversation ${env.conversationId} is not ours`
    }
    return undefined
  }

  /**
   * Stores what a peer sent, with the session state that revealed it, in one write
   * (on disk before it resolves when `sync`). Resolves with the ids to acknowledge
   * (those stored now or before, not those refused), how many were new, and what to
   * tell once the peer's sessions are free again.
   */
  private async store(
    sessions: PeerSessions,
    peer: string,
    envelopes: ChatEnvelope[],
    path: Path,
    sync: boolean,
  ): Promise<Taken> {
    const group = envelopes.filter((e) => e.kind === 'group')
    const groupTaken =
      group.length > 0 ? await this.c.groups.receive(peer, group, path, sync) : undefined
    const chat = envelopes.filter((e) => e.kind !== 'group')
    const taken = await this.storeChat(sessions, peer, chat, path, sync)
    if (!groupTaken) return taken
    return {
      acked: [...groupTaken.acked, ...taken.acked],
      stored: groupTaken.stored + taken.stored,
      tell: async () => {
        groupTaken.tell()
        await taken.tell()
      },
    }
  }

  /** Stores a peer's direct messages, as store() says. */
  private async storeChat(
    sessions: PeerSessions,
    peer: string,
    envelopes: ChatEnvelope[],
    path: Path,
    sync: boolean,
  ): Promise<Taken> {
    if (envelopes.length === 0) return { acked: [], stored: 0, tell: async () => {} }
    const { clock, store } = this.c
    // A peer's clock readings count only up to our drift limit, here at the boundary.
    const messages = envelopes.map((env) => incoming(env, clock.clamp(env.hlc)))
    for (const m of messages) clock.receive(m.hlc)
    const admitted = await store.addIncoming(
      messages,
      clock.latest,
      (fresh) => {
        const decided = this.c.contacts.admit(peer, fresh, this.c.nameOf(peer))
        return { ...decided, ops: [...decided.ops, ...sessions.ops()] }
      },
      { sync },
    )
    const { keep, refused, dropped, reason, changed, refusedChanges } = admitted
    const duplicates = messages.length - keep.length - refused.length - dropped.length
    if (duplicates > 0) this.c.log(`chat: dropped ${duplicates} duplicate(s) from ${peer}`)
    if (dropped.length > 0) {
      this.c.log(`chat: dropped ${dropped.length} acceptance(s) from ${peer}, who is no contact`)
    }
    if (refused.length > 0) {
      this.c.log(`chat: refused ${refused.length} message(s) from ${peer}: ${reason}`)
    }
    for (const { change, reason } of refusedChanges) {
      this.c.log(`chat: refused a change (${change.kind}) from ${peer}: ${reason}`)
    }
    const unheld = refusedChanges.filter((r) => r.unheld).map((r) => r.change)
    const unacked = new Set([...refused, ...unheld].map((m) => m.id))
    return {
      acked: messages.filter((m) => !unacked.has(m.id)).map((m) => m.id),
      stored: keep.length - unheld.length,
      tell: async () => {
        await admitted.after().catch((err: Error) => {
          this.c.log(`chat: after storing what ${peer} sent: ${err.message}`)
        })
        // A stranger's messages are held: they reach the user only once the request is accepted.
        if (!this.c.contacts.isOpen(peer)) return
        tellStored(this.c.events, keep, changed, path)
      },
    }
  }

  /** A sealed batch was refused: logged, and dealt with once nothing holds the peer's sessions. */
  private async refused(link: ChatLink, error: OpenError): Promise<void> {
    const { code, reason } = error
    this.c.log(`chat: refused a message from ${link.peerId}: ${code}: ${reason}`)
    switch (code) {
      case 'duplicate':
        return
      case 'misaddressed':
        return link.reset('invalid', reason)
      case 'identity-changed':
        await this.c.keys.identityChanged(link.peerId, error)
        // The peer sends again on a new stream, now that its key is trusted.
        return link.reset('refused', reason)
      case 'bad-binding':
        return link.reset('refused', reason)
      default:
        // We lost the session (or never had it): offer new keys, the peer starts over
        // and sends again everything we have not acknowledged.
        await this.c.keys.undecryptable(link)
    }
  }
}

/** Tells the UI of messages stored: a new message shows the changes that waited for it; the others are told as changes. */
export function tellStored(
  events: Emitter<ParleyEvents>,
  keep: Message[],
  changed: Changed[],
  path: Path | null,
): void {
  const now = new Map(changed.map((c) => [c.message.id, c]))
  for (const m of keep) {
    if (isChange(m)) continue
    events.emit('message', { ...(now.get(m.id)?.message ?? m), path })
    now.delete(m.id)
  }
  for (const c of now.values()) events.emit('changed', c)
}

/** A received envelope as the message stored (`peerId`: the conversation's other party, or a group's conversation). */
export function incoming(env: ChatEnvelope, hlc: Message['hlc'], peerId = env.sender): Message {
  const { kind, mentions, quote, target } = env
  if (kind === 'group') throw new Error(`group traffic ${env.id} is not a message`)
  return {
    ...(kind === 'text' || kind === 'reply' ? {} : { kind }),
    id: env.id,
    conversationId: env.conversationId,
    peerId,
    sender: env.sender,
    direction: 'in',
    text: env.text,
    hlc,
    status: 'received',
    ...(mentions ? { mentions } : {}),
    ...(quote ? { quote } : {}),
    ...(target ? { target } : {}),
  }
}
