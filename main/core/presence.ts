// Presence and typing between contacts: passing signals on the chat streams, never
// stored (only a contact's last-seen time is). Only contacts hear ours, and only
// theirs are listened to; someone invisible tells everyone 'offline'.
import type { OwnStatus, ParleyEvents, PeerPresence } from '../../protocol/api.ts'
import type { Emitter } from '../../protocol/emitter.ts'
import type { ChatFrame, PeerStatus } from '../../protocol/frame.ts'
import type { ChatLink } from './chat-link.ts'
import type { ChatStore } from './store.ts'

/** A typing indicator not refreshed within this long has stopped (the sender refreshes it). */
export const TYPING_EXPIRY_MS = 6_000

export interface PresenceComponents {
  store: ChatStore
  events: Emitter<ParleyEvents>
  /** The open chat links to `peerId`, or to everyone. */
  links(peerId?: string): ChatLink[]
}

export class PresenceService {
  private readonly statuses = new Map<string, PeerStatus>()
  private readonly typing = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly c: PresenceComponents,
    private own: OwnStatus,
  ) {
    // Someone may become a contact while a stream to them is already open.
    c.events.on('contact', ({ peerId }) => {
      for (const link of c.links(peerId)) this.tell(link)
    })
  }

  /** A new chat stream: a contact learns our status at once. */
  opened(link: ChatLink): void {
    if (this.isContact(link.peerId)) this.tell(link)
  }

  received(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void {
    const peerId = link.peerId
    if (!this.isContact(peerId)) return
    if (frame.kind === 'typing') {
      this.typed(peerId, frame.active)
    } else {
      this.statuses.set(peerId, frame.status)
      this.c.events.emit('presence', this.of(peerId))
    }
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

  /** No connection to `peerId` is left: a contact is offline, last seen now. */
  async disconnected(peerId: string): Promise<void> {
    const contact = this.c.store.getContact(peerId)
    if (!contact) return
    this.typed(peerId, false)
    this.statuses.set(peerId, 'offline')
    await this.c.store.putContact({ ...contact, lastSeen: Date.now() })
    this.c.events.emit('presence', this.of(peerId))
  }

  list(): PeerPresence[] {
    return this.c.store.listContacts().map((c) => this.of(c.peerId))
  }

  stop(): void {
    for (const timer of this.typing.values()) clearTimeout(timer)
  }

  private of(peerId: string): PeerPresence {
    return {
      peerId,
      status: this.statuses.get(peerId) ?? 'offline',
      lastSeen: this.c.store.getContact(peerId)?.lastSeen ?? null,
    }
  }

  private typed(peerId: string, active: boolean): void {
    clearTimeout(this.typing.get(peerId))
    this.typing.delete(peerId)
    if (active)
      this.typing.set(
        peerId,
        setTimeout(() => this.typed(peerId, false), TYPING_EXPIRY_MS),
      )
    this.c.events.emit('typing', { peerId, active })
  }

  private tell(link: ChatLink): void {
    const status = this.own === 'invisible' ? 'offline' : this.own
    link.write({ kind: 'presence', status }).catch(() => {})
  }

  private isContact(peerId: string): boolean {
    return this.c.store.getContact(peerId) !== undefined
  }
}
