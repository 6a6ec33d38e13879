// People on the same LAN, found over mDNS with no server, and the display name each
// gives when asked over a Noise-authenticated stream (profile-sync.ts). mDNS only
// says where to look: who answered is the peer id the handshake proved, never what
// the packet claimed.
import type { PeerId } from '@libp2p/interface'
import type { NearbyPeer } from '../../../protocol/api.ts'
import type { ProfileSync } from './profile-sync.ts'

const ASK_TIMEOUT_MS = 3_000
/** mDNS answers every few seconds; someone unheard of for this long has left. */
const NEARBY_TTL_MS = 60_000

export class Nearby {
  private readonly peers = new Map<string, NearbyPeer>()
  private readonly asking = new Set<string>()

  constructor(
    private readonly profiles: Pick<ProfileSync, 'ask'>,
    private readonly onChange: (peers: NearbyPeer[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

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
    const { displayName } = await this.profiles.ask(peerId, AbortSignal.timeout(ASK_TIMEOUT_MS))
    if (!displayName) throw new Error('no display name yet')
    return displayName
  }
}
