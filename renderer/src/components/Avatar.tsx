// A round badge with the first letter of a name, coloured from the peer id so
// that each peer keeps its colour.

function hue(peerId: string): number {
  let h = 0
  for (let i = 0; i < peerId.length; i++) h = (h * 31 + peerId.charCodeAt(i)) >>> 0
  return h % 360
}

function initial(name: string): string {
  const first = [...new Intl.Segmenter().segment(name.trim())][0]?.segment ?? '?'
  return first.toUpperCase()
}

export function Avatar({
  peerId,
  name,
  size = 40,
}: {
  peerId: string
  name: string | null
  size?: number
}) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: size * 0.42,
        ['--avatar-hue' as string]: String(hue(peerId)),
      }}
    >
      {name ? initial(name) : '#'}
    </span>
  )
}
