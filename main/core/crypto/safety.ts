// Safety numbers (Signal's): two contacts compare a number made from both identity
// keys, by eye or as a scanned code, to know that no one sits in the middle. A
// match marks the contact verified; a new identity key clears that and leaves a
// notice in the conversation. The service lives with the profile, not the network.
import { peerIdFromString } from '@libp2p/peer-id'
import {
  ErrorCode,
  Fingerprint,
  LibSignalErrorBase,
  PublicKey,
  ScannableFingerprint,
} from '@signalapp/libsignal-client'
import { monotonicFactory } from 'ulid'
import {
  ApiError,
  type Contact,
  type Message,
  type ParleyEvents,
  type SafetyNumber,
} from '../../../protocol/api.ts'
import type { Emitter } from '../../../protocol/emitter.ts'
import type { HybridClock } from '../../../protocol/hlc.ts'
import { directConversationId } from '../../../protocol/ids.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ProfileStore } from '../store/profile-store.ts'
import type { SignalSessions } from './signal/sessions.ts'

/** Signal's parameters, so the digits read like any Signal safety number. */
const ITERATIONS = 5200
const VERSION = 2

export interface SafetyComponents {
  self: string
  store: Pick<ProfileStore, 'addNotice'>
  contacts: Contacts
  signal: Pick<SignalSessions, 'identityKey' | 'peerIdentity' | 'trustIdentity'>
  clock: HybridClock
  events: Emitter<ParleyEvents>
}

export class Safety {
  private readonly newId = monotonicFactory()
  /**
   * Verifying and a key change run one at a time: a verification compared against
   * the old key must not land after the change has cleared it.
   */
  private turn: Promise<unknown> = Promise.resolve()

  constructor(private readonly c: SafetyComponents) {}

  async safetyNumber(peerId: string): Promise<SafetyNumber> {
    const fingerprint = await this.fingerprint(peerId)
    return {
      digits: fingerprint.displayableFingerprint().toString(),
      scannable: Buffer.from(fingerprint.scannableFingerprint().toBuffer()).toString('base64'),
      verified: this.c.contacts.get(peerId)?.verified === true,
    }
  }

  /**
   * Marks a contact verified, or clears it. `scanned` (their code) must match ours,
   * `digits` (what the user compared by eye) must still be our number: otherwise
   * nothing changes.
   */
  verify(
    peerId: string,
    verified: boolean,
    compared: { digits?: string | undefined; scanned?: string | undefined } = {},
  ): Promise<Contact> {
    return this.inTurn(async () => {
      if (!this.c.contacts.get(peerId)) throw new ApiError('not-found', 'not a contact')
      if (verified) {
        // Also when nothing was compared here: there must be a key to vouch for.
        const fingerprint = await this.fingerprint(peerId)
        const { digits, scanned } = compared
        if (digits !== undefined && digits !== fingerprint.displayableFingerprint().toString()) {
          throw new ApiError(
            'bad-request',
            'the safety number changed while you compared it (a new identity key): compare the new one',
          )
        }
        if (scanned !== undefined) checkScanned(fingerprint, scanned)
      }
      return this.c.contacts.setVerified(peerId, verified)
    })
  }

  /**
   * `peerId` presents a new identity key, trusted from now on as Signal does by
   * default: the conversation gets a notice, in clock order like any message, and
   * the contact is no longer verified. Given the key (`presented`), this trusts it
   * too, after the notice is stored (a crash in between warns again rather than
   * not at all) and before anyone is told (so a safety-number screen reloads the
   * new number).
   */
  identityChanged(peerId: string, presented?: Uint8Array<ArrayBuffer>): Promise<void> {
    return this.inTurn(() => this.warn(peerId, presented))
  }

  private async warn(peerId: string, presented?: Uint8Array<ArrayBuffer>): Promise<void> {
    const hlc = this.c.clock.tick()
    const notice: Message = {
      kind: 'identity-changed',
      id: this.newId(hlc.wall),
      conversationId: directConversationId(this.c.self, peerId),
      peerId,
      sender: peerId,
      direction: 'in',
      text: '',
      hlc,
      status: 'received',
    }
    await this.c.store.addNotice(notice)
    if (presented) {
      const trusted = await this.c.signal.trustIdentity(peerId, presented)
      if (!trusted.ok) throw new Error(`cannot trust ${peerId}'s new key: ${trusted.error.reason}`)
    }
    if (this.c.contacts.get(peerId)) await this.c.contacts.setVerified(peerId, false)
    // Like their messages: a stranger's conversation stays out of sight.
    if (this.c.contacts.isOpen(peerId)) this.c.events.emit('message', { ...notice, path: null })
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work)
    this.turn = run.catch(() => {})
    return run
  }

  private async fingerprint(peerId: string): Promise<Fingerprint> {
    const theirs = await this.c.signal.peerIdentity(peerId)
    if (!theirs) {
      throw new ApiError(
        'not-found',
        `no identity key of ${peerId} is known yet: it comes with the first encrypted message between you, so exchange a message first`,
      )
    }
    return Fingerprint.new(
      ITERATIONS,
      VERSION,
      peerIdBytes(this.c.self),
      PublicKey.deserialize(this.c.signal.identityKey),
      peerIdBytes(peerId),
      PublicKey.deserialize(theirs),
    )
  }
}

/** The identifier each key is bound to (binding.ts): the peer id, as its multihash bytes. */
function peerIdBytes(peerId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(peerIdFromString(peerId).toMultihash().bytes)
}

/** Throws a 'bad-request' saying why unless `scanned` (base64) is the other side of `ours`. */
function checkScanned(ours: Fingerprint, scanned: string): void {
  const bytes = new Uint8Array(Buffer.from(scanned, 'base64'))
  const mine = ours.scannableFingerprint()
  // Each side's code lists its own key first: ours never matches itself.
  if (Buffer.from(mine.toBuffer()).equals(bytes)) {
    throw new ApiError('bad-request', 'the codes differ: this is your own code, not theirs')
  }
  let match: boolean
  try {
    // libsignal offers no other way to wrap scanned bytes.
    match = mine.compare(ScannableFingerprint._fromBuffer(bytes))
  } catch (err) {
    if (!LibSignalErrorBase.is(err, ErrorCode.Generic)) throw err
    throw new ApiError(
      'bad-request',
      `the codes differ: theirs is not a safety code (${err.message})`,
    )
  }
  if (!match) {
    throw new ApiError(
      'bad-request',
      'the codes differ: theirs is made from other identity keys (another contact, or someone in the middle)',
    )
  }
}
