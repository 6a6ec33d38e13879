// A round picture: the person's avatar (a `data:` URL the core made or checked),
// or else the first letter of their name (a group: a people icon) on a colour
// derived from the peer id, so that each peer keeps its colour.
import { firstGrapheme } from '../format.ts'
import { GroupIcon } from './Icons.tsx'

/** A peer's own colour (a hue), the same in its avatar and as a sender's name in a group. */
export function peerHue(peerId: string): number {
  let h = 0
  for (let i = 0; i < peerId.length; i++) h = (h * 31 + peerId.charCodeAt(i)) >>> 0
  return h % 360
}

function initial(name: string): string {
  return (firstGrapheme(name.trim()) ?? '?').toUpperCase()
}

export function Avatar({
  peerId,
  name,
  src,
  size = 40,
  group = false,
}: {
  peerId: string
  name: string | null
  src?: string | null | undefined
  size?: number
  group?: boolean
}) {
  if (src) {
    // Decorative: the name is always shown beside it.
    return (
      <img
        className="avatar avatar-image"
        src={src}
        alt=""
        width={size}
        height={size}
        draggable={false}
        data-testid="avatar-image"
      />
    )
  }
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: size * 0.42,
        ['--avatar-hue' as string]: String(peerHue(peerId)),
      }}
    >
      {group ? <GroupIcon size={Math.round(size * 0.55)} /> : name ? initial(name) : '#'}
    </span>
  )
}
