// The buddy list and the life of a friend request. Requests and acceptances travel
// as envelopes through the outbox like texts (durable, acknowledged, de-duplicated),
// so a request sent to someone offline arrives when they come back. Until a request
// is accepted, whatever its sender sends is stored but held: no conversation, no
// message event, no presence.
import { ApiError, type Contact, type Message, type ParleyEvents } from '../../protocol/api.ts'
import type { Emitter } from '../../protocol/emitter.ts'
import type { ContentKind } from '../../protocol/frame.ts'
import { directConversationId } from '../../protocol/ids.ts'
import type { ChatStore } from './store.ts'

export interface ContactsComponents {
  self: string
  store: ChatStore
  events: Emitter<ParleyEvents>
  /** Queues a request or an acceptance in the outbox. */
  send(to: string, kind: Exclude<ContentKind, 'text'>, text: string): Promise<Message>
  /** Closes every connection to a peer just blocked. */
  hangUp(peerId: string): Promise<void>
}

export class Contacts {
  constructor(private readonly c: ContactsComponents) {}

  get(peerId: string): Contact | undefined {
    return this.c.store.getContact(peerId)
  }

  list(): Contact[] {
    return this.c.store.listContacts()
  }

  isAccepted(peerId: string): boolean {
    return this.get(peerId)?.state === 'accepted'
  }

  isBlocked(peerId: string): boolean {
    return this.get(peerId)?.state === 'blocked'
  }

  /** Whether our conversation with a peer is shown and may be written to: I asked, or we agreed. */
  isOpen(peerId: string): boolean {
    const state = this.get(peerId)?.state
    return state === 'accepted' || state === 'requested'
  }

  // --- what the user does ---

  /**
   * Asks `peerId` to be a contact, known to us as `name`. Asking someone whose
   * request is waiting accepts it; asking a contact again only refreshes the name.
   */
  async request(peerId: string, name: string, greeting = ''): Promise<Contact> {
    if (peerId === this.c.self) throw new ApiError('bad-request', 'you cannot add yourself')
    const known = this.get(peerId)
    if (known?.state === 'blocked') {
      throw new ApiError('bad-request', 'you blocked this person: unblock them first')
    }
    if (known?.state === 'pending') return this.accept(peerId)
    if (known) return this.save({ ...known, displayName: name || known.displayName })
    const contact = await this.save({
      peerId,
      displayName: name,
      state: 'requested',
      labels: [],
      addedAt: Date.now(),
      ...(greeting ? { greeting } : {}),
    })
    await this.c.send(peerId, 'request', greeting)
    return contact
  }

  async accept(peerId: string): Promise<Contact> {
    const known = this.get(peerId)
    if (known?.state === 'accepted') return known
    if (known?.state !== 'pending') throw new ApiError('not-found', 'no request from this peer')
    const contact = await this.becomeFriends(known)
    await this.c.send(peerId, 'accept', '')
    return contact
  }

  async decline(peerId: string): Promise<void> {
    if (this.get(peerId)?.state !== 'pending') {
      throw new ApiError('not-found', 'no request from this peer')
    }
    await this.c.store.deleteConversation(directConversationId(this.c.self, peerId))
    await this.forget(peerId)
  }

  async block(peerId: string): Promise<Contact> {
    if (peerId === this.c.self) throw new ApiError('bad-request', 'you cannot block yourself')
    const known = this.get(peerId)
    const contact = await this.save({
      peerId,
      displayName: known?.displayName ?? '',
      labels: known?.labels ?? [],
      addedAt: known?.addedAt ?? Date.now(),
      ...(known?.acceptedAt !== undefined ? { acceptedAt: known.acceptedAt } : {}),
      ...(known?.nickname !== undefined ? { nickname: known.nickname } : {}),
      // Their key is still the one compared: unblocking keeps the verification.
      ...(known?.verified ? { verified: true } : {}),
      state: 'blocked',
    })
    await this.c.hangUp(peerId)
    return contact
  }

