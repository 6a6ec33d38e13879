// The buddy list and the life of a friend request. Requests and acceptances travel
// as envelopes through the outbox like texts (durable, acknowledged, de-duplicated),
// so a request sent to someone offline arrives when they come back. Until a request
// is accepted, whatever its sender sends is stored but held: no conversation, no
// message event, no presence. What strangers can make us keep is bounded: so many
// requests, so many messages and bytes held in each (limits.ts).
import { ApiError, type Contact, type Message, type ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import {
  MAX_HELD_BYTES,
  MAX_HELD_MESSAGES,
  MAX_PENDING_REQUESTS,
  utf8Length,
} from '../../../protocol/limits.ts'
import { TokenBuckets } from '../../../protocol/rate-limit.ts'
import type { Op, ProfileStore } from '../store/profile-store.ts'

/** Notifications of new requests: three at once, then one every five minutes. */
const REQUEST_NOTICES_BURST = 3
const REQUEST_NOTICES_PER_MINUTE = 0.2

/** What becomes of a peer's new messages (ProfileStore.addIncoming writes `ops` with those kept). */
export interface Admitted {
  keep: Message[]
  /** Acknowledged but not stored: an acceptance from someone who is no contact. */
  dropped: Message[]
  /** Neither stored nor acknowledged (the sender keeps them), and why. */
  refused: Message[]
  reason: string
  ops: Op[]
  /** Once they are stored: the events, an acceptance to send. */
  after(): Promise<void>
}

export interface ContactsComponents {
  self: string
  store: Pick<ProfileStore, 'contacts' | 'conversations' | 'deleteConversation' | 'addIncoming'>
  events: Emitter<ParleyEvents>
  /** Queues a request or an acceptance in the outbox. */
  send(to: string, kind: 'request' | 'accept', text: string): Promise<Message>
  /** Closes every connection to a peer just blocked. */
  hangUp(peerId: string): Promise<void>
  /** Sends again what waits in the outbox for a peer (refused while our request was held). */
  resend(peerId: string): void
}

export class Contacts {
  private readonly notices = new TokenBuckets(REQUEST_NOTICES_PER_MINUTE, REQUEST_NOTICES_BURST)

  constructor(private readonly c: ContactsComponents) {}

  get(peerId: string): Contact | undefined {
    return this.c.store.contacts.get(peerId)
  }

  list(): Contact[] {
    return this.c.store.contacts.list()
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

  /**
   * Decides what becomes of new (not duplicate) messages from `peerId`, in order;
   * `name` is what its Hello said. A contact's are kept, and its requests and
   * acceptances move it along; a stranger's first makes a message request (unless
   * MAX_PENDING_REQUESTS wait already) whose messages are held, up to
   * MAX_HELD_MESSAGES and MAX_HELD_BYTES. The contact's new state is written with
   * the messages kept; nothing changes until then.
   */
  admit(peerId: string, fresh: Message[], name: string): Admitted {
    const known = this.get(peerId)
    let contact = known
    const kept: Message[] = []
    const dropped: Message[] = []
    const refused: Message[] = []
    let reason = ''
    let agreed = false
    let answer = false
    const refuse = (m: Message, why: string) => {
      refused.push(m)
      reason = why
    }
    for (const m of fresh) {
      const kind = m.kind ?? 'text'
      if (!contact) {
        if (kind === 'accept') {
          dropped.push(m)
          continue
        }
        if (this.pendingRequests() >= MAX_PENDING_REQUESTS) {
          refuse(m, `${MAX_PENDING_REQUESTS} message requests wait already`)
          continue
        }
        contact = {
          peerId,
          displayName: name,
          state: 'pending',
          labels: [],
          addedAt: Date.now(),
          held: { messages: 0, bytes: 0 },
        }
      }
      if (contact.state === 'blocked') {
        refuse(m, 'blocked')
      } else if (contact.state === 'pending') {
        const held = contact.held ?? { messages: 0, bytes: 0 }
        const bytes = held.bytes + utf8Length(m.text)
        if (held.messages >= MAX_HELD_MESSAGES || bytes > MAX_HELD_BYTES) {
          refuse(m, `the request holds ${held.messages} messages (${held.bytes} B) already`)
          continue
        }
        const greeting = kind === 'request' && m.text ? { greeting: m.text } : {}
        contact = { ...contact, ...greeting, held: { messages: held.messages + 1, bytes } }
        kept.push(m)
      } else {
        kept.push(m)
        if (contact.state === 'requested' && (kind === 'request' || kind === 'accept')) {
          // They accepted, or asked us at the same time: both sides agreed.
          contact = friends(contact)
          agreed = true
        } else if (contact.state === 'accepted' && kind === 'request') {
          // They lost or removed us and asked again: we still agree.
          answer = true
        }
      }
    }
    const changed = contact !== undefined && contact !== known
    const ops = changed ? [this.c.store.contacts.op(contact as Contact)] : []
    const held = contact?.state === 'pending' && kept.length > 0
    return {
      keep: kept,
      dropped,
      refused,
      reason,
      ops,
      after: async () => {
        if (contact && (changed || held)) this.c.events.emit('contact', contact)
        if (contact && !known && contact.state === 'pending') this.requestArrived(contact)
        if (agreed) {
          this.showConversation(peerId)
          // What they refused past the limits of a held request, they take now.
          this.c.resend(peerId)
        }
        if (answer) await this.c.send(peerId, 'accept', '')
      },
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
    if (known) await this.c.store.contacts.put({ ...known, lastSeen: at })
  }

  private async becomeFriends(contact: Contact): Promise<Contact> {
    const friend = await this.save(friends(contact))
    this.showConversation(contact.peerId)
    return friend
  }

  /** Held messages join the conversations now. */
  private showConversation(peerId: string): void {
    const conversation = this.c.store.conversations.get(directConversationId(this.c.self, peerId))
    if (conversation) this.c.events.emit('conversation', conversation)
  }

  private pendingRequests(): number {
    return this.list().filter((c) => c.state === 'pending').length
  }

  /** A new message request: worth a notification, unless so many came that it is not. */
  private requestArrived(contact: Contact): void {
    if (!this.notices.take('').ok) return
    this.c.events.emit('attention', {
      kind: 'request',
      peerId: contact.peerId,
      greeting: contact.greeting ?? '',
    })
  }

  private async save(contact: Contact): Promise<Contact> {
    await this.c.store.contacts.put(contact)
    this.c.events.emit('contact', contact)
    return contact
  }

  private async forget(peerId: string): Promise<void> {
    await this.c.store.contacts.delete(peerId)
    this.c.events.emit('contactRemoved', { peerId })
  }
}

/** A contact both sides agreed to: no greeting, nothing held any more. */
function friends(contact: Contact): Contact {
  const { greeting: _, held: __, ...rest } = contact
  return { ...rest, state: 'accepted', acceptedAt: Date.now() }
}
