// A hand-driven Parley peer in the test process: a bare libp2p node with its own
// Signal sessions (on a temporary LevelDB), speaking the chat protocol frame by
// frame, for tests that send what a real client never would: forged, tampered,
// replayed or misaddressed messages.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import * as lp from 'it-length-prefixed'
import { Level } from 'level'
import { EnvelopeCipher } from '../../main/core/crypto/envelope-cipher.ts'
import { SignalSessions } from '../../main/core/crypto/signal/sessions.ts'
import { signalSublevel } from '../../main/core/crypto/signal/stores.ts'
import {
  type ChatEnvelope,
  type ChatFrame,
  type ContentKind,
  decodeFrame,
  encodeFrame,
} from '../../protocol/frame.ts'
import { CHAT_PROTOCOL, directConversationId } from '../../protocol/ids.ts'
import { rawNode } from './raw-node.ts'

export class RawPeer {
  private constructor(
    /** The libp2p key: a second RawPeer started with it claims the same peer id. */
    readonly privateKey: PrivateKey,
    readonly node: Libp2p,
    readonly signal: SignalSessions,
    readonly cipher: EnvelopeCipher,
    private readonly db: Level<string, Uint8Array>,
  ) {}

  /** A peer whose Signal state lives in `dir`; with `privateKey`, the libp2p identity it claims. */
  static async start(dir: string, privateKey?: PrivateKey): Promise<RawPeer> {
    const key = privateKey ?? (await generateKeyPair('Ed25519'))
    const node = await rawNode(key)
    const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
    const signal = await SignalSessions.open({
      db: signalSublevel(db),
      peerId: node.peerId.toString(),
      libp2pKey: key,
    })
    return new RawPeer(key, node, signal, new EnvelopeCipher(signal, node.peerId.toString()), db)
  }

  /**
   * Answers chat streams the client opens to us: gives our keys when asked, and
   * opens (and acknowledges) what it seals for us, handing the envelopes to `received`
   * with the size of the sealed frame they came in.
   */
  async serveChat(
    received: (envelopes: ChatEnvelope[], sealedBytes: number) => void,
  ): Promise<void> {
    await this.node.handle(CHAT_PROTOCOL, (stream, connection) => {
      const chat = new RawChat(stream, this, connection.remotePeer.toString())
      chat.onEach = async (frame) => {
        if (frame.kind === 'key-request') {
          const bundle = await this.signal.bundle({ oneTime: true })
          chat.sendFrame({ kind: 'keys', bundle: bundle as Uint8Array<ArrayBuffer> })
        }
        if (frame.kind !== 'sealed') return
        const opened = await this.cipher.open(chat.remote, frame.ciphertext)
        if (!opened.ok) return
        received(opened.envelopes, frame.ciphertext.byteLength)
        chat.sendFrame({ kind: 'ack', ids: opened.envelopes.map((e) => e.id) })
      }
    })
  }

  get peerId(): string {
    return this.node.peerId.toString()
  }

  /** An envelope from us to `to` (or, with `sender`, claiming someone else wrote it). */
  envelope(
    to: string,
    id: string,
    content: { kind: ContentKind; text: string } = { kind: 'text', text: 'hello' },
    sender = this.peerId,
  ): ChatEnvelope {
    return {
      id,
      conversationId: directConversationId(sender, to),
      sender,
      hlc: { wall: Date.now(), counter: 0 },
      ...content,
    }
  }

  /** Opens a chat stream to the client `remote` listening at `addr`. */
  async chat(addr: string, remote: string): Promise<RawChat> {
    const stream = await this.node.dialProtocol(multiaddr(addr), CHAT_PROTOCOL, {
      signal: AbortSignal.timeout(5_000),
    })
    return new RawChat(stream, this, remote)
  }

  async stop(): Promise<void> {
    await this.node.stop()
    await this.db.close()
  }
}

export class RawChat {
  readonly frames: ChatFrame[] = []
  /** Resolves with whether the client reset the stream (true) or closed it. */
  readonly ended: Promise<{ reset: boolean }>
  private onFrame = () => {}
  /** Told of each frame, in order, before anyone waiting for it. */
  onEach: (frame: ChatFrame) => Promise<void> = async () => {}

  constructor(
    readonly stream: Stream,
    private readonly peer: RawPeer,
    /** The client's peer id. */
    readonly remote: string,
  ) {
    this.ended = new Promise((resolve) => {
      stream.addEventListener('close', (e) => resolve({ reset: e.error != null }), { once: true })
    })
    void (async () => {
      for await (const bytes of lp.decode(stream)) {
        const decoded = decodeFrame(bytes)
        if (decoded.ok) {
          await this.onEach(decoded.frame)
          this.frames.push(decoded.frame)
        }
        this.onFrame()
      }
    })().catch(() => {})
  }

  sendFrame(frame: ChatFrame): void {
    this.sendBytes(encodeFrame(frame))
  }

  sendBytes(frame: Uint8Array): void {
    this.push(frame)
  }

  /** Sends a frame; false when the stream is full (then wait for drained()). */
  push(frame: Uint8Array): boolean {
    return this.stream.send(lp.encode.single(frame))
  }

  drained(): Promise<void> {
    return this.stream.onDrain()
  }

  /** Waits (bounded) for a frame the client sent that `match` accepts. */
  next<K extends ChatFrame['kind']>(
    kind: K,
    match: (frame: Extract<ChatFrame, { kind: K }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ChatFrame, { kind: K }>> {
    const find = () =>
      this.frames.find(
        (f): f is Extract<ChatFrame, { kind: K }> =>
          f.kind === kind && match(f as Extract<ChatFrame, { kind: K }>),
      )
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${kind}' frame within ${timeoutMs} ms`)),
        timeoutMs,
      )
      this.onFrame = () => {
        const found = find()
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      }
      this.onFrame()
    })
  }

  /** Opens a Signal session with the client, unless one is open: asks for its keys and takes them. */
  async openSession(): Promise<void> {
    if (await this.peer.signal.hasSession(this.remote)) return
    this.sendFrame({ kind: 'key-request' })
    const { bundle } = await this.next('keys')
    const added = await this.peer.signal.addBundle(this.remote, bundle)
    if (!added.ok) throw new Error(`the client's bundle: ${added.error.reason}`)
  }

  /** A sealed frame of `envelopes` for the client, as bytes (to send, alter or replay). */
  async sealed(envelopes: ChatEnvelope[]): Promise<Uint8Array> {
    const sealed = await this.peer.cipher.seal(this.remote, envelopes)
    if (!sealed.ok) throw new Error(sealed.error.reason)
    return encodeFrame({ kind: 'sealed', ciphertext: sealed.ciphertext as Uint8Array<ArrayBuffer> })
  }

  /** Sends envelopes sealed, and waits for the client to acknowledge them all. */
  async sendAcked(envelopes: ChatEnvelope[]): Promise<void> {
    this.sendBytes(await this.sealed(envelopes))
    const ids = new Set(envelopes.map((e) => e.id))
    const acked = new Set<string>()
    await this.next('ack', (f) => {
      for (const id of f.ids) if (ids.has(id)) acked.add(id)
      return acked.size === ids.size
    })
  }
}
