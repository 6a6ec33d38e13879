// Prekey bundles on chat streams. A peer with no session with us asks for our keys
// ('key-request') and gets a bundle; a peer whose message we could not decrypt gets
// new keys unasked, starts a new session and sends again. What a peer can make us
// spend is bounded: bundles are rate-limited per peer, and the one-time prekeys in
// them (each a key pair we keep until it is used, or expires: keys.ts) go out within
// one budget for everyone together; past it, a bundle carries only the signed and
// last-resort keys, with which PQXDH still opens a session. Keys are taken only when
// we asked for them, or from someone we write to (the unasked answer to a message of
// ours it could not decrypt): a stranger cannot make us keep sessions.
import { TokenBuckets } from '../../../protocol/rate-limit.ts'
import type { Safety } from '../crypto/safety.ts'
import type { SignalError, SignalSessions } from '../crypto/signal/sessions.ts'
import type { Contacts } from '../people/contacts.ts'
import type { ChatLink } from './link.ts'

/** How long a peer has to answer our request for its keys. */
const KEYS_TIMEOUT_MS = 10_000
/** Bundles per peer: enough for a session reset or two at once, then one every 10 minutes. */
const BUNDLE_BURST = 4
const BUNDLES_PER_MINUTE = 0.1
/** One-time prekeys handed out, everyone together: a burst, then 20 an hour. */
const ONE_TIME_BURST = 20
const ONE_TIME_PER_MINUTE = 20 / 60
/** Peers whose bundle rate is tracked at once (memory); past it the least recent is forgotten. */
const MAX_TRACKED_PEERS = 4096

export interface KeyExchangeComponents {
  signal: SignalSessions
  contacts: Pick<Contacts, 'isOpen'>
  /** Warns of a contact's new identity key, and trusts it. */
  safety: Pick<Safety, 'identityChanged'>
  /** Sends again everything unacknowledged to `peer` (it could not decrypt it). */
  resend(peer: string): void
  log(line: string): void
}

export class KeyExchange {
  private readonly bundles = new TokenBuckets(
    BUNDLES_PER_MINUTE,
    BUNDLE_BURST,
    Date.now,
    MAX_TRACKED_PEERS,
  )
  private readonly oneTime = new TokenBuckets(ONE_TIME_PER_MINUTE, ONE_TIME_BURST)
  /** Peers whose bundle we asked for, resolved when it comes. */
  private readonly awaiting = new Map<string, PromiseWithResolvers<void>>()
  /** Links on which we offered new keys after a message we could not decrypt. */
  private readonly rekeyed = new WeakSet<ChatLink>()

  constructor(private readonly c: KeyExchangeComponents) {}

  /** The peer asked for our keys. */
  async requested(link: ChatLink): Promise<void> {
    if (!this.bundles.take(link.peerId).ok) {
      return this.c.log(`chat: no more keys for ${link.peerId} for now (rate limit)`)
    }
    const oneTime = this.oneTime.take('').ok
    const bundle = await this.c.signal.bundle({ oneTime })
    await link.write({ kind: 'keys', bundle: bundle as Uint8Array<ArrayBuffer> }).catch(() => {})
  }

  /** We could not decrypt what the link's peer sent: it gets new keys (once per link) and starts over. */
  async undecryptable(link: ChatLink): Promise<void> {
    if (this.rekeyed.has(link)) return
    this.rekeyed.add(link)
    await this.requested(link)
  }

  /** The peer sent its bundle: asked for, or the answer to a message of ours it could not decrypt. */
  async received(link: ChatLink, bundle: Uint8Array): Promise<void> {
    const peer = link.peerId
    const waiting = this.awaiting.get(peer)
    if (!waiting && !this.c.contacts.isOpen(peer)) {
      return this.c.log(`chat: ignored keys from ${peer}: not asked for`)
    }
    let added = await this.c.signal.addBundle(peer, bundle)
    if (!added.ok && added.error.code === 'identity-changed') {
      await this.identityChanged(peer, added.error)
      added = await this.c.signal.addBundle(peer, bundle)
    }
    if (!added.ok) return this.c.log(`chat: refused keys from ${peer}: ${added.error.reason}`)
    this.rekeyed.delete(link)
    this.awaiting.delete(peer)
    if (waiting) waiting.resolve()
    else this.c.resend(peer)
  }

  /** Makes sure we have a session with the link's peer, asking it for its keys if not. */
  async ensureSession(link: ChatLink): Promise<void> {
    const peer = link.peerId
    if (await this.c.signal.hasSession(peer)) return
    let waiting = this.awaiting.get(peer)
    if (!waiting) {
      waiting = Promise.withResolvers<void>()
      this.awaiting.set(peer, waiting)
    }
    await link.write({ kind: 'key-request' })
    const timer = setTimeout(
      () => waiting.reject(new Error(`${peer} sent no keys within ${KEYS_TIMEOUT_MS} ms`)),
      KEYS_TIMEOUT_MS,
    )
    try {
      await waiting.promise
    } finally {
      clearTimeout(timer)
      if (this.awaiting.get(peer) === waiting) this.awaiting.delete(peer)
    }
  }

  /** A contact presents a new identity key: warned of in the conversation, then trusted, as Signal does. */
  async identityChanged(peer: string, error: SignalError): Promise<void> {
    if (error.identity) await this.c.safety.identityChanged(peer, error.identity.presented)
  }
}
