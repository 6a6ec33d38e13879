// End-to-end encryption with the Signal protocol: PQXDH to open a session from a
// peer's prekey bundle, then the Double Ratchet, one session per peer id.
//
// Every operation on a peer's session runs alone (one at a time per peer) in a
// transaction (stores.ts): a refused message, whatever the reason, writes nothing,
// so the next valid one still decrypts. What an encryption changes is on disk before
// its ciphertext can leave (a ratchet step lost to a power cut would be taken again
// with other words: the peer would see a copy). A decryption's new state is written
// in the same batch as the messages it revealed (atomically()): a message that
// libsignal calls a duplicate is therefore one already stored. Refusals are typed
// results, never throws: the chat layer shows `identity-changed` as a warning and
// drops the rest with a log line. Errors of the database itself are thrown.
import type { PrivateKey as Libp2pKey } from '@libp2p/interface'
import {
  CiphertextMessageType,
  ErrorCode,
  KEMPublicKey,
  LibSignalErrorBase,
  PreKeyBundle,
  PreKeySignalMessage,
  ProtocolAddress,
  PublicKey,
  processPreKeyBundle,
  SignalMessage,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client'
import {
  decodeBundle,
  decodeCiphertext,
  encodeBundle,
  encodeCiphertext,
  type IdentityBinding,
} from '../../../../protocol/prekeys.ts'
import { KeyedLock } from '../../lib/keyed-lock.ts'
import { type Op, WriteQueue } from '../../store/write-queue.ts'
import { checkBinding } from './binding.ts'
import { KeyRing } from './keys.ts'
import {
  Identities,
  MissingKeyError,
  PreKeys,
  plain,
  Sessions,
  type SignalDb,
  SignalTables,
  type Transaction,
  type Writer,
} from './stores.ts'

/** Parley has one device per profile; libsignal addresses are (name, device). */
const DEVICE_ID = 1

/**
 * Which of two sessions with a peer: 'chat', on chat streams, and 'mail', for relay
 * mailbox letters only. A letter may wait on a relay for days while the chat session
 * takes many ratchet steps, and libsignal keeps only a few old receiving chains: in
 * a session of their own (its own libsignal device id), letters always decrypt.
 */
export type Channel = 'chat' | 'mail'
const CHANNEL_DEVICE: Record<Channel, number> = { chat: DEVICE_ID, mail: 2 }

export type SignalErrorCode =
  /** No session with the peer: fetch its bundle and addBundle() it. */
  | 'no-session'
  /** The peer presents a new identity key (a reinstall, or an impostor): warn, and trustIdentity() to go on. */
  | 'identity-changed'
  /** A bundle or session opening whose identity key is not bound to the peer id it claims. */
  | 'bad-binding'
  /** A message decrypted before: a replay, or a retry that came twice. */
  | 'duplicate'
  /** Malformed, tampered with, or for keys this profile no longer has. */
  | 'invalid'

export interface SignalError {
  code: SignalErrorCode
  reason: string
  /** With `identity-changed`: the key known so far, and the one now presented (libsignal's serialised form). */
  identity?: { known: Uint8Array<ArrayBuffer>; presented: Uint8Array<ArrayBuffer> }
}

export type Result<T, E> = ({ ok: true } & T) | { ok: false; error: E }
export type SignalResult<T> = Result<T, SignalError>

export interface SignalOptions {
  /** The profile's sublevel for Signal state (sealed at rest by the profile's database). */
  db: SignalDb
  /** The profile's libp2p peer id and key, which vouch for its Signal identity key. */
  peerId: string
  libp2pKey: Libp2pKey
  /**
   * How its transactions reach the disk: the profile's write queue, so that a
   * decrypted message and the session state it advanced land in one batch. By
   * default a queue of its own on `db`.
   */
  write?: Writer
  /** For tests of rotation. */
  now?: () => number
}

/**
 * One peer's sessions inside a piece of work that SignalSessions.atomically() runs
 * alone and writes as one batch with whatever the work stores.
 */
export interface PeerSessions {
  /**
   * Decrypts what the peer sent. What it changes (the ratchet, a used prekey) joins
   * the work's write only if `accept` takes the plaintext: a refusal leaves no trace.
   */
  decrypt<T, E>(
    bytes: Uint8Array,
    channel: Channel,
    accept: (plaintext: Uint8Array) => Result<T, E>,
  ): Promise<Result<T, SignalError | E>>
  /**
   * The session state changed, handed over to be written in the work's own batch
   * (before the work resolves). The last call: a decrypt after it throws, since its
   * state would reach neither that batch nor the disk.
   */
  ops(): Op[]
}

export class SignalSessions {
  /** One piece of work at a time on each peer's sessions, in the order asked. */
  private readonly turns = new KeyedLock()
  private readonly local: ProtocolAddress

  private constructor(
    private readonly tables: SignalTables,
    readonly keys: KeyRing,
    peerId: string,
  ) {
    this.local = ProtocolAddress.new(peerId, DEVICE_ID)
  }

  static async open(options: SignalOptions): Promise<SignalSessions> {
    const write = options.write ?? writerOn(options.db)
    const tables = new SignalTables(options.db, write)
    const keys = await KeyRing.open(
      tables,
      options.peerId,
      options.libp2pKey,
      options.now ?? Date.now,
    )
    return new SignalSessions(tables, keys, options.peerId)
  }

  /** Our identity key, as peers see it (for safety numbers). */
  get identityKey(): Uint8Array<ArrayBuffer> {
    return this.keys.binding.identityKey
  }

  /** An encoded bundle: `oneTime` for one peer (first contact), without for publishing. */
  async bundle(options: { oneTime: boolean }): Promise<Uint8Array> {
    return encodeBundle(await this.keys.bundle(options))
  }

  /** Opens a session with `peer` from its bundle (replacing any current one). */
  addBundle(
    peer: string,
    bytes: Uint8Array,
    channel: Channel = 'chat',
  ): Promise<SignalResult<object>> {
    return this.exclusive(peer, async (tx) => {
      const decoded = decodeBundle(bytes)
      if (!decoded.ok) return refuse('invalid', `bad bundle: ${decoded.error.reason}`)
      const { bundle } = decoded
      const identity = await this.checkIdentity(tx, peer, bundle.binding)
      if (!identity.ok) return identity
      const { signedPreKey: signed, kyberPreKey: kyber, preKey } = bundle
      const prekeyBundle = PreKeyBundle.new(
        bundle.registrationId,
        DEVICE_ID,
        preKey?.id ?? null,
        preKey ? PublicKey.deserialize(preKey.publicKey) : null,
        signed.id,
        PublicKey.deserialize(signed.publicKey),
        signed.signature,
        identity.identityKey,
        kyber.id,
        KEMPublicKey.deserialize(kyber.publicKey),
        kyber.signature,
      )
      const { sessions, identities } = this.stores(tx)
      await processPreKeyBundle(
        prekeyBundle,
        address(peer, channel),
        this.local,
        sessions,
        identities,
      )
      return { ok: true }
    })
  }

  async hasSession(peer: string, channel: Channel = 'chat'): Promise<boolean> {
    // In turn with the peer's other operations, as every reader of its cached session.
    const result = await this.exclusive(peer, async (tx) => {
      const record = await this.stores(tx).sessions.getSession(address(peer, channel))
      return { ok: true, open: record?.hasCurrentState() ?? false }
    })
    return result.ok && result.open
  }

  encrypt(
    peer: string,
    plaintext: Uint8Array<ArrayBuffer>,
    channel: Channel = 'chat',
  ): Promise<SignalResult<{ ciphertext: Uint8Array }>> {
    return this.exclusive(peer, async (tx) => {
      const { sessions, identities } = this.stores(tx)
      if (!(await sessions.getSession(address(peer, channel)))?.hasCurrentState()) {
        return refuse('no-session', `no session with ${peer} yet: it needs ${peer}'s bundle`)
      }
      const message = await signalEncrypt(
        plaintext,
        address(peer, channel),
        this.local,
        sessions,
        identities,
      )
      const body = message.serialize()
      // Until the peer answers, every message opens the session again: each carries our binding.
      const ciphertext =
        message.type() === CiphertextMessageType.PreKey
          ? encodeCiphertext({ type: 'prekey', body, binding: this.keys.binding })
          : encodeCiphertext({ type: 'whisper', body })
      return { ok: true, ciphertext }
    })
  }

  /** Decrypts what `peer` sent, and writes the session's new state (tests, and peers that store nothing). */
  decrypt(
    peer: string,
    bytes: Uint8Array,
    channel: Channel = 'chat',
  ): Promise<SignalResult<{ plaintext: Uint8Array }>> {
    return this.atomically(peer, (sessions) =>
      sessions.decrypt(bytes, channel, (plaintext) => ({ ok: true, plaintext })),
    )
  }

  /**
   * Runs `work` on `peer`'s sessions after the work before it. The state its
   * decrypts change is written in the batch the work writes with ops() (so a
   * message and the ratchet step that revealed it land together, or neither does),
   * or after the work if it wrote none.
   */
  atomically<T>(peer: string, work: (sessions: PeerSessions) => Promise<T>): Promise<T> {
    return this.turns.run(peer, async () => {
      const tx = this.tables.transaction()
      let handed = false
      const sessions: PeerSessions = {
        decrypt: async (bytes, channel, accept) => {
          if (handed) throw new Error('decrypt after ops(): its state would never be written')
          const step = tx.child()
          const opened = await this.refusing(() => this.decryptIn(step, peer, bytes, channel))
          if (!opened.ok) return opened
          const accepted = accept(opened.plaintext)
          if (accepted.ok) step.keep()
          return accepted
        },
        ops: () => {
          handed = true
          return tx.ops()
        },
      }
      let result: T
      try {
        result = await work(sessions)
      } catch (err) {
        tx.forget()
        throw err
      }
      if (handed) tx.landed()
      else await tx.commit()
      return result
    })
  }

  private async decryptIn(
    tx: Transaction,
    peer: string,
    bytes: Uint8Array,
    channel: Channel,
  ): Promise<SignalResult<{ plaintext: Uint8Array }>> {
    const decoded = decodeCiphertext(bytes)
    if (!decoded.ok) return refuse('invalid', decoded.error.reason)
    const { ciphertext } = decoded
    if (ciphertext.type === 'whisper') {
      const { sessions, identities } = this.stores(tx)
      // The peer holds a session we do not (we lost it, or never had it): it must open a new one.
      if (!(await sessions.getSession(address(peer, channel)))) {
        return refuse('no-session', `no session with ${peer} for this message`)
      }
      const message = SignalMessage.deserialize(ciphertext.body)
      const plaintext = await signalDecrypt(
        message,
        address(peer, channel),
        this.local,
        sessions,
        identities,
      )
      return { ok: true, plaintext }
    }
    const identity = await this.checkIdentity(tx, peer, ciphertext.binding)
    if (!identity.ok) return identity
    // The message must carry the very identity key the binding vouches for.
    const { sessions, identities, preKeys } = this.stores(tx, identity.identityKey)
    try {
      const plaintext = await signalDecryptPreKey(
        PreKeySignalMessage.deserialize(ciphertext.body),
        address(peer, channel),
        this.local,
        sessions,
        identities,
        preKeys.oneTime,
        preKeys.signed,
        preKeys.kyber,
      )
      return { ok: true, plaintext }
    } catch (err) {
      if (!LibSignalErrorBase.is(err, ErrorCode.UntrustedIdentity)) throw err
      return refuse('bad-binding', 'the message carries another identity key than its binding')
    }
  }

  /**
   * Accepts `peer`'s new identity key (after an `identity-changed`): bundles and
   * session openings with it are taken from now on, and the session with the old
   * key is closed (what comes on it is refused as `identity-changed`).
   */
  trustIdentity(peer: string, identityKey: Uint8Array<ArrayBuffer>): Promise<SignalResult<object>> {
    return this.exclusive(peer, async (tx) => {
      tx.put(this.tables.identities, peer, PublicKey.deserialize(identityKey).serialize())
      const { sessions } = this.stores(tx)
      for (const channel of Object.keys(CHANNEL_DEVICE) as Channel[]) {
        const record = await sessions.getSession(address(peer, channel))
        if (!record) continue
        record.archiveCurrentState()
        await sessions.saveSession(address(peer, channel), record)
      }
      return { ok: true }
    })
  }

  /** The identity key known for `peer`, if any. */
  async peerIdentity(peer: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    return plain(await this.tables.identities.get(peer))
  }

  /** Checks a peer's binding, and whether it brings an identity key other than the one known. */
  private async checkIdentity(
    tx: Transaction,
    peer: string,
    binding: IdentityBinding,
  ): Promise<SignalResult<{ identityKey: PublicKey }>> {
    const checked = await checkBinding(binding, peer)
    if (!checked.ok) return refuse('bad-binding', checked.reason)
    const known = await tx.get(this.tables.identities, peer)
    if (known && !PublicKey.deserialize(known).equals(checked.identityKey)) {
      return {
        ok: false,
        error: {
          code: 'identity-changed',
          reason: `${peer} presents a new identity key`,
          identity: { known, presented: binding.identityKey },
        },
      }
    }
    return { ok: true, identityKey: checked.identityKey }
  }

  private stores(tx: Transaction, pinned?: PublicKey) {
    return {
      sessions: new Sessions(tx, this.tables),
      identities: new Identities(tx, this.tables, this.keys.own, pinned),
      preKeys: new PreKeys(tx, this.tables),
    }
  }

  /**
   * Runs `work` on `peer`'s session in a transaction that is committed (on disk:
   * what it changed may leave in a ciphertext next) only if it succeeds.
   */
  private exclusive<T>(
    peer: string,
    work: (tx: Transaction) => Promise<SignalResult<T>>,
  ): Promise<SignalResult<T>> {
    return this.turns.run(peer, async () => {
      const tx = this.tables.transaction()
      const result = await this.refusing(() => work(tx))
      if (result.ok) await tx.commit()
      return result
    })
  }

  /** libsignal's refusals as typed results; anything else (the database failing) is thrown. */
  private async refusing<T>(work: () => Promise<SignalResult<T>>): Promise<SignalResult<T>> {
    try {
      return await work()
    } catch (err) {
      const refusal = refusalOf(err)
      if (refusal) return refusal
      throw err
    }
  }
}

/** A queue of its own on `db`, for sessions that share no database with a chat store. */
function writerOn(db: SignalDb): Writer {
  const queue = new WriteQueue(db)
  return (ops, options) => queue.write(ops, options)
}

function address(peer: string, channel: Channel = 'chat'): ProtocolAddress {
  return ProtocolAddress.new(peer, CHANNEL_DEVICE[channel])
}

function refuse(code: SignalErrorCode, reason: string): { ok: false; error: SignalError } {
  return { ok: false, error: { code, reason } }
}

/** libsignal's refusals (and our stores' missing keys) as typed results; anything else is thrown. */
function refusalOf(err: unknown): { ok: false; error: SignalError } | undefined {
  if (err instanceof MissingKeyError) return refuse('invalid', err.message)
  if (!(err instanceof LibSignalErrorBase)) return undefined
  switch (err.code) {
    case ErrorCode.DuplicatedMessage:
      return refuse('duplicate', 'this message was decrypted before (a replay, or a copy)')
    case ErrorCode.UntrustedIdentity:
      return refuse('identity-changed', 'this session is with an identity key no longer trusted')
    case ErrorCode.InvalidSession:
      return refuse('no-session', err.message)
    default:
      return refuse('invalid', err.message)
  }
}
