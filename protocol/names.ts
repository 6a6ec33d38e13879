// How a peer is named to the user, the same in every window, notification and tray.
import type { Contact } from './api.ts'

/** Long peer ids cut to their start and end: enough to tell them apart. */
export function shortPeerId(peerId: string): string {
  return peerId.length <= 16 ? peerId : `${peerId.slice(0, 8)}…${peerId.slice(-6)}`
}

/** My nickname for them, else the name they gave, else their short peer id. */
export function shownName(
  peerId: string,
  contact?: Pick<Contact, 'nickname' | 'displayName'>,
): string {
  return contact?.nickname || contact?.displayName || shortPeerId(peerId)
}
