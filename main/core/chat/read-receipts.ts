// Read receipts between accepted contacts. Each side keeps a read point per
// conversation: the clock reading of the newest message it has read of the other's.
// Ours travels as a Read frame on every new chat stream and whenever it moves (so a
// lost one is repaired by the next stream, and one made while the peer is away
// reaches them when we meet); never stored by anyone but the two of us, and never
// sent when read receipts are off. Theirs makes our messages up to it 'read'.
//
// In a group the same, with its members (contacts or not): ours goes to those we
// have a stream to, and to each member again on every new stream; a member's counts
// towards our messages, which are 'read' once every member they went to has read them.
import type { ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { HlcTimestamp } from '../../../protocol/hlc.ts'
import { directConversationId, groupConversationId, groupIdOf } from '../../../protocol/ids.ts'
import type { GroupService } from '../groups/group-service.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import type { ChatLink } from './link.ts'

export interface ReadReceiptsComponents {
  self: string
  store: Pick<ProfileStore, 'reads' | 'messages' | 'conversations' | 'groupReads'>
  contacts: Pick<Contacts, 'isAccepted'>
  groups: Pick<GroupService, 'members' | 'sharedWith'>
  events: Emitter<ParleyEvents>
  /** The open chat links to `peerId`. */
  links(peerId: string): ChatLink[]
  /** The read-receipts setting: whether we tell contacts what we have read. */
  enabled(): boolean
}

export class ReadReceipts {
  constructor(private readonly c: ReadReceiptsComponents) {}

  /** A contact's Read frame: they have read our conversation (or a group of ours) up to `upTo`. */
  async received(peerId: string, upTo: HlcTimestamp, groupId?: string): Promise<void> {
    if (groupId !== undefined) return this.receivedInGroup(peerId, upTo, groupId)
    if (!this.c.contacts.isAccepted(peerId)) return
    const conversationId = directConversationId(this.c.self, peerId)
    // Streams repeat the read point; only a step forward is news.
    const advanced = await this.c.store.reads.advance(conversationId, 'peer', upTo)
    if (!advanced) return
    const ids = await this.c.store.messages.outgoingBetween(conversationId, advanced.from, upTo)
    this.c.events.emit('receipt', { status: 'read', conversationId, peerId, upTo, ids })
  }

  /** A new chat stream: the peer learns (again) how far we have read, and in the groups we share. */
  opened(link: ChatLink): void {
    if (!this.c.enabled()) return
    const { reads } = this.c.store
    if (this.c.contacts.isAccepted(link.peerId)) {
      const upTo = reads.get(directConversationId(this.c.self, link.peerId), 'own')
      if (upTo) link.write({ kind: 'read', upTo }).catch(() => {})
    }
    for (const groupId of this.c.groups.sharedWith(link.peerId)) {
      const upTo = reads.get(groupConversationId(groupId), 'own')
      if (upTo) link.write({ kind: 'read', upTo, groupId }).catch(() => {})
    }
  }

  /**
   * The user has seen a conversation (after store.markRead): our read point moves to
   * their newest message and goes out on the open streams. With receipts off nothing
   * moves, so turning them on later tells nothing about what was read meanwhile until
   * something new is read.
   */
  async read(conversationId: string): Promise<void> {
    if (!this.c.enabled()) return
    const groupId = groupIdOf(conversationId)
    const peerId = this.c.store.conversations.get(conversationId)?.peerId
    // A request's sender learns nothing, not even that it was read, until it is accepted.
    const to = groupId
      ? this.c.groups.members(groupId)
      : peerId !== undefined && this.c.contacts.isAccepted(peerId)
        ? [peerId]
        : []
    if (to.length === 0) return
    const store = this.c.store
    const upTo = await store.messages.newestIncoming(
      conversationId,
      store.reads.get(conversationId, 'own'),
    )
    if (!upTo || !(await store.reads.advance(conversationId, 'own', upTo))) return
    for (const peer of to) {
      for (const link of this.c.links(peer)) {
        link.write({ kind: 'read', upTo, ...(groupId ? { groupId } : {}) }).catch(() => {})
      }
    }
  }

  /** A member has read a group of ours up to `upTo`: our messages count it. */
  private async receivedInGroup(peerId: string, upTo: HlcTimestamp, groupId: string) {
    if (!this.c.groups.members(groupId).includes(peerId)) return
    const conversationId = groupConversationId(groupId)
    const { store } = this.c
    const advanced = await store.reads.advance(conversationId, { member: peerId }, upTo)
    if (!advanced) return
    const ids = await store.messages.outgoingBetween(conversationId, advanced.from, upTo)
    if (ids.length === 0) return
    const reads = await store.groupReads(conversationId, ids)
    this.c.events.emit('receipt', { status: 'read', conversationId, peerId, upTo, ids, reads })
  }
}
