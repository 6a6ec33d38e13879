// One chat stream to a peer: length-prefixed protobuf frames both ways. Envelopes
// go out sealed in batches (one Signal message for everything queued while the last
// batch was being sealed) and come in the same way; sealed frames that arrive while
// the last ones are being stored are taken in together. Bad frames reset the stream
// with a logged reason; nothing from a bad frame is stored.
import type { Connection, Stream } from '@libp2p/interface'
import * as lp from 'it-length-prefixed'
import type { Path } from '../../../protocol/api.ts'
import {
  type ChatEnvelope,
  type ChatFrame,
  decodeFrame,
  encodeFrame,
  type Hello,
} from '../../../protocol/frame.ts'
import type { HlcTimestamp } from '../../../protocol/hlc.ts'
import { MAX_FRAME_BYTES } from '../../../protocol/limits.ts'
import { batchLength } from '../crypto/envelope-cipher.ts'
import { boundedRead } from './bounded-read.ts'

export interface LinkHandlers {
  /** Encrypts a batch of envelopes for the link's peer; a refusal fails the envelopes' send(). */
  seal(
    link: ChatLink,
    envelopes: ChatEnvelope[],
  ): Promise<{ ok: true; ciphertext: Uint8Array } | { ok: false; error: { reason: string } }>
  /** The peer asks for a prekey bundle, or sends one. */
  keys(link: ChatLink, frame: Extract<ChatFrame, { kind: 'key-request' | 'keys' }>): Promise<void>
  /** The peer has read our conversation (or the group `groupId`) up to `upTo`. */
  read(link: ChatLink, upTo: HlcTimestamp, groupId?: string): Promise<void>
  /**
   * Sealed batches, in arrival order: decrypted, stored and acknowledged (or refused,
   * resetting the link where it must). The next ones wait for these.
   */
  receive(link: ChatLink, ciphertexts: Uint8Array[]): Promise<void>
  acknowledged(link: ChatLink, ids: string[]): Promise<void>
  /** The peer told us who it is (the first frame on every stream, again on a change). */
  greeted(link: ChatLink, hello: Hello): Promise<void>
  /** Presence and typing: passing signals, never stored. */
  signalled(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void
  closed(link: ChatLink): void
  log(line: string): void
}

/** Sealed bytes read ahead while the previous ones are stored (and as many unread): beyond this, reading pauses. */
const MAX_READ_AHEAD_BYTES = 1024 * 1024
/**
 * Sealed batches sent and not yet acknowledged, beyond which the next waits: while
 * the peer decrypts and stores, sends pile up into fuller batches, and each batch
 * costs the peer one decryption however many envelopes it holds.
 */
const MAX_IN_FLIGHT = 2
/** How long to wait for an acknowledgement before sending anyway (a batch the peer refused is never acknowledged). */
const IN_FLIGHT_WAIT_MS = 1_000
/** How long a link's stream may take to close gracefully before it is aborted. */
const CLOSE_TIMEOUT_MS = 2_000

interface Outgoing {
  envelope: ChatEnvelope
  group: { left: number; resolve(): void; reject(err: Error): void }
}

export class ChatLink {
  readonly peerId: string
  private writing: Promise<void> = Promise.resolve()
  private outgoing: Outgoing[] = []
  private sealing = false
  /** The envelope ids of each sealed batch sent and not fully acknowledged, oldest first. */
  private inFlight: Set<string>[] = []
  private acked: (() => void) | undefined
  private queued: Uint8Array[] = []
  private queuedBytes = 0
  private storing: Promise<void> | undefined
  private isClosed = false

  constructor(
    readonly stream: Stream,
    readonly connection: Connection,
    readonly path: Path,
    private readonly handlers: LinkHandlers,
    /** Our Hello, sent first; null before the profile is set up. */
    hello: Hello | null,
  ) {
    this.peerId = connection.remotePeer.toString()
    // A chat stream stays open while idle; the connection's keep-alive bounds it instead.
    stream.inactivityTimeout = 0
    stream.addEventListener('close', () => this.onClose(), { once: true })
    if (hello !== null) this.write({ kind: 'hello', ...hello }).catch(() => {})
    void this.read()
  }

  get open(): boolean {
    return !this.isClosed && this.stream.writeStatus === 'writable'
  }

  /** Queues a frame; frames go out in order, waiting for the stream to drain when it is full. */
  write(frame: ChatFrame): Promise<void> {
    const bytes = lp.encode.single(encodeFrame(frame))
    this.writing = this.writing.then(async () => {
      if (!this.open) throw new Error('chat link closed')
      if (!this.stream.send(bytes)) await this.stream.onDrain()
    })
    return this.writing
  }

  /**
   * Seals and sends envelopes, in order; resolves once they are written (the peer
   * acknowledges them separately). Envelopes sent while a batch is being sealed go
   * out together in the next one.
   */
  send(envelopes: ChatEnvelope[]): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<void>()
    if (envelopes.length === 0) return Promise.resolve()
    const group = { left: envelopes.length, resolve, reject }
    for (const envelope of envelopes) this.outgoing.push({ envelope, group })
    if (!this.sealing) void this.sealQueued()
    return promise
  }

