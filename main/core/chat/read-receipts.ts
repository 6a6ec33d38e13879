// Read receipts between accepted contacts. Each side keeps a read point per
// conversation: the clock reading of the newest message it has read of the other's.
// Ours travels as a Read frame on every new chat stream and whenever it moves (so a
// lost one is repaired by the next stream, and one made while the peer is away
// reaches them when we meet); never stored by anyone but the two of us, and never
// sent when read receipts are off. Theirs makes our messages up to it 'read'.
import type { ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { HlcTimestamp } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import type { ChatLink } from './link.ts'

export interface ReadReceiptsComponents {
  self: string
  store: Pick<ProfileStore, 'reads' | 'messages' | 'conversations'>
  contacts: Pick<Contacts, 'isAccepted'>
  events: Emitter<ParleyEvents>
  /** The open chat links to `peerId`. */
  links(peerId: string): ChatLink[]
  /** The read-receipts setting: whether we tell contacts what we have read. */
  enabled(): boolean
}

export class ReadReceipts {
  constructor(private readonly c: ReadReceiptsComponents) {}

  /** A contact's Read frame: they have read our conversation up to `upTo`. */
  async received(peerId: string, upTo: HlcTimestamp): Promise<void> {
    if (!this.c.contacts.isAccepted(peerId)) return
    const conversationId = directConversationId(this.c.self, peerId)
    // Streams repeat the read point; only a step forward is news.
    const advanced = await this.c.store.reads.advance(conversationId, 'peer', upTo)
    if (!advanced) return
    const ids = await this.c.store.messages.outgoingBetween(conversationId, advanced.from, upTo)
    this.c.events.emit('receipt', { status: 'read', conversationId, peerId, upTo, ids })
  }

  /** A new chat stream: the peer learns (again) how far we have read. */
  opened(link: ChatLink): void {
    if (!this.c.enabled() || !this.c.contacts.isAccepted(link.peerId)) return
    const upTo = this.c.store.reads.get(directConversationId(this.c.self, link.peerId), 'own')
    if (upTo) link.write({ kind: 'read', upTo }).catch(() => {})
  }

  /**
   * The user has seen a conversation (after store.markRead): our read point moves to
   * their newest message and goes out on the open streams. With receipts off nothing
   * moves, so turning them on later tells nothing about what was read meanwhile until
   * something new is read.
   */
  async read(conversationId: string): Promise<void> {
    const peerId = this.c.store.conversations.get(conversationId)?.peerId
    // A request's sender learns nothing, not even that it was read, until it is accepted.
    if (!this.c.enabled() || peerId === undefined || !this.c.contacts.isAccepted(peerId)) return
    const store = this.c.store
    const upTo = await store.messages.newestIncoming(
      conversationId,
      store.reads.get(conversationId, 'own'),
    )
    if (!upTo || !(await store.reads.advance(conversationId, 'own', upTo))) return
    for (const link of this.c.links(peerId)) link.write({ kind: 'read', upTo }).catch(() => {})
  }
}
