// Presence and typing between contacts: passing signals on the chat streams, never
// stored (only a contact's last-seen time is). Only accepted contacts hear ours, and
// only theirs are listened to; someone invisible tells everyone 'offline'. Typing in
// a group goes to its members we have a stream to, and is heard from its members.

import type { OwnStatus, ParleyEvents, PeerPresence } from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { ChatFrame, PeerStatus } from '../../../protocol/frame.ts'
import type { GroupService } from '../groups/group-service.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ChatLink } from './link.ts'

/** A typing indicator not refreshed within this long has stopped (the sender refreshes it). */
export const TYPING_EXPIRY_MS = 6_000

export interface PresenceComponents {
  contacts: Contacts
  events: Emitter<ParleyEvents>
  /** The open chat links to `peerId`, or to everyone. */
  links(peerId?: string): ChatLink[]
  groups: Pick<GroupService, 'members'>
}

export class PresenceService {
  private readonly statuses = new Map<string, PeerStatus>()
  private readonly typing = new Map<string, NodeJS.Timeout>()
  /**
   * The last status heard from someone not (yet) accepted on our side. The side that
   * accepts tells its status at once, and that can overtake the acceptance itself;
   * it is shown only if they become a contact while connected.
   */
  private readonly unheard = new Map<string, PeerStatus>()
  /** The network restarts on a new relay list; the event stream outlives it. */
  private unsubscribe = () => {}

  constructor(
    private readonly c: PresenceComponents,
    private own: OwnStatus,
  ) {}

  start(): void {
    // Someone may become a contact (a request accepted) while a stream to them is open.
    this.unsubscribe = this.c.events.on('contact', ({ peerId }) => {
      if (!this.isContact(peerId)) return
      for (const link of this.c.links(peerId)) this.tell(link)
      const status = this.unheard.get(peerId)
      this.unheard.delete(peerId)
      if (status && !this.statuses.has(peerId)) this.heard(peerId, status)
    })
  }

  /** A new chat stream: a contact learns our status at once. */
  opened(link: ChatLink): void {
    if (this.isContact(link.peerId)) this.tell(link)
  }

  received(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void {
    const peerId = link.peerId
    if (frame.kind === 'typing' && frame.groupId !== undefined) {
      const { groupId } = frame
      if (this.c.groups.members(groupId).includes(peerId)) this.typed(peerId, frame.active, groupId)
      return
    }
    if (!this.isContact(peerId)) {
      if (frame.kind === 'presence') this.unheard.set(peerId, frame.status)
      return
    }
    if (frame.kind === 'typing') this.typed(peerId, frame.active)
    else this.heard(peerId, frame.status)
  }

  set(status: OwnStatus): void {
    this.own = status
    for (const link of this.c.links()) if (this.isContact(link.peerId)) this.tell(link)
  }

  /** Tells a contact we are typing to them (or stopped); dropped when no stream is open. */
  sendTyping(peerId: string, active: boolean): void {
    if (this.own === 'invisible') return
    for (const link of this.c.links(peerId)) link.write({ kind: 'typing', active }).catch(() => {})
  }

  /** Tells a group's members we are typing there (or stopped): those we have a stream to. */
  sendGroupTyping(groupId: string, active: boolean): void {
    if (this.own === 'invisible') return
    for (const peerId of this.c.groups.members(groupId)) {
      for (const link of this.c.links(peerId)) {
        link.write({ kind: 'typing', active, groupId }).catch(() => {})
      }
    }
  }

  /** No connection to `peerId` is left: a contact is offline, last seen now. */
  async disconnected(peerId: string): Promise<void> {
    this.unheard.delete(peerId)
    for (const key of this.typing.keys()) {
      const [groupId, typist] = key.split(' ')
      if (groupId && typist === peerId) this.typed(peerId, false, groupId)
    }
    if (!this.isContact(peerId)) return
    this.typed(peerId, false)
    this.statuses.set(peerId, 'offline')
    await this.c.contacts.lastSeen(peerId, Date.now())
    this.c.events.emit('presence', this.of(peerId))
  }

  list(): PeerPresence[] {
    return this.c.contacts
      .list()
      .filter((c) => c.state === 'accepted')
      .map((c) => this.of(c.peerId))
  }

  stop(): void {
    this.unsubscribe()
    for (const timer of this.typing.values()) clearTimeout(timer)
  }

  private of(peerId: string): PeerPresence {
    return {
      peerId,
      status: this.statuses.get(peerId) ?? 'offline',
      lastSeen: this.c.contacts.get(peerId)?.lastSeen ?? null,
    }
  }

  private heard(peerId: string, status: PeerStatus): void {
    this.statuses.set(peerId, status)
    this.c.events.emit('presence', this.of(peerId))
  }

  /** Someone typing to us, or in a group (keyed `<group id> <peer id>`, '' for a direct chat). */
  private typed(peerId: string, active: boolean, groupId?: string): void {
    const key = `${groupId ?? ''} ${peerId}`
    clearTimeout(this.typing.get(key))
    this.typing.delete(key)
    if (active) {
      const expiry = setTimeout(() => this.typed(peerId, false, groupId), TYPING_EXPIRY_MS)
      this.typing.set(key, expiry)
    }
    this.c.events.emit('typing', { peerId, active, ...(groupId ? { groupId } : {}) })
  }

  private tell(link: ChatLink): void {
    const status = this.own === 'invisible' ? 'offline' : this.own
    link.write({ kind: 'presence', status }).catch(() => {})
  }

  /** Only accepted contacts hear our presence, and are heard. */
  private isContact(peerId: string): boolean {
    return this.c.contacts.isAccepted(peerId)
  }
}