  private async sealQueued(): Promise<void> {
    this.sealing = true
    // Sends stored in the same database batch resolve in the same microtask run: let
    // them all queue, so that they share one Signal message.
    await new Promise<void>((resolve) => queueMicrotask(resolve))
    while (this.outgoing.length > 0) {
      await this.roomInFlight()
      const items = this.outgoing.splice(
        0,
        batchLength(this.outgoing, (o) => o.envelope),
      )
      const batch = items.map((o) => o.envelope)
      const sealed = await this.handlers.seal(this, batch).catch((err: Error) => ({
        ok: false as const,
        error: { reason: err.message },
      }))
      if (!sealed.ok) {
        // Later envelopes cannot go before these: fail every one still queued.
        for (const { group } of [...items, ...this.outgoing.splice(0)]) {
          group.reject(new Error(sealed.error.reason))
        }
        break
      }
      this.inFlight.push(new Set(batch.map((e) => e.id)))
      const written = this.write({
        kind: 'sealed',
        ciphertext: sealed.ciphertext as Uint8Array<ArrayBuffer>,
      })
      written.then(
        () => {
          for (const { group } of items) if (--group.left === 0) group.resolve()
        },
        (err: Error) => {
          for (const { group } of items) group.reject(err)
        },
      )
    }
    this.sealing = false
  }

  /** Waits while MAX_IN_FLIGHT batches are unacknowledged (or the oldest is given up on). */
  private async roomInFlight(): Promise<void> {
    while (this.inFlight.length >= MAX_IN_FLIGHT && this.open) {
      const { promise, resolve } = Promise.withResolvers<boolean>()
      this.acked = () => resolve(true)
      const timer = setTimeout(() => resolve(false), IN_FLIGHT_WAIT_MS)
      const answered = await promise
      clearTimeout(timer)
      this.acked = undefined
      if (!answered) this.inFlight.shift()
    }
  }

  /** The peer acknowledged envelopes: the batches they came in may be done. */
  private settle(ids: string[]): void {
    if (this.inFlight.length === 0) return
    for (const id of ids) for (const batch of this.inFlight) batch.delete(id)
    this.inFlight = this.inFlight.filter((batch) => batch.size > 0)
    this.acked?.()
  }

  reset(code: string, reason: string): void {
    this.handlers.log(`chat: reset stream from ${this.peerId}: ${code}: ${reason}`)
    this.stream.abort(new Error(`${code}: ${reason}`))
  }

  /**
   * Closes the stream gracefully, or aborts it after CLOSE_TIMEOUT_MS: a write held
   * by a peer that stopped reading, or a close it never answers, must not hold up
   * the network's stop (a relay list changed, the profile locked).
   */
  async close(): Promise<void> {
    const signal = AbortSignal.timeout(CLOSE_TIMEOUT_MS)
    const late = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    )
    await Promise.race([this.writing.catch(() => {}), late])
    await this.stream.close({ signal }).catch((err: Error) => this.stream.abort(err))
  }

  private async read(): Promise<void> {
    try {
      const incoming = boundedRead(this.stream, MAX_READ_AHEAD_BYTES)
      for await (const bytes of lp.decode(incoming, { maxDataLength: MAX_FRAME_BYTES })) {
        const decoded = decodeFrame(bytes)
        if (!decoded.ok) return this.reset(decoded.error.code, decoded.error.reason)
        const { frame } = decoded
        switch (frame.kind) {
          case 'ack':
            this.settle(frame.ids)
            await this.handlers.acknowledged(this, frame.ids)
            break
          case 'hello':
            await this.handlers.greeted(this, frame)
            break
          case 'presence':
          case 'typing':
            this.handlers.signalled(this, frame)
            break
          case 'key-request':
          case 'keys':
            await this.handlers.keys(this, frame)
            break
          case 'read':
            await this.handlers.read(this, frame.upTo, frame.groupId)
            break
          case 'sealed':
            this.queued.push(frame.ciphertext)
            this.queuedBytes += frame.ciphertext.byteLength
            this.storing ??= this.store()
            // Reading stops, and so (boundedRead) does the peer once a little more is in.
            if (this.queuedBytes >= MAX_READ_AHEAD_BYTES) await this.storing
        }
      }
    } catch (err) {
      if (this.isClosed) return
      const e = err as Error
      // Oversized length prefixes surface here, before a frame exists.
      if (e.name === 'InvalidDataLengthError') return this.reset('too-large', e.message)
      if (e.name === 'InvalidDataLengthLengthError') return this.reset('malformed', e.message)
      this.handlers.log(`chat: stream from ${this.peerId} failed: ${e.message}`)
      this.stream.abort(e)
    }
  }

  /** Stores queued sealed frames, all that came meanwhile at once, so a burst becomes few database writes. */
  private async store(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0)
      this.queuedBytes = 0
      try {
        await this.handlers.receive(this, batch)
      } catch (err) {
        this.handlers.log(
          `chat: could not store messages from ${this.peerId}: ${(err as Error).message}`,
        )
        this.stream.abort(err as Error)
        break
      }
    }
    this.storing = undefined
  }

  private onClose(): void {
    this.isClosed = true
    this.acked?.()
    this.handlers.closed(this)
  }
}
