// People on the same LAN, found over mDNS with no server, and the display name each
// gives when asked over a Noise-authenticated stream. mDNS only says where to look:
// who answered is the peer id the handshake proved, never what the packet claimed.
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { pbStream } from '@libp2p/utils'
import type { NearbyPeer } from '../../protocol/api.ts'
import { PROFILE_PROTOCOL } from '../../protocol/ids.ts'
import { isDisplayName } from '../../protocol/limits.ts'
import { PublicProfile } from '../../protocol/wire/profile.ts'

const ASK_TIMEOUT_MS = 3_000
const MAX_PROFILE_BYTES = 1024
/** mDNS answers every few seconds; someone unheard of for this long has left. */
const NEARBY_TTL_MS = 60_000

export class Nearby {
  private readonly peers = new Map<string, NearbyPeer>()
  private readonly asking = new Set<string>()

  constructor(
    private readonly node: Libp2p,
    private readonly displayName: () => string | null,
    private readonly onChange: (peers: NearbyPeer[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    await this.node.handle(PROFILE_PROTOCOL, (stream) => this.answer(stream), {
      maxInboundStreams: 4,
    })
  }

  /** mDNS saw `peerId`: refresh it, and ask for its name if we have none yet. */
  seen(peerId: PeerId): void {
    const id = peerId.toString()
    const known = this.peers.get(id)
    if (known) {
      known.lastSeen = this.now()
      return
    }
    if (this.asking.has(id)) return
    this.asking.add(id)
    this.ask(peerId)
      .then((displayName) => {
        this.peers.set(id, { peerId: id, displayName, lastSeen: this.now() })
        this.onChange(this.list())
      })
      .catch(() => {}) // not a Parley peer, or gone: it stays off the list
      .finally(() => this.asking.delete(id))
  }

  get(peerId: string): NearbyPeer | undefined {
    return this.list().find((p) => p.peerId === peerId)
  }

  /** Everyone heard of within the last minute, by name. */
  list(): NearbyPeer[] {
    const cutoff = this.now() - NEARBY_TTL_MS
    for (const [id, peer] of this.peers) if (peer.lastSeen < cutoff) this.peers.delete(id)
    return [...this.peers.values()].sort((a, b) => a.displayName.localeCompare(b.displayName))
  }

  private async ask(peerId: PeerId): Promise<string> {
    const signal = AbortSignal.timeout(ASK_TIMEOUT_MS)
    const stream = await this.node.dialProtocol(peerId, PROFILE_PROTOCOL, { signal })
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_PROFILE_BYTES }).pb(PublicProfile)
      const { displayName } = await pb.read({ signal })
      if (!displayName || !isDisplayName(displayName)) throw new Error('no usable display name')
      return displayName
    } finally {
      await stream.close().catch(() => {})
    }
  }

  private async answer(stream: Stream): Promise<void> {
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_PROFILE_BYTES }).pb(PublicProfile)
      await pb.write({ displayName: this.displayName() ?? '' })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}
