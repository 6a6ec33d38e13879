// End-to-end encryption of chat envelopes with the profile's Signal sessions. A
// batch of envelopes becomes one Signal message: a 'sealed' frame on a chat
// stream, or, for a relay mailbox, a letter that also names its sender and is
// sealed again (HPKE) to the recipient's identity key, so the relay sees neither
// who wrote it nor what it says.
import { PublicKey } from '@signalapp/libsignal-client'
import type { Message } from '../../../protocol/api.ts'
import { type Decoded, fail } from '../../../protocol/decode.ts'
import {
  batchedSize,
  type ChatEnvelope,
  decodeBatch,
  encodeBatch,
} from '../../../protocol/frame.ts'
import { MAX_BATCH_BYTES } from '../../../protocol/limits.ts'
import { decodeLetter, encodeLetter, type Letter } from '../../../protocol/mailbox.ts'
import type {
  Channel,
  PeerSessions,
  Result,
  SignalError,
  SignalResult,
  SignalSessions,
} from './signal/sessions.ts'

/** HPKE's `info`: a letter sealed for anything else does not open as one. */
const LETTER_INFO = 'parley-mailbox-letter-v1'

/** Why a sealed batch is refused: the Signal protocol's reasons, or an envelope its sender had no right to send. */
export type OpenError = SignalError | { code: 'misaddressed'; reason: string }
export type Opened = Result<{ envelopes: ChatEnvelope[] }, OpenError>

export class EnvelopeCipher {
  constructor(
    private readonly signal: SignalSessions,
    private readonly self: string,
  ) {}

  seal(
    peer: string,
    envelopes: ChatEnvelope[],
    channel: Channel = 'chat',
  ): Promise<SignalResult<{ ciphertext: Uint8Array }>> {
    return this.signal.encrypt(peer, encodeBatch(envelopes), channel)
  }

  /** Decrypts what `peer` sent and decodes the batch inside, each envelope checked (peers that store nothing). */
  open(peer: string, ciphertext: Uint8Array, channel: Channel = 'chat'): Promise<Opened> {
    return this.signal.atomically(peer, (sessions) => openIn(sessions, ciphertext, channel))
  }

  /** A letter for `peer`'s mailbox, or undefined while we know no identity key of theirs. */
  async letter(peer: string, ciphertext: Uint8Array): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const identity = await this.signal.peerIdentity(peer)
    if (!identity) return undefined
    const letter = encodeLetter({
      sender: this.self,
      ciphertext: ciphertext as Uint8Array<ArrayBuffer>,
    })
    return PublicKey.deserialize(identity).seal(letter, LETTER_INFO)
  }

  /** Opens a letter from our mailbox; one sealed for someone else (or altered) is refused. */
  openLetter(sealed: Uint8Array<ArrayBuffer>): Decoded<{ letter: Letter }> {
    let plain: Uint8Array<ArrayBuffer>
    try {
      plain = this.signal.keys.own.keyPair.privateKey.open(sealed, LETTER_INFO)
    } catch {
      return fail(
        'invalid',
        'the letter is not sealed to our identity key (another recipient, or altered)',
      )
    }
    return decodeLetter(plain)
  }
}

/** An outgoing message as it travels; the notices the core makes itself are never sent. */
export function envelopeOf(m: Message): ChatEnvelope {
  if (m.kind === 'identity-changed' || m.kind === 'group') {
    throw new Error(`notice ${m.id} is not for sending`)
  }
  return {
    id: m.id,
    conversationId: m.conversationId,
    sender: m.sender,
    hlc: m.hlc,
    kind: m.kind ?? (m.quote ? 'reply' : 'text'),
    // Sent again after an edit, a message still goes as it was first written: the edit follows.
    text: m.edits?.[0]?.text ?? m.text,
    ...(m.mentions ? { mentions: m.mentions } : {}),
    ...(m.quote ? { quote: m.quote } : {}),
    ...(m.target ? { target: m.target } : {}),
  }
}

/** Splits envelopes, in order, into batches that each fit one Signal message. */
export function intoBatches(envelopes: ChatEnvelope[]): ChatEnvelope[][] {
  const batches: ChatEnvelope[][] = []
  for (let from = 0; from < envelopes.length; ) {
    const length = batchLength(envelopes, (e) => e, from)
    batches.push(envelopes.slice(from, from + length))
    from += length
  }
  return batches
}

/** How many of `items`' envelopes from `from` on fit one batch (at least one: a single text always fits). */
export function batchLength<T>(items: T[], envelope: (item: T) => ChatEnvelope, from = 0): number {
  let bytes = 0
  let length = 0
  for (let i = from; i < items.length; i++) {
    bytes += batchedSize(envelope(items[i] as T))
    if (length > 0 && bytes > MAX_BATCH_BYTES) break
    length++
  }
  return length
}

/**
 * Decrypts a sealed batch within an atomic piece of work on its sender's sessions
 * (SignalSessions.atomically) and decodes it, each envelope checked, then by
 * `refuse` (the sender's right to send it). The session moves on only if all pass.
 */
export function openIn(
  sessions: PeerSessions,
  ciphertext: Uint8Array,
  channel: Channel,
  refuse: (envelope: ChatEnvelope) => string | undefined = () => undefined,
): Promise<Opened> {
  return sessions.decrypt(ciphertext, channel, (plaintext): Opened => {
    const batch = decodeBatch(plaintext)
    if (!batch.ok) {
      return { ok: false, error: { code: 'invalid', reason: `bad batch: ${batch.error.reason}` } }
    }
    for (const envelope of batch.envelopes) {
      const reason = refuse(envelope)
      if (reason) return { ok: false, error: { code: 'misaddressed', reason } }
    }
    return { ok: true, envelopes: batch.envelopes }
  })
}
