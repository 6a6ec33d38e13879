// One chat stream to a peer: length-prefixed protobuf frames both ways. Bad frames
// reset the stream with a logged reason; nothing from a bad frame is stored.
import type { Connection, Stream } from '@libp2p/interface'
import * as lp from 'it-length-prefixed'
import type { Path } from '../../protocol/api.ts'
import {
  type ChatEnvelope,
  type ChatFrame,
  decodeFrame,
  encodeFrame,
  type Hello,
} from '../../protocol/frame.ts'
import { MAX_FRAME_BYTES } from '../../protocol/limits.ts'

export interface LinkHandlers {
  /** Checks an envelope against the link (sender, conversation); returns a reason to refuse it. */
  refuse(link: ChatLink, envelope: ChatEnvelope): string | undefined
  /** Called with envelopes in arrival order; the next batch waits for this one. */
  receive(link: ChatLink, envelopes: ChatEnvelope[]): Promise<void>
  acknowledged(link: ChatLink, ids: string[]): Promise<void>
  /** The peer told us who it is (the first frame on every stream, again on a change). */
  greeted(link: ChatLink, hello: Hello): Promise<void>
  /** Presence and typing: passing signals, never stored. */
  signalled(link: ChatLink, frame: Extract<ChatFrame, { kind: 'presence' | 'typing' }>): void
  closed(link: ChatLink): void
  log(line: string): void
}

/** Envelopes read ahead while the previous batch is stored; beyond this, reading pauses. */
const MAX_READ_AHEAD = 4096

export class ChatLink {
  readonly peerId: string
  private writing: Promise<void> = Promise.resolve()
  private queued: ChatEnvelope[] = []
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

  reset(code: string, reason: string): void {
    this.handlers.log(`chat: reset stream from ${this.peerId}: ${code}: ${reason}`)
    this.stream.abort(new Error(`${code}: ${reason}`))
  }

  async close(): Promise<void> {
    await this.writing.catch(() => {})
    await this.stream.close().catch((err: Error) => this.stream.abort(err))
  }

  private async read(): Promise<void> {
    try {
      for await (const bytes of lp.decode(this.stream, { maxDataLength: MAX_FRAME_BYTES })) {
        const decoded = decodeFrame(bytes)
        if (!decoded.ok) return this.reset(decoded.error.code, decoded.error.reason)
        const { frame } = decoded
        switch (frame.kind) {
          case 'ack':
            await this.handlers.acknowledged(this, frame.ids)
            break
          case 'hello':
            await this.handlers.greeted(this, frame)
            break
          case 'presence':
          case 'typing':
            this.handlers.signalled(this, frame)
            break
          case 'envelope': {
            const refused = this.handlers.refuse(this, frame.envelope)
            if (refused) return this.reset('invalid', refused)
            this.queued.push(frame.envelope)
            this.storing ??= this.store()
            if (this.queued.length >= MAX_READ_AHEAD) await this.storing
          }
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

  /** Stores queued envelopes batch by batch, so a burst becomes few database writes. */
  private async store(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0)
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
    this.handlers.closed(this)
  }
}