  async unblock(peerId: string): Promise<void> {
    const known = this.get(peerId)
    if (known?.state !== 'blocked') throw new ApiError('not-found', 'this peer is not blocked')
    if (known.acceptedAt === undefined) await this.forget(peerId)
    else await this.save({ ...known, state: 'accepted' })
  }

  async remove(peerId: string): Promise<void> {
    const known = this.get(peerId)
    if (!known) throw new ApiError('not-found', 'not a contact')
    if (known.state === 'blocked') throw new ApiError('bad-request', 'unblock this peer first')
    await this.forget(peerId)
  }

  async update(
    peerId: string,
    changes: { nickname?: string | null | undefined; labels?: string[] | undefined },
  ): Promise<Contact> {
    const known = this.get(peerId)
    if (!known) throw new ApiError('not-found', 'not a contact')
    const { nickname: _, ...rest } = known
    const nickname = changes.nickname === undefined ? known.nickname : changes.nickname
    return this.save({
      ...rest,
      ...(nickname ? { nickname } : {}),
      labels: changes.labels ? [...new Set(changes.labels)] : known.labels,
    })
  }

  /** Marks a contact's safety number compared, or no longer (a new identity key); tells the UI either way. */
  async setVerified(peerId: string, verified: boolean): Promise<Contact> {
    const known = this.get(peerId)
    if (!known) throw new ApiError('not-found', 'not a contact')
    const { verified: _, ...rest } = known
    return this.save(verified ? { ...rest, verified } : rest)
  }

  // --- what peers send ---

  /** A new (not duplicate) envelope from `peerId`, already stored; `name` is what its Hello said. */
  async received(peerId: string, kind: ContentKind, text: string, name: string): Promise<void> {
    const known = this.get(peerId)
    if (!known) {
      // A stranger's first word, request or not, is held as a message request.
      if (kind === 'accept') return
      await this.save({
        peerId,
        displayName: name,
        state: 'pending',
        labels: [],
        addedAt: Date.now(),
        ...(kind === 'request' && text ? { greeting: text } : {}),
      })
      return
    }
    if (kind === 'text') {
      // A held message changes the request the user sees.
      if (known.state === 'pending') this.c.events.emit('contact', known)
      return
    }
    if (known.state === 'requested') {
      // They accepted, or asked us at the same time: both sides agreed.
      await this.becomeFriends(known)
    } else if (known.state === 'pending' && kind === 'request') {
      await this.save({ ...known, ...(text ? { greeting: text } : {}) })
    } else if (known.state === 'accepted' && kind === 'request') {
      // They lost or removed us and asked again: we still agree.
      await this.c.send(peerId, 'accept', '')
    }
  }

  /** A peer told us its display name; strangers are not recorded. */
  async renamed(peerId: string, name: string): Promise<void> {
    const known = this.get(peerId)
    if (!known || name === '' || known.displayName === name) return
    await this.save({ ...known, displayName: name })
  }

  /** We lost our last connection to a contact. */
  async lastSeen(peerId: string, at: number): Promise<void> {
    const known = this.get(peerId)
    if (known) await this.c.store.putContact({ ...known, lastSeen: at })
  }

  private async becomeFriends(contact: Contact): Promise<Contact> {
    const { greeting: _, ...rest } = contact
    const friend = await this.save({ ...rest, state: 'accepted', acceptedAt: Date.now() })
    // Held messages join the conversations now.
    const conversation = this.c.store.getConversation(
      directConversationId(this.c.self, contact.peerId),
    )
    if (conversation) this.c.events.emit('conversation', conversation)
    return friend
  }

  private async save(contact: Contact): Promise<Contact> {
    await this.c.store.putContact(contact)
    this.c.events.emit('contact', contact)
    return contact
  }

  private async forget(peerId: string): Promise<void> {
    await this.c.store.deleteContact(peerId)
    this.c.events.emit('contactRemoved', { peerId })
  }
}
