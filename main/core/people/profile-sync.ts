// Profiles between peers over /parley/profile/1.0.0, one answer per stream: anyone
// (a LAN neighbour) gets our display name, an accepted contact also our status line
// and avatar. A contact's Hello carries its status line and its avatar's digest;
// when the digest is new to us, the avatar is fetched here, checked, and kept with
// the contact. Who the asker is comes from the Noise handshake, never from a claim.
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import type { Contact, ParleyEvents } from '../../../protocol/api.ts'
import type { Emitter, Unsubscribe } from '../../../protocol/emitter.ts'
import type { Hello } from '../../../protocol/frame.ts'
import { PROFILE_PROTOCOL } from '../../../protocol/ids.ts'
import { isDisplayName, isStatusLine, MAX_AVATAR_BYTES } from '../../../protocol/limits.ts'
import { PublicProfile } from '../../../protocol/wire/profile.ts'
import type { ContactRecords } from '../store/contact-records.ts'
import { avatarDigest, dataUrlBytes, peerAvatarUrl } from './avatar.ts'
import type { OwnProfile } from './own-profile.ts'

/** An answer with the largest avatar, its status line and name. */
const MAX_PROFILE_BYTES = MAX_AVATAR_BYTES + 1024
const FETCH_TIMEOUT_MS = 10_000

export interface ProfileSyncComponents {
  node: Libp2p
  records: ContactRecords
  events: Emitter<ParleyEvents>
  own: OwnProfile
  /** Sends our Hello again on every open chat stream to `peerId`. */
  regreet(peerId: string): void
  log(line: string): void
}

export class ProfileSync {
  /** Accepted contacts, to notice who just became (or stopped being) one. */
  private accepted = new Set<string>()
  /** `peer digest` of the avatars being fetched. */
  private readonly fetching = new Set<string>()
  private unsubscribe: Unsubscribe[] = []

  constructor(private readonly c: ProfileSyncComponents) {}

  async start(): Promise<void> {
    const { events, records } = this.c
    this.accepted = new Set(
      records
        .list()
        .filter((contact) => contact.state === 'accepted')
        .map((contact) => contact.peerId),
    )
    this.unsubscribe = [
      events.on('contact', (contact) => this.changed(contact.peerId, isAccepted(contact))),
      events.on('contactRemoved', ({ peerId }) => this.changed(peerId, false)),
    ]
    await this.c.node.handle(PROFILE_PROTOCOL, (stream, conn) => this.answer(stream, conn), {
      maxInboundStreams: 4,
      // A contact reachable only through a relay fetches our avatar through it too.
      runOnLimitedConnection: true,
    })
  }

  stop(): void {
    for (const off of this.unsubscribe) off()
  }

  /** Our Hello to `peerId`, or null before the profile is set up. */
  hello(peerId: string): Hello | null {
    const { own, records } = this.c
    if (own.displayName === null) return null
    const { displayName, statusLine, avatarDigest } = own.shownTo(isAccepted(records.get(peerId)))
    return { displayName, statusLine, avatarDigest }
  }

  /** Asks a peer for its profile: all of it is checked but the avatar (see fetchAvatar). */
  async ask(peerId: PeerId, signal: AbortSignal): Promise<PublicProfile> {
    const stream = await this.c.node.dialProtocol(peerId, PROFILE_PROTOCOL, {
      signal,
      runOnLimitedConnection: true,
    })
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_PROFILE_BYTES }).pb(PublicProfile)
      const answer = await pb.read({ signal })
      if (!isDisplayName(answer.displayName) || !isStatusLine(answer.statusLine)) {
        throw new Error('unusable profile')
      }
      return answer
    } finally {
      await stream.close().catch(() => {})
    }
  }

  /**
   * A peer's Hello: a contact we asked or agreed with shows its status line, and
   * its avatar once fetched. The fetch runs on its own: the chat stream goes on.
   */
  async greeted(peerId: string, hello: Hello): Promise<void> {
    const known = this.c.records.get(peerId)
    if (!showsProfile(known)) return
    await this.keep(peerId, 'statusLine', hello.statusLine)
    const held = known.avatar ? avatarDigest(dataUrlBytes(known.avatar)) : ''
    if (hello.avatarDigest === held) return
    if (hello.avatarDigest === '') await this.keep(peerId, 'avatar', '')
    else void this.fetchAvatar(peerId, hello.avatarDigest)
  }

  private async fetchAvatar(peerId: string, digest: string): Promise<void> {
    const key = `${peerId} ${digest}`
    if (this.fetching.has(key)) return
    this.fetching.add(key)
    try {
      const { avatar } = await this.ask(
        peerIdFromString(peerId),
        AbortSignal.timeout(FETCH_TIMEOUT_MS),
      )
      await this.keep(peerId, 'avatar', await peerAvatarUrl(avatar, digest))
    } catch (err) {
      // A newer Hello, with its own digest, tries again.
      this.c.log(`profile: no avatar from ${peerId}: ${(err as Error).message}`)
    } finally {
      this.fetching.delete(key)
    }
  }

  /** Sets (or with '' removes) what a contact shows of itself, and tells the UI. */
  private async keep(peerId: string, key: 'statusLine' | 'avatar', value: string): Promise<void> {
    // Read again: the contact may have changed while an avatar was being fetched.
    const known = this.c.records.get(peerId)
    if (!showsProfile(known) || (known[key] ?? '') === value) return
    const contact: Contact = { ...known }
    if (value) contact[key] = value
    else delete contact[key]
    await this.c.records.put(contact)
    this.c.events.emit('contact', contact)
  }

  /**
   * Someone who just became an accepted contact learns our status line and avatar
   * at once; someone who stopped being one, that they are gone.
   */
  private changed(peerId: string, accepted: boolean): void {
    if (this.accepted.has(peerId) === accepted) return
    if (accepted) this.accepted.add(peerId)
    else this.accepted.delete(peerId)
    this.c.regreet(peerId)
  }

  private async answer(stream: Stream, conn: Connection): Promise<void> {
    const asker = this.c.records.get(conn.remotePeer.toString())
    const { displayName, statusLine, avatar } = this.c.own.shownTo(isAccepted(asker))
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_PROFILE_BYTES }).pb(PublicProfile)
      await pb.write({ displayName, statusLine, avatar: avatar ?? new Uint8Array() })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}

function isAccepted(contact: Contact | undefined): boolean {
  return contact?.state === 'accepted'
}

/**
 * Whose status line and avatar we keep: contacts, and those we asked (whose Hello
 * carries them only once they accept). Never a stranger's request or a blocked peer.
 */
function showsProfile(contact: Contact | undefined): contact is Contact {
  return contact?.state === 'accepted' || contact?.state === 'requested'
}
