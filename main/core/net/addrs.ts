// Multiaddrs as the core writes and reads them: relays (each ending in
// /p2p/<relay id>), circuits through them, and what kind of path an address is.
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { ApiError } from '../../../protocol/api.ts'

/** How long a dial of a peer or a relay may take, on any one address. */
export const DIAL_TIMEOUT_MS = 10_000

/** The peer id a relay address ends in; anything else is a bad request. */
export function relayPeerId(addr: string): string {
  let last: { name: string; value?: string } | undefined
  try {
    last = multiaddr(addr).getComponents().at(-1)
  } catch {
    throw new ApiError('bad-request', `relay address is not a multiaddr: ${addr}`)
  }
  if (last?.name !== 'p2p' || !last.value) {
    throw new ApiError('bad-request', `relay address must end in /p2p/<peer id>: ${addr}`)
  }
  return last.value
}

/** A listen address must be a multiaddr; anything else is a bad request. */
export function checkListen(addr: string): void {
  try {
    multiaddr(addr)
  } catch {
    throw new ApiError('bad-request', `listen address is not a multiaddr: ${addr}`)
  }
}

/** Where we listen on `relay` (which takes a reservation there). */
export function circuitListen(relay: string): string {
  return `${relay}/p2p-circuit`
}

/** `peer` reached through `relay`. */
export function circuitTo(relay: string, peer: string): string {
  return `${circuitListen(relay)}/p2p/${peer}`
}

/** The relay part of a circuit address, or null for an address that is not one. */
export function relayOf(addr: Multiaddr | string): string | null {
  const text = addr.toString()
  const at = text.indexOf('/p2p-circuit')
  return at > 0 ? text.slice(0, at) : null
}

/** Whether `addr` goes through a relay. */
export function isCircuit(addr: Multiaddr): boolean {
  return addr.getComponents().some((c) => c.name === 'p2p-circuit')
}

/** Whether `addr` reaches its peer itself: no relay, no WebRTC signalled through one. */
export function isDirect(addr: Multiaddr): boolean {
  return addr.getComponents().every((c) => c.name !== 'p2p-circuit' && c.name !== 'webrtc')
}

/** `addr` without its /p2p/<peer id>, so that dialing it names no peer. */
export function withoutPeerId(addr: Multiaddr): Multiaddr {
  return multiaddr(addr.getComponents().filter((c) => c.name !== 'p2p'))
}

/** `addr` ending in /p2p/`peer`, as a circuit must to say whom it reaches. */
export function withPeerId(addr: Multiaddr, peer: string): string {
  const text = addr.toString()
  return addr.getComponents().at(-1)?.name === 'p2p' ? text : `${text}/p2p/${peer}`
}

/** <relay>/p2p-circuit/webrtc/p2p/<peer>: WebRTC to `peer`, signalled through the relay of our circuit `relayed` to it. */
export function webrtcVia(relayed: Multiaddr, peer: string): Multiaddr {
  return multiaddr(`${circuitListen(relayOf(relayed) ?? relayed.toString())}/webrtc/p2p/${peer}`)
}
